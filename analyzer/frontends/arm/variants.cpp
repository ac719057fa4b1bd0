// ARM templates with their parameter files (variants.h).
#include "frontends/arm/variants.h"

#include <map>
#include <set>

namespace vl::arm {

namespace fs = std::filesystem;

// "main.parameters.json" and "main.parameters.prod.json" belong to "main.json" (and to "main.bicep").
std::optional<std::string> parameter_file_stem(const std::string& file_name) {
  std::string lower = to_lower(file_name);
  std::size_t p = lower.find(".parameters.");
  if (p == std::string::npos || p == 0 || !lower.ends_with(".json")) return std::nullopt;
  std::string rest = lower.substr(p + 12);  // after ".parameters."
  if (rest != "json" && (rest.find('.') != rest.size() - 5)) return std::nullopt;
  return file_name.substr(0, p);
}

namespace {

// --param values arrive as text; the template's parameter type decides what they become (ArmEnv).
Value param_value(const std::string& text) { return Value::string(text); }

}  // namespace

std::vector<Unit> form_units(const std::vector<ReadJson>& files, const std::vector<ReadJson>& param_files_given,
                             const std::vector<std::pair<std::string, std::string>>& params,
                             std::vector<bool>& given_used, const MappedParameterFiles& mapped) {
  // Parameter files found beside templates, by folder and template stem.
  std::map<std::pair<fs::path, std::string>, std::vector<std::size_t>> conventional;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].role != JsonFileRole::ParameterFile) continue;
    auto stem = parameter_file_stem(files[i].path.filename().string());
    if (stem) conventional[{files[i].path.parent_path(), to_lower(*stem)}].push_back(i);
  }
  std::vector<Unit> units;
  given_used.resize(param_files_given.size(), false);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const ReadJson& t = files[i];
    if (t.role != JsonFileRole::Template) continue;
    Unit unit{i, {}};
    // The configuration names this template's parameter files: those, whether they fit or not.
    auto m = mapped.find(t.path);
    if (m != mapped.end()) {
      for (const ReadJson& p : m->second) {
        std::string shown = SourceLoader::display_path(p.path);
        unit.variants.push_back(Variant{shown, read_parameter_file(p.root, shown), p.path});
      }
    }
    // --param-file values that fit this template replace the conventional ones.
    for (std::size_t g = 0; g < param_files_given.size() && m == mapped.end(); ++g) {
      const ReadJson& p = param_files_given[g];
      SuppliedParameters supplied =
          read_parameter_file(p.root, SourceLoader::display_path(p.path));
      if (parameters_fit(t.root, supplied)) {
        unit.variants.push_back(Variant{SourceLoader::display_path(p.path), std::move(supplied), p.path});
        given_used[g] = true;
      }
    }
    if (unit.variants.empty()) {
      auto it = conventional.find({t.path.parent_path(), to_lower(t.path.stem().string())});
      if (it != conventional.end()) {
        for (std::size_t p : it->second) {
          std::string shown = SourceLoader::display_path(files[p].path);
          unit.variants.push_back(Variant{shown, read_parameter_file(files[p].root, shown), files[p].path});
        }
      }
    }
    if (unit.variants.empty()) unit.variants.push_back(Variant{"", t.embedded_parameters.value_or(SuppliedParameters{}), {}});
    // --param NAME=VALUE applies to every variant of every template that declares NAME.
    const Object& declared = t.root.as_object().get("parameters").as_object();
    for (const auto& [name, text] : params) {
      if (!declared.find(name)) continue;
      for (Variant& v : unit.variants) v.parameters.by_lower_name[to_lower(name)] = param_value(text);
    }
    units.push_back(std::move(unit));
  }
  return units;
}

void warn_unused_parameter_files(const std::vector<ReadJson>& param_files_given, const std::vector<bool>& given_used,
                                 const std::set<fs::path>& applied_elsewhere, std::vector<std::string>& warnings) {
  for (std::size_t g = 0; g < param_files_given.size(); ++g) {
    if (!given_used[g] && !applied_elsewhere.count(param_files_given[g].path)) {
      warnings.push_back("--param-file " + SourceLoader::display_path(param_files_given[g].path) +
                         " fits no scanned template (unknown parameter names, or a required one missing)");
    }
  }
}

}  // namespace vl::arm
