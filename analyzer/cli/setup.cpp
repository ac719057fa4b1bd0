#include "cli/setup.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>
#include <tuple>

namespace vl::cli {

namespace fs = std::filesystem;

namespace {

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The largest --max-file-size: positions in a file are 32-bit byte offsets.
constexpr std::uint64_t kMaxFileSizeLimit = 2ull << 30;

// "32MB", "512K", "1048576" -> bytes; 0 when it does not parse or is over kMaxFileSizeLimit (never an
// overflow: 99999999999999G is refused, not wrapped).
std::uint64_t parse_size(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 15) return 0;
  std::uint64_t n = std::stoull(text.substr(0, i));
  std::string unit = to_lower(text.substr(i));
  int shift = -1;
  if (unit.empty() || unit == "b") shift = 0;
  if (unit == "k" || unit == "kb" || unit == "kib") shift = 10;
  if (unit == "m" || unit == "mb" || unit == "mib") shift = 20;
  if (unit == "g" || unit == "gb" || unit == "gib") shift = 30;
  if (shift < 0 || n > (kMaxFileSizeLimit >> shift)) return 0;
  return n << shift;
}

// Where the configuration is looked for: the first path of the scan (the stdin file's folder when only
// that is given), else the working directory.
fs::path config_start(const Options& o) {
  if (!o.paths.empty()) return o.paths.front();
  if (o.stdin_filename) return fs::absolute(*o.stdin_filename).parent_path();
  return fs::current_path();
}

// The rules to run: each rule's default, then the configuration's `rules`, narrowed by --rule and
// --skip-rule. Unknown ids on the command line are usage errors.
bool select_rules(const Options& o, const Setup& setup, std::set<std::string>& enabled) {
  const Catalogue& c = *setup.catalogue;
  for (const Rule& r : c.rules()) {
    if (r.enabled_by_default) enabled.insert(r.id);
  }
  if (setup.config) {
    for (const auto& s : setup.config->rules) {
      const Rule* r = c.find(s.rule);
      if (s.on) enabled.insert(r->id);
      else enabled.erase(r->id);
    }
  }
  if (!o.rules.empty()) {
    std::set<std::string> only{"KV001"};  // a file that cannot be read is always reported
    for (const std::string& id : o.rules) {
      const Rule* r = c.find(id);
      if (!r) {
        usage_error("--rule: unknown rule '" + id + "' (see `vaultlint rules`)");
        return false;
      }
      only.insert(r->id);
    }
    enabled = std::move(only);
  }
  for (const std::string& id : o.skip_rules) {
    const Rule* r = c.find(id);
    if (!r) {
      usage_error("--skip-rule: unknown rule '" + id + "' (see `vaultlint rules`)");
      return false;
    }
    enabled.erase(r->id);
  }
  return true;
}

}  // namespace

int usage_error(const std::string& message) {
  std::cerr << "vaultlint: " << message << "\n";
  return kExitUsage;
}

int emit(const Options& o, const std::function<void(std::ostream&)>& write) {
  if (o.output) {
    std::ofstream file(*o.output, std::ios::binary);
    if (!file) return usage_error("--output: cannot write " + *o.output);
    write(file);
    return file ? kExitClean : usage_error("--output: cannot write " + *o.output);
  }
  write(std::cout);
  std::cout.flush();
  return kExitClean;
}

namespace {

bool g_exit_without_teardown = false;

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define VAULTLINT_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VAULTLINT_SANITIZED 1
#endif

}  // namespace

void allow_exit_without_teardown() { g_exit_without_teardown = true; }

int exit_without_teardown(int code) {
#if !defined(VAULTLINT_SANITIZED)
  if (g_exit_without_teardown) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
  }
#endif
  return code;
}

