// The ARM units of a scan (graph/unit_task.h): every template among the discovered .json files, with its
// parameter files as variants (json_files.h decides what a .json file is, variants.h groups them), and
// every file of exported resources, one unit each.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "frontends/arm/json_files.h"
#include "graph/unit_task.h"

namespace vl::arm {

// What a session keeps between scans: each .json file as read (the Bicep units read JSON parameter
// files through it too).
struct UnitCache {
  PerFileCache<ReadJson> json;
};

// The values of a JSON parameter file, read through the cache (the Bicep units read theirs so, through
// scan/); null when the file is not an ARM parameter file.
std::shared_ptr<const SuppliedParameters> read_kept_parameter_file(SourceLoader& loader, UnitCache* cache,
                                                                   const std::filesystem::path& path);

// Runs after the Bicep units (bicep::unit_tasks): they claim the templates .bicepparam files target and
// the --param-file files they apply. `cache`: null in a one-shot scan.
std::vector<UnitTask> unit_tasks(FormatContext& ctx, UnitCache* cache);

}  // namespace vl::arm
