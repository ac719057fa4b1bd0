// The variants of the Bicep units (units.cpp): the .bicepparam files and JSON parameter files of each
// template, and what each .bicepparam targets.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "frontends/bicep/units.h"

namespace vl::bicep {

// What forming units needs of a template, worked out while its tree is at hand: a one-shot scan lets the
// tree go at once (trees are 8 times their text; holding every file's until its lowering was the peak of
// a scan's memory) and the lowering parses the file again.
struct TemplateOutline {
  std::vector<std::pair<std::string, bool>> parameters;  // declared: name, required
  std::vector<std::filesystem::path> module_paths;       // local modules written as literal paths
  std::vector<FileId> static_modules;                     // the files those name (a one-shot scan only)
};

struct BicepFile {
  std::filesystem::path path;
  FileId file = kNoFile;
  bool params_file = false;
  // Null when the file could not be read. A template's tree is gone in a one-shot scan (`parsed->tree` is
  // null): read `outline`. A .bicepparam keeps its tree.
  std::shared_ptr<const ParsedFile> parsed;
  TemplateOutline outline;
  std::optional<Diagnostic> diagnostic;  // a KV001 about the file itself (size, binary)
};

// A variant of a Bicep template: a .bicepparam whose `using` names it, or a JSON parameter file
// (X.parameters.json beside X.bicep, or a --param-file that fits), which applies to Bicep as to ARM.
struct ParamVariant {
  std::size_t file;  // .bicepparam: index into the read files
  std::string shown;
  std::shared_ptr<const JsonParameterValues> json = nullptr;  // a JSON parameter file's values
  std::filesystem::path json_path = {};                        // ... and where it is
};

// The file a variant reads its values from (a session lowers the unit again when it changes).
const std::filesystem::path& variant_file(const std::vector<BicepFile>& files, const ParamVariant& v);

// The JSON parameter files of each scanned .bicep: --param-file files that fit it (recorded as applied)
// or else the conventional X.parameters[.env].json beside X.bicep.
std::map<std::filesystem::path, std::vector<ParamVariant>> json_parameter_variants(FormatContext& ctx, const ArmServices& arm,
                                                                                   const std::vector<BicepFile>& files);

// What the scanned .bicepparam files target: local Bicep templates, local ARM templates, registry modules
// found in the Bicep module cache (KV001/KV002 for the others). A .bicepparam given with --param-file
// replaces the ones found beside its target.
struct ParamTargets {
  std::map<std::filesystem::path, std::vector<ParamVariant>> bicep, json;
  std::vector<ParamVariant> registry;
  std::map<std::size_t, std::filesystem::path> cached_of;  // registry variant -> cached main.json
};
ParamTargets param_file_targets(FormatContext& ctx, const std::vector<BicepFile>& files,
                                const std::set<std::filesystem::path>& given, const std::filesystem::path& module_cache);

}  // namespace vl::bicep
