// The variants of ARM templates: each template with its parameter files (the configuration's mapping,
// --param-file, X.parameters[.env].json beside X.json) and the --param values.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "frontends/arm/json_files.h"

namespace vl::arm {

struct Variant {
  std::string name;  // the parameter file as reports show it; empty for defaults
  SuppliedParameters parameters;
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

}  // namespace vl::arm