int load_setup(const Options& o, Setup& setup) {
  std::optional<fs::path> config_path;
  bool found = false;  // in the scanned folders, not given: it comes with what is scanned
  if (o.config) {
    std::error_code ec;
    if (!fs::is_regular_file(*o.config, ec)) return usage_error("--config: no such file: " + *o.config);
    config_path = *o.config;
  } else if (!o.ignore_config) {
    config_path = find_config(config_start(o));
    found = config_path.has_value();
  }
  if (config_path) {
    ConfigFile config;
    std::string error;
    if (!load_config(*config_path, config, error, found)) return usage_error(error);
    setup.config = std::move(config);
  }

  std::vector<fs::path> policy_dirs;
  if (o.policies) {
    std::error_code ec;
    if (!fs::is_directory(*o.policies, ec)) return usage_error("--policies: no such folder: " + *o.policies);
    policy_dirs.push_back(*o.policies);
  } else if (setup.config) {
    policy_dirs = setup.config->policies;
  }
  std::vector<std::string> errors;
  Catalogue catalogue = Catalogue::load(policy_dirs, errors);
  if (!errors.empty()) {
    for (const std::string& e : errors) std::cerr << "vaultlint: " << e << "\n";
    return kExitUsage;
  }
  if (setup.config) {
    if (std::string error = apply_config_rules(*setup.config, catalogue); !error.empty()) return usage_error(error);
  }
  setup.catalogue = std::move(catalogue);
  return kExitClean;
}

int build_scan_options(const Options& o, Setup& setup) {
  ScanOptions& s = setup.scan;
  const ConfigFile* config = setup.config ? &*setup.config : nullptr;
  for (const std::string& p : o.paths) s.paths.emplace_back(p);
  // An editor's buffer alone: its folder is scanned, so its neighbours (parameter files, modules, the
  // other .tf files of its module) take part; scan_command.cpp reports only what concerns the buffer.
  if (s.paths.empty() && o.stdin_filename) s.paths.push_back(fs::absolute(*o.stdin_filename).parent_path());
  for (const std::string& p : o.param_files) s.param_files.emplace_back(p);
  for (const auto& [flag, given, into] : {std::tuple{"--param", &o.params, &s.params}, std::tuple{"--var", &o.vars, &s.vars}}) {
    for (const std::string& p : *given) {
      std::size_t eq = p.find('=');
      if (eq == std::string::npos || eq == 0) return usage_error(std::string(flag) + " expects NAME=VALUE, got '" + p + "'");
      into->emplace_back(p.substr(0, eq), p.substr(eq + 1));
    }
  }
  for (const std::string& p : o.var_files) s.var_files.emplace_back(p);
  if (o.bicep_cache) {
    s.bicep_cache = *o.bicep_cache;
  } else if (const char* home = std::getenv("HOME")) {
    s.bicep_cache = fs::path(home) / ".bicep";
  }
  if (!select_rules(o, setup, s.enabled_rules)) return kExitUsage;
  s.strict = o.strict;
  s.as_of = o.as_of ? *o.as_of : config && config->as_of ? *config->as_of : today();
  if (!is_calendar_date(s.as_of)) {
    return usage_error("--as-of expects a date YYYY-MM-DD, got '" + s.as_of + "'");
  }
  s.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  s.max_file_size = parse_size(o.max_file_size);
  if (s.max_file_size == 0) {
    return usage_error("--max-file-size expects a size from 1 byte to 2GB, such as 32MB, got '" + o.max_file_size + "'");
  }
  s.discovery.respect_gitignore = !o.no_gitignore;
  s.discovery.excludes = o.excludes;
  if (config && !o.given.count("--exclude")) {
    s.config_dir = config->dir;
    s.config_excludes = config->exclude;
  }
  if (config) s.template_parameter_files = config->parameter_files;
  setup.fail_on = o.given.count("--fail-on") || !config || !config->fail_on ? o.fail_on : *config->fail_on;
  if (o.baseline) setup.baseline = fs::path(*o.baseline);
  else if (config && config->baseline) setup.baseline = config->baseline;
  return kExitClean;
}

}  // namespace vl::cli
