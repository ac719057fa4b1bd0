// One group of units linked and evaluated together (scan/session.h: evaluate_group), and the findings
// finished as reports show them (finish_findings).
#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "policy/engine.h"
#include "scan/parallel.h"
#include "scan/session.h"
#include "scan/stages.h"

namespace vl::scan {

namespace {

// The rules over the graph, in slices on `jobs` threads when it is large; the slices' results in order.
EngineResult run_rules(const Engine& engine, const Graph& graph, unsigned jobs) {
  const auto n = static_cast<std::uint32_t>(graph.resources().size());
  constexpr std::uint32_t kSlice = 256;  // resources a slice: small enough to share out evenly
  if (jobs <= 1 || n <= kSlice) return engine.run(graph);
  std::vector<EngineResult> slices((n + kSlice - 1) / kSlice);
  parallel_for(slices.size(), jobs, [&](std::size_t k) {
    const auto first = static_cast<std::uint32_t>(k * kSlice);
    slices[k] = engine.run(graph, first, first + kSlice);
  });
  EngineResult out = std::move(slices[0]);
  for (std::size_t k = 1; k < slices.size(); ++k) {
    std::move(slices[k].findings.begin(), slices[k].findings.end(), std::back_inserter(out.findings));
    out.about.insert(out.about.end(), slices[k].about.begin(), slices[k].about.end());
    std::move(slices[k].vaults.begin(), slices[k].vaults.end(), std::back_inserter(out.vaults));
  }
  return out;
}

}  // namespace

std::vector<Finding> finish_findings(std::vector<Finding> engine_findings, const std::vector<Diagnostic>& file_diagnostics,
                                     std::vector<Finding> lowering, std::vector<Suppression> suppressions,
                                     const ScanOptions& options, const Catalogue& catalogue,
                                     const std::vector<UnitInfo>& units, const SourceSet& sources, bool& parse_errors) {
  Engine engine(catalogue, options.enabled_rules, EngineOptions{options.as_of});
  std::vector<Finding> findings = std::move(engine_findings);
  for (const Diagnostic& d : file_diagnostics) findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  std::move(lowering.begin(), lowering.end(), std::back_inserter(findings));
  for (const Diagnostic& d : scan::apply_suppressions(findings, std::move(suppressions), catalogue)) {
    findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  }
  // Kept in place: a second vector of every finding was the peak of memory on large scans.
  auto kept = findings.begin();
  for (Finding& f : findings) {
    if (f.rule && f.rule->id == "KV001") parse_errors = true;  // decides the exit code even if skipped
    if (!f.rule || !engine.enabled(f.rule->id)) continue;
    if (options.strict && f.result == Verdict::Unresolved) f.result = Verdict::Fail;
    if (&*kept != &f) *kept = std::move(f);
    ++kept;
  }
  findings.erase(kept, findings.end());
  return scan::merge_findings(std::move(findings), units, sources);
}

GroupResult evaluate_group(const Group& group, const ScanOptions& options, const Catalogue& catalogue,
                           const std::vector<UnitInfo>& all_units,
                           const std::function<std::uint32_t(std::size_t)>& unit_of_work,
                           const std::vector<std::shared_ptr<const KeptLowering>>& items, const SourceSet& sources,
                           bool consume, unsigned jobs, bool raw) {
  GroupResult out;
  GroupFindings& made = out.raw;
  std::vector<UnitInfo> units;
  std::unordered_map<std::uint32_t, std::uint32_t> local;  // global unit number -> this group's
  for (std::uint32_t u : group.units) {
    local[u] = static_cast<std::uint32_t>(units.size());
    units.push_back(all_units[u]);
  }
  Engine engine(catalogue, options.enabled_rules, EngineOptions{options.as_of});
  std::vector<std::uint64_t> work_of_resource;  // by graph index: the work item that lowered it
  for (std::size_t w : group.work) {
    std::uint32_t unit = local.at(unit_of_work(w));
    auto base = static_cast<std::uint32_t>(out.graph.resources().size());
    auto add = [&](Resource res) {
      res.unit = unit;
      if (res.module != UINT32_MAX) res.module += base;
      out.graph.add(std::move(res));
      work_of_resource.push_back(w);
    };
    if (consume) {
      // Made by make_shared<KeptLowering> in this run and held by nobody else: not const in fact.
      std::vector<Resource>& resources = const_cast<KeptLowering&>(*items[w]).lowered.resources;
      for (Resource& res : resources) add(std::move(res));
      std::vector<Resource>().swap(resources);  // the moved-from shells, 600 bytes each
    } else {
      for (const Resource& res : items[w]->lowered.resources) add(res);
    }
    for (const Diagnostic& d : items[w]->lowered.diagnostics) {
      made.lowering.push_back(engine.from_diagnostic(d, unit));
      made.lowering_work.push_back(w);
    }
    for (const Suppression& s : items[w]->lowered.suppressions) made.suppressions.push_back(s);
    // The graph keeps the first index of each file (the lowering keeps its own, for the next run).
    for (const auto& index : items[w]->lowered.provenance) out.graph.add_provenance(index);
  }
  Graph::ParallelFor parallel;
  if (jobs > 1) {
    parallel = [jobs](std::size_t n, const std::function<void(std::size_t)>& fn) { parallel_for(n, jobs, fn); };
  }
  out.graph.link(parallel);
  out.resources = out.graph.declared_count();
  auto work_of = [&](std::uint32_t resource) {
    return resource < work_of_resource.size() ? work_of_resource[resource] : UINT64_MAX;
  };

  // Evaluate the policies; diagnostics become KV001/KV002 findings.
  EngineResult evaluated = run_rules(engine, out.graph, jobs);
  made.engine = std::move(evaluated.findings);
  for (std::uint32_t resource : evaluated.about) made.engine_work.push_back(work_of(resource));
  out.vaults = scan::merge_vaults(evaluated.vaults, out.graph, units, sources);
  for (const VaultSummary& v : out.vaults) made.vault_work.push_back(work_of(v.resources.front()));
  out.access = scan::find_access(out.graph, catalogue.data(), sources);
  scan::attach_access(out.vaults, out.access, out.graph);
  // Raw findings are finished across the groups (combine_across), which needs no `files`.
  if (raw) return out;
  std::vector<Suppression> suppressions = group.suppressions;
  suppressions.insert(suppressions.end(), made.suppressions.begin(), made.suppressions.end());
  out.findings = finish_findings(std::move(made.engine), group.file_diagnostics, std::move(made.lowering),
                                 std::move(suppressions), options, catalogue, units, sources, out.parse_errors);
  out.raw = GroupFindings{};
  for (const Finding& f : out.findings) out.files.push_back(f.location.file);
  for (const VaultSummary& v : out.vaults) out.files.push_back(v.decl.file);
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

}  // namespace vl::scan
