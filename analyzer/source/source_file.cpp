#include "source/source_file.h"

#include <algorithm>
#include <cstring>
#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vl {

namespace {

bool has_bom(const std::string& text) {
  return text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
         static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF;
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

SourceFile::SourceFile(std::string display, std::filesystem::path path, std::string text, bool on_disk)
    : display_(std::move(display)),
      path_(std::move(path)),
      on_disk_(on_disk),
      bom_(has_bom(text)),
      size_(static_cast<std::uint32_t>(text.size())),
      text_(std::make_shared<const std::string>(std::move(text))) {}

std::string SourceFile::read_back(std::uint32_t begin, std::uint32_t end) const {
  end = std::min(end, size_);
  if (begin >= end) return "";
  // As the loader read it (source/loader.cpp): never blocking, and only a regular file (whatever took
  // its place since is not read).
  int fd = ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return "";
  struct stat st{};
  std::string out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    out.resize(end - begin);
    std::size_t got = 0;
    while (got < out.size()) {
      ssize_t n = ::pread(fd, out.data() + got, out.size() - got, static_cast<off_t>(begin + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // a file cut short since
      got += static_cast<std::size_t>(n);
    }
    out.resize(got);
  }
  ::close(fd);
  return out;
}

template <typename Fn>
void SourceFile::with_bytes(std::uint32_t begin, std::uint32_t end, Fn&& fn) const {
  end = std::min(end, size_);
  begin = std::min(begin, end);
  if (text_) {
    fn(std::string_view(*text_).substr(begin, end - begin));
  } else {
    std::string bytes = read_back(begin, end);
    fn(std::string_view(bytes));
  }
}

const std::string& SourceFile::text() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!text_) text_ = std::make_shared<const std::string>(read_back(0, size_));
  return *text_;
}

std::shared_ptr<const std::string> SourceFile::contents() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (text_) return text_;
  return std::make_shared<const std::string>(read_back(0, size_));
}

std::string SourceFile::slice(std::uint32_t begin, std::uint32_t end) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  with_bytes(begin, end, [&](std::string_view bytes) { out.assign(bytes); });
  return out;
}

void SourceFile::release() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (on_disk_) text_.reset();
}

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighs = 0x8080808080808080ull;

std::uint64_t word_at(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Does the word hold a byte equal to `byte`? (The classic test for a zero byte, on w ^ byte repeated.)
bool has_byte(std::uint64_t w, unsigned char byte) {
  const std::uint64_t x = w ^ (kOnes * byte);
  return ((x - kOnes) & ~x & kHighs) != 0;
}

// Code points and UTF-16 units in `bytes`: every byte but a continuation byte (10xxxxxx) starts a code point,
// and a lead byte of 0xF0 or more takes a surrogate pair. A word at a time; a run of plain ASCII costs one test.
void count_code_points(std::string_view bytes, std::uint32_t& points, std::uint32_t& units) {
  std::size_t i = 0;
  for (; i + 32 <= bytes.size(); i += 32) {  // plain ASCII, 32 bytes at a time
    const char* p = bytes.data() + i;
    if (((word_at(p) | word_at(p + 8) | word_at(p + 16) | word_at(p + 24)) & kHighs) != 0) break;
    points += 32;
    units += 32;
  }
  for (; i + 8 <= bytes.size(); i += 8) {
    const std::uint64_t w = word_at(bytes.data() + i);
    if ((w & kHighs) == 0) {
      points += 8;
      units += 8;
      continue;
    }
    // Each byte's bit 7 with its bit 6 (w << 1) and bits 5 and 4 shifted under it; bits shifted in from the
    // byte below land under bit 0 of the next byte, never under bit 7.
    const std::uint64_t continuation = w & ~(w << 1) & kHighs;
    const std::uint64_t four_byte_lead = w & (w << 1) & (w << 2) & (w << 3) & kHighs;  // a byte >= 0xF0
    const auto starts = static_cast<std::uint32_t>(8 - __builtin_popcountll(continuation));
    points += starts;
    units += starts + static_cast<std::uint32_t>(__builtin_popcountll(four_byte_lead));
  }
  for (; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (is_continuation(c)) continue;
    ++points;
    units += (c >= 0xF0) ? 2 : 1;
  }
}

// Code points (or UTF-16 units) in `bytes`, at most a checkpoint's length.
std::uint64_t count_units(std::string_view bytes, bool utf16) {
  std::uint32_t points = 0, units = 0;
  count_code_points(bytes, points, units);
  return utf16 ? units : points;
}

}  // namespace

void SourceFile::index_lines() const {
  if (!line_starts_.empty()) return;
  std::shared_ptr<const std::string> text = text_ ? text_ : std::make_shared<const std::string>(read_back(0, size_));
  const std::string& t = *text;
  const std::size_t n = t.size();
  // A line ends at \r\n, \n or a lone \r (old Mac line endings), as editors and Azure's parsers count them.
  // By memchr, or eight bytes at a time past words that hold neither (a report's files were most of its time).
  line_starts_.push_back(0);
  if (std::memchr(t.data(), '\r', n) == nullptr) {
    // Nearly every file: its lines end at \n alone, which memchr finds many bytes at a time.
    for (const char* p = t.data(); (p = static_cast<const char*>(std::memchr(p, '\n', t.data() + n - p))) != nullptr; ++p) {
      line_starts_.push_back(static_cast<std::uint32_t>(p - t.data() + 1));
    }
  } else {
    for (std::size_t i = 0; i < n;) {
      if (i + 8 <= n) {
        const std::uint64_t w = word_at(t.data() + i);
        if (!has_byte(w, '\n') && !has_byte(w, '\r')) {
          i += 8;
          continue;
        }
      }
      const char c = t[i];
      if (c == '\n') {
        line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
      } else if (c == '\r' && (i + 1 >= n || t[i + 1] != '\n')) {
        line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
      }
      ++i;
    }
  }
  // The code points (and UTF-16 units) before every kCheckpointBytes-th byte.
  std::uint32_t points = 0, units = 0;
  for (std::size_t at = 0; at < n; at += kCheckpointBytes) {
    code_points_at_.push_back(points);
    utf16_units_at_.push_back(units);
    count_code_points(std::string_view(t).substr(at, kCheckpointBytes), points, units);
  }
}

