// The Terraform units of a scan (units.h). Files are parsed once, in parallel, into a cache every unit
// shares; their syntax errors and suppressions are reported here, once per file.
#include "frontends/terraform/units.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace vl::tf {

namespace fs = std::filesystem;

// A parsed file kept between the scans of a session.
struct TerraformFile {
  std::shared_ptr<const ParsedFile> parsed;
};

namespace {

bool is_code(FileKind k) { return k == FileKind::Terraform || k == FileKind::TerraformJson; }
bool is_vars(FileKind k) { return k == FileKind::TfVars || k == FileKind::TfVarsJson; }

// terraform.tfvars first, then terraform.tfvars.json, then *.auto.tfvars(.json) by name; 0 when the file
// is not loaded automatically.
int auto_load_rank(const fs::path& p) {
  std::string name = to_lower(p.filename().string());
  if (name == "terraform.tfvars") return 1;
  if (name == "terraform.tfvars.json") return 2;
  if (name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json")) return 3;
  return 0;
}

struct VarFile {
  std::string shown;
  std::shared_ptr<const ParsedFile> parsed;
};

// Does a module declare any of the variables a var file sets?
bool declares_any(const ModuleConfig& config, const ParsedFile& vars) {
  for (const Attribute& a : vars.body.attributes) {
    if (config.variable(a.name)) return true;
  }
  return false;
}

// The root modules among the module directories: those no other directory calls, and, of directories
// that call each other in a cycle no directory outside it calls (`source = "./"`, root -> b -> root), the
// first by path: a cycle makes no directory a module of another, so it must not make the whole
// configuration vanish. (The cycle itself is a KV001 where the root's evaluation meets it.)
std::set<fs::path> root_modules(const std::set<fs::path>& dirs, const std::map<fs::path, std::set<fs::path>>& calls) {
  // Strongly connected components (Tarjan, iterative: a chain of modules may be long).
  std::vector<fs::path> nodes(dirs.begin(), dirs.end());
  std::map<fs::path, std::size_t> index_of;
  for (std::size_t i = 0; i < nodes.size(); ++i) index_of[nodes[i]] = i;
  std::vector<std::vector<std::size_t>> edges(nodes.size());
  for (const auto& [from, tos] : calls) {
    auto f = index_of.find(from);
    if (f == index_of.end()) continue;
    for (const fs::path& to : tos) {
      auto t = index_of.find(to);
      if (t != index_of.end() && t->second != f->second) edges[f->second].push_back(t->second);
    }
  }
  const std::size_t none = SIZE_MAX;
  std::vector<std::size_t> index(nodes.size(), none), low(nodes.size(), 0), component(nodes.size(), none);
  std::vector<bool> on_stack(nodes.size(), false);
  std::vector<std::size_t> stack;
  std::size_t next_index = 0, components = 0;
  for (std::size_t start = 0; start < nodes.size(); ++start) {
    if (index[start] != none) continue;
    std::vector<std::pair<std::size_t, std::size_t>> work{{start, 0}};  // node, next edge
    while (!work.empty()) {
      auto& [v, e] = work.back();
      if (e == 0 && index[v] == none) {
        index[v] = low[v] = next_index++;
        stack.push_back(v);
        on_stack[v] = true;
      }
      if (e < edges[v].size()) {
        std::size_t w = edges[v][e++];
        if (index[w] == none) {
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component[w] = components;
        } while (w != v);
        ++components;
      }
      std::size_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  // A component is a root when nothing outside it calls into it; its first directory is the root.
  std::vector<bool> called_from_outside(components, false);
  for (std::size_t v = 0; v < nodes.size(); ++v) {
    for (std::size_t w : edges[v]) {
      if (component[v] != component[w]) called_from_outside[component[w]] = true;
    }
  }
  std::set<fs::path> roots;
  std::vector<bool> taken(components, false);
  for (std::size_t v = 0; v < nodes.size(); ++v) {  // in path order: the first of each component
    std::size_t c = component[v];
    if (called_from_outside[c] || taken[c]) continue;
    taken[c] = true;
    roots.insert(nodes[v]);
  }
  return roots;
}

// Parses every file once, in parallel (a session again only the files that changed), into the cache
// every unit shares; reports each file's own problems once.
std::vector<std::shared_ptr<const ParsedFile>> parse_files(FormatContext& ctx, UnitCache* kept_files,
                                                           const std::vector<const DiscoveredFile*>& files, ConfigCache& cache) {
  std::vector<std::shared_ptr<const ParsedFile>> parsed(files.size());
  ctx.parallel(files.size(), [&](std::size_t i) {
    // A session parses a file again only when it changed (the loader then gives a new id).
    FileId id = ctx.loader.load(files[i]->path).id;
    if (kept_files && id != kNoFile) {
      if (auto kept = kept_files->files.get(files[i]->path, id)) cache.put(kept->parsed);
    }
    std::string ignored;
    parsed[i] = cache.file(files[i]->path, ignored);
    if (kept_files && id != kNoFile && parsed[i]) {
      kept_files->files.put(files[i]->path, id, std::make_shared<TerraformFile>(TerraformFile{parsed[i]}));
    }
  });
  for (const auto& p : parsed) {
    if (!p) continue;
    cache.mark_discovered(p->file);
    for (const Diagnostic& d : p->diagnostics) ctx.file_diagnostics.push_back(d);
    for (const Suppression& s : p->suppressions) ctx.suppressions.push_back(s);
  }
  return parsed;
}

// The module directories among the files, each with its configuration, and which are root modules.
struct Modules {
  std::map<fs::path, std::shared_ptr<const ModuleConfig>> configs;
  std::set<fs::path> roots;
};

Modules find_modules(const std::vector<const DiscoveredFile*>& files, ConfigCache& cache) {
  std::set<fs::path> dirs;
  for (const DiscoveredFile* f : files) {
    if (is_code(f->kind)) dirs.insert(f->path.parent_path());
  }
  Modules out;
  std::map<fs::path, std::set<fs::path>> calls;  // which directories other modules call
  for (const fs::path& dir : dirs) {
    ConfigCache::ModuleResult m = cache.module(dir);
    if (!m.config) continue;
    out.configs[dir] = m.config;
    for (const fs::path& d : local_module_dirs(*m.config)) calls[dir].insert(d);
  }
  std::set<fs::path> module_dirs;
  for (const auto& [dir, config] : out.configs) module_dirs.insert(dir);
  out.roots = root_modules(module_dirs, calls);
  return out;
}

// The --var-file files, read (errors of the scan when one is missing or cannot be read).
std::vector<VarFile> read_given_var_files(FormatContext& ctx, ConfigCache& cache) {
  std::vector<VarFile> given;
  for (const fs::path& p : ctx.options.var_files) {
    fs::path abs = fs::absolute(p).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(abs, ec)) {
      ctx.errors.push_back("no such var file: " + p.string());
      continue;
    }
    ctx.loader.allow_root(abs.parent_path());
    std::string why;
    auto f = cache.file(abs, why);
    if (!f || !f->ok) {
      ctx.errors.push_back("--var-file " + p.string() + " cannot be read: " +
                           (f && !f->diagnostics.empty() ? f->diagnostics.front().message : why));
      continue;
    }
    given.push_back(VarFile{SourceLoader::display_path(abs), f});
  }
  return given;
}

// What the root modules are made from: the files and their parses, the shared cache and mapping table,
// the --var-file files and which of them, and of the --var values, some root module used.
struct RootSources {
  const std::vector<const DiscoveredFile*>& files;
  const std::vector<std::shared_ptr<const ParsedFile>>& parsed;
  std::shared_ptr<ConfigCache> cache;
  std::shared_ptr<const Mapping> table;
  const std::vector<VarFile>& given;
  std::vector<bool> given_used;
  std::vector<bool> var_used;
};

// The unit of one root module: its variable values, in the order Terraform applies them (the
// automatically loaded files of its directory, then the --var-file files that set any of its variables,
// then --var), as its one variant.
UnitTask root_unit(FormatContext& ctx, const fs::path& dir, const ModuleConfig& config, RootSources& src, bool one_shot) {
  RootInputs inputs;
  std::vector<std::shared_ptr<const ParsedFile>> var_files;
  std::vector<std::string> applied;
  std::vector<std::pair<int, std::size_t>> autos;
  for (std::size_t i = 0; i < src.files.size(); ++i) {
    int rank = auto_load_rank(src.files[i]->path);
    if (is_vars(src.files[i]->kind) && rank && src.files[i]->path.parent_path() == dir && src.parsed[i]) autos.emplace_back(rank, i);
  }
  std::sort(autos.begin(), autos.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : src.files[a.second]->path.filename() < src.files[b.second]->path.filename();
  });
  for (const auto& [rank, i] : autos) {
    read_tfvars(*src.parsed[i], inputs);
    var_files.push_back(src.parsed[i]);
    applied.push_back(SourceLoader::display_path(src.files[i]->path));
    ++ctx.counts.parameter_files;
  }
  for (std::size_t g = 0; g < src.given.size(); ++g) {
    if (!declares_any(config, *src.given[g].parsed)) continue;
    read_tfvars(*src.given[g].parsed, inputs);
    var_files.push_back(src.given[g].parsed);
    applied.push_back(src.given[g].shown);
    src.given_used[g] = true;
  }
  for (std::size_t v = 0; v < ctx.options.vars.size(); ++v) {
    const auto& [name, text] = ctx.options.vars[v];
    if (!config.variable(name)) continue;
    inputs[name] = RootVariable{Value::string(text), true};
    src.var_used[v] = true;
  }
  std::string variant;
  for (const std::string& a : applied) variant += (variant.empty() ? "" : ", ") + a;

  UnitTask task;
  task.entry = config.files.empty() ? kNoFile : config.files.front()->file;
  task.entry_path = dir;
  task.variant_names = {variant};
  task.key = "terraform\x1f" + dir.string() + "\x1f" + variant;
  for (const auto& f : config.files) task.inputs.push_back(ctx.loader.sources().get(f->file).path());
  for (const auto& [rank, i] : autos) task.inputs.push_back(src.files[i]->path);
  for (std::size_t g = 0; g < src.given.size(); ++g) {
    if (src.given_used[g]) task.inputs.push_back(ctx.loader.sources().get(src.given[g].parsed->file).path());
  }
  auto shared_inputs = std::make_shared<RootInputs>(std::move(inputs));
  auto shared_var_files = std::make_shared<std::vector<std::shared_ptr<const ParsedFile>>>(std::move(var_files));
  task.lower = [cache = src.cache, table = src.table, root = dir, shared_inputs, shared_var_files](std::uint32_t unit,
                                                                                                   std::uint32_t variant_index) {
    LowerRequest request{root, *shared_inputs, unit, variant_index, *cache, *table};
    request.var_files = *shared_var_files;
    return lower_root_module(request);
  };
  if (one_shot) {
    // Lowered (its one variant): what it parsed of its own folder goes, unless its lowering keeps it (a
    // provenance index holds the module it answers for). Held from the start of the scan, the parses of
    // every Terraform file were most of what forming Terraform units held.
    task.done = [cache = src.cache, root = dir](std::uint32_t) { cache->forget_module(root); };
  }
  return task;
}

}  // namespace

std::vector<UnitTask> unit_tasks(FormatContext& ctx, UnitCache* kept_files, const MappingSource& mapping) {
  std::vector<const DiscoveredFile*> files;
  for (const DiscoveredFile& f : ctx.files) {
    if (is_code(f.kind) || is_vars(f.kind)) files.push_back(&f);
  }
  if (files.empty() && ctx.options.var_files.empty()) return {};
  ctx.counts.files += files.size();
  auto cache = std::make_shared<ConfigCache>(ctx.loader);
  const std::vector<std::shared_ptr<const ParsedFile>> parsed = parse_files(ctx, kept_files, files, *cache);
  const Modules modules = find_modules(files, *cache);
  // The azurerm mapping is read only when a module declares a resource, a data source or a module call:
  // files of variables, outputs and locals alone never consult it (reading it was 4.6 M instructions).
  bool needs_mapping = false;
  for (const auto& [dir, config] : modules.configs) {
    needs_mapping = needs_mapping || !config->resources.empty() || !config->module_calls.empty();
  }
  std::string error;
  std::shared_ptr<const Mapping> table = needs_mapping ? mapping(error) : std::make_shared<const Mapping>();
  if (!table) {
    ctx.errors.push_back("the compiled-in Terraform mapping table is invalid: " + error);
    return {};
  }
  // --var-file and --var apply to every root module that declares what they set.
  const std::vector<VarFile> given = read_given_var_files(ctx, *cache);
  if (!ctx.errors.empty()) return {};
  ctx.counts.parameter_files += given.size();
  RootSources src{files, parsed, cache, table, given, std::vector<bool>(given.size(), false),
                  std::vector<bool>(ctx.options.vars.size(), false)};

  std::vector<UnitTask> tasks;
  for (const auto& [dir, config] : modules.configs) {
    if (!modules.roots.count(dir)) {
      ++ctx.counts.modules;
      continue;
    }
    tasks.push_back(root_unit(ctx, dir, *config, src, /*one_shot=*/kept_files == nullptr));
  }
  for (std::size_t g = 0; g < given.size(); ++g) {
    if (!src.given_used[g]) ctx.warnings.push_back("--var-file " + given[g].shown + " sets no variable of a scanned root module");
  }
  for (std::size_t v = 0; v < ctx.options.vars.size(); ++v) {
    if (!src.var_used[v] && !modules.configs.empty()) {
      ctx.warnings.push_back("--var " + ctx.options.vars[v].first + " names no variable of a scanned root module");
    }
  }
  return tasks;
}

}  // namespace vl::tf
