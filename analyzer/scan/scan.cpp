#include "scan/scan.h"

#include <algorithm>
#include <map>
#include <set>

#include "policy/engine.h"
#include "scan/parallel.h"
#include "scan/stages.h"
#include "scan/unit_task.h"
#include "source/glob.h"

namespace vl {

namespace fs = std::filesystem;

namespace {

// A unit whose entry file another unit reads as a module or linked template is part of that unit, not
// an entry point of its own (unless the two read each other).
std::vector<bool> entry_points(const std::vector<scan::UnitTask>& tasks,
                               const std::vector<std::pair<std::size_t, std::uint32_t>>& work,
                               const std::vector<LoweredUnit>& lowered) {
  std::map<FileId, std::set<std::size_t>> used_by;
  for (std::size_t w = 0; w < work.size(); ++w) {
    for (FileId f : lowered[w].used_files) used_by[f].insert(work[w].first);
  }
  auto users_of = [&](FileId f) { return used_by.count(f) ? used_by.at(f) : std::set<std::size_t>{}; };
  std::vector<bool> entry(tasks.size(), true);
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    if (tasks[u].pinned) continue;
    for (std::size_t by : users_of(tasks[u].entry)) {
      if (by != u && !users_of(tasks[by].entry).count(u)) entry[u] = false;
    }
  }
  return entry;
}

// The tasks that name each file as a static module (UnitTask::static_uses).
std::map<FileId, std::vector<std::size_t>> static_users_of(const std::vector<scan::UnitTask>& tasks) {
  std::map<FileId, std::vector<std::size_t>> out;
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    for (FileId f : tasks[u].static_uses) out[f].push_back(u);
  }
  return out;
}

// Is unit `u` a module only, whatever the other units' lowerings give? So entry_points() decides when
// another unit surely reads its entry file (a static use) and `u`, with one variant, does not read that
// unit's: its results can go as soon as it is lowered (a third of the public corpus's Bicep units are
// modules of others, and their results were kept until every unit was lowered).
bool surely_module(const std::vector<scan::UnitTask>& tasks, const std::map<FileId, std::vector<std::size_t>>& static_users,
                   std::size_t u, const LoweredUnit& lowered) {
  if (tasks[u].pinned || tasks[u].variant_names.size() != 1) return false;
  auto it = static_users.find(tasks[u].entry);
  if (it == static_users.end()) return false;
  for (std::size_t by : it->second) {
    if (by == u) continue;
    const auto& used = lowered.used_files;
    if (std::find(used.begin(), used.end(), tasks[by].entry) == used.end()) return true;
  }
  return false;
}

// Leaves out what the configuration file excludes: a glob relative to its folder that matches the file
// or one of its folders. Files named on the command line stay, as with --exclude.
void apply_config_excludes(const ScanOptions& options, std::vector<DiscoveredFile>& files) {
  if (options.config_excludes.empty()) return;
  std::vector<GlobPattern> globs;
  for (const std::string& g : options.config_excludes) globs.emplace_back(g);
  std::erase_if(files, [&](const DiscoveredFile& f) {
    if (f.explicitly_named) return false;
    std::string rel = f.path.lexically_relative(options.config_dir).generic_string();
    if (rel.empty() || rel.starts_with("../")) return false;
    for (std::size_t slash = rel.find('/');; slash = rel.find('/', slash + 1)) {
      std::string prefix = rel.substr(0, slash);
      for (const GlobPattern& g : globs) {
        if (g.matches(prefix) || (slash != std::string::npos && g.matches(prefix + "/"))) return true;
      }
      if (slash == std::string::npos) return false;
    }
  });
}

// An editor's buffer (--stdin-filename) is scanned whether or not it exists on disk yet.
void add_overlay_files(const ScanOptions& options, DiscoveryResult& discovered) {
  for (const auto& [path, text] : options.overlays) {
    fs::path abs = fs::absolute(path).lexically_normal();
    bool found = false;
    for (const DiscoveredFile& f : discovered.files) found = found || f.path == abs;
    FileKind kind;
    if (!found && classify_file_name(abs, kind)) discovered.files.push_back(DiscoveredFile{abs, kind, true});
    std::erase_if(discovered.missing, [&](const std::string& m) { return fs::absolute(m).lexically_normal() == abs; });
  }
}

}  // namespace

