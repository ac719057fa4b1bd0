#include "cli/config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "source/glob.h"
#include "source/loader.h"

namespace vl::cli {

namespace fs = std::filesystem;

namespace {

ConfigPlace place_of(const YAML::Node& node) {
  YAML::Mark m = node.Mark();
  return ConfigPlace{m.line + 1, m.column + 1};
}

// A configuration error at a node; thrown from deep inside and caught once in load_config.
struct ConfigError {
  ConfigPlace at;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& at, const std::string& message) { throw ConfigError{place_of(at), message}; }

std::string scalar(const YAML::Node& node, const YAML::Node& key, const char* what) {
  if (!node.IsScalar()) fail(key, std::string("`") + key.Scalar() + "` expects " + what);
  return node.Scalar();
}

// A string or a list of strings, each with its node.
std::vector<std::pair<std::string, YAML::Node>> string_list(const YAML::Node& node, const YAML::Node& key) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (node.IsScalar()) {
    out.emplace_back(node.Scalar(), node);
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) fail(item, "`" + key.Scalar() + "` expects a list of strings");
      out.emplace_back(item.Scalar(), item);
    }
  } else if (!node.IsNull()) {
    fail(key, "`" + key.Scalar() + "` expects a string or a list of strings");
  }
  return out;
}

// The entries of a mapping, refusing a key given twice (YAML itself does not).
std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& map, const YAML::Node& key) {
  std::vector<std::pair<YAML::Node, YAML::Node>> out;
  if (map.IsNull()) return out;
  if (!map.IsMap()) fail(key, "`" + key.Scalar() + "` expects a mapping");
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) fail(it->first, "a key must be a plain string");
    if (!seen.insert(it->first.Scalar()).second) fail(it->first, "`" + it->first.Scalar() + "` is given twice");
    out.emplace_back(it->first, it->second);
  }
  return out;
}

fs::path under(const fs::path& dir, const std::string& relative) { return (dir / relative).lexically_normal(); }

// The configuration file is read at most this large (a configuration is a few lines).
constexpr std::uint64_t kMaxConfigBytes = 1u << 20;

// A path a configuration found in the repository names must lie inside it (symbolic links resolved).
void check_inside(const ConfigFile& c, const fs::path& p, const YAML::Node& node, const std::string& written) {
  if (c.boundary.empty()) return;
  SourceSet sources;
  SourceLoader loader(sources, c.boundary, kMaxConfigBytes);
  if (loader.readable(p)) return;
  fail(node, "`" + written + "` lies outside the repository (" + c.boundary.generic_string() +
                 "): a configuration found in the scanned folders names only files inside it (pass it with --config to "
                 "use it as it is)");
}

void read_key(const std::string& name, const YAML::Node& key, const YAML::Node& value, ConfigFile& c) {
  static const std::set<std::string> severities{"low", "medium", "high", "critical"};
  std::error_code ec;
  if (name == "exclude") {
    for (const auto& [glob, node] : string_list(value, key)) {
      if (glob.empty() || !GlobPattern(glob).valid()) fail(node, "`" + glob + "` is not a valid glob");
      c.exclude.push_back(glob);
    }
  } else if (name == "rules") {
    for (const auto& [rule, on] : entries(value, key)) {
      bool b = false;
      if (!on.IsScalar() || !YAML::convert<bool>::decode(on, b)) {
        fail(rule, "rule `" + rule.Scalar() + "` expects on or off (true or false)");
      }
      c.rules.push_back({rule.Scalar(), b, place_of(rule)});
    }
  } else if (name == "severity") {
    for (const auto& [rule, level] : entries(value, key)) {
      if (!level.IsScalar() || !severities.count(level.Scalar())) {
        fail(rule, "the severity of `" + rule.Scalar() + "` must be low, medium, high or critical");
      }
      c.severity.push_back({rule.Scalar(), *parse_severity(level.Scalar()), place_of(rule)});
    }
  } else if (name == "parameter_files") {
    for (const auto& [tmpl, files] : entries(value, key)) {
      fs::path t = under(c.dir, tmpl.Scalar());
      if (!iends_with(tmpl.Scalar(), ".json") || iends_with(tmpl.Scalar(), ".tf.json")) {
        fail(tmpl, "`" + tmpl.Scalar() + "`: parameter_files maps ARM templates (.json); a .bicepparam names its template itself");
      }
      check_inside(c, t, tmpl, tmpl.Scalar());
      if (!fs::is_regular_file(t, ec)) fail(tmpl, "no such template: " + tmpl.Scalar());
      std::vector<fs::path>& list = c.parameter_files[t];
      for (const auto& [file, node] : string_list(files, tmpl)) {
        fs::path p = under(c.dir, file);
        check_inside(c, p, node, file);
        if (!fs::is_regular_file(p, ec)) fail(node, "no such parameter file: " + file);
        list.push_back(p);
      }
      if (list.empty()) fail(tmpl, "`" + tmpl.Scalar() + "` lists no parameter file");
    }
  } else if (name == "fail_on") {
    std::string v = scalar(value, key, "none, low, medium, high or critical");
    if (v != "none" && !severities.count(v)) fail(key, "`fail_on` must be none, low, medium, high or critical, not `" + v + "`");
    c.fail_on = v;
  } else if (name == "as_of") {
    std::string v = scalar(value, key, "a date YYYY-MM-DD");
    if (!is_calendar_date(v)) fail(key, "`as_of` expects a date YYYY-MM-DD, not `" + v + "`");
    c.as_of = v;
  } else if (name == "policies") {
    for (const auto& [dir, node] : string_list(value, key)) {
      fs::path p = under(c.dir, dir);
      check_inside(c, p, node, dir);
      if (!fs::is_directory(p, ec)) fail(node, "no such policy folder: " + dir);
      c.policies.push_back(p);
    }
  } else if (name == "baseline") {
    std::string written = scalar(value, key, "a file name");
    c.baseline = under(c.dir, written);
    check_inside(c, *c.baseline, value, written);
  } else {
    fail(key, "unknown key `" + name + "` (known: exclude, rules, severity, parameter_files, fail_on, as_of, policies, baseline)");
  }
}

}  // namespace

