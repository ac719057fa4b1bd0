#include "source/loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>

#include "source/bytes.h"

namespace vl {

namespace fs = std::filesystem;

namespace {

fs::path canonical_or_normal(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  if (ec) return fs::absolute(p).lexically_normal();
  return c;
}

bool is_within(const fs::path& path, const fs::path& root) {
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// An absolute path that is its own lexically normal form: no `.` or `..` component, no doubled or
// trailing separator. Checked on the string: std::filesystem builds a list of components to normalise.
bool plainly_absolute(std::string_view p) {
  if (p.empty() || p[0] != '/') return false;
  if (p.size() == 1) return true;
  if (p.back() == '/') return false;
  for (std::size_t i = 0; i != std::string_view::npos;) {
    const std::size_t next = p.find('/', i + 1);
    const std::string_view part = p.substr(i + 1, next == std::string_view::npos ? std::string_view::npos : next - i - 1);
    if (part.empty() || part == "." || part == "..") return false;
    i = next;
  }
  return true;
}

// is_within for two paths in normal form, on their strings.
bool is_within(std::string_view path, std::string_view root) {
  if (path.size() < root.size() || path.compare(0, root.size(), root) != 0) return false;
  return path.size() == root.size() || root.back() == '/' || path[root.size()] == '/';
}

// The kind of a file that is not a regular one, for messages.
const char* special_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Reads up to `max_bytes` of a regular file with POSIX calls, so a failure carries the OS's reason.
// Opened without blocking (a FIFO swapped in after the check never hangs the scan) and checked again
// after opening.
bool read_file(const fs::path& path, std::uint64_t max_bytes, std::string& text, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = std::string("it is ") + special_kind(st.st_mode);
    ::close(fd);
    return false;
  }
  std::uint64_t want = std::min<std::uint64_t>(static_cast<std::uint64_t>(st.st_size), max_bytes);
  text.resize(want);
  std::uint64_t got = 0;
  while (got < want) {
    ssize_t n = ::read(fd, text.data() + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (n == 0) break;  // the file shrank
    got += static_cast<std::uint64_t>(n);
  }
  text.resize(got);
  ::close(fd);
  return true;
}

}  // namespace

bool looks_binary(std::string_view text) {
  return text.substr(0, 8192).find('\0') != std::string_view::npos;
}

bool decode_utf16(std::string_view text, std::string& out) {
  if (text.size() < 2) return false;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  bool little = byte(0) == 0xFF && byte(1) == 0xFE;
  bool big = byte(0) == 0xFE && byte(1) == 0xFF;
  // FF FE 00 00 is UTF-32's mark: not decoded here (the NUL bytes make it binary).
  if ((!little && !big) || (little && text.size() >= 4 && byte(2) == 0 && byte(3) == 0)) return false;
  out.clear();
  out.reserve(text.size() / 2 + text.size() / 4);
  auto unit = [&](std::size_t i) -> std::uint32_t {
    return little ? (byte(i) | (byte(i + 1) << 8)) : ((byte(i) << 8) | byte(i + 1));
  };
  std::size_t i = 2;
  for (; i + 1 < text.size(); i += 2) {
    std::uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < text.size()) {
      std::uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
  }
  if (i < text.size()) append_utf8(out, 0xFFFD);  // an odd trailing byte
  return true;
}

fs::path find_repository(const fs::path& scan_root) {
  fs::path start = canonical_or_normal(scan_root);
  std::error_code ec;
  if (!fs::is_directory(start, ec)) start = start.parent_path();
  for (fs::path dir = start;; dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.parent_path()) break;
  }
  return start;
}

SourceLoader::SourceLoader(SourceSet& sources, fs::path repository, std::uint64_t max_file_size)
    : sources_(sources), repository_(canonical_or_normal(repository)), max_file_size_(max_file_size) {}

namespace {
thread_local LoadRecorder* t_recorder = nullptr;
}  // namespace

LoadRecorder::LoadRecorder() : outer_(t_recorder) { t_recorder = this; }

LoadRecorder::~LoadRecorder() {
  t_recorder = outer_;
  if (outer_) outer_->paths_.insert(outer_->paths_.end(), paths_.begin(), paths_.end());
}

void LoadRecorder::note(const std::string& path) {
  if (t_recorder) t_recorder->paths_.push_back(path);
}

void SourceLoader::allow_root(const fs::path& root) {
  fs::path c = canonical_or_normal(root);
  if (std::find(extra_roots_.begin(), extra_roots_.end(), c) == extra_roots_.end()) extra_roots_.push_back(c);
}

void SourceLoader::forget_resolved_folders() {
  std::lock_guard<std::mutex> lock(folders_mutex_);
  resolved_folders_.clear();
}

std::string SourceLoader::resolved_folder(const std::string& folder) const {
  {
    std::lock_guard<std::mutex> lock(folders_mutex_);
    auto it = resolved_folders_.find(folder);
    if (it != resolved_folders_.end()) return it->second;
  }
  std::string out = resolved(folder);
  std::lock_guard<std::mutex> lock(folders_mutex_);
  resolved_folders_.emplace(folder, out);
  return out;
}

std::string SourceLoader::resolved(const fs::path& path) const {
  const std::string& p = path.native();
  // Only a path already absolute and normal, not too deep for the recursion, is resolved folder by folder:
  // weakly_canonical resolves a link before a `..` after it, which lexical normalising would not.
  if (!plainly_absolute(p) || p.size() == 1 || std::count(p.begin(), p.end(), '/') > 64) return canonical_or_normal(path).native();
  // canonical(folder/name) is canonical(folder)/name unless name is itself a link; a path that does not
  // exist keeps its name as written, as weakly_canonical leaves it.
  struct stat st{};
  if (::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) return canonical_or_normal(path).native();
  const std::size_t slash = p.rfind('/');
  std::string folder = resolved_folder(slash == 0 ? std::string("/") : p.substr(0, slash));
  if (folder.empty() || folder.back() != '/') folder += '/';
  folder.append(p, slash + 1, std::string::npos);
  return folder;
}

bool SourceLoader::readable(const fs::path& path) const {
  const std::string c = resolved(path);
  if (is_within(std::string_view(c), repository_.native())) return true;
  for (const fs::path& root : extra_roots_) {
    if (is_within(std::string_view(c), root.native())) return true;
  }
  return false;
}

std::string SourceLoader::display_path(const fs::path& absolute) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (!ec && plainly_absolute(absolute.native()) && plainly_absolute(cwd.native())) {
    // Both normal already: what lexically_relative would give, on the strings.
    const std::string& a = absolute.native();
    const std::string& c = cwd.native();
    if (!is_within(std::string_view(a), c)) return a;
    if (a.size() == c.size()) return ".";
    return a.substr(c.size() + (c.back() == '/' ? 0 : 1));
  }
  fs::path abs = fs::absolute(absolute, ec).lexically_normal();
  if (!ec && is_within(abs, cwd)) {
    fs::path rel = abs.lexically_relative(cwd);
    std::string s = rel.generic_string();
    if (s.empty() || s == ".") return ".";
    return s;
  }
  return abs.generic_string();
}

