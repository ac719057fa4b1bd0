// The ARM units of a scan (units.h).
#include "frontends/arm/units.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "frontends/arm/variants.h"

namespace vl::arm {

namespace fs = std::filesystem;

namespace {

// Templates that are not units of their own: Bicep's compiled output (metadata._generator.name bicep)
// beside a scanned .bicep of the same stem, or in a folder with one scanned .bicep (counted as skipped,
// so findings are not doubled), and templates a .bicepparam targets (the Bicep units evaluate them).
using BicepStems = std::map<fs::path, std::vector<std::string>>;  // folder -> stems of its scanned .bicep files

std::size_t skip_bicep_owned(const FormatContext& ctx, const BicepStems& bicep_stems, std::vector<ReadJson>& files) {
  std::size_t skipped = 0;
  for (ReadJson& f : files) {
    if (f.role != JsonFileRole::Template) continue;
    if (ctx.claimed_templates.count(f.path)) {
      f.role = JsonFileRole::Skipped;
      continue;
    }
    if (!is_bicep_output(f.root)) continue;
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

// The templates a template links by a literal relativePath, in its resources and nested inline
// templates (resolved against its own folder).
void literal_links(const Value& tmpl, const fs::path& dir, std::vector<fs::path>& out, int depth = 0) {
  if (depth > 32) return;
  std::vector<const Value*> todo;
  for (const Value& r : tmpl.as_object().get("resources").as_array()) todo.push_back(&r);
  const Value resources = tmpl.as_object().get("resources");
  if (resources.is_object()) {  // languageVersion 2.0: symbolic names
    for (const Member& m : resources.as_object().members()) todo.push_back(&m.value);
  }
  while (!todo.empty()) {
    const Value& r = *todo.back();
    todo.pop_back();
    const Object& props = r.as_object().get("properties").as_object();
    const Value path = props.get("templateLink").as_object().get("relativePath");
    if (path.is_string() && !path.as_string().starts_with("[")) out.push_back((dir / path.as_string()).lexically_normal());
    if (const Value* inner = props.find("template"); inner && inner->is_object()) literal_links(*inner, dir, out, depth + 1);
    for (const Value& child : r.as_object().get("resources").as_array()) todo.push_back(&child);
  }
}

// A unit's document between the reading of its folder and its lowering. A one-shot scan drops it (and
// the file's text) once the folder is read, and its lowering reads and parses the file again: the
// documents of the public corpus's ARM templates take 2.9 times their 71 MB of text, and all would
// otherwise live until the last unit is lowered. A session keeps it, as the session's cache does.
class HeldDocument {
 public:
  HeldDocument(ReadJson file, std::size_t uses, bool keep)
      : path_(std::move(file.path)), root_(std::move(file.root)), uses_(uses), keep_(keep) {
    if (!keep_) root_ = Value();
  }
  // The document, read again if it was dropped; kept until the last use is done().
  Value get(SourceLoader& loader) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (root_.is_absent()) root_ = read_json_file(loader, path_).root;
    return root_;
  }
  void done() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (uses_ > 0) --uses_;
    if (!keep_ && uses_ == 0) root_ = Value();
  }

 private:
  std::mutex mutex_;
  fs::path path_;
  Value root_;
  std::size_t uses_;
  bool keep_;
};

// The lowering of a template or exported-resources file that changed on disk since its folder was read
// (it no longer parses as what it was): a KV001, nothing guessed.
LoweredUnit changed_since_read(FileId file) {
  LoweredUnit out;
  out.diagnostics.push_back(Diagnostic{"KV001", Span{file, 0, 0}, "the file changed while it was scanned; not evaluated",
                                       {}, "Scan again once nothing writes to the repository."});
  return out;
}

// The parameter files the command line (--param-file) and the configuration (`parameter_files`) name;
// one that is not an ARM parameter file is an error of the scan.
struct NamedParameterFiles {
  std::vector<ReadJson> given;
  MappedParameterFiles mapped;
};

NamedParameterFiles read_named_parameter_files(FormatContext& ctx) {
  NamedParameterFiles out;
  for (const fs::path& p : ctx.options.param_files) {
    if (iends_with(p.string(), ".bicepparam")) continue;  // a Bicep variant (frontends/bicep/units.cpp)
    ReadJson r = read_json_file(ctx.loader, fs::absolute(p).lexically_normal());
    if (r.role != JsonFileRole::ParameterFile) {
      ctx.errors.push_back(p.string() + " is not an ARM parameter file");
      continue;
    }
    out.given.push_back(std::move(r));
  }
  for (const auto& [template_path, parameter_files] : ctx.options.template_parameter_files) {
    std::vector<ReadJson>& list = out.mapped[fs::absolute(template_path).lexically_normal()];
    for (const fs::path& p : parameter_files) {
      ReadJson r = read_json_file(ctx.loader, fs::absolute(p).lexically_normal());
      if (r.role != JsonFileRole::ParameterFile) {
        ctx.errors.push_back("parameter_files: " + SourceLoader::display_path(p) + " is not an ARM parameter file");
        continue;
      }
      list.push_back(std::move(r));
    }
  }
  return out;
}

// The task of a template with its variants.
UnitTask template_task(const ReadJson& t, Unit unit, std::vector<fs::path> links, std::shared_ptr<HeldDocument> held,
                       SourceLoader& source_loader) {
  SourceLoader* loader = &source_loader;
  UnitTask task;
  task.entry = t.file;
  task.entry_path = t.path;
  task.key = "arm\x1f" + t.path.string();
  for (const Variant& v : unit.variants) {
    task.variant_names.push_back(v.name);
    task.key += "\x1f" + v.name;
    if (!v.file.empty()) task.inputs.push_back(v.file);
    task.pinned = task.pinned || !v.name.empty();  // a parameter file targets it
  }
  task.links = std::move(links);
  auto info = std::make_shared<const Unit>(std::move(unit));
  task.lower = [info, doc = std::move(held), file = t.file, loader](std::uint32_t unit, std::uint32_t variant) {
    const Value root = doc->get(*loader);
    if (!root.is_object()) {
      doc->done();
      return changed_since_read(file);
    }
    LowerRequest request{file, root, info->variants[variant].parameters, unit, variant, *loader};
    LoweredUnit out = lower_template(request);
    doc->done();
    return out;
  };
  return task;
}

// The task of a file of exported resources.
UnitTask exported_task(const ReadJson& f, std::shared_ptr<HeldDocument> held, SourceLoader& source_loader) {
  SourceLoader* loader = &source_loader;
  UnitTask task;
  task.entry = f.file;
  task.entry_path = f.path;
  task.variant_names.push_back("");
  task.lower = [doc = std::move(held), file = f.file, loader](std::uint32_t unit, std::uint32_t variant) -> LoweredUnit {
    const Value root = doc->get(*loader);
    doc->done();
    if (root.is_absent()) return changed_since_read(file);
    return lower_exported(file, root, unit, variant);
  };
  return task;
}

}  // namespace

std::shared_ptr<const SuppliedParameters> read_kept_parameter_file(SourceLoader& loader, UnitCache* cache, const fs::path& path) {
  // A session parses the file again only when it changed (the loader then gives a new id).
  FileId id = loader.load(path).id;
  std::shared_ptr<const ReadJson> r = cache && id != kNoFile ? cache->json.get(path, id) : nullptr;
  if (!r) {
    r = std::make_shared<ReadJson>(read_json_file(loader, path));
    if (cache && id != kNoFile) cache->json.put(path, id, r);
  }
  if (r->role != JsonFileRole::ParameterFile) return nullptr;
  return std::make_shared<SuppliedParameters>(read_parameter_file(r->root, SourceLoader::display_path(path)));
}

std::vector<UnitTask> unit_tasks(FormatContext& ctx, UnitCache* cache) {
  std::vector<fs::path> json_paths;
  for (const DiscoveredFile& f : ctx.files) {
    if (f.kind == FileKind::ArmJson) json_paths.push_back(f.path);
  }
  ctx.counts.files += json_paths.size();

  NamedParameterFiles named = read_named_parameter_files(ctx);
  const std::vector<ReadJson>& given = named.given;
  const MappedParameterFiles& mapped = named.mapped;
  if (!ctx.errors.empty()) return {};

  // A template's conventional parameter files are beside it: each folder is read and grouped into units
  // on its own, in parallel, and (a one-shot scan) its documents and texts freed.
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
  const bool keep = cache != nullptr;
  std::vector<ReadJson> files(json_paths.size());
  std::vector<std::vector<Unit>> units_of_folder(folders.size());
  std::vector<std::vector<fs::path>> links(json_paths.size());
  std::vector<std::shared_ptr<HeldDocument>> held(json_paths.size());
  std::vector<bool> given_used(given.size(), false);
  std::size_t skipped = 0;
  std::mutex merge;
  ctx.parallel(folders.size(), [&](std::size_t k) {
    const std::vector<std::size_t>& folder = folders[k];
    std::vector<ReadJson> local;
    local.reserve(folder.size());
    for (std::size_t i : folder) {
      // A session reads and parses a file again only when it changed (the loader then gives a new id).
      FileId id = ctx.loader.load(json_paths[i]).id;
      std::shared_ptr<const ReadJson> kept = cache && id != kNoFile ? cache->json.get(json_paths[i], id) : nullptr;
      if (kept) {
        local.push_back(*kept);
        continue;
      }
      local.push_back(read_json_file(ctx.loader, json_paths[i]));
      if (cache && id != kNoFile) cache->json.put(json_paths[i], id, std::make_shared<ReadJson>(local.back()));
    }
    std::size_t skipped_here = skip_bicep_owned(ctx, bicep_stems, local);
    std::vector<bool> used;
    std::vector<Unit> units = form_units(local, given, ctx.options.params, used, mapped);
    for (Unit& unit : units) {
      const ReadJson& t = local[unit.template_index];
      literal_links(t.root, t.path.parent_path(), links[folder[unit.template_index]]);
      held[folder[unit.template_index]] = std::make_shared<HeldDocument>(t, unit.variants.size(), keep);
      unit.template_index = folder[unit.template_index];
    }
    for (std::size_t j = 0; j < folder.size(); ++j) {
      if (local[j].role == JsonFileRole::Exported) held[folder[j]] = std::make_shared<HeldDocument>(local[j], 1, keep);
      if (!keep) {
        local[j].root = Value();
        // What reads the file later (its lowering, reports, provenance indexes) reads it again.
        if (local[j].file != kNoFile) ctx.loader.sources().get(local[j].file).release();
      }
      files[folder[j]] = std::move(local[j]);
    }
    units_of_folder[k] = std::move(units);
    std::lock_guard<std::mutex> lock(merge);
    skipped += skipped_here;
    for (std::size_t g = 0; g < used.size(); ++g) given_used[g] = given_used[g] || used[g];
  });
  ctx.counts.skipped_generated += skipped;
  warn_unused_parameter_files(given, given_used, ctx.param_files_applied, ctx.warnings);

  for (const ReadJson& f : files) {
    if (f.diagnostic) ctx.file_diagnostics.push_back(*f.diagnostic);
    for (const Suppression& s : f.suppressions) ctx.suppressions.push_back(s);
    if (f.role == JsonFileRole::ParameterFile) ++ctx.counts.parameter_files;
  }

  // Units in the order of their templates' paths (the order reports and unit numbers follow).
  std::vector<Unit> units;
  for (std::vector<Unit>& list : units_of_folder) {
    for (Unit& u : list) units.push_back(std::move(u));
  }
  std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) { return a.template_index < b.template_index; });

  std::vector<UnitTask> tasks;
  for (Unit& unit : units) {
    const std::size_t i = unit.template_index;
    tasks.push_back(template_task(files[i], std::move(unit), std::move(links[i]), held[i], ctx.loader));
  }
  // Exported resources: one unit per file, with no parameters and no variants.
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].role == JsonFileRole::Exported) tasks.push_back(exported_task(files[i], held[i], ctx.loader));
  }
  return tasks;
}

}  // namespace vl::arm
