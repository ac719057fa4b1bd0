// How a format hands its deployment units to the scan driver, whatever the format: each frontend's
// unit builder (frontends/arm/units.h, frontends/bicep/units.h, frontends/terraform/units.h) finds its
// units among the discovered files and returns one UnitTask each: its entry file, its variants, and a
// function that lowers one variant to graph resources (a LoweredUnit, graph/lowered.h). The driver
// (scan/) runs every (unit, variant) in parallel. It lives here, below the frontends and scan/, so that
// both sides include it and no frontend includes scan/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/lowered.h"
#include "source/discovery.h"
#include "source/loader.h"

namespace vl {

struct UnitTask {
  FileId entry = kNoFile;                  // the entry file (a Terraform root module: any of its files)
  std::filesystem::path entry_path;        // for the unit's identity in fingerprints
  std::vector<std::string> variant_names;  // parameter files / .bicepparam / var-file sets; {""}: defaults only
  // A parameter file (JSON or .bicepparam) targets it: an entry point for those values even when another
  // unit reads the same file as a module or linked template (repositories test their modules that way).
  bool pinned = false;
  // Lowers variant `variant`; `unit` and `variant` go into the resources it makes. Called from worker
  // threads, each (unit, variant) once: it must only read shared state (the loader is thread-safe).
  std::function<LoweredUnit(std::uint32_t unit, std::uint32_t variant)> lower;
  // Called once per variant when the driver is through with it: lowered (and its provenance indexes have
  // remembered what they keep), refused by the scan's memory bound, or left out as part of another unit.
  // The frontend may then let go of what that variant would read (Bicep's syntax trees). Optional.
  std::function<void(std::uint32_t variant)> done;
  // Files the entry names literally as modules or linked templates (absolute): a unit that another
  // unit's lowering reads is lowered only as part of it, never also on its own (scan/lowering.cpp), so a
  // chain of linked templates costs one unit's budget, not one per file.
  std::vector<std::filesystem::path> links = {};
  // What names this unit across scans of one session (format, entry, variants): a lowering kept from
  // an earlier scan under the same key is reused while no file it read has changed.
  std::string key;
  // Files the builder read for the unit before lowering (parameter files, tfvars, the root module's
  // files), besides the entry: a change to one re-lowers the unit.
  std::vector<std::filesystem::path> inputs;
};

// What a format read and parsed of one file, kept across the scans of a session by path and reused
// while the loader gives the same FileId for the path (it gives a new one when the file changes). Each
// unit builder has its own (a one-shot scan passes none).
template <typename T>
class PerFileCache {
 public:
  std::shared_ptr<const T> get(const std::filesystem::path& path, FileId id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = items_.find(path.string());
    return it != items_.end() && it->second.first == id ? it->second.second : nullptr;
  }
  void put(const std::filesystem::path& path, FileId id, std::shared_ptr<const T> item) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_[path.string()] = {id, std::move(item)};
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::pair<FileId, std::shared_ptr<const T>>> items_;
};

// The options of a scan that decide its units and their variants (scan/scan.h: ScanOptions has them).
struct UnitOptions {
  std::vector<std::filesystem::path> param_files;             // --param-file (ARM, Bicep)
  std::vector<std::pair<std::string, std::string>> params;    // --param NAME=VALUE (ARM, Bicep)
  std::vector<std::filesystem::path> var_files;               // --var-file (Terraform)
  std::vector<std::pair<std::string, std::string>> vars;      // --var NAME=VALUE (Terraform)
  std::filesystem::path bicep_cache;                          // --bicep-cache (default ~/.bicep), read-only
  // The configuration's `parameter_files`: an ARM template and the parameter files that are its
  // variants, replacing the ones found beside it (absolute paths).
  std::map<std::filesystem::path, std::vector<std::filesystem::path>> template_parameter_files;
};

struct ScanCounts {
  std::size_t files = 0;             // files looked at (every format)
  std::size_t units = 0;             // deployment units evaluated as entry points
  std::size_t parameter_files = 0;   // ARM parameter files, .bicepparam files, tfvars files
  std::size_t modules = 0;           // units read only as another's module or linked template
  std::size_t skipped_generated = 0; // Bicep's compiled output beside its .bicep source
  std::size_t resources = 0;
};

// What a format's unit builder works with and reports to.
struct FormatContext {
  const UnitOptions& options;
  SourceLoader& loader;
  const std::vector<DiscoveredFile>& files;
  std::vector<std::string>& errors;           // usage errors (exit 2)
  std::vector<std::string>& warnings;
  ScanCounts& counts;
  std::vector<Diagnostic>& file_diagnostics;  // KV001s about files that are no unit's (broken templates)
  std::vector<Suppression>& suppressions;     // inline suppressions found in the files
  // Runs fn(0..n-1) on the scan's worker threads (scan/parallel.h: each index writes its own slot).
  std::function<void(std::size_t n, const std::function<void(std::size_t)>& fn)> parallel;
  // ARM templates another format evaluates itself (the target of a .bicepparam's `using`): the ARM
  // units leave them out, so they are never also evaluated with their defaults alone.
  std::set<std::filesystem::path> claimed_templates = {};
  // --param-file files the Bicep units applied: the ARM units do not warn that they fit no template.
  std::set<std::filesystem::path> param_files_applied = {};
};

}  // namespace vl