std::string ConfigFile::error_at(const ConfigPlace& at, const std::string& message) const {
  return SourceLoader::display_path(fs::absolute(path)) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
         ": " + message;
}

std::optional<fs::path> find_config(const fs::path& scan_root) {
  std::error_code ec;
  fs::path dir = fs::absolute(scan_root, ec).lexically_normal();
  if (!dir.has_filename()) dir = dir.parent_path();
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  fs::path repository = find_repository(dir);
  for (;; dir = dir.parent_path()) {
    for (const char* name : {".vaultlint.yaml", ".vaultlint.yml"}) {
      if (fs::is_regular_file(dir / name, ec)) return dir / name;
    }
    if (dir == repository || dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

bool load_config(const fs::path& path, ConfigFile& c, std::string& error, bool found) {
  c.path = path;
  c.dir = fs::absolute(path).lexically_normal().parent_path();
  if (found) c.boundary = find_repository(c.dir);
  // Read as the scan reads templates: through the loader, inside the boundary (a found configuration
  // that is a symbolic link to outside the repository is not read), a regular file, bounded in size.
  SourceSet sources;
  SourceLoader loader(sources, found ? c.boundary : fs::path("/"), kMaxConfigBytes);
  std::string text;
  LoadedFile read = loader.read_text(fs::absolute(path).lexically_normal(), kMaxConfigBytes, text);
  if (read.status != LoadStatus::Ok) {
    error = read.error + (read.status == LoadStatus::OutsideRepository ? "" : " (the configuration file)");
    return false;
  }
  try {
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return true;  // an empty file configures nothing
    if (!root.IsMap()) throw ConfigError{place_of(root), "the configuration must be a mapping of keys"};
    for (const auto& [key, value] : entries(root, root)) read_key(key.Scalar(), key, value, c);
  } catch (const ConfigError& e) {
    error = c.error_at(e.at, e.message);
    return false;
  } catch (const YAML::Exception& e) {
    error = c.error_at(ConfigPlace{e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg);
    return false;
  }
  return true;
}

std::string apply_config_rules(const ConfigFile& c, Catalogue& catalogue) {
  for (const auto& r : c.rules) {
    if (!catalogue.find(r.rule)) return c.error_at(r.at, "unknown rule `" + r.rule + "` (see `vaultlint rules`)");
  }
  for (const auto& s : c.severity) {
    if (!catalogue.set_severity(s.rule, s.severity)) return c.error_at(s.at, "unknown rule `" + s.rule + "` (see `vaultlint rules`)");
  }
  return {};
}

bool is_calendar_date(std::string_view text) {
  // Without a std::regex: compiling one costs more than the rest of a one-file run's start.
  if (text.size() != 10) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return false;
  }
  auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace vl::cli