ScanResult run_scan(const ScanOptions& options, const Catalogue& catalogue) {
  ScanResult out;
  std::vector<fs::path> roots = options.paths.empty() ? std::vector<fs::path>{fs::current_path()} : options.paths;

  DiscoveryResult discovered = discover(roots, options.discovery);
  add_overlay_files(options, discovered);
  for (const std::string& missing : discovered.missing) out.errors.push_back("no such file or directory: " + missing);
  if (!out.errors.empty()) return out;
  apply_config_excludes(options, discovered.files);

  SourceLoader loader(*out.sources, find_repository(roots.front()), options.max_file_size);
  for (const auto& [path, text] : options.overlays) loader.overlay(path, text);
  for (std::size_t i = 1; i < roots.size(); ++i) loader.allow_root(find_repository(roots[i]));
  for (const fs::path& p : options.param_files) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) out.errors.push_back("no such parameter file: " + p.string());
    loader.allow_root(fs::absolute(p).parent_path());
  }
  if (!out.errors.empty()) return out;

  // Every format finds its units among the discovered files.
  std::vector<Diagnostic> file_diagnostics;
  std::vector<Suppression> suppressions;
  scan::FormatContext ctx{options, loader, discovered.files, out, file_diagnostics, suppressions};
  std::vector<scan::UnitTask> bicep_tasks = scan::bicep_unit_tasks(ctx);  // first: it claims .bicepparam targets
  std::vector<scan::UnitTask> tasks = scan::arm_unit_tasks(ctx);
  for (scan::UnitTask& t : scan::terraform_unit_tasks(ctx)) tasks.push_back(std::move(t));
  for (scan::UnitTask& t : bicep_tasks) tasks.push_back(std::move(t));
  if (!out.errors.empty()) return out;

  // Lower every (unit, variant) in parallel; results land in input order.
  std::vector<std::pair<std::size_t, std::uint32_t>> work;
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    for (std::uint32_t v = 0; v < tasks[u].variant_names.size(); ++v) work.emplace_back(u, v);
  }
  std::vector<LoweredUnit> lowered(work.size());
  const std::map<FileId, std::vector<std::size_t>> static_users = static_users_of(tasks);
  parallel_for(work.size(), options.jobs, [&](std::size_t w) {
    const std::size_t u = work[w].first;
    lowered[w] = tasks[u].lower(static_cast<std::uint32_t>(u), work[w].second);
    if (surely_module(tasks, static_users, u, lowered[w])) {
      // Only what decides the others' entry points stays (entry_points() makes it a module all the same).
      LoweredUnit kept;
      kept.used_files = std::move(lowered[w].used_files);
      lowered[w] = std::move(kept);
    }
    lowered[w].resources.shrink_to_fit();  // 640 bytes a resource: a doubling vector's slack adds up
  });
  std::vector<bool> entry = entry_points(tasks, work, lowered);
  // While the frontends' syntax is still at hand, the entry units' indexes work out what the graph will ask
  // of their parameters and outputs; then the closures, which hold that syntax (Bicep's trees), go.
  parallel_for(work.size(), options.jobs, [&](std::size_t w) {
    if (entry[work[w].first]) remember_value_nodes(lowered[w]);
  });
  for (scan::UnitTask& t : tasks) t.lower = nullptr;

  std::vector<std::vector<FileId>> used_by_task(tasks.size());
  for (std::size_t w = 0; w < work.size(); ++w) {
    for (FileId f : lowered[w].used_files) used_by_task[work[w].first].push_back(f);
  }

  // One graph from the entry units, numbered densely.
  std::vector<std::uint32_t> unit_number(tasks.size(), UINT32_MAX);
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    if (!entry[u]) {
      ++out.counts.modules;
      continue;
    }
    unit_number[u] = static_cast<std::uint32_t>(out.units.size());
    UnitInfo info;
    info.entry = tasks[u].entry;
    fs::path rel = tasks[u].entry_path.lexically_relative(loader.repository());
    info.identity = rel.empty() ? tasks[u].entry_path.generic_string() : rel.generic_string();
    for (const std::string& v : tasks[u].variant_names) {
      if (!v.empty()) info.variants.push_back(v);
    }
    if (info.entry != kNoFile) info.files.push_back(info.entry);
    for (FileId f : used_by_task[u]) {
      if (std::find(info.files.begin(), info.files.end(), f) == info.files.end()) info.files.push_back(f);
    }
    out.units.push_back(std::move(info));
    ++out.counts.units;
  }
  // What only a module's or linked template's own unit made is never reported: it goes now, before the
  // graph is built.
  for (std::size_t w = 0; w < work.size(); ++w) {
    if (unit_number[work[w].first] == UINT32_MAX) lowered[w] = LoweredUnit{};
  }
  std::vector<std::pair<Diagnostic, std::uint32_t>> diagnostics;
  for (std::size_t w = 0; w < work.size(); ++w) {
    std::uint32_t unit = unit_number[work[w].first];
    if (unit == UINT32_MAX) continue;
    auto base = static_cast<std::uint32_t>(out.graph.resources().size());
    for (Resource& res : lowered[w].resources) {
      res.unit = unit;
      if (res.module != UINT32_MAX) res.module += base;
      out.graph.add(std::move(res));
    }
    for (Diagnostic& d : lowered[w].diagnostics) diagnostics.emplace_back(std::move(d), unit);
    for (Suppression& s : lowered[w].suppressions) suppressions.push_back(std::move(s));
    for (const auto& index : lowered[w].provenance) out.graph.add_provenance(index);
    lowered[w] = LoweredUnit{};  // the moved-from shells (640 bytes a resource), other units' copies of an index
  }
  std::vector<LoweredUnit>().swap(lowered);
  out.graph.link();
  out.counts.resources = out.graph.declared_count();

  // Evaluate the policies; diagnostics become KV001/KV002 findings.
  Engine engine(catalogue, options.enabled_rules, EngineOptions{options.as_of});
  EngineResult evaluated = engine.run(out.graph);
  std::vector<Finding> findings = std::move(evaluated.findings);
  for (const Diagnostic& d : file_diagnostics) findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  for (auto& [d, unit] : diagnostics) findings.push_back(engine.from_diagnostic(d, unit));
  for (const Diagnostic& d : scan::apply_suppressions(findings, suppressions, catalogue)) {
    findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  }
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    if (f.rule && f.rule->id == "KV001") out.parse_errors = true;  // decides the exit code even if skipped
    if (!f.rule || !engine.enabled(f.rule->id)) continue;
    if (options.strict && f.result == Verdict::Unresolved) f.result = Verdict::Fail;
    kept.push_back(std::move(f));
  }
  out.findings = scan::merge_findings(std::move(kept), out.units, *out.sources);
  out.vaults = scan::merge_vaults(evaluated.vaults, out.graph, out.units, *out.sources);
  out.access = scan::find_access(out.graph, catalogue.data(), *out.sources);
  scan::attach_access(out.vaults, out.access, out.graph);
  return out;
}

}  // namespace vl
