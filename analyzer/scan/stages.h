// The stages of a scan that the driver (scan/session.h) calls on, each in its own file.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scan/scan.h"
#include "source/loader.h"

namespace vl::scan {

// ---- suppressions (suppressions.cpp) ----
// Marks the findings that a suppression covers, and returns a KV003 for each suppression without a
// reason, without a rule, or naming a rule that does not exist.
std::vector<Diagnostic> apply_suppressions(std::vector<Finding>& findings, std::vector<Suppression> suppressions,
                                           const Catalogue& catalogue);

// ---- merging (merge.cpp) ----
// Merges findings with the same rule, location and result (variants, loop instances), fingerprints
// them, and sorts them by file, position and rule.
std::vector<Finding> merge_findings(std::vector<Finding> findings, const std::vector<UnitInfo>& units,
                                    const SourceSet& sources);
// The order of reports: by file (as shown), position, rule and message; then end and result. The first
// `sorted` items are in order already: the rest is sorted and merged into them.
void sort_findings(std::vector<Finding>& findings, const SourceSet& sources, std::size_t sorted = 0);
// Vaults by file and position, stable.
void sort_vaults(std::vector<VaultSummary>& vaults, const SourceSet& sources, std::size_t sorted = 0);
std::vector<VaultSummary> merge_vaults(const std::vector<VaultVerdict>& verdicts, const Graph& graph,
                                       const std::vector<UnitInfo>& units, const SourceSet& sources);

// ---- who reaches each vault (vault_access.cpp) ----
// Every role assignment with its role and principal, once per vault or Managed HSM it reaches (once with
// no target when it reaches none).
std::vector<AccessEdge> find_access(const Graph& graph, const DataTables& data, const SourceSet& sources);
// Fills each vault's `access` from those edges (every instance and variant merged into it).
void attach_access(std::vector<VaultSummary>& vaults, const std::vector<AccessEdge>& access, const Graph& graph);

}  // namespace vl::scan
