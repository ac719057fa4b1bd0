#include "source/discovery.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_set>

#include "source/glob.h"
#include "source/loader.h"
#include "source/text.h"

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
  bool negate;
  bool dir_only;
};

// The rules of one .gitignore, relative to the folder that holds it, matched all at once (GlobSet): the
// last rule that matches decides.
struct IgnoreFile {
  fs::path base;
  std::vector<IgnoreRule> rules;
  // Patterns without a slash match a name at any depth: they are matched against the last name of the
  // path alone (the folders above it were matched when the walk entered them), which keeps the set
  // small. Patterns with one are matched against the path relative to `base`.
  GlobSet names;
  std::vector<int> name_rule;  // names' pattern index -> rule
  GlobSet paths;
  std::vector<int> path_rule;
};

class Problems {
 public:
  explicit Problems(std::vector<DiscoveryProblem>& out) : out_(out) {}
  void add(const fs::path& path, std::string rule, std::string message, std::string fix = {}) {
    if (out_.size() < kMaxDiscoveryProblems) {
      out_.push_back(DiscoveryProblem{path, std::move(rule), std::move(message), std::move(fix)});
    } else {
      ++dropped_;
    }
  }
  void finish() {
    if (dropped_ > 0 && !out_.empty()) {
      out_.back().message += " (and " + std::to_string(dropped_) + " more files or folders that could not be used)";
    }
  }

 private:
  std::vector<DiscoveryProblem>& out_;
  std::size_t dropped_ = 0;
};

const char* kUnreadableFix = "Make it readable by the user that runs vaultlint, or leave it out of the scan (--exclude).";

void parse_gitignore(std::string_view text, IgnoreFile& file) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(start, end - start));
    start = end + 1;
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
    int rule = static_cast<int>(file.rules.size());
    file.rules.push_back(IgnoreRule{negate, dir_only});
    if (anchored) {
      file.paths.add(line);
      file.path_rule.push_back(rule);
    } else {
      file.names.add(line);
      file.name_rule.push_back(rule);
    }
  }
}

// `path` relative to `base`, with '/': what lexically_relative gives, taken from the string when `path` is
// `base` and more (every path the walk meets is its root's or a .gitignore folder's, extended).
std::string relative_below(const fs::path& path, const fs::path& base) {
  const std::string& p = path.native();
  const std::string& b = base.native();
  if (!b.empty() && p.size() > b.size() && p.compare(0, b.size(), b) == 0) {
    if (b.back() == '/') return p.substr(b.size());
    if (p[b.size()] == '/' && p.find("/.", b.size()) == std::string::npos && p.find("//", b.size()) == std::string::npos) {
      return p.substr(b.size() + 1);
    }
  }
  return path.lexically_relative(base).generic_string();
}

class Walker {
 public:
  Walker(const DiscoveryOptions& options, const fs::path& root, const SourceLoader& loader, Problems& problems)
      : options_(options), root_(root), loader_(loader), problems_(problems) {
    for (const std::string& e : options.excludes) excludes_.emplace_back(e);
  }

