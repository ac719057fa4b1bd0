// The Bicep units of a scan: every .bicep file, with the .bicepparam files whose `using` names it as its
// variants (then never evaluated with defaults alone); a .bicepparam whose `using` names an ARM template
// or a registry module is a unit of its own, lowered by the ARM frontend. Files are read and parsed in
// parallel, once; syntax errors and suppressions of the discovered files are reported here. ARM JSON that
// a Bicep module needs (a local .json module, a registry module from the Bicep module cache) is handed to
// the ARM frontend from here, because frontends never include each other.
#include <algorithm>
#include <map>
#include <set>
#include <memory>

#include "frontends/arm/arm_frontend.h"
#include "frontends/bicep/bicep_frontend.h"
#include "frontends/bicep/module_ref.h"
#include "graph/json_value.h"
#include "scan/parallel.h"
#include "scan/stages.h"
#include "scan/unit_task.h"

namespace vl::scan {

namespace fs = std::filesystem;

struct BicepFile {
  fs::path path;
  FileId file = kNoFile;
  bool params_file = false;
  std::shared_ptr<const bicep::ParsedFile> parsed;  // null when the file could not be read
  std::optional<Diagnostic> diagnostic;             // a KV001 about the file itself (size, binary)
};

namespace {

BicepFile read_bicep(SourceLoader& loader, const fs::path& path, bool params_file) {
  BicepFile out;
  out.path = path;
  out.params_file = params_file;
  LoadedFile loaded = loader.load(path);
  out.file = loaded.id;
  switch (loaded.status) {
    case LoadStatus::Ok:
      out.parsed = bicep::parse_file(loaded.id, loader.sources().get(loaded.id).text(), params_file);
      break;
    case LoadStatus::TooLarge:
      // No bytes of it are kept: the KV001 points at the start of an empty stand-in.
      out.file = loader.sources().add(std::make_unique<SourceFile>(SourceLoader::display_path(path), path, ""));
      out.diagnostic = Diagnostic{"KV001", Span{out.file, 0, 0}, loaded.error, {}};
      break;
    case LoadStatus::Binary:
      out.diagnostic = Diagnostic{"KV001", Span{out.file, 0, 0}, loaded.error, {}};
      break;
    default:
      break;
  }
  return out;
}

// Hands an ARM template (a local .json module or a cached registry module) to the ARM frontend.
bicep::ArmLowerer arm_lowerer(SourceLoader* loader) {
  return [loader](const bicep::ArmModuleCall& call) {
    bicep::ArmModuleResult out;
    const SourceFile& file = loader->sources().get(call.file);
    std::shared_ptr<const std::string> text = file.contents();  // an ARM file's text is released once read
    JsonDocument doc = parse_json_document(call.file, *text);
    if (!doc.result.ok) {
      out.diagnostics.push_back(Diagnostic{"KV001", Span{call.file, doc.result.error_offset, doc.result.error_offset + 1},
                                           "invalid JSON: " + doc.result.error, {}});
      return out;
    }
    if (arm::classify_json(doc.root) != arm::JsonRole::Template) {
      out.diagnostics.push_back(Diagnostic{"KV001", Span{call.file, 0, 0}, file.display() + " is not an ARM template", {}});
      return out;
    }
    arm::SuppliedParameters supplied;
    supplied.by_lower_name = call.parameters;
    supplied.origin = call.origin;
    supplied.all_unknown = call.parameters_unknown;
    arm::LowerRequest request{call.file, doc.root, std::move(supplied), call.unit, call.variant, *loader};
    request.scope = call.scope;
    request.want_outputs = true;
    request.module_call = call.module;
    arm::LowerResult lowered = arm::lower_template(request);
    out.outputs = std::move(lowered.outputs);
    static_cast<LoweredUnit&>(out) = std::move(lowered);
    return out;
  };
}

// A variant of a Bicep template: a .bicepparam whose `using` names it, or a JSON parameter file
// (X.parameters.json beside X.bicep, or a --param-file that fits), which applies to Bicep as to ARM.
struct ParamVariant {
  std::size_t file;  // .bicepparam: index into the read files
  std::string shown;
  std::shared_ptr<const arm::SuppliedParameters> json = nullptr;  // a JSON parameter file's values
  fs::path json_path = {};                                         // ... and where it is
};

// The file a variant reads its values from (a session lowers the unit again when it changes).
const fs::path& variant_file(const std::vector<BicepFile>& files, const ParamVariant& v) {
  return v.json ? v.json_path : files[v.file].path;
}

struct Shared {
  std::vector<BicepFile> files;
  std::shared_ptr<bicep::ParseCache> cache = std::make_shared<bicep::ParseCache>();
};

// A .bicepparam variant's tree, from the parse cache (which lets it go once its variants are lowered).
std::shared_ptr<const bicep::ParsedFile> param_tree(const Shared& shared, const ParamVariant& v, SourceLoader& loader) {
  return shared.cache->get(loader, shared.files[v.file].file, true, nullptr);
}

// The values of a .bicepparam variant, with whatever went wrong evaluating them.
bicep::ParamFileValues param_values(const Shared& shared, const ParamVariant* v, SourceLoader& loader) {
  if (!v) return {};
  if (v->json) return bicep::ParamFileValues{v->json->by_lower_name, {}};
  return bicep::evaluate_param_file(param_tree(shared, *v, loader), loader, *shared.cache);
}

// The files a unit's lowering surely parses: its entry and, through the modules each names literally,
// every file those reach.
std::vector<FileId> static_closure(FileId entry, const std::map<FileId, std::vector<FileId>>& static_of) {
  std::vector<FileId> out{entry};
  std::set<FileId> seen{entry};
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto it = static_of.find(out[i]);
    if (it == static_of.end()) continue;
    for (FileId f : it->second) {
      if (seen.insert(f).second) out.push_back(f);
    }
  }
  return out;
}

// Do a JSON parameter file's values fit a Bicep template: every name declared, every required one given?
bool fits(const bicep::ParsedFile& parsed, const arm::SuppliedParameters& values) {
  std::vector<std::pair<std::string, bool>> declared = bicep::declared_parameters(parsed);
  for (const auto& [name, value] : values.by_lower_name) {
    bool known = false;
    for (const auto& d : declared) known = known || to_lower(d.first) == name;
    if (!known) return false;
  }
  for (const auto& [name, required] : declared) {
    if (required && !values.by_lower_name.count(to_lower(name))) return false;
  }
  return true;
}

// The JSON parameter files of each scanned .bicep: --param-file files that fit it (recorded as applied)
// or else the conventional X.parameters[.env].json beside X.bicep.
std::map<fs::path, std::vector<ParamVariant>> json_parameter_variants(FormatContext& ctx, const std::vector<BicepFile>& files) {
  std::map<std::pair<fs::path, std::string>, std::vector<fs::path>> conventional;  // folder, stem -> files
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind != FileKind::ArmJson) continue;
    if (auto stem = parameter_file_stem(f.path.filename().string())) conventional[{f.path.parent_path(), to_lower(*stem)}].push_back(f.path);
  }
  auto read = [&](const fs::path& path) -> std::shared_ptr<const arm::SuppliedParameters> {
    // A session parses the file again only when it changed (the ARM units share the cache).
    FileId id = ctx.loader.load(path).id;
    std::shared_ptr<const ReadJson> r = ctx.cache && id != kNoFile ? ctx.cache->json.get(path, id) : nullptr;
    if (!r) {
      r = std::make_shared<ReadJson>(read_json_file(ctx.loader, path));
      if (ctx.cache && id != kNoFile) ctx.cache->json.put(path, id, r);
    }
    if (r->role != JsonFileRole::ParameterFile) return nullptr;
    return std::make_shared<arm::SuppliedParameters>(arm::read_parameter_file(r->root, SourceLoader::display_path(path)));
  };
  std::vector<std::pair<fs::path, std::shared_ptr<const arm::SuppliedParameters>>> given;
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
      if (!fits(*f.parsed, *values)) continue;
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

