// How the scan driver sees a deployment unit, whatever its format: its entry file, its variants, and a
// function that lowers one variant to graph resources. Each format has one builder (arm_units.cpp, ...)
// that finds its units among the discovered files; the driver runs every (unit, variant) in parallel.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "graph/lowered.h"
#include "scan/scan.h"
#include "source/discovery.h"
#include "source/loader.h"

namespace vl::scan {

struct UnitTask {
  FileId entry = kNoFile;                  // the entry file (a Terraform root module: any of its files)
  std::filesystem::path entry_path;        // for the unit's identity in fingerprints
  std::vector<std::string> variant_names;  // parameter files / .bicepparam / var-file sets; {""}: defaults only
  // A parameter file (JSON or .bicepparam) targets it: an entry point for those values even when another
  // unit reads the same file as a module or linked template (repositories test their modules that way).
  bool pinned = false;
  // Files every lowering of this unit reads as modules whatever its values (Bicep's module paths are
  // literals): known before lowering, a subset of each variant's used_files. The driver drops at once the
  // results of a unit these make a module only (scan.cpp); empty where a format cannot tell.
  std::vector<FileId> static_uses;
  // Lowers variant `variant`; `unit` and `variant` go into the resources it makes. Called from worker
  // threads, each (unit, variant) once: it must only read shared state (the loader is thread-safe).
  std::function<LoweredUnit(std::uint32_t unit, std::uint32_t variant)> lower;
};

// What a format's unit builder works with and reports to.
struct FormatContext {
  const ScanOptions& options;
  SourceLoader& loader;
  const std::vector<DiscoveredFile>& files;
  ScanResult& out;                          // errors (usage: exit 2), warnings, counts
  std::vector<Diagnostic>& file_diagnostics;  // KV001s about files that are no unit's (broken templates)
  std::vector<Suppression>& suppressions;     // inline suppressions found in the files
  // ARM templates another format evaluates itself (the target of a .bicepparam's `using`): the ARM
  // units leave them out, so they are never also evaluated with their defaults alone.
  std::set<std::filesystem::path> claimed_templates = {};
  // --param-file files the Bicep units applied: the ARM units do not warn that they fit no template.
  std::set<std::filesystem::path> param_files_applied = {};
};

std::vector<UnitTask> arm_unit_tasks(FormatContext& ctx);
std::vector<UnitTask> terraform_unit_tasks(FormatContext& ctx);
// Runs before arm_unit_tasks: it claims the ARM templates that .bicepparam files target.
std::vector<UnitTask> bicep_unit_tasks(FormatContext& ctx);

}  // namespace vl::scan
