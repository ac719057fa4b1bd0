#include "source/loader.h"

#include <fstream>
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

void SourceLoader::allow_root(const fs::path& root) { extra_roots_.push_back(canonical_or_normal(root)); }

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

void SourceLoader::overlay(const fs::path& path, std::string text) {
  overlays_[fs::absolute(path).lexically_normal().string()] = std::move(text);
}

LoadedFile SourceLoader::load(const fs::path& path) {
  fs::path abs = fs::absolute(path).lexically_normal();
  std::string key = abs.string();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = loaded_.find(key);
    if (it != loaded_.end()) return it->second;
  }
  LoadedFile out;
  std::string shown = display_path(abs);
  std::error_code ec;
  auto overlay = overlays_.find(key);
  if (!readable(abs)) {
    out.status = LoadStatus::OutsideRepository;
    out.error = shown + " lies outside the repository (" + repository_.generic_string() + "), so it is not read";
  } else if (overlay != overlays_.end()) {
    // The same checks as for a file on disk; the text is copied, since a unit may load it again.
    out.size = overlay->second.size();
    if (out.size > max_file_size_) {
      out.status = LoadStatus::TooLarge;
      out.error = shown + " is " + std::to_string(out.size) + " bytes, over --max-file-size (" +
                  std::to_string(max_file_size_) + " bytes); not parsed";
    } else {
      bool binary = looks_binary(overlay->second);
      out.id = sources_.add(std::make_unique<SourceFile>(shown, abs, overlay->second));
      out.status = binary ? LoadStatus::Binary : LoadStatus::Ok;
      if (binary) out.error = shown + " is binary (it holds NUL bytes); not parsed";
    }
  } else if (!fs::is_regular_file(abs, ec)) {
    out.status = LoadStatus::NotFound;
    out.error = shown + " does not exist";
  } else {
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
        out.id = sources_.add(std::make_unique<SourceFile>(shown, abs, std::move(text), /*on_disk=*/true));
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
