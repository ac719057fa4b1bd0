#include "source/loader.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

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

}  // namespace

bool looks_binary(std::string_view text) {
  return text.substr(0, 8192).find('\0') != std::string_view::npos;
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

bool SourceLoader::readable(const fs::path& path) const {
  fs::path c = canonical_or_normal(path);
  if (is_within(c, repository_)) return true;
  for (const fs::path& root : extra_roots_) {
    if (is_within(c, root)) return true;
  }
  return false;
}

std::string SourceLoader::display_path(const fs::path& absolute) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
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
  fs::path abs = fs::absolute(path).lexically_normal();
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
  std::error_code ec;
  if (!readable(abs)) {
    out.status = LoadStatus::OutsideRepository;
    out.error = shown + " lies outside the repository (" + repository_.generic_string() + "), so it is not read";
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
  } else if (!fs::is_regular_file(abs, ec)) {
    out.status = LoadStatus::NotFound;
    out.error = shown + " does not exist";
  } else {
    out.modified = fs::last_write_time(abs, ec);
    out.size = fs::file_size(abs, ec);
    if (ec) {
      out.status = LoadStatus::IoError;
      out.error = shown + ": " + ec.message();
    } else if (out.size > max_file_size_) {
      out.status = LoadStatus::TooLarge;
      out.error = shown + " is " + std::to_string(out.size) + " bytes, over --max-file-size (" +
                  std::to_string(max_file_size_) + " bytes); not parsed";
    } else {
      std::ifstream in(abs, std::ios::binary);
      std::string text;
      text.resize(out.size);
      if (!in || !in.read(text.data(), static_cast<std::streamsize>(out.size))) {
        out.status = LoadStatus::IoError;
        out.error = shown + " could not be read";
      } else {
        bool binary = looks_binary(text);
        out.id = sources_.add(std::make_unique<SourceFile>(shown, abs, std::move(text)));
        out.status = binary ? LoadStatus::Binary : LoadStatus::Ok;
        if (binary) out.error = shown + " is binary (it holds NUL bytes); not parsed";
      }
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = loaded_.emplace(key, out);
  return it->second;
}

}  // namespace vl