  void walk(const fs::path& dir, std::vector<DiscoveredFile>& out) {
    bool pushed = options_.respect_gitignore && read_gitignore(dir);
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(dir, ec);
    for (fs::directory_iterator end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    if (ec) {
      // Reported, never skipped silently: what the folder holds is not checked.
      problems_.add(dir, "KV001", "the folder " + SourceLoader::display_path(dir) + " could not be read: " + ec.message() +
                                      "; nothing in it is checked",
                    kUnreadableFix);
    }
    // One folder's entries: ordered by name, which is their paths' order (compared as strings, without
    // splitting each path into components).
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path().native() < b.path().native(); });
    for (const fs::directory_entry& entry : entries) {
      std::string name = entry.path().filename().string();
      bool link = entry.is_symlink(ec);
      bool is_dir = entry.is_directory(ec) && !link;
      if (is_dir) {
        if (name == ".git" || name == "node_modules" || name == ".terraform") continue;
        if (ignored(entry.path(), true)) continue;
        walk(entry.path(), out);
        continue;
      }
      FileKind kind;
      if (!classify_file_name(entry.path(), kind)) continue;
      if (link && entry.is_directory(ec)) continue;  // a linked folder is not followed
      if (ignored(entry.path(), false)) continue;
      LoadedFile p = loader_.probe(entry.path());
      switch (p.status) {
        case LoadStatus::Ok:
          out.push_back(DiscoveredFile{entry.path(), kind, false});
          break;
        case LoadStatus::OutsideRepository:
          problems_.add(entry.path(), "KV002", p.error);
          break;
        case LoadStatus::IoError:
          problems_.add(entry.path(), "KV001", p.error + "; it is not checked", kUnreadableFix);
          break;
        default:
          break;  // a dangling link, a FIFO or a device that only looks like a template: not ours
      }
    }
    if (pushed) ignores_.pop_back();
  }

 private:
  // Reads dir/.gitignore through the loader (the repository boundary) and pushes its rules.
  bool read_gitignore(const fs::path& dir) {
    fs::path path = dir / ".gitignore";
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec))) return false;
    std::string text;
    LoadedFile read = loader_.read_text(path, kMaxIgnoreFileBytes, text);
    switch (read.status) {
      case LoadStatus::Ok:
        break;
      case LoadStatus::OutsideRepository:
        problems_.add(path, "KV002", read.error + "; its patterns are not applied");
        return false;
      case LoadStatus::TooLarge:
        problems_.add(path, "KV001", read.error + "; its patterns are not applied, so what it would leave out is scanned",
                      "Shorten the .gitignore (or use --exclude, or --no-gitignore to scan everything).");
        return false;
      case LoadStatus::IoError:
        problems_.add(path, "KV001", read.error + "; its patterns are not applied, so what it would leave out is scanned",
                      kUnreadableFix);
        return false;
      default:
        return false;  // a dangling link, a folder named .gitignore: nothing to apply
    }
    IgnoreFile file;
    file.base = dir;
    parse_gitignore(text, file);
    if (!file.names.compile() || !file.paths.compile()) {
      problems_.add(path, "KV001",
                    SourceLoader::display_path(path) + " has more patterns than vaultlint applies at once (" +
                        std::to_string(file.rules.size()) + "); its patterns are not applied, so what it would leave out is scanned",
                    "Shorten the .gitignore (or use --exclude, or --no-gitignore to scan everything).");
      return false;
    }
    ignores_.push_back(std::move(file));
    return true;
  }

  bool ignored(const fs::path& path, bool is_dir) {
    std::string rel = relative_below(path, root_);
    for (const GlobPattern& e : excludes_) {
      if (e.matches(rel) || e.matches(rel + "/")) return true;
    }
    bool result = false;
    std::string name = path.filename().string();
    for (const IgnoreFile& file : ignores_) {
      // The last rule that applies decides.
      int last = -1;
      auto consider = [&](const std::vector<int>& to_rule) {
        for (int hit : hits_) {
          int r = to_rule[static_cast<std::size_t>(hit)];
          if (r > last && (!file.rules[static_cast<std::size_t>(r)].dir_only || is_dir)) last = r;
        }
      };
      file.names.match(name, hits_);
      consider(file.name_rule);
      if (file.paths.size() > 0) {
        file.paths.match(relative_below(path, file.base), hits_);
        consider(file.path_rule);
      }
      if (last >= 0) result = !file.rules[static_cast<std::size_t>(last)].negate;
    }
    return result;
  }

  const DiscoveryOptions& options_;
  fs::path root_;
  const SourceLoader& loader_;
  Problems& problems_;
  std::vector<GlobPattern> excludes_;
  std::vector<IgnoreFile> ignores_;
  std::vector<int> hits_;
};

}  // namespace

DiscoveryResult discover(const std::vector<fs::path>& roots, const DiscoveryOptions& options, const SourceLoader* loader) {
  DiscoveryResult result;
  Problems problems(result.problems);
  std::unordered_set<std::string> seen;  // the files' paths: the walks give one file one string
  for (const fs::path& given : roots) {
    std::error_code ec;
    fs::path abs = fs::absolute(given, ec).lexically_normal();
    if (!abs.empty() && !abs.has_filename()) abs = abs.parent_path();
    if (!fs::exists(abs, ec)) {
      result.missing.push_back(given.string());
      continue;
    }
    // Without a loader of the scan's, one bounded by this root's repository.
    SourceSet own_sources;
    std::optional<SourceLoader> own;
    if (!loader) own.emplace(own_sources, find_repository(abs), UINT64_MAX);
    const SourceLoader& boundary = loader ? *loader : *own;
    std::vector<DiscoveredFile> found;
    if (fs::is_directory(abs, ec)) {
      Walker walker(options, abs, boundary, problems);
      walker.walk(abs, found);
    } else {
      FileKind kind = FileKind::ArmJson;
      LoadedFile p = boundary.probe(abs);
      if (p.status == LoadStatus::NotRegular) {
        result.unusable.push_back(p.error + " (vaultlint scans files and folders)");
      } else if (!classify_file_name(abs, kind)) {
        result.unusable.push_back(given.string() + " is not a file vaultlint scans (.json, .bicep, .bicepparam, .tf, .tf.json, "
                                                   ".tfvars, .tfvars.json)");
      } else if (p.status == LoadStatus::OutsideRepository) {
        problems.add(abs, "KV002", p.error);
      } else if (p.status == LoadStatus::IoError) {
        problems.add(abs, "KV001", p.error + "; it is not checked", kUnreadableFix);
      } else {
        found.push_back(DiscoveredFile{abs, kind, true});
      }
    }
    for (DiscoveredFile& f : found) {
      if (seen.insert(f.path.native()).second) result.files.push_back(std::move(f));
    }
  }
  problems.finish();
  return result;
}

}  // namespace vl
