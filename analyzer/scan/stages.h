// The stages of a scan that the driver (scan/session.h) calls on, each in its own file.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "frontends/arm/arm_frontend.h"
#include "scan/scan.h"
#include "source/loader.h"

namespace vl::scan {

// ---- reading (reading.cpp) ----
enum class JsonFileRole { Template, ParameterFile, Exported, Skipped, Broken };  // Exported: deployed resources (arm::lower_exported)

struct ReadJson {
  std::filesystem::path path;
  FileId file = kNoFile;
  JsonFileRole role = JsonFileRole::Skipped;
  Value root;
  std::optional<Diagnostic> diagnostic;  // a KV001 about the file itself
  std::vector<Suppression> suppressions; // from its `// vaultlint-disable-next-line` comments
  // A template held in another document (a blueprint artifact): the parameters that document gives it,
  // used when no parameter file targets it. `root` is then the template itself.
  std::optional<arm::SuppliedParameters> embedded_parameters;
};

// Loads and parses one .json file and decides what it is (template, parameter file, something else);
// broken or oversized templates become a KV001, other JSON is skipped silently.
ReadJson read_json_file(SourceLoader& loader, const std::filesystem::path& path);

// ---- units (units.cpp) ----
struct Variant {
  std::string name;  // the parameter file as reports show it; empty for defaults
  arm::SuppliedParameters parameters;
  std::filesystem::path file;  // the parameter file; empty for defaults
};

struct Unit {
  std::size_t template_index;  // into the read files
  std::vector<Variant> variants;
};

// Groups templates with their parameter files (the configuration's mapping for the template, else
// --param-file values that fit, else X.parameters.json and X.parameters.<env>.json beside X.json), and
// applies --param values. `given_used` says which --param-file files fit a template here.
using MappedParameterFiles = std::map<std::filesystem::path, std::vector<ReadJson>>;  // template -> its files
std::vector<Unit> form_units(const std::vector<ReadJson>& files, const std::vector<ReadJson>& param_files_given,
                             const std::vector<std::pair<std::string, std::string>>& params,
                             std::vector<bool>& given_used, const MappedParameterFiles& mapped = {});
// A --param-file that fits no template is a warning, unless another format applied it
// (`applied_elsewhere`: Bicep templates).
void warn_unused_parameter_files(const std::vector<ReadJson>& param_files_given, const std::vector<bool>& given_used,
                                 const std::set<std::filesystem::path>& applied_elsewhere,
                                 std::vector<std::string>& warnings);

// The template stem a conventional parameter file belongs to: "main" for "main.parameters.json" and
// "main.parameters.prod.json" (beside main.json or main.bicep); nullopt for any other name.
std::optional<std::string> parameter_file_stem(const std::string& file_name);

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
