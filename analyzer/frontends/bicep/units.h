// The Bicep units of a scan (graph/unit_task.h): every .bicep file, with the .bicepparam files whose
// `using` names it (and the JSON parameter files that fit it) as its variants; a .bicepparam whose `using`
// names an ARM template or a registry module is a unit of its own, lowered by the ARM frontend. What the
// units need of ARM (lowering a JSON template, reading a JSON parameter file) comes in as ArmServices,
// which scan/ wires to the ARM frontend, because frontends never include each other.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontends/bicep/bicep_frontend.h"
#include "graph/unit_task.h"

namespace vl::bicep {

struct BicepFile;  // a .bicep or .bicepparam file as read and parsed (units.cpp)

// What a session keeps between scans: each Bicep file as read and parsed.
struct UnitCache {
  PerFileCache<BicepFile> files;
};

// The values of a JSON parameter file, by lower-case parameter name.
using JsonParameterValues = std::unordered_map<std::string, Value>;

struct ArmServices {
  // Lowers an ARM template: a local .json module, a registry module from the Bicep module cache, the
  // target of a .bicepparam.
  ArmLowerer lower;
  // The values of a JSON parameter file; null when the file is not an ARM parameter file.
  std::function<std::shared_ptr<const JsonParameterValues>(const std::filesystem::path& path)> read_parameter_file;
  // The template stem a conventional parameter file belongs to ("main" for main.parameters.prod.json).
  std::function<std::optional<std::string>(const std::string& file_name)> parameter_file_stem;
};

// Runs before the ARM units: it claims the ARM templates .bicepparam files target
// (FormatContext::claimed_templates) and the --param-file files it applies. `cache`: null in a
// one-shot scan, which then lets each syntax tree go after the last lowering that reads it.
std::vector<UnitTask> unit_tasks(FormatContext& ctx, UnitCache* cache, const ArmServices& arm);

}  // namespace vl::bicep