std::uint64_t SourceFile::units_before(std::uint32_t offset, bool utf16) const {
  if (code_points_at_.empty()) return 0;
  std::size_t k = std::min<std::size_t>(offset / kCheckpointBytes, code_points_at_.size() - 1);
  std::uint64_t count = utf16 ? utf16_units_at_[k] : code_points_at_[k];
  with_bytes(static_cast<std::uint32_t>(k * kCheckpointBytes), offset, [&](std::string_view bytes) {
    count += count_units(bytes, utf16);
  });
  return count;
}

std::uint64_t SourceFile::units_between(std::uint32_t begin, std::uint32_t end, bool utf16) const {
  // A column within a checkpoint's length of its line's start (nearly every one) is counted directly;
  // through the checkpoints it would cost two scans of up to kCheckpointBytes each.
  if (end - begin > kCheckpointBytes) return units_before(end, utf16) - units_before(begin, utf16);
  std::uint64_t count = 0;
  with_bytes(begin, end, [&](std::string_view bytes) {
    count += count_units(bytes, utf16);
  });
  return count;
}

std::uint32_t SourceFile::line_index(std::uint32_t offset) const {
  offset = std::min(offset, size_);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin() - 1);
}

std::uint32_t SourceFile::content_start(std::uint32_t line_start) const { return (line_start == 0 && bom_) ? 3 : line_start; }

Position SourceFile::position(std::uint32_t offset) const {
  std::lock_guard<std::mutex> lock(mutex_);
  index_lines();
  offset = std::min(offset, size_);
  std::uint32_t li = line_index(offset);
  std::uint32_t start = std::min(content_start(line_starts_[li]), offset);
  return Position{li + 1, static_cast<std::uint32_t>(units_between(start, offset, false) + 1)};
}

Position SourceFile::utf16_position(std::uint32_t offset) const {
  std::lock_guard<std::mutex> lock(mutex_);
  index_lines();
  offset = std::min(offset, size_);
  std::uint32_t li = line_index(offset);
  std::uint32_t start = std::min(content_start(line_starts_[li]), offset);
  return Position{li, static_cast<std::uint32_t>(units_between(start, offset, true))};
}

Position SourceFile::utf8_position(std::uint32_t offset) const {
  std::lock_guard<std::mutex> lock(mutex_);
  index_lines();
  offset = std::min(offset, size_);
  std::uint32_t li = line_index(offset);
  std::uint32_t start = content_start(line_starts_[li]);
  return Position{li, offset > start ? offset - start : 0};
}

std::uint32_t SourceFile::offset_of(std::uint32_t line, std::uint32_t character, bool utf16) const {
  std::lock_guard<std::mutex> lock(mutex_);
  index_lines();
  if (line >= line_starts_.size()) return size_;
  const std::uint32_t begin = content_start(line_starts_[line]);
  const std::uint32_t line_end = line + 1 < line_starts_.size() ? line_starts_[line + 1] : size_;
  std::uint32_t result = begin;
  with_bytes(begin, line_end, [&](std::string_view bytes) {
    // The line's end, before its end-of-line characters.
    std::size_t end = bytes.size();
    while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) --end;
    std::size_t i = 0;
    std::uint32_t units = 0;
    while (i < end && units < character) {
      auto c = static_cast<unsigned char>(bytes[i]);
      std::uint32_t length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      std::uint32_t width = utf16 ? (length == 4 ? 2 : 1) : length;
      if (units + width > character) break;  // inside this code point
      units += width;
      i = std::min<std::size_t>(i + length, end);
    }
    result = begin + static_cast<std::uint32_t>(i);
  });
  return result;
}

std::uint32_t SourceFile::line_start(std::uint32_t line) const {
  std::lock_guard<std::mutex> lock(mutex_);
  index_lines();
  if (line == 0 || line > line_starts_.size()) return size_;
  return content_start(line_starts_[line - 1]);
}

std::string SourceFile::line_text(std::uint32_t line) const {
  std::lock_guard<std::mutex> lock(mutex_);
  index_lines();
  if (line == 0 || line > line_starts_.size()) return "";
  std::uint32_t begin = content_start(line_starts_[line - 1]);
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : size_;
  std::string out;
  with_bytes(begin, end, [&](std::string_view bytes) { out.assign(bytes); });
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::uint32_t SourceFile::line_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  index_lines();
  return static_cast<std::uint32_t>(line_starts_.size());
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
  if (id >= files_.size() || files_[id]->size() == 0) return;
  files_[id] = std::make_unique<SourceFile>(files_[id]->display(), files_[id]->path(), std::string());
}

std::size_t SourceSet::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return files_.size();
}

}  // namespace vl
