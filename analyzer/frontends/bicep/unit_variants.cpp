// The variants of the Bicep units (unit_variants.h).
#include "frontends/bicep/unit_variants.h"

#include "frontends/bicep/module_ref.h"

namespace vl::bicep {

namespace fs = std::filesystem;

const fs::path& variant_file(const std::vector<BicepFile>& files, const ParamVariant& v) {
  return v.json ? v.json_path : files[v.file].path;
}

namespace {

// Do a JSON parameter file's values fit a Bicep template: every name declared, every required one given?
bool fits(const std::vector<std::pair<std::string, bool>>& declared, const JsonParameterValues& values) {
  for (const auto& [name, value] : values) {
    bool known = false;
    for (const auto& d : declared) known = known || to_lower(d.first) == name;
    if (!known) return false;
  }
  for (const auto& [name, required] : declared) {
    if (required && !values.count(to_lower(name))) return false;
  }
  return true;
}

}  // namespace

std::map<fs::path, std::vector<ParamVariant>> json_parameter_variants(FormatContext& ctx, const ArmServices& arm, const std::vector<BicepFile>& files) {
  std::map<std::pair<fs::path, std::string>, std::vector<fs::path>> conventional;  // folder, stem -> files
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind != FileKind::ArmJson) continue;
    if (auto stem = arm.parameter_file_stem(f.path.filename().string())) conventional[{f.path.parent_path(), to_lower(*stem)}].push_back(f.path);
  }
  // A session parses the file again only when it changed (the ARM units share the cache).
  const auto& read = arm.read_parameter_file;
  std::vector<std::pair<fs::path, std::shared_ptr<const JsonParameterValues>>> given;
  for (const fs::path& p : ctx.options.param_files) {
    if (iends_with(p.string(), ".bicepparam")) continue;
    fs::path abs = fs::absolute(p).lexically_normal();
    if (auto values = read(abs)) given.emplace_back(abs, values);
  }
  std::map<fs::path, std::vector<ParamVariant>> out;
  for (const BicepFile& f : files) {
    if (f.params_file || !f.parsed) continue;
    std::vector<ParamVariant> variants;
    for (const auto& [path, values] : given) {
      if (!fits(f.outline.parameters, *values)) continue;
      variants.push_back(ParamVariant{SIZE_MAX, SourceLoader::display_path(path), values, path});
      ctx.param_files_applied.insert(path);
    }
    if (variants.empty()) {
      auto it = conventional.find({f.path.parent_path(), to_lower(f.path.stem().string())});
      if (it == conventional.end()) continue;
      for (const fs::path& path : it->second) {
        if (auto values = read(path)) variants.push_back(ParamVariant{SIZE_MAX, SourceLoader::display_path(path), values, path});
      }
    }
    if (!variants.empty()) out[f.path] = std::move(variants);
  }
  return out;
}

ParamTargets param_file_targets(FormatContext& ctx, const std::vector<BicepFile>& files, const std::set<fs::path>& given,
                                const fs::path& module_cache) {
  ParamTargets out;
  std::map<fs::path, std::vector<ParamVariant>> given_targets;
  std::error_code ec;
  ModuleAliases aliases;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const BicepFile& f = files[i];
    if (!f.params_file || !f.parsed) continue;
    ParamFileTarget target = param_file_target(*f.parsed);
    if (target.none) continue;  // `using none`: values for no template in particular
    ParamVariant variant{i, SourceLoader::display_path(f.path)};
    if (target.reference.empty()) {
      ctx.file_diagnostics.push_back(Diagnostic{"KV001", target.at.valid() ? target.at : Span{f.file, 0, 0},
                                                "the .bicepparam file has no `using` naming its template", {}});
      continue;
    }
    ModuleRef ref = resolve_module_ref(target.reference, f.path, module_cache, aliases);
    switch (ref.kind) {
      case ModuleRef::Kind::Local:
        if (given.count(f.path)) given_targets[ref.local].push_back(variant);
        (iends_with(ref.local.string(), ".json") ? out.json : out.bicep)[ref.local].push_back(variant);
        break;
      case ModuleRef::Kind::Registry:
      case ModuleRef::Kind::TemplateSpec:
        if (!module_cache.empty() && fs::is_regular_file(ref.cached, ec)) {
          out.cached_of[out.registry.size()] = ref.cached;
          out.registry.push_back(variant);
        } else {
          ctx.file_diagnostics.push_back(Diagnostic{"KV002", target.at,
                                                    "`" + ref.shown + "` is not in the Bicep module cache (" +
                                                        module_cache.generic_string() +
                                                        "); run `bicep restore` so that its resources are checked",
                                                    {}});
        }
        break;
      case ModuleRef::Kind::Invalid:
        ctx.file_diagnostics.push_back(Diagnostic{"KV002", target.at, "`" + ref.shown + "` cannot be resolved: " + ref.error, {}});
        break;
    }
  }

  // Given .bicepparam files replace the ones found beside their targets.
  for (auto& [target, variants] : given_targets) {
    if (out.bicep.count(target)) out.bicep[target] = variants;
    if (out.json.count(target)) out.json[target] = variants;
  }
  return out;
}

}  // namespace vl::bicep
