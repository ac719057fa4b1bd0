// The ARM units of a scan: every template among the discovered .json files, with its parameter files
// as variants (reading.cpp decides what a .json file is, units.cpp groups them).
#include <algorithm>
#include <map>
#include <memory>

#include "scan/parallel.h"
#include "scan/stages.h"
#include "scan/unit_task.h"

namespace vl::scan {

namespace fs = std::filesystem;

namespace {

// Templates that are not units of their own: Bicep's compiled output (metadata._generator.name bicep)
// beside a scanned .bicep of the same stem, or in a folder with one scanned .bicep (counted as skipped,
// so findings are not doubled), and templates a .bicepparam targets (bicep_units.cpp evaluates them).
void skip_bicep_owned(FormatContext& ctx, std::vector<ReadJson>& files) {
  std::map<fs::path, std::vector<std::string>> bicep_stems;  // folder -> stems of its scanned .bicep files
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind == FileKind::Bicep) bicep_stems[f.path.parent_path()].push_back(to_lower(f.path.stem().string()));
  }
  for (ReadJson& f : files) {
    if (f.role != JsonFileRole::Template) continue;
    if (ctx.claimed_templates.count(f.path)) {
      f.role = JsonFileRole::Skipped;
      continue;
    }
    if (!arm::is_bicep_output(f.root)) continue;
    auto it = bicep_stems.find(f.path.parent_path());
    if (it == bicep_stems.end()) continue;
    const std::vector<std::string>& stems = it->second;
    if (stems.size() == 1 || std::find(stems.begin(), stems.end(), to_lower(f.path.stem().string())) != stems.end()) {
      f.role = JsonFileRole::Skipped;
      ++ctx.out.counts.skipped_generated;
    }
  }
}

}  // namespace

std::vector<UnitTask> arm_unit_tasks(FormatContext& ctx) {
  std::vector<fs::path> json_paths;
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind == FileKind::ArmJson) json_paths.push_back(f.path);
  }
  ctx.out.counts.files += json_paths.size();
  auto files = std::make_shared<std::vector<ReadJson>>(json_paths.size());
  parallel_for(json_paths.size(), ctx.options.jobs, [&](std::size_t i) {
    // A session reads and parses a file again only when it changed (the loader then gives a new id).
    FileId id = ctx.loader.load(json_paths[i]).id;
    if (ctx.cache && id != kNoFile) {
      if (auto kept = ctx.cache->json.get(json_paths[i], id)) {
        (*files)[i] = *kept;
        return;
      }
    }
    (*files)[i] = read_json_file(ctx.loader, json_paths[i]);
    if (ctx.cache && id != kNoFile) ctx.cache->json.put(json_paths[i], id, std::make_shared<ReadJson>((*files)[i]));
  });

  std::vector<ReadJson> given;
  for (const fs::path& p : ctx.options.param_files) {
    if (iends_with(p.string(), ".bicepparam")) continue;  // a Bicep variant (bicep_units.cpp)
    ReadJson r = read_json_file(ctx.loader, fs::absolute(p).lexically_normal());
    if (r.role != JsonFileRole::ParameterFile) {
      ctx.out.errors.push_back(p.string() + " is not an ARM parameter file");
      continue;
    }
    given.push_back(std::move(r));
  }
  MappedParameterFiles mapped;
  for (const auto& [template_path, parameter_files] : ctx.options.template_parameter_files) {
    std::vector<ReadJson>& list = mapped[fs::absolute(template_path).lexically_normal()];
    for (const fs::path& p : parameter_files) {
      ReadJson r = read_json_file(ctx.loader, fs::absolute(p).lexically_normal());
      if (r.role != JsonFileRole::ParameterFile) {
        ctx.out.errors.push_back("parameter_files: " + SourceLoader::display_path(p) + " is not an ARM parameter file");
        continue;
      }
      list.push_back(std::move(r));
    }
  }
  if (!ctx.out.errors.empty()) return {};

  for (const ReadJson& f : *files) {
    if (f.diagnostic) ctx.file_diagnostics.push_back(*f.diagnostic);
    for (const Suppression& s : f.suppressions) ctx.suppressions.push_back(s);
    if (f.role == JsonFileRole::ParameterFile) ++ctx.out.counts.parameter_files;
  }

  skip_bicep_owned(ctx, *files);
  std::vector<UnitTask> tasks;
  auto units = std::make_shared<std::vector<Unit>>(
      form_units(*files, given, ctx.options.params, ctx.out.warnings, mapped, ctx.param_files_applied));
  SourceLoader* loader = &ctx.loader;
  for (std::size_t u = 0; u < units->size(); ++u) {
    const ReadJson& t = (*files)[(*units)[u].template_index];
    UnitTask task;
    task.entry = t.file;
    task.entry_path = t.path;
    task.key = "arm\x1f" + t.path.string();
    for (const Variant& v : (*units)[u].variants) {
      task.variant_names.push_back(v.name);
      task.key += "\x1f" + v.name;
      if (!v.file.empty()) task.inputs.push_back(v.file);
      task.pinned = task.pinned || !v.name.empty();  // a parameter file targets it
    }
    task.lower = [files, units, u, loader](std::uint32_t unit, std::uint32_t variant) {
      const Unit& info = (*units)[u];
      const ReadJson& tmpl = (*files)[info.template_index];
      arm::LowerRequest request{tmpl.file, tmpl.root, info.variants[variant].parameters, unit, variant, *loader};
      return arm::lower_template(request);
    };
    tasks.push_back(std::move(task));
  }
  // Exported resources: one unit per file, with no parameters and no variants.
  for (std::size_t i = 0; i < files->size(); ++i) {
    const ReadJson& f = (*files)[i];
    if (f.role != JsonFileRole::Exported) continue;
    UnitTask task;
    task.entry = f.file;
    task.entry_path = f.path;
    task.variant_names.push_back("");
    task.lower = [files, i](std::uint32_t unit, std::uint32_t variant) -> LoweredUnit {
      const ReadJson& data = (*files)[i];
      return arm::lower_exported(data.file, data.root, unit, variant);
    };
    tasks.push_back(std::move(task));
  }
  return tasks;
}

}  // namespace vl::scan