namespace {

// Takes a path's entry out of the loaded files; the FileId it had, or kNoFile.
FileId take(std::unordered_map<std::string, LoadedFile>& loaded, const std::string& key) {
  auto it = loaded.find(key);
  if (it == loaded.end()) return kNoFile;
  FileId id = it->second.id;
  loaded.erase(it);
  return id;
}

}  // namespace

FileId SourceLoader::overlay(const fs::path& path, std::string text) {
  std::string key = fs::absolute(path).lexically_normal().string();
  std::lock_guard<std::mutex> lock(mutex_);
  overlays_[key] = std::move(text);
  return take(loaded_, key);
}

FileId SourceLoader::remove_overlay(const fs::path& path) {
  std::string key = fs::absolute(path).lexically_normal().string();
  std::lock_guard<std::mutex> lock(mutex_);
  overlays_.erase(key);
  return take(loaded_, key);
}

bool SourceLoader::has_overlay(const fs::path& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return overlays_.count(fs::absolute(path).lexically_normal().string()) != 0;
}

std::vector<fs::path> SourceLoader::overlays_in(const fs::path& dir) const {
  const fs::path d = fs::absolute(dir).lexically_normal();
  std::vector<fs::path> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, text] : overlays_) {
    fs::path p(key);
    if (p.parent_path() == d) out.push_back(std::move(p));
  }
  return out;
}

std::vector<fs::path> SourceLoader::changed_on_disk() const {
  std::vector<std::pair<std::string, LoadedFile>> loaded;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, file] : loaded_) {
      if (!overlays_.count(key)) loaded.emplace_back(key, file);
    }
  }
  std::vector<fs::path> out;
  for (const auto& [key, file] : loaded) {
    std::error_code ec;
    bool exists = fs::is_regular_file(key, ec);
    if (file.status == LoadStatus::NotFound || file.status == LoadStatus::OutsideRepository) {
      if (exists && file.status == LoadStatus::NotFound) out.emplace_back(key);
      continue;
    }
    if (!exists || fs::last_write_time(key, ec) != file.modified || fs::file_size(key, ec) != file.size) out.emplace_back(key);
  }
  return out;
}

FileId SourceLoader::invalidate(const fs::path& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  return take(loaded_, fs::absolute(path).lexically_normal().string());
}

