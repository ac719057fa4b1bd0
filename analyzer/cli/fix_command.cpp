#include "cli/fix_command.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "cli/setup.h"
#include "fix/fix.h"
#include "report/report.h"

namespace vl::cli {

namespace fs = std::filesystem;

namespace {

// What identifies a finding across two scans: its fingerprint (rule, unit, resource, property; no
// positions) and its result.
using Key = std::pair<std::string, Verdict>;

std::string where(const Finding& f, const SourceSet& sources) {
  Location at = locate(sources, f.location);
  if (at.file.empty()) return f.rule->id;
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + " " + f.rule->id;
}

// The same declaration (whichever units deploy it: the edit changes its text for all of them), or the
// same resource in the same units.
bool same_resource(const Finding& g, const Finding& f) {
  if (g.decl.valid() && f.decl.valid()) return g.decl.file == f.decl.file && g.decl.begin == f.decl.begin;
  return g.resource == f.resource && g.units == f.units;
}

// A finding on another resource that names the fixed one as a related location (a role assignment that
// reaches the vault: KV202 and KV204 read KV101's verdict on the vault it reaches).
bool points_at(const Finding& g, const Finding& f) {
  if (!f.decl.valid()) return false;
  return std::any_of(g.related.begin(), g.related.end(), [&](const RelatedLocation& r) {
    return r.span.file == f.decl.file && r.span.begin == f.decl.begin;
  });
}

// Checks a set of fixes with a rescan: the problems, one sentence each (none: the set is certain).
class Checker {
 public:
  Checker(const ScanOptions& options, const Catalogue& catalogue, const ScanResult& result,
          const std::vector<Finding>& complete)
      : session_(options, catalogue, true), result_(result) {
    for (const Finding& f : complete) {
      if (!f.suppressed) before_.emplace(Key{f.fingerprint, f.result}, &f);
    }
  }

  std::vector<std::string> check(const std::vector<const Finding*>& fixed, const fix::FixPlan& plan) {
    const SourceSet& sources = *result_.sources;
    // The edited texts as buffers, the scan again, then the texts as they were.
    std::map<FileId, std::vector<fix::TextEdit>> by_file;
    for (const fix::TextEdit& e : plan.edits) by_file[e.file].push_back(e);
    for (const auto& [file, edits] : by_file) {
      session_.set_buffer(sources.get(file).path(), fix::apply(sources.get(file).text(), edits));
    }
    const ScanResult& after = session_.run();
    std::vector<std::string> problems;
    if (!after.errors.empty()) problems.push_back("the rescan failed: " + after.errors.front());
    std::map<Key, const Finding*> now;
    for (const Finding& f : after.findings) {
      if (!f.suppressed) now.emplace(Key{f.fingerprint, f.result}, &f);
    }
    std::set<std::string> gone_ok;  // fingerprints the fixes may take away
    for (const Finding* f : fixed) {
      gone_ok.insert(f->fingerprint);
      std::set<std::string> also;
      for (const FixSite& site : f->fix_sites) also.insert(site.also_resolves.begin(), site.also_resolves.end());
      for (const auto& [key, g] : before_) {
        if (also.count(g->rule->id) && (same_resource(*g, *f) || points_at(*g, *f))) gone_ok.insert(g->fingerprint);
      }
    }
    for (const Finding* f : fixed) {
      if (now.count(Key{f->fingerprint, Verdict::Fail})) problems.push_back(where(*f, sources) + " is still reported after its edit");
    }
    for (const auto& [key, f] : now) {
      if (!before_.count(key)) problems.push_back("the edits make " + f->rule->id + " appear: " + f->message);
    }
    for (const auto& [key, f] : before_) {
      if (!now.count(key) && !gone_ok.count(f->fingerprint)) {
        problems.push_back("the edits also change " + where(*f, sources) + ": " + f->message);
      }
    }
    for (const auto& [file, edits] : by_file) session_.set_buffer(sources.get(file).path(), sources.get(file).text());
    return problems;
  }

 private:
  ScanSession session_;
  const ScanResult& result_;
  std::map<Key, const Finding*> before_;
};

bool write_file(const fs::path& path, const std::string& text, std::string& error) {
  fs::path temporary = path;
  temporary += ".vaultlint-fix";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      error = "cannot write " + temporary.string();
      return false;
    }
  }
  std::error_code ec;
  fs::permissions(temporary, fs::status(path, ec).permissions(), ec);
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    error = "cannot replace " + path.string();
    return false;
  }
  return true;
}