// What the scanned .bicepparam files target: local Bicep templates, local ARM templates, registry modules
// found in the Bicep module cache (KV001/KV002 for the others). A .bicepparam given with --param-file
// replaces the ones found beside its target.
struct ParamTargets {
  std::map<fs::path, std::vector<ParamVariant>> bicep, json;
  std::vector<ParamVariant> registry;
  std::map<std::size_t, fs::path> cached_of;  // registry variant -> cached main.json
};

ParamTargets param_file_targets(FormatContext& ctx, const std::vector<BicepFile>& files, const std::set<fs::path>& given,
                                const fs::path& module_cache) {
  ParamTargets out;
  std::map<fs::path, std::vector<ParamVariant>> given_targets;
  std::error_code ec;
  bicep::ModuleAliases aliases;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const BicepFile& f = files[i];
    if (!f.params_file || !f.parsed) continue;
    bicep::ParamFileTarget target = bicep::param_file_target(*f.parsed);
    if (target.none) continue;  // `using none`: values for no template in particular
    ParamVariant variant{i, SourceLoader::display_path(f.path)};
    if (target.reference.empty()) {
      ctx.file_diagnostics.push_back(Diagnostic{"KV001", target.at.valid() ? target.at : Span{f.file, 0, 0},
                                                "the .bicepparam file has no `using` naming its template", {}});
      continue;
    }
    bicep::ModuleRef ref = bicep::resolve_module_ref(target.reference, f.path, module_cache, aliases);
    switch (ref.kind) {
      case bicep::ModuleRef::Kind::Local:
        if (given.count(f.path)) given_targets[ref.local].push_back(variant);
        (iends_with(ref.local.string(), ".json") ? out.json : out.bicep)[ref.local].push_back(variant);
        break;
      case bicep::ModuleRef::Kind::Registry:
      case bicep::ModuleRef::Kind::TemplateSpec:
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
      case bicep::ModuleRef::Kind::Invalid:
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

}  // namespace

std::vector<UnitTask> bicep_unit_tasks(FormatContext& ctx) {
  std::vector<std::pair<fs::path, bool>> paths;
  std::set<fs::path> seen;
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind == FileKind::Bicep || f.kind == FileKind::BicepParam) {
      paths.emplace_back(f.path, f.kind == FileKind::BicepParam);
      seen.insert(f.path);
    }
  }
  ctx.out.counts.files += paths.size();
  // --param-file x.bicepparam: a variant of its `using` target, replacing the ones found beside it.
  std::set<fs::path> given;
  for (const fs::path& p : ctx.options.param_files) {
    if (!iends_with(p.string(), ".bicepparam")) continue;
    fs::path abs = fs::absolute(p).lexically_normal();
    given.insert(abs);
    if (seen.insert(abs).second) paths.emplace_back(abs, true);
  }
  std::error_code ec;
  const fs::path module_cache = ctx.options.bicep_cache;
  if (!module_cache.empty() && fs::is_directory(module_cache, ec)) ctx.loader.allow_root(module_cache);

  auto shared = std::make_shared<Shared>();
  shared->files.resize(paths.size());
  parallel_for(paths.size(), ctx.options.jobs, [&](std::size_t i) {
    // A session parses a file again only when it changed (the loader then gives a new id).
    FileId id = ctx.loader.load(paths[i].first).id;
    if (ctx.cache && id != kNoFile) {
      if (auto kept = ctx.cache->bicep.get(paths[i].first, id); kept && kept->params_file == paths[i].second) {
        shared->files[i] = *kept;
        return;
      }
    }
    shared->files[i] = read_bicep(ctx.loader, paths[i].first, paths[i].second);
    if (ctx.cache && id != kNoFile) ctx.cache->bicep.put(paths[i].first, id, std::make_shared<BicepFile>(shared->files[i]));
  });
  for (const BicepFile& f : shared->files) {
    if (f.diagnostic) ctx.file_diagnostics.push_back(*f.diagnostic);
    if (!f.parsed) continue;
    shared->cache->put(f.parsed);
    for (const Diagnostic& d : f.parsed->errors) ctx.file_diagnostics.push_back(d);
    for (const Suppression& s : f.parsed->suppressions) ctx.suppressions.push_back(s);
    if (f.params_file) ++ctx.out.counts.parameter_files;
  }

  ParamTargets targets = param_file_targets(ctx, shared->files, given, module_cache);
  std::map<fs::path, std::vector<ParamVariant>>& bicep_targets = targets.bicep;
  std::map<fs::path, std::vector<ParamVariant>>& json_targets = targets.json;
  std::vector<ParamVariant>& registry_targets = targets.registry;
  std::map<std::size_t, fs::path>& cached_of = targets.cached_of;

  SourceLoader* loader = &ctx.loader;
  const ScanOptions* options = &ctx.options;
  std::vector<UnitTask> tasks;

  // A one-shot scan lets each syntax tree go after the last lowering that surely reads it (trees take 8
  // times their text); what reads a file after that parses it again. A session keeps its trees.
  const bool release_trees = ctx.cache == nullptr;
  std::map<FileId, std::vector<FileId>> static_of;  // the files each template names literally as modules
  if (release_trees) {
    for (const BicepFile& f : shared->files) {
      if (f.params_file || !f.parsed) continue;
      static_of[f.file] = shared->cache->static_modules(*f.parsed, f.path, ctx.loader, module_cache);
    }
  }
  // A template another one names literally is lowered on its own only when no lowering of the first wave
  // read it (scan/lowering.cpp): its own unit is not counted as a use, so its tree goes with its reader's lowering,
  // and the rare lowering of its own parses it again.
  std::set<FileId> named_by_another;
  for (const auto& [file, modules] : static_of) {
    for (FileId m : modules) {
      if (m != file) named_by_another.insert(m);
    }
  }
  std::map<FileId, std::size_t> expected_uses;  // for the parse cache: when each tree may go
  auto expect_uses = [&](const std::vector<FileId>& files, const std::vector<ParamVariant>& variants) {
    for (FileId f : files) expected_uses[f] += std::max<std::size_t>(1, variants.size());
    for (const ParamVariant& v : variants) {
      if (!v.json) ++expected_uses[shared->files[v.file].file];
    }
  };
  // What a variant of a unit read is done with (scan/unit_task.h).
  auto done_with = [shared](std::shared_ptr<const std::vector<FileId>> uses, std::shared_ptr<const std::vector<ParamVariant>> list) {
    return [shared, uses, list](std::uint32_t variant) {
      for (FileId f : *uses) shared->cache->done(f);
      const ParamVariant* v = variant < list->size() ? &(*list)[variant] : nullptr;
      if (v && !v->json) shared->cache->done(shared->files[v->file].file);
    };
  };

  // A Bicep template, with its .bicepparam and JSON parameter file variants (or its defaults).
  auto add_bicep_unit = [&](FileId entry, const fs::path& path, std::vector<ParamVariant> variants) {
    UnitTask task;
    task.entry = entry;
    task.entry_path = path;
    task.key = "bicep\x1f" + path.string();
    task.pinned = !variants.empty();
    auto list = std::make_shared<std::vector<ParamVariant>>(std::move(variants));
    for (const ParamVariant& v : *list) {
      task.variant_names.push_back(v.shown);
      task.key += "\x1f" + v.shown;
      task.inputs.push_back(variant_file(shared->files, v));
    }
    if (list->empty()) task.variant_names.push_back("");
    if (release_trees && (task.pinned || !named_by_another.count(entry))) {
      auto uses = std::make_shared<const std::vector<FileId>>(static_closure(entry, static_of));
      expect_uses(*uses, *list);
      task.done = done_with(uses, list);
    }
    task.lower = [shared, list, entry, loader, options](std::uint32_t unit, std::uint32_t variant) {
      const ParamVariant* v = list->empty() ? nullptr : &(*list)[variant];
      bicep::ParamFileValues values = param_values(*shared, v, *loader);
      bicep::LowerRequest request;
      request.file = entry;
      request.parameters = std::move(values.values);
      if (v) request.origin = (v->json ? "the parameter file " : "the .bicepparam file ") + v->shown;
      if (v && !v->json) request.params_file = param_tree(*shared, *v, *loader);
      request.cli_params = options->params;
      request.unit = unit;
      request.variant = variant;
      request.loader = loader;
      request.cache = shared->cache.get();
      request.bicep_cache = options->bicep_cache;
      request.arm = arm_lowerer(loader);
      LoweredUnit out = bicep::lower(request);
      for (Diagnostic& d : values.diagnostics) out.diagnostics.push_back(std::move(d));
      return out;
    };
    tasks.push_back(std::move(task));
  };

  std::map<fs::path, std::vector<ParamVariant>> json_variants = json_parameter_variants(ctx, shared->files);
  for (const BicepFile& f : shared->files) {
    if (f.params_file || !f.parsed) continue;
    auto it = bicep_targets.find(f.path);
    std::vector<ParamVariant> variants;
    if (it != bicep_targets.end()) {
      variants = std::move(it->second);
      bicep_targets.erase(it);
    }
    if (auto j = json_variants.find(f.path); j != json_variants.end()) {
      for (ParamVariant& v : j->second) variants.push_back(std::move(v));
    }
    add_bicep_unit(f.file, f.path, std::move(variants));
    // Local modules are written as literal paths.
    for (const bicep::Decl* d : f.parsed->tree->decls) {
      if (d->kind == bicep::DeclKind::Module && d->path && d->path->kind == bicep::ExprKind::String) {
        tasks.back().links.push_back((f.path.parent_path() / d->path->text).lexically_normal());
      }
    }
  }
  // Templates named by a .bicepparam but not among the scanned files: still evaluated, with its values.
  for (auto& [path, variants] : bicep_targets) {
    LoadedFile loaded = ctx.loader.load(path);
    if (loaded.status != LoadStatus::Ok) {
      for (const ParamVariant& v : variants) {
        bicep::ParamFileTarget target = bicep::param_file_target(*shared->files[v.file].parsed);
        bool missing = loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository;
        ctx.file_diagnostics.push_back(Diagnostic{missing ? "KV002" : "KV001", target.at, "using: " + loaded.error, {}});
      }
      continue;
    }
    add_bicep_unit(loaded.id, path, std::move(variants));
  }

  // ARM templates a .bicepparam targets: lowered by the ARM frontend with its values (and claimed, so the
  // ARM units do not also evaluate them with defaults).
  auto add_arm_unit = [&](FileId entry, const fs::path& path, std::vector<ParamVariant> variants, FileId json) {
    UnitTask task;
    task.entry = entry;
    task.entry_path = path;
    task.key = "bicep-arm\x1f" + path.string() + "\x1f" + loader->sources().get(json).path().string();
    task.pinned = true;  // its .bicepparam files target it
    auto list = std::make_shared<std::vector<ParamVariant>>(std::move(variants));
    for (const ParamVariant& v : *list) {
      task.variant_names.push_back(v.shown);
      task.key += "\x1f" + v.shown;
      task.inputs.push_back(variant_file(shared->files, v));
    }
    task.inputs.push_back(loader->sources().get(json).path());
    if (release_trees) {
      auto uses = std::make_shared<const std::vector<FileId>>();
      expect_uses(*uses, *list);
      task.done = done_with(uses, list);
    }
    task.lower = [shared, list, json, loader](std::uint32_t unit, std::uint32_t variant) {
      const ParamVariant& v = (*list)[variant];
      bicep::ParamFileValues values = param_values(*shared, &v, *loader);
      bicep::ArmModuleCall call;
      call.file = json;
      call.parameters = std::move(values.values);
      call.origin = "the .bicepparam file " + v.shown;
      call.module = false;
      call.unit = unit;
      call.variant = variant;
      LoweredUnit out = arm_lowerer(loader)(call);
      for (Diagnostic& d : values.diagnostics) out.diagnostics.push_back(std::move(d));
      const auto params = param_tree(*shared, v, *loader);
      if (auto index = bicep::provenance_index(params, loader->sources().get(params->file))) out.provenance.push_back(std::move(index));
      return out;
    };
    tasks.push_back(std::move(task));
  };
  for (auto& [path, variants] : json_targets) {
    LoadedFile loaded = ctx.loader.load(path);
    if (loaded.status != LoadStatus::Ok) {
      for (const ParamVariant& v : variants) {
        bicep::ParamFileTarget target = bicep::param_file_target(*shared->files[v.file].parsed);
        bool missing = loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository;
        ctx.file_diagnostics.push_back(Diagnostic{missing ? "KV002" : "KV001", target.at, "using: " + loaded.error, {}});
      }
      continue;
    }
    ctx.claimed_templates.insert(path);
    add_arm_unit(loaded.id, path, std::move(variants), loaded.id);
  }
  for (std::size_t r = 0; r < registry_targets.size(); ++r) {
    LoadedFile loaded = ctx.loader.load(cached_of[r]);
    const BicepFile& f = shared->files[registry_targets[r].file];
    if (loaded.status != LoadStatus::Ok) {
      ctx.file_diagnostics.push_back(Diagnostic{"KV001", bicep::param_file_target(*f.parsed).at, "using: " + loaded.error, {}});
      continue;
    }
    add_arm_unit(f.file, f.path, {registry_targets[r]}, loaded.id);
  }
  if (release_trees) {
    // From here the trees are the parse cache's alone, each until its last expected use.
    for (const auto& [file, uses] : expected_uses) shared->cache->expect(file, uses);
    for (BicepFile& f : shared->files) f.parsed.reset();
  }
  return tasks;
}

}  // namespace vl::scan