LoadedFile SourceLoader::load(const fs::path& path) {
  const fs::path abs = plainly_absolute(path.native()) ? path : fs::absolute(path).lexically_normal();
  std::string key = abs.string();
  LoadRecorder::note(key);
  std::optional<std::string> overlay;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = loaded_.find(key);
    if (it != loaded_.end()) return it->second;
    auto o = overlays_.find(key);
    if (o != overlays_.end()) overlay = o->second;
  }
  LoadedFile out;
  std::string shown = display_path(abs);
  if (!readable(abs)) {
    out = probe(abs);  // outside the repository, said as such (and whether through a symbolic link)
  } else if (overlay) {
    // The same checks as for a file on disk.
    out.size = overlay->size();
    if (out.size > max_file_size_) {
      out.status = LoadStatus::TooLarge;
      out.error = shown + " is " + std::to_string(out.size) + " bytes, over --max-file-size (" +
                  std::to_string(max_file_size_) + " bytes); not parsed";
    } else {
      bool binary = looks_binary(*overlay);
      out.id = sources_.add(std::make_unique<SourceFile>(shown, abs, std::move(*overlay)));
      out.status = binary ? LoadStatus::Binary : LoadStatus::Ok;
      if (binary) out.error = shown + " is binary (it holds NUL bytes); not parsed";
    }
  } else if (LoadedFile p = probe(abs); p.status != LoadStatus::Ok) {
    out = p;
  } else {
    out.size = p.size;
    std::error_code ec;
    out.modified = fs::last_write_time(abs, ec);  // sessions re-read a file whose time or size changed
    std::string text, why;
    if (out.size > max_file_size_) {
      out.status = LoadStatus::TooLarge;
      out.error = shown + " is " + std::to_string(out.size) + " bytes, over --max-file-size (" +
                  std::to_string(max_file_size_) + " bytes); not parsed";
    } else if (!read_file(abs, max_file_size_, text, why)) {
      out.status = LoadStatus::IoError;
      out.error = shown + " could not be read: " + why;
    } else {
      std::string decoded;
      const bool utf16 = decode_utf16(text, decoded);
      if (utf16) text = std::move(decoded);
      bool binary = looks_binary(text);
      // The text may be released and read back from disk later, unless it is not the file's bytes.
      out.id = sources_.add(std::make_unique<SourceFile>(shown, abs, std::move(text), /*on_disk=*/!utf16));
      out.status = binary ? LoadStatus::Binary : LoadStatus::Ok;
      if (binary) out.error = shown + " is binary (it holds NUL bytes); not parsed";
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = loaded_.emplace(key, out);
  return it->second;
}

LoadedFile SourceLoader::probe(const fs::path& path) const {
  LoadedFile out;
  const fs::path abs = plainly_absolute(path.native()) ? path : fs::absolute(path).lexically_normal();
  std::string shown = display_path(abs);
  struct stat st{};
  if (!readable(abs)) {
    out.status = LoadStatus::OutsideRepository;
    out.error = shown + (fs::is_symlink(abs) ? " is a symbolic link to a file outside the repository (" : " lies outside the repository (") +
                repository_.generic_string() + "), so it is not read";
  } else if (::stat(abs.c_str(), &st) != 0) {
    bool missing = errno == ENOENT || errno == ENOTDIR;
    out.status = missing ? LoadStatus::NotFound : LoadStatus::IoError;
    out.error = missing ? shown + " does not exist" : shown + " could not be read: " + std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    out.status = LoadStatus::NotRegular;
    out.error = shown + " is " + special_kind(st.st_mode) + ", not a file vaultlint can read";
  } else if (::access(abs.c_str(), R_OK) != 0) {
    out.status = LoadStatus::IoError;
    out.error = shown + " could not be read: " + std::strerror(errno);
  } else {
    out.status = LoadStatus::Ok;
    out.size = static_cast<std::uint64_t>(st.st_size);
  }
  return out;
}

LoadedFile SourceLoader::read_text(const fs::path& path, std::uint64_t max_bytes, std::string& text) const {
  LoadedFile out = probe(path);
  if (out.status != LoadStatus::Ok) return out;
  std::string shown = display_path(fs::absolute(path).lexically_normal());
  if (out.size > max_bytes) {
    out.status = LoadStatus::TooLarge;
    out.error = shown + " is " + std::to_string(out.size) + " bytes, over the " + std::to_string(max_bytes >> 10) +
                " KB vaultlint reads of it";
    return out;
  }
  std::string why;
  if (!read_file(path, max_bytes, text, why)) {
    out.status = LoadStatus::IoError;
    out.error = shown + " could not be read: " + why;
  }
  return out;
}

std::string SourceLoader::head(const fs::path& path, std::size_t max_bytes) const {
  std::string text, why;
  if (probe(path).status == LoadStatus::Ok) read_file(path, max_bytes, text, why);
  return text;
}

}  // namespace vl