std::string diff_name(const std::string& prefix, const std::string& display) {
  return !display.empty() && display[0] == '/' ? display : prefix + display;
}

}  // namespace

FixOutcome apply_fixes(const Options& o, const ScanOptions& scan, const Catalogue& catalogue, const ScanResult& result,
                       const std::vector<Finding>& complete) {
  FixOutcome out;
  const SourceSet& sources = *result.sources;
  std::vector<const Finding*> candidates;
  std::size_t without = 0;
  for (const Finding& f : result.findings) {
    if (f.suppressed || f.result != Verdict::Fail) continue;
    if (f.fix_sites.empty()) {
      ++without;
      continue;
    }
    candidates.push_back(&f);
  }
  fix::FixPlan plan = fix::plan(candidates, sources);
  std::vector<const Finding*> chosen;
  std::map<const Finding*, std::string> left;  // findings with a fix site whose edit is not applied, and why
  for (const fix::FixPlan::Item& item : plan.items) {
    if (item.edits.empty()) left[item.finding] = item.refused;
    else chosen.push_back(item.finding);
  }

  // The rescan: all together, else each on its own, keeping those that hold, and those together again.
  Checker checker(scan, catalogue, result, complete);
  if (!chosen.empty()) {
    std::vector<std::string> problems = checker.check(chosen, plan);
    if (!problems.empty()) {
      std::vector<const Finding*> kept;
      for (const Finding* f : chosen) {
        fix::FixPlan alone = fix::plan({f}, sources);
        std::vector<std::string> own = checker.check({f}, alone);
        if (own.empty()) kept.push_back(f);
        else left[f] = "the rescan disagrees: " + own.front();
      }
      chosen = kept;
      plan = fix::plan(chosen, sources);
      if (!chosen.empty() && !checker.check(chosen, plan).empty()) {
        for (const Finding* f : chosen) left[f] = "its edit holds on its own but not together with the others";
        chosen.clear();
      }
    }
    plan = fix::plan(chosen, sources);
  }

  std::map<FileId, std::vector<fix::TextEdit>> by_file;
  if (!chosen.empty()) {
    for (const fix::TextEdit& e : plan.edits) by_file[e.file].push_back(e);
  }
  std::vector<Span> secrets;  // where the scan found a secret written (Finding::redact)
  for (const Finding& f : complete) secrets.insert(secrets.end(), f.redact.begin(), f.redact.end());
  for (const Finding& f : result.findings) secrets.insert(secrets.end(), f.redact.begin(), f.redact.end());
  std::vector<std::pair<std::string, FileId>> files;  // in the order reports show them
  for (const auto& [file, edits] : by_file) files.emplace_back(sources.get(file).display(), file);
  std::sort(files.begin(), files.end());
  for (const auto& [shown, file] : files) {
    const SourceFile& src = sources.get(file);
    std::string after = fix::apply(src.text(), by_file[file]);
    if (o.dry_run) {
      // The diff quotes lines around the edits: a secret written there shows masked, as in every report.
      std::string before = fix::mask_spans(src.text(), file, secrets);
      out.diff += fix::unified_diff(diff_name("a/", shown), diff_name("b/", shown), before,
                                    fix::apply(before, by_file[file]));
      continue;
    }
    std::string error;
    if (!write_file(src.path(), after, error)) {
      std::cerr << "vaultlint: --fix: " << error << "\n";
      out.exit_code = kExitUsage;
      return out;
    }
    ++out.files_written;
  }

  for (const auto& [f, why] : left) std::cerr << "vaultlint: not fixed: " << where(*f, sources) << ": " << why << "\n";
  std::string count = std::to_string(chosen.size()) + (chosen.size() == 1 ? " finding" : " findings");
  std::string in_files = std::to_string(files.size()) + (files.size() == 1 ? " file" : " files");
  if (o.dry_run) {
    std::cerr << "vaultlint: --fix --dry-run: " << count << " with a certain fix, in " << in_files << "; nothing written\n";
  } else {
    std::cerr << "vaultlint: fixed " << count << " in " << in_files << "\n";
  }
  if (without > 0) {
    std::cerr << "vaultlint: " << without << (without == 1 ? " failing finding has" : " failing findings have")
              << " no certain fix (see their fix text)\n";
  }
  return out;
}

}  // namespace vl::cli
