// The Bicep units of a scan (units.h). Files are read and parsed in parallel, once; syntax errors and
// suppressions of the discovered files are reported here.
#include "frontends/bicep/units.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "frontends/bicep/unit_variants.h"

namespace vl::bicep {

namespace fs = std::filesystem;

namespace {

BicepFile read_bicep(SourceLoader& loader, const fs::path& path, bool params_file) {
  BicepFile out;
  out.path = path;
  out.params_file = params_file;
  LoadedFile loaded = loader.load(path);
  out.file = loaded.id;
  switch (loaded.status) {
    case LoadStatus::Ok: {
      // Held for the parse: another thread may let the text go meanwhile (a template it outlines names
      // this file as a module); the tree owns what it keeps of it.
      const std::shared_ptr<const std::string> text = loader.sources().get(loaded.id).contents();
      out.parsed = parse_file(loaded.id, *text, params_file);
      break;
    }
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

// The files of the units, and the parse cache their lowerings share.
struct UnitFiles {
  std::vector<BicepFile> files;
  std::shared_ptr<ParseCache> cache = std::make_shared<ParseCache>();
};

// A .bicepparam variant's tree, from the parse cache (which lets it go once its variants are lowered).
std::shared_ptr<const ParsedFile> param_tree(const UnitFiles& shared, const ParamVariant& v, SourceLoader& loader) {
  return shared.cache->get(loader, shared.files[v.file].file, true, nullptr);
}

// The values of a .bicepparam variant, with whatever went wrong evaluating them.
ParamFileValues param_values(const UnitFiles& shared, const ParamVariant* v, SourceLoader& loader) {
  if (!v) return {};
  if (v->json) return ParamFileValues{*v->json, {}};
  return evaluate_param_file(param_tree(shared, *v, loader), loader, *shared.cache);
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

// The Bicep files of the scan: the discovered .bicep and .bicepparam files (counted), then the .bicepparam
// files given with --param-file (`given`: each a variant of its `using` target, replacing the ones found
// beside it). Each with whether it is a .bicepparam.
std::vector<std::pair<fs::path, bool>> bicep_paths(FormatContext& ctx, std::set<fs::path>& given) {
  std::vector<std::pair<fs::path, bool>> paths;
  std::set<fs::path> seen;
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind == FileKind::Bicep || f.kind == FileKind::BicepParam) {
      paths.emplace_back(f.path, f.kind == FileKind::BicepParam);
      seen.insert(f.path);
    }
  }
  ctx.counts.files += paths.size();
  for (const fs::path& p : ctx.options.param_files) {
    if (!iends_with(p.string(), ".bicepparam")) continue;
    fs::path abs = fs::absolute(p).lexically_normal();
    given.insert(abs);
    if (seen.insert(abs).second) paths.emplace_back(abs, true);
  }
  return paths;
}

// A template's outline; in a one-shot scan (`module_cache` given) also the files its modules name, and its
// tree let go.
void outline(BicepFile& f, ParseCache& parse_cache, SourceLoader& loader, const fs::path* module_cache) {
  if (f.params_file || !f.parsed) return;
  f.outline.parameters = declared_parameters(*f.parsed);
  for (const Decl* d : f.parsed->tree->decls) {
    if (d->kind == DeclKind::Module && d->path && d->path->kind == ExprKind::String) {
      f.outline.module_paths.push_back((f.path.parent_path() / d->path->text).lexically_normal());
    }
  }
  if (!module_cache) return;
  f.outline.static_modules = parse_cache.static_modules(*f.parsed, f.path, loader, *module_cache);
  auto shell = std::make_shared<ParsedFile>();
  shell->file = f.parsed->file;
  shell->errors = f.parsed->errors;
  shell->suppressions = f.parsed->suppressions;
  f.parsed = std::move(shell);
}

// Reads and parses every file once, in parallel (a session again only the files that changed), and
// reports each file's own problems and suppressions. A one-shot scan (no `cache`) keeps no template's tree.
void read_files(FormatContext& ctx, UnitCache* cache, const std::vector<std::pair<fs::path, bool>>& paths, UnitFiles& shared,
                const fs::path& module_cache) {
  shared.files.resize(paths.size());
  ctx.parallel(paths.size(), [&](std::size_t i) {
    // A session parses a file again only when it changed (the loader then gives a new id).
    FileId id = ctx.loader.load(paths[i].first).id;
    if (cache && id != kNoFile) {
      if (auto kept = cache->files.get(paths[i].first, id); kept && kept->params_file == paths[i].second) {
        shared.files[i] = *kept;
        return;
      }
    }
    shared.files[i] = read_bicep(ctx.loader, paths[i].first, paths[i].second);
    outline(shared.files[i], *shared.cache, ctx.loader, cache ? nullptr : &module_cache);
    if (!cache) {
      // Outlined, with its tree gone: its lowering parses it again from the text read back from disk, as
      // for ARM templates. Held until then, the texts were a third of what forming units held.
      const BicepFile& f = shared.files[i];
      if (f.parsed && !f.parsed->tree) ctx.loader.sources().get(f.file).release();
      for (FileId m : f.outline.static_modules) ctx.loader.sources().get(m).release();
    }
    if (cache && id != kNoFile) cache->files.put(paths[i].first, id, std::make_shared<BicepFile>(shared.files[i]));
  });
  for (const BicepFile& f : shared.files) {
    if (f.diagnostic) ctx.file_diagnostics.push_back(*f.diagnostic);
    if (!f.parsed) continue;
    if (f.parsed->tree) {
      shared.cache->put(f.parsed);
    } else {
      shared.cache->mark_reported(f.file);
    }
    for (const Diagnostic& d : f.parsed->errors) ctx.file_diagnostics.push_back(d);
    for (const Suppression& s : f.parsed->suppressions) ctx.suppressions.push_back(s);
    if (f.params_file) ++ctx.counts.parameter_files;
  }
}

// The KV001/KV002 of the .bicepparam files whose `using` names a template that cannot be read.
void report_unreadable_target(FormatContext& ctx, const UnitFiles& shared, const LoadedFile& loaded,
                              const std::vector<ParamVariant>& variants) {
  for (const ParamVariant& v : variants) {
    ParamFileTarget target = param_file_target(*shared.files[v.file].parsed);
    bool missing = loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository;
    ctx.file_diagnostics.push_back(Diagnostic{missing ? "KV002" : "KV001", target.at, "using: " + loaded.error, {}});
  }
}

// Makes the units' tasks. In a one-shot scan a template's tree went when it was read (read_files); the tree
// a lowering parses again stays until the last lowering that surely reads the file (trees take 8 times their
// text), and what reads it after that parses it once more. A session keeps its trees.
class TaskBuilder {
 public:
  TaskBuilder(FormatContext& ctx, const ArmServices& arm, std::shared_ptr<UnitFiles> shared,
              bool release_trees)
      : ctx_(ctx), arm_(arm), shared_(std::move(shared)), release_trees_(release_trees) {
    if (!release_trees_) return;
    // Each file's modules, resolved while it was read (read_files).
    for (const BicepFile& f : shared_->files) {
      if (!f.params_file && f.parsed) static_of_[f.file] = f.outline.static_modules;
    }
    // A template another one names literally is lowered on its own only when no lowering of the first
    // wave read it (scan/lowering.cpp): its own unit is not counted as a use, so its tree goes with its
    // reader's lowering, and the rare lowering of its own parses it again.
    for (const auto& [file, modules] : static_of_) {
      for (FileId m : modules) {
        if (m != file) named_by_another_.insert(m);
      }
    }
  }

  // Every parsed .bicep with its variants, then the templates .bicepparam files name that are not among
  // the scanned files: still evaluated, with their values.
  void add_templates(std::map<fs::path, std::vector<ParamVariant>>& bicep_targets,
                     std::map<fs::path, std::vector<ParamVariant>>& json_variants) {
    for (const BicepFile& f : shared_->files) {
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
      for (const fs::path& p : f.outline.module_paths) tasks_.back().links.push_back(p);
    }
    for (auto& [path, variants] : bicep_targets) {
      LoadedFile loaded = ctx_.loader.load(path);
      if (loaded.status != LoadStatus::Ok) {
        report_unreadable_target(ctx_, *shared_, loaded, variants);
        continue;
      }
      add_bicep_unit(loaded.id, path, std::move(variants));
    }
  }

  // ARM templates a .bicepparam targets: lowered by the ARM frontend with its values (and claimed, so the
  // ARM units do not also evaluate them with defaults); registry modules from the Bicep module cache.
  void add_arm_targets(ParamTargets& targets) {
    for (auto& [path, variants] : targets.json) {
      LoadedFile loaded = ctx_.loader.load(path);
      if (loaded.status != LoadStatus::Ok) {
        report_unreadable_target(ctx_, *shared_, loaded, variants);
        continue;
      }
      ctx_.claimed_templates.insert(path);
      add_arm_unit(loaded.id, path, std::move(variants), loaded.id);
    }
    for (std::size_t r = 0; r < targets.registry.size(); ++r) {
      LoadedFile loaded = ctx_.loader.load(targets.cached_of[r]);
      const BicepFile& f = shared_->files[targets.registry[r].file];
      if (loaded.status != LoadStatus::Ok) {
        ctx_.file_diagnostics.push_back(Diagnostic{"KV001", param_file_target(*f.parsed).at, "using: " + loaded.error, {}});
        continue;
      }
      add_arm_unit(f.file, f.path, {targets.registry[r]}, loaded.id);
    }
  }

  std::vector<UnitTask> finish() {
    if (release_trees_) {
      // From here the trees are the parse cache's alone, each until its last expected use.
      for (const auto& [file, uses] : expected_uses_) shared_->cache->expect(file, uses);
      for (BicepFile& f : shared_->files) f.parsed.reset();
      shared_->cache->let_go_of_trees();
    }
    return std::move(tasks_);
  }

 private:
  void expect_uses(const std::vector<FileId>& files, const std::vector<ParamVariant>& variants) {
    for (FileId f : files) expected_uses_[f] += std::max<std::size_t>(1, variants.size());
    for (const ParamVariant& v : variants) {
      if (!v.json) ++expected_uses_[shared_->files[v.file].file];
    }
  }

  // What a variant of a unit read is done with (graph/unit_task.h).
  std::function<void(std::uint32_t)> done_with(std::shared_ptr<const std::vector<FileId>> uses,
                                               std::shared_ptr<const std::vector<ParamVariant>> list) const {
    // A file's last use also lets its text go (only a one-shot scan expects uses): what reads it later
    // (a report's quoted line, a parse asked again) reads it back from disk, as for ARM templates.
    return [shared = shared_, uses, list, sources = &ctx_.loader.sources()](std::uint32_t variant) {
      auto done = [&](FileId f) {
        if (shared->cache->done(f)) sources->get(f).release();
      };
      for (FileId f : *uses) done(f);
      const ParamVariant* v = variant < list->size() ? &(*list)[variant] : nullptr;
      if (v && !v->json) done(shared->files[v->file].file);
    };
  }

  // A Bicep template, with its .bicepparam and JSON parameter file variants (or its defaults).
  void add_bicep_unit(FileId entry, const fs::path& path, std::vector<ParamVariant> variants) {
    UnitTask task;
    task.entry = entry;
    task.entry_path = path;
    task.key = "bicep\x1f" + path.string();
    task.pinned = !variants.empty();
    auto list = std::make_shared<std::vector<ParamVariant>>(std::move(variants));
    for (const ParamVariant& v : *list) {
      task.variant_names.push_back(v.shown);
      task.key += "\x1f" + v.shown;
      task.inputs.push_back(variant_file(shared_->files, v));
    }
    if (list->empty()) task.variant_names.push_back("");
    if (release_trees_ && (task.pinned || !named_by_another_.count(entry))) {
      auto uses = std::make_shared<const std::vector<FileId>>(static_closure(entry, static_of_));
      expect_uses(*uses, *list);
      task.done = done_with(uses, list);
    }
    task.lower = [shared = shared_, list, entry, loader = &ctx_.loader, options = &ctx_.options, arm = arm_.lower](
                     std::uint32_t unit, std::uint32_t variant) {
      const ParamVariant* v = list->empty() ? nullptr : &(*list)[variant];
      ParamFileValues values = param_values(*shared, v, *loader);
      LowerRequest request;
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
      request.arm = arm;
      LoweredUnit out = bicep::lower(request);
      for (Diagnostic& d : values.diagnostics) out.diagnostics.push_back(std::move(d));
      return out;
    };
    tasks_.push_back(std::move(task));
  }

  // An ARM template (`json`) a .bicepparam targets, lowered by the ARM frontend with its values.
  void add_arm_unit(FileId entry, const fs::path& path, std::vector<ParamVariant> variants, FileId json) {
    SourceLoader* loader = &ctx_.loader;
    UnitTask task;
    task.entry = entry;
    task.entry_path = path;
    task.key = "bicep-arm\x1f" + path.string() + "\x1f" + loader->sources().get(json).path().string();
    task.pinned = true;  // its .bicepparam files target it
    auto list = std::make_shared<std::vector<ParamVariant>>(std::move(variants));
    for (const ParamVariant& v : *list) {
      task.variant_names.push_back(v.shown);
      task.key += "\x1f" + v.shown;
      task.inputs.push_back(variant_file(shared_->files, v));
    }
    task.inputs.push_back(loader->sources().get(json).path());
    if (release_trees_) {
      auto uses = std::make_shared<const std::vector<FileId>>();
      expect_uses(*uses, *list);
      task.done = done_with(uses, list);
    }
    task.lower = [shared = shared_, list, json, loader, arm = arm_.lower](std::uint32_t unit, std::uint32_t variant) {
      const ParamVariant& v = (*list)[variant];
      ParamFileValues values = param_values(*shared, &v, *loader);
      ArmModuleCall call;
      call.file = json;
      call.parameters = std::move(values.values);
      call.origin = "the .bicepparam file " + v.shown;
      call.module = false;
      call.unit = unit;
      call.variant = variant;
      LoweredUnit out = arm(call);
      for (Diagnostic& d : values.diagnostics) out.diagnostics.push_back(std::move(d));
      const auto params = param_tree(*shared, v, *loader);
      if (auto index = provenance_index(params, loader->sources().get(params->file))) out.provenance.push_back(std::move(index));
      return out;
    };
    tasks_.push_back(std::move(task));
  }

  FormatContext& ctx_;
  const ArmServices& arm_;
  std::shared_ptr<UnitFiles> shared_;
  const bool release_trees_;
  std::map<FileId, std::vector<FileId>> static_of_;  // the files each template names literally as modules
  std::set<FileId> named_by_another_;
  std::map<FileId, std::size_t> expected_uses_;  // for the parse cache: when each tree may go
  std::vector<UnitTask> tasks_;
};

}  // namespace

std::vector<UnitTask> unit_tasks(FormatContext& ctx, UnitCache* cache, const ArmServices& arm) {
  std::set<fs::path> given;
  const std::vector<std::pair<fs::path, bool>> paths = bicep_paths(ctx, given);
  std::error_code ec;
  const fs::path module_cache = ctx.options.bicep_cache;
  if (!module_cache.empty() && fs::is_directory(module_cache, ec)) ctx.loader.allow_root(module_cache);
  auto shared = std::make_shared<UnitFiles>();
  read_files(ctx, cache, paths, *shared, module_cache);
  ParamTargets targets = param_file_targets(ctx, shared->files, given, module_cache);
  TaskBuilder builder(ctx, arm, shared, cache == nullptr);
  std::map<fs::path, std::vector<ParamVariant>> json_variants = json_parameter_variants(ctx, arm, shared->files);
  builder.add_templates(targets.bicep, json_variants);
  builder.add_arm_targets(targets);
  return builder.finish();
}

}  // namespace vl::bicep
