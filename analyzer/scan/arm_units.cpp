// The ARM units of a scan: every template among the discovered .json files, with its parameter files
// as variants (reading.cpp decides what a .json file is, units.cpp groups them).
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "scan/parallel.h"
#include "scan/stages.h"
#include "scan/unit_task.h"

namespace vl::scan {

namespace fs = std::filesystem;

namespace {

// Templates that are not units of their own: Bicep's compiled output (metadata._generator.name bicep)
// beside a scanned .bicep of the same stem, or in a folder with one scanned .bicep (counted as skipped,
// so findings are not doubled), and templates a .bicepparam targets (bicep_units.cpp evaluates them).
using BicepStems = std::map<fs::path, std::vector<std::string>>;  // folder -> stems of its scanned .bicep files

std::size_t skip_bicep_owned(const FormatContext& ctx, const BicepStems& bicep_stems, std::vector<ReadJson>& files) {
  std::size_t skipped = 0;
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
      ++skipped;
    }
  }
  return skipped;
}

// A template's unit, lowered as soon as its folder is read (every variant), so that no document outlives
// its folder: the documents of the public corpus's ARM templates take 2.9 times their 71 MB of text.
struct LoweredTemplate {
  Unit unit{0, {}};
  std::vector<LoweredUnit> variants;
};

}  // namespace

std::vector<UnitTask> arm_unit_tasks(FormatContext& ctx) {
  std::vector<fs::path> json_paths;
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind == FileKind::ArmJson) json_paths.push_back(f.path);
  }
  ctx.out.counts.files += json_paths.size();

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

  // A template's conventional parameter files are beside it: each folder is read, grouped into units and
  // lowered on its own, in parallel, and its documents freed.
  std::vector<std::vector<std::size_t>> folders;
  std::map<fs::path, std::size_t> folder_of;
  for (std::size_t i = 0; i < json_paths.size(); ++i) {
    auto [it, added] = folder_of.emplace(json_paths[i].parent_path(), folders.size());
    if (added) folders.emplace_back();
    folders[it->second].push_back(i);
  }
  BicepStems bicep_stems;
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind == FileKind::Bicep) bicep_stems[f.path.parent_path()].push_back(to_lower(f.path.stem().string()));
  }
  std::vector<ReadJson> files(json_paths.size());
  std::vector<std::optional<LoweredTemplate>> lowered(json_paths.size());
  std::vector<bool> given_used(given.size(), false);
  std::size_t skipped = 0;
  std::mutex merge;
  parallel_for(folders.size(), ctx.options.jobs, [&](std::size_t k) {
    const std::vector<std::size_t>& folder = folders[k];
    std::vector<ReadJson> local;
    local.reserve(folder.size());
    for (std::size_t i : folder) local.push_back(read_json_file(ctx.loader, json_paths[i]));
    std::size_t skipped_here = skip_bicep_owned(ctx, bicep_stems, local);
    std::vector<bool> used;
    for (Unit& unit : form_units(local, given, ctx.options.params, used, mapped)) {
      const ReadJson& t = local[unit.template_index];
      LoweredTemplate result;
      for (std::uint32_t v = 0; v < unit.variants.size(); ++v) {
        // The unit number is the scan's to give (scan.cpp renumbers every resource).
        arm::LowerRequest request{t.file, t.root, unit.variants[v].parameters, 0, v, ctx.loader};
        result.variants.push_back(arm::lower_template(request));
        result.variants.back().resources.shrink_to_fit();  // kept until the graph is built
      }
      unit.template_index = folder[unit.template_index];
      result.unit = std::move(unit);
      lowered[result.unit.template_index] = std::move(result);
    }
    for (std::size_t j = 0; j < folder.size(); ++j) {
      local[j].root = Value();
      // What reads the file later (reports, provenance indexes, a unit that links it) reads it again.
      if (local[j].file != kNoFile) ctx.loader.sources().get(local[j].file).release();
      files[folder[j]] = std::move(local[j]);
    }
    std::lock_guard<std::mutex> lock(merge);
    skipped += skipped_here;
    for (std::size_t g = 0; g < used.size(); ++g) given_used[g] = given_used[g] || used[g];
  });
  ctx.out.counts.skipped_generated += skipped;
  warn_unused_parameter_files(given, given_used, ctx.param_files_applied, ctx.out.warnings);

  for (const ReadJson& f : files) {
    if (f.diagnostic) ctx.file_diagnostics.push_back(*f.diagnostic);
    for (const Suppression& s : f.suppressions) ctx.suppressions.push_back(s);
    if (f.role == JsonFileRole::ParameterFile) ++ctx.out.counts.parameter_files;
  }

  std::vector<UnitTask> tasks;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!lowered[i]) continue;
    auto done = std::make_shared<LoweredTemplate>(std::move(*lowered[i]));
    lowered[i].reset();
    UnitTask task;
    task.entry = files[i].file;
    task.entry_path = files[i].path;
    for (const Variant& v : done->unit.variants) {
      task.variant_names.push_back(v.name);
      task.pinned = task.pinned || !v.name.empty();  // a parameter file targets it
    }
    task.lower = [done](std::uint32_t, std::uint32_t variant) { return std::move(done->variants[variant]); };
    tasks.push_back(std::move(task));
  }
  return tasks;
}

}  // namespace vl::scan
