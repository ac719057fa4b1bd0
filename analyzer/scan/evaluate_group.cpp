// One group of units linked and evaluated together (scan/session.h: evaluate_group).
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
    std::move(slices[k].vaults.begin(), slices[k].vaults.end(), std::back_inserter(out.vaults));
  }
  return out;
}

}  // namespace

GroupResult evaluate_group(const Group& group, const ScanOptions& options, const Catalogue& catalogue,
                           const std::vector<UnitInfo>& all_units, const std::vector<std::uint32_t>& unit_of_work,
                           const std::vector<std::shared_ptr<const KeptLowering>>& items, const SourceSet& sources,
                           bool consume, unsigned jobs) {
  GroupResult out;
  std::vector<UnitInfo> units;
  std::unordered_map<std::uint32_t, std::uint32_t> local;  // global unit number -> this group's
  for (std::uint32_t u : group.units) {
    local[u] = static_cast<std::uint32_t>(units.size());
    units.push_back(all_units[u]);
  }
  std::vector<std::pair<Diagnostic, std::uint32_t>> diagnostics;
  std::vector<Suppression> suppressions = group.suppressions;
  for (std::size_t w : group.work) {
    std::uint32_t unit = local.at(unit_of_work[w]);
    auto base = static_cast<std::uint32_t>(out.graph.resources().size());
    auto add = [&](Resource res) {
      res.unit = unit;
      if (res.module != UINT32_MAX) res.module += base;
      out.graph.add(std::move(res));
    };
    if (consume) {
      // Made by make_shared<KeptLowering> in this run and held by nobody else: not const in fact.
      std::vector<Resource>& resources = const_cast<KeptLowering&>(*items[w]).lowered.resources;
      for (Resource& res : resources) add(std::move(res));
      std::vector<Resource>().swap(resources);  // the moved-from shells, 600 bytes each
    } else {
      for (const Resource& res : items[w]->lowered.resources) add(res);
    }
    for (const Diagnostic& d : items[w]->lowered.diagnostics) diagnostics.emplace_back(d, unit);
    for (const Suppression& s : items[w]->lowered.suppressions) suppressions.push_back(s);
    // The graph keeps the first index of each file (the lowering keeps its own, for the next run).
    for (const auto& index : items[w]->lowered.provenance) out.graph.add_provenance(index);
  }
  Graph::ParallelFor parallel;
  if (jobs > 1) {
    parallel = [jobs](std::size_t n, const std::function<void(std::size_t)>& fn) { parallel_for(n, jobs, fn); };
  }
  out.graph.link(parallel);
  out.resources = out.graph.declared_count();

  // Evaluate the policies; diagnostics become KV001/KV002 findings.
  Engine engine(catalogue, options.enabled_rules, EngineOptions{options.as_of});
  EngineResult evaluated = run_rules(engine, out.graph, jobs);
  std::vector<Finding> findings = std::move(evaluated.findings);
  for (const Diagnostic& d : group.file_diagnostics) findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  for (auto& [d, unit] : diagnostics) findings.push_back(engine.from_diagnostic(d, unit));
  for (const Diagnostic& d : scan::apply_suppressions(findings, std::move(suppressions), catalogue)) {
    findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  }
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    if (f.rule && f.rule->id == "KV001") out.parse_errors = true;  // decides the exit code even if skipped
    if (!f.rule || !engine.enabled(f.rule->id)) continue;
    if (options.strict && f.result == Verdict::Unresolved) f.result = Verdict::Fail;
    kept.push_back(std::move(f));
  }
  out.findings = scan::merge_findings(std::move(kept), units, sources);
  out.vaults = scan::merge_vaults(evaluated.vaults, out.graph, units, sources);
  out.access = scan::find_access(out.graph, catalogue.data(), sources);
  scan::attach_access(out.vaults, out.access, out.graph);
  for (const Finding& f : out.findings) out.files.push_back(f.location.file);
  for (const VaultSummary& v : out.vaults) out.files.push_back(v.decl.file);
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

}  // namespace vl::scan
