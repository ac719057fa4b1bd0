// `vaultlint scan`: the scan, then what is reported of it (--link-repo, --shard, --min-severity, the
// baseline), the report in the asked format, and the exit code (DESIGN section 6).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <iterator>

#include "cli/baseline.h"
#include "cli/commands.h"
#include "cli/fix_command.h"
#include "cli/setup.h"
#include "report/report.h"
#include "scan/selection.h"
#include "source/loader.h"

namespace vl::cli {

namespace {

namespace fs = std::filesystem;

bool use_color(const Options& o) {
  if (o.output) return false;
  if (std::getenv("NO_COLOR")) return false;  // set at all, as DESIGN says (even empty)
  const char* term = std::getenv("TERM");
  if (term && std::string(term) == "dumb") return false;
  return isatty(STDOUT_FILENO) != 0;
}

// SARIF's automationDetails.id: "category/", the category naming the shard too, so the SARIF uploads
// of a CI matrix do not replace one another.
std::string automation_id(const Options& o, const std::optional<scan::Shard>& shard) {
  std::string category = o.sarif_category.value_or("vaultlint");
  while (category.ends_with('/')) category.pop_back();
  if (shard) category += "/shard-" + std::to_string(shard->index) + "-of-" + std::to_string(shard->count);
  return category + "/";
}

// Moves the findings whose fingerprint the baseline lists out of the result. A KV001 accepted into the
// baseline no longer fails the run.
std::vector<Finding> take_baselined(ScanResult& result, const std::set<std::string>& fingerprints) {
  std::vector<Finding> taken;
  bool kv001_left = false, kv001_taken = false;
  std::vector<Finding> kept;
  for (Finding& f : result.findings) {
    bool kv001 = f.rule && f.rule->id == "KV001";
    if (!f.suppressed && fingerprints.count(f.fingerprint)) {
      kv001_taken = kv001_taken || kv001;
      taken.push_back(std::move(f));
    } else {
      kv001_left = kv001_left || kv001;
      kept.push_back(std::move(f));
    }
  }
  result.findings = std::move(kept);
  if (kv001_taken && !kv001_left) result.parse_errors = false;
  return taken;
}

int exit_code(const ScanResult& result, const std::string& fail_on) {
  if (fail_on == "none") return kExitClean;
  if (result.parse_errors) return kExitFindings;
  Severity threshold = *parse_severity(fail_on);
  for (const Finding& f : result.findings) {
    if (!f.suppressed && f.result == Verdict::Fail && f.rule->severity >= threshold) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

int run_scan_command(const Options& o, Setup& setup) {
  std::optional<scan::Shard> shard;
  if (o.shard) {
    shard = scan::parse_shard(*o.shard);
    if (!shard) return usage_error("--shard expects I/N with 1 <= I <= N, got '" + *o.shard + "'");
  }
  if (o.link_repo && o.paths.empty()) return usage_error("--link-repo needs the files to report on");
  if (o.dry_run && !o.fix) return usage_error("--dry-run goes with --fix");
  if (o.fix && !o.dry_run && o.stdin_filename) {
    return usage_error("--fix writes files, and the standard input is none: use --fix --dry-run with --stdin-filename");
  }
  if (int code = build_scan_options(o, setup)) return code;
  ScanOptions& s = setup.scan;
  s.keep_graph = o.format == "junit";  // JUnit names vaults by the graph's logical ids; the others need none
  const Catalogue& catalogue = *setup.catalogue;

  std::set<fs::path> reported;  // when not empty: report only what concerns these files
  if (o.stdin_filename) {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    fs::path path = fs::absolute(*o.stdin_filename).lexically_normal();
    s.overlays[path] = std::move(text);
    if (o.paths.empty()) reported.insert(path);  // its folder is scanned (setup.cpp), it is reported
  }
  // --link-repo: the scan covers the repository of each path; the paths only decide what is reported.
  if (o.link_repo) {
    std::set<fs::path> roots;
    for (const fs::path& p : s.paths) {
      std::error_code ec;
      if (!fs::exists(p, ec) && !s.overlays.count(fs::absolute(p).lexically_normal())) {
        return usage_error("no such file or directory: " + p.string());
      }
      reported.insert(fs::absolute(p).lexically_normal());
      roots.insert(find_repository(p));
    }
    s.paths.assign(roots.begin(), roots.end());
  }

  // One pass: the scan, then what of it is reported (--link-repo, --shard, --min-severity, the baseline).
  // --fix runs a second pass after writing its edits, and the report is about what is left.
  std::set<std::string> reported_rules = s.enabled_rules;
  if (o.min_severity) {
    Severity min = *parse_severity(*o.min_severity);
    std::erase_if(reported_rules, [&](const std::string& id) { return catalogue.find(id)->severity < min; });
  }
  ScanResult result;
  std::vector<Finding> baselined;
  std::string baseline_name;
  std::vector<Finding> complete;  // every finding of the scan, before the selection (--fix compares them)
  auto pass = [&](bool last) -> int {
    result = run_scan(s, catalogue);
    baselined.clear();
    baseline_name.clear();
    if (!result.errors.empty()) {
      for (const std::string& e : result.errors) std::cerr << "vaultlint: " << e << "\n";
      return kExitUsage;
    }
    for (const std::string& w : result.warnings) std::cerr << "vaultlint: warning: " << w << "\n";
    complete = result.findings;

    if (!reported.empty()) scan::keep_files(result, reported);
    if (shard) scan::keep_shard(result, *shard);
    if (o.min_severity) {
      Severity min = *parse_severity(*o.min_severity);
      // A KV001 fails the run whatever its severity: when it is hidden, say so, or the exit code is a riddle.
      std::size_t hidden_kv001 = std::count_if(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
        return f.rule->id == "KV001" && !f.suppressed && f.rule->severity < min;
      });
      if (last && hidden_kv001 > 0 && setup.fail_on != "none") {
        std::cerr << "vaultlint: " << hidden_kv001 << (hidden_kv001 == 1 ? " KV001 finding (a file" : " KV001 findings (files")
                  << " that could not be parsed or evaluated) " << (hidden_kv001 == 1 ? "is" : "are") << " below --min-severity "
                  << *o.min_severity << " and hidden, but still fail" << (hidden_kv001 == 1 ? "s" : "")
                  << " the run (exit 1); scan without --min-severity to see " << (hidden_kv001 == 1 ? "it" : "them") << "\n";
      }
      std::erase_if(result.findings, [&](const Finding& f) { return f.rule->severity < min; });
    }
    if (setup.baseline) {
      std::set<std::string> fingerprints;
      std::string error;
      if (!read_baseline(*setup.baseline, fingerprints, error)) return usage_error(error);
      baselined = take_baselined(result, fingerprints);
      baseline_name = SourceLoader::display_path(fs::absolute(*setup.baseline));
    }
    if (o.write_baseline && last) {
      // Everything still reported is accepted: written down, and dropped from this run's report too.
      std::string error;
      if (!write_baseline(*o.write_baseline, result.findings, *result.sources, VAULTLINT_VERSION, error)) {
        return usage_error(error);
      }
      std::set<std::string> all;
      for (const Finding& f : result.findings) all.insert(f.fingerprint);
      std::vector<Finding> written = take_baselined(result, all);
      std::cerr << "vaultlint: wrote " << written.size() << (written.size() == 1 ? " finding" : " findings") << " to "
                << *o.write_baseline << "\n";
      for (Finding& f : written) baselined.push_back(std::move(f));
      baseline_name = SourceLoader::display_path(fs::absolute(*o.write_baseline));
    }
    return kExitClean;
  };

  if (o.fix) {
    if (int code = pass(o.dry_run)) return code;
    FixOutcome fixed = apply_fixes(o, s, catalogue, result, complete);
    if (fixed.exit_code != kExitClean) return fixed.exit_code;
    if (o.dry_run) {
      // The diff is the output; the exit code says whether findings are left, as a scan's does.
      int written = emit(o, [&](std::ostream& out) { out << fixed.diff; });
      return written != kExitClean ? written : exit_code(result, setup.fail_on);
    }
    if (fixed.files_written > 0) {
      if (int code = pass(true)) return code;
    }
  } else if (int code = pass(true)) {
    return code;
  }

  ReportInput in{result, catalogue, VAULTLINT_VERSION};
  in.rules = reported_rules;
  in.automation_id = automation_id(o, shard);
  in.baselined = &baselined;
  in.baseline_file = baseline_name;
  if (!reported.empty()) in.documents = &reported;
  int written = emit(o, [&](std::ostream& out) {
    if (o.format == "json") write_json_report(in, out);
    else if (o.format == "sarif") write_sarif_report(in, out);
    else if (o.format == "junit") write_junit_report(in, out);
    else if (o.format == "github") write_github_report(in, out);
    else if (o.format == "lsp") write_lsp_report(in, out);
    else write_text_report(in, out, use_color(o));
  });
  if (written != kExitClean) return written;
  return exit_without_teardown(exit_code(result, setup.fail_on));
}

}  // namespace vl::cli
