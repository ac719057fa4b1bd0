#include "source/source_file.h"

#include <algorithm>
#include <cstring>

namespace vl {

namespace {

bool has_bom(const std::string& text) {
  return text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
         static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

SourceFile::SourceFile(std::string display, std::filesystem::path path, std::string text)
    : display_(std::move(display)), path_(std::move(path)), text_(std::move(text)) {
  // A line ends at \r\n, \n or a lone \r (old Mac line endings), as editors and Azure's parsers count them.
  line_starts_.push_back(0);
  const std::size_t n = text_.size();
  for (std::size_t i = 0; i < n; ++i) {
    char c = text_[i];
    if (c == '\n') {
      line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    } else if (c == '\r' && (i + 1 >= n || text_[i + 1] != '\n')) {
      line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    }
  }
  std::uint32_t points = 0, units = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % kCheckpointBytes == 0) {
      code_points_at_.push_back(points);
      utf16_units_at_.push_back(units);
    }
    auto c = static_cast<unsigned char>(text_[i]);
    if (is_continuation(c)) continue;
    ++points;
    units += (c >= 0xF0) ? 2 : 1;  // code points above the BMP take a surrogate pair
  }
}

std::uint64_t SourceFile::units_before(std::uint32_t offset, bool utf16) const {
  std::size_t k = offset / kCheckpointBytes;
  if (k >= code_points_at_.size()) k = code_points_at_.empty() ? 0 : code_points_at_.size() - 1;
  if (code_points_at_.empty()) return 0;
  std::uint64_t count = utf16 ? utf16_units_at_[k] : code_points_at_[k];
  for (std::size_t i = k * kCheckpointBytes; i < offset; ++i) {
    auto c = static_cast<unsigned char>(text_[i]);
    if (is_continuation(c)) continue;
    count += utf16 && c >= 0xF0 ? 2 : 1;
  }
  return count;
}

std::uint32_t SourceFile::line_index(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin() - 1);
}

std::uint32_t SourceFile::content_start(std::uint32_t line_start) const {
  return (line_start == 0 && has_bom(text_)) ? 3 : line_start;
}

Position SourceFile::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t li = line_index(offset);
  std::uint32_t start = std::min(content_start(line_starts_[li]), offset);
  return Position{li + 1, static_cast<std::uint32_t>(units_before(offset, false) - units_before(start, false) + 1)};
}

Position SourceFile::utf16_position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t li = line_index(offset);
  std::uint32_t start = std::min(content_start(line_starts_[li]), offset);
  return Position{li, static_cast<std::uint32_t>(units_before(offset, true) - units_before(start, true))};
}

Position SourceFile::utf8_position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  std::uint32_t li = line_index(offset);
  std::uint32_t start = content_start(line_starts_[li]);
  return Position{li, offset > start ? offset - start : 0};
}

std::uint32_t SourceFile::offset_of(std::uint32_t line, std::uint32_t character, bool utf16) const {
  const auto size = static_cast<std::uint32_t>(text_.size());
  if (line >= line_starts_.size()) return size;
  std::uint32_t i = content_start(line_starts_[line]);
  std::uint32_t end = line + 1 < line_starts_.size() ? line_starts_[line + 1] : size;
  // The line's end, before its end-of-line characters.
  while (end > i && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) --end;
  std::uint32_t units = 0;
  while (i < end && units < character) {
    auto c = static_cast<unsigned char>(text_[i]);
    std::uint32_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    std::uint32_t width = utf16 ? (length == 4 ? 2 : 1) : length;
    if (units + width > character) break;  // inside this code point
    units += width;
    i = std::min(i + length, end);
  }
  return i;
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t begin = content_start(line_starts_[line - 1]);
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<std::uint32_t>(text_.size());
  std::string_view view(text_.data() + begin, end - begin);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

FileId SourceSet::add(std::unique_ptr<SourceFile> file) {
  std::lock_guard<std::mutex> lock(mutex_);
  files_.push_back(std::move(file));
  return static_cast<FileId>(files_.size() - 1);
}

const SourceFile& SourceSet::get(FileId id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return *files_.at(id);
}

void SourceSet::release(FileId id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (id >= files_.size() || files_[id]->text().empty()) return;
  files_[id] = std::make_unique<SourceFile>(files_[id]->display(), files_[id]->path(), std::string());
}

std::size_t SourceSet::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return files_.size();
}

}  // namespace vl
