#include "source/discovery.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>

#include "source/text.h"
#include "source/glob.h"

namespace vl {

namespace fs = std::filesystem;

bool classify_file_name(const fs::path& path, FileKind& kind) {
  std::string name = to_lower(path.filename().string());
  auto ends = [&](std::string_view s) { return name.size() > s.size() && name.ends_with(s); };
  if (ends(".tf.json")) kind = FileKind::TerraformJson;
  else if (ends(".tfvars.json")) kind = FileKind::TfVarsJson;
  else if (ends(".json")) kind = FileKind::ArmJson;
  else if (ends(".bicepparam")) kind = FileKind::BicepParam;
  else if (ends(".bicep")) kind = FileKind::Bicep;
  else if (ends(".tfvars")) kind = FileKind::TfVars;
  else if (ends(".tf")) kind = FileKind::Terraform;
  else return false;
  return true;
}

namespace {

struct IgnoreRule {
  GlobPattern pattern;
  bool negate;
  bool dir_only;
};

// The rules of one .gitignore, relative to the folder that holds it.
struct IgnoreFile {
  fs::path base;
  std::vector<IgnoreRule> rules;
};

IgnoreFile read_gitignore(const fs::path& dir) {
  IgnoreFile file{dir, {}};
  std::ifstream in(dir / ".gitignore");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (!line.empty() && line.back() == ' ' && (line.size() < 2 || line[line.size() - 2] != '\\')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    bool negate = false;
    if (line[0] == '!') {
      negate = true;
      line.erase(0, 1);
    } else if (line[0] == '\\') {
      line.erase(0, 1);
    }
    bool dir_only = !line.empty() && line.back() == '/';
    if (dir_only) line.pop_back();
    if (line.empty()) continue;
    // A pattern with a slash (other than a trailing one) is anchored to the .gitignore's folder;
    // without one it matches a name at any depth.
    bool anchored = line.find('/') != std::string::npos;
    if (line[0] == '/') line.erase(0, 1);
    std::string glob = anchored ? line : "**/" + line;
    file.rules.push_back(IgnoreRule{GlobPattern(glob), negate, dir_only});
  }
  return file;
}

class Walker {
 public:
  Walker(const DiscoveryOptions& options, const fs::path& root) : options_(options), root_(root) {
    for (const std::string& e : options.excludes) excludes_.emplace_back(e);
  }

  void walk(const fs::path& dir, std::vector<DiscoveredFile>& out) {
    bool pushed = false;
    std::error_code ec;
    if (options_.respect_gitignore && fs::is_regular_file(dir / ".gitignore", ec)) {
      ignores_.push_back(read_gitignore(dir));
      pushed = true;
    }
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
    for (const fs::directory_entry& entry : entries) {
      std::string name = entry.path().filename().string();
      bool is_dir = entry.is_directory(ec) && !entry.is_symlink(ec);
      if (is_dir) {
        if (name == ".git" || name == "node_modules" || name == ".terraform") continue;
        if (ignored(entry.path(), true)) continue;
        walk(entry.path(), out);
      } else if (entry.is_regular_file(ec)) {
        FileKind kind;
        if (!classify_file_name(entry.path(), kind)) continue;
        if (ignored(entry.path(), false)) continue;
        out.push_back(DiscoveredFile{entry.path(), kind, false});
      }
    }
    if (pushed) ignores_.pop_back();
  }

 private:
  bool ignored(const fs::path& path, bool is_dir) const {
    std::string rel = path.lexically_relative(root_).generic_string();
    for (const GlobPattern& e : excludes_) {
      if (e.matches(rel) || e.matches(rel + "/")) return true;
    }
    bool result = false;
    for (const IgnoreFile& file : ignores_) {
      std::string local = path.lexically_relative(file.base).generic_string();
      for (const IgnoreRule& rule : file.rules) {
        if (rule.dir_only && !is_dir) continue;
        if (rule.pattern.matches(local)) result = !rule.negate;
      }
    }
    return result;
  }

  const DiscoveryOptions& options_;
  fs::path root_;
  std::vector<GlobPattern> excludes_;
  std::vector<IgnoreFile> ignores_;
};

}  // namespace

DiscoveryResult discover(const std::vector<fs::path>& roots, const DiscoveryOptions& options) {
  DiscoveryResult result;
  std::set<fs::path> seen;
  for (const fs::path& given : roots) {
    std::error_code ec;
    fs::path abs = fs::absolute(given, ec).lexically_normal();
    if (!abs.empty() && !abs.has_filename()) abs = abs.parent_path();
    if (!fs::exists(abs, ec)) {
      result.missing.push_back(given.string());
      continue;
    }
    std::vector<DiscoveredFile> found;
    if (fs::is_directory(abs, ec)) {
      Walker walker(options, abs);
      walker.walk(abs, found);
    } else {
      FileKind kind = FileKind::ArmJson;
      if (classify_file_name(abs, kind)) found.push_back(DiscoveredFile{abs, kind, true});
    }
    for (DiscoveredFile& f : found) {
      if (seen.insert(f.path).second) result.files.push_back(std::move(f));
    }
  }
  return result;
}

}  // namespace vl
