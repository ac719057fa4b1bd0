// Who reaches each vault, as the reports show it: the per-vault access list in JSON and text, and the
// assignments' reaches / defined-by / assigned-to edges in `vaultlint graph` (JSON and dot).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "report/report.h"

namespace vl {

// summary.vaults[].access: one object per assignment that reaches the vault.
nlohmann::ordered_json vault_access_json(const VaultSummary& vault, const SourceSet& sources);
// One line of the text report under a vault: "Owner to 1111… (User), standing, on resource group `rg`".
std::string vault_access_line(const VaultAccess& access);

// The graph's edges from role assignments: reaches (to each vault it reaches), defined-by (to the custom
// role definition in the scan, or naming the built-in role, or why the role is unresolved) and
// assigned-to (naming the principal), the last two for every assignment.
void add_access_edges_json(const ScanResult& scan, nlohmann::ordered_json& edges);
// The dot picture of them: principals and roles beside the resources, and an edge from each principal to
// each vault it reaches, labelled with the role and the scope it was granted at.
void write_access_dot(const ScanResult& scan, std::ostream& out);

}  // namespace vl
