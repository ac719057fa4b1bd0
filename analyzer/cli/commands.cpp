#include "cli/commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <regex>
#include <thread>
#include <tuple>

#include "report/graph_report.h"
#include "report/report.h"
#include "scan/scan.h"

namespace vl::cli {

namespace {

namespace fs = std::filesystem;

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

int usage_error(const std::string& message) {
  std::cerr << "vaultlint: " << message << "\n";
  return kExitUsage;
}

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// "32MB", "512K", "1048576" -> bytes; 0 when it does not parse.
std::uint64_t parse_size(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0 || i > 15) return 0;
  std::uint64_t n = std::stoull(text.substr(0, i));
  std::string unit = to_lower(text.substr(i));
  if (unit.empty() || unit == "b") return n;
  if (unit == "k" || unit == "kb" || unit == "kib") return n << 10;
  if (unit == "m" || unit == "mb" || unit == "mib") return n << 20;
  if (unit == "g" || unit == "gb" || unit == "gib") return n << 30;
  return 0;
}

bool use_color(const Options& o) {
  if (o.output) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color) return false;  // set at all, as DESIGN says (even empty)
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) != 0;
}

std::optional<Catalogue> load_catalogue(const Options& o, int& exit_code) {
  std::vector<std::string> errors;
  std::optional<fs::path> dir;
  if (o.policies) {
    std::error_code ec;
    if (!fs::is_directory(*o.policies, ec)) {
      exit_code = usage_error("--policies: no such folder: " + *o.policies);
      return std::nullopt;
    }
    dir = *o.policies;
  }
  Catalogue c = Catalogue::load(dir, errors);
  if (!errors.empty()) {
    for (const std::string& e : errors) std::cerr << "vaultlint: " << e << "\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  return c;
}

// The rules to run: each rule's default, narrowed by --rule and --skip-rule. Unknown ids are usage errors.
bool select_rules(const Options& o, const Catalogue& c, std::set<std::string>& enabled) {
  for (const Rule& r : c.rules()) {
    if (r.enabled_by_default) enabled.insert(r.id);
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

int build_scan_options(const Options& o, const Catalogue& c, ScanOptions& s) {
  for (const std::string& p : o.paths) s.paths.emplace_back(p);
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
  if (!select_rules(o, c, s.enabled_rules)) return kExitUsage;
  s.strict = o.strict;
  s.as_of = o.as_of.value_or(today());
  if (!std::regex_match(s.as_of, std::regex(R"(\d{4}-\d{2}-\d{2})"))) {
    return usage_error("--as-of expects a date YYYY-MM-DD, got '" + s.as_of + "'");
  }
  s.jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  s.max_file_size = parse_size(o.max_file_size);
  if (s.max_file_size == 0) return usage_error("--max-file-size expects a size such as 32MB, got '" + o.max_file_size + "'");
  s.discovery.respect_gitignore = !o.no_gitignore;
  s.discovery.excludes = o.excludes;
  return kExitClean;
}

// Writes to --output or standard output.
template <typename Fn>
int emit(const Options& o, Fn&& write) {
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

int run_scan_command(const Options& o, const Catalogue& catalogue) {
  if (o.format != "text" && o.format != "json") {
    return usage_error("--format " + o.format + " is not available yet in this version (text and json are)");
  }
  ScanOptions s;
  if (int code = build_scan_options(o, catalogue, s)) return code;
  ScanResult result = run_scan(s, catalogue);
  if (!result.errors.empty()) {
    for (const std::string& e : result.errors) std::cerr << "vaultlint: " << e << "\n";
    return kExitUsage;
  }
  for (const std::string& w : result.warnings) std::cerr << "vaultlint: warning: " << w << "\n";
  if (o.min_severity) {
    Severity min = *parse_severity(*o.min_severity);
    std::erase_if(result.findings, [&](const Finding& f) { return f.rule->severity < min; });
  }
  ReportInput in{result, catalogue, VAULTLINT_VERSION};
  int written = emit(o, [&](std::ostream& out) {
    if (o.format == "json") write_json_report(in, out);
    else write_text_report(in, out, use_color(o));
  });
  if (written != kExitClean) return written;

  if (o.fail_on == "none") return kExitClean;
  if (result.parse_errors) return kExitFindings;
  Severity threshold = *parse_severity(o.fail_on);
  for (const Finding& f : result.findings) {
    if (!f.suppressed && f.result == Verdict::Fail && f.rule->severity >= threshold) return kExitFindings;
  }
  return kExitClean;
}

int run_graph_command(const Options& o, const Catalogue& catalogue) {
  ScanOptions s;
  if (int code = build_scan_options(o, catalogue, s)) return code;
  ScanResult result = run_scan(s, catalogue);
  if (!result.errors.empty()) {
    for (const std::string& e : result.errors) std::cerr << "vaultlint: " << e << "\n";
    return kExitUsage;
  }
  return emit(o, [&](std::ostream& out) {
    if (o.format == "dot") write_graph_dot(result, out);
    else write_graph_json(result, out);
  });
}

int run_rules_command(const Catalogue& catalogue) {
  for (const Rule& r : catalogue.rules()) {
    std::string control = r.control.empty() ? "" : " [" + r.control + "]";
    std::cout << r.id << "  " << r.name << "  " << severity_name(r.severity) << control
              << (r.enabled_by_default ? "" : "  (off by default)") << "\n    " << r.summary << "\n";
  }
  return kExitClean;
}

int run_explain_command(const Options& o, const Catalogue& catalogue) {
  const Rule* r = catalogue.find(o.explain_id);
  if (!r) return usage_error("unknown rule '" + o.explain_id + "' (see `vaultlint rules`)");
  std::cout << r->id << " " << r->name << " (" << severity_name(r->severity) << ")\n\n" << r->summary << "\n\n";
  if (!r->description.empty()) std::cout << r->description << "\n";
  if (!r->checklist.empty()) std::cout << "Enforces: " << r->checklist << "\n";
  if (!r->control.empty()) std::cout << "Control: " << r->control << " (rbac-network-and-recovery)\n";
  if (!r->applies_to.empty()) {
    std::cout << "Applies to:";
    for (const std::string& t : r->applies_to) std::cout << " " << t;
    std::cout << "\n";
  }
  std::cout << "\nFix: " << r->fix << "\n";
  if (!r->fix_terraform.empty()) {
    // {attribute} is filled in per finding (the provider version picks it); the snippet below names it.
    std::string fix = r->fix_terraform;
    if (std::size_t at = fix.find("{attribute}"); at != std::string::npos) fix.replace(at, 11, "<attribute>");
    std::cout << "Fix (Terraform): " << fix << "\n";
  }
  auto snippet = [](const char* label, const std::string& text) {
    if (text.empty()) return;
    std::cout << "\n  " << label << ":\n";
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t nl = text.find('\n', start);
      std::cout << "    " << text.substr(start, nl - start) << "\n";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  };
  snippet("ARM", r->snippet_arm);
  snippet("Bicep", r->snippet_bicep);
  snippet("Terraform", r->snippet_terraform);
  std::cout << "\nDefined in " << r->source << "\n";
  return kExitClean;
}

}  // namespace

int run(const Options& o) {
  int exit_code = kExitClean;
  std::optional<Catalogue> catalogue = load_catalogue(o, exit_code);
  if (!catalogue) return exit_code;
  switch (o.command) {
    case Command::Rules:
      return run_rules_command(*catalogue);
    case Command::Explain:
      return run_explain_command(o, *catalogue);
    case Command::Graph:
      return run_graph_command(o, *catalogue);
    case Command::Scan:
    case Command::Version:
      return run_scan_command(o, *catalogue);
  }
  return kExitClean;
}

}  // namespace vl::cli
