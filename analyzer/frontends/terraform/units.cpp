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

}  // namespace

std::vector<UnitTask> unit_tasks(FormatContext& ctx, UnitCache* kept_files, const MappingSource& mapping) {
  std::vector<const DiscoveredFile*> files;
  for (const DiscoveredFile& f : ctx.files) {
    if (is_code(f.kind) || is_vars(f.kind)) files.push_back(&f);
  }
  if (files.empty() && ctx.options.var_files.empty()) return {};
  ctx.counts.files += files.size();
  std::string error;
  std::shared_ptr<const Mapping> table = mapping(error);
  if (!table) {
    ctx.errors.push_back("the compiled-in Terraform mapping table is invalid: " + error);
    return {};
  }

  // Parse every file once, in parallel; report each file's own problems once.
  auto cache = std::make_shared<ConfigCache>(ctx.loader);
  std::vector<std::shared_ptr<const ParsedFile>> parsed(files.size());
  ctx.parallel(files.size(), [&](std::size_t i) {
    // A session parses a file again only when it changed (the loader then gives a new id).
    FileId id = ctx.loader.load(files[i]->path).id;
    if (kept_files && id != kNoFile) {
      if (auto kept = kept_files->files.get(files[i]->path, id)) cache->put(kept->parsed);
    }
    std::string ignored;
    parsed[i] = cache->file(files[i]->path, ignored);
    if (kept_files && id != kNoFile && parsed[i]) {
      kept_files->files.put(files[i]->path, id, std::make_shared<TerraformFile>(TerraformFile{parsed[i]}));
    }
  });
  for (const auto& p : parsed) {
    if (!p) continue;
    cache->mark_discovered(p->file);
    for (const Diagnostic& d : p->diagnostics) ctx.file_diagnostics.push_back(d);
    for (const Suppression& s : p->suppressions) ctx.suppressions.push_back(s);
  }

  // Module directories, and which of them other modules call.
  std::set<fs::path> dirs;
  for (const DiscoveredFile* f : files) {
    if (is_code(f->kind)) dirs.insert(f->path.parent_path());
  }
  std::map<fs::path, std::shared_ptr<const ModuleConfig>> configs;
  std::map<fs::path, std::set<fs::path>> calls;
  for (const fs::path& dir : dirs) {
    ConfigCache::ModuleResult m = cache->module(dir);
    if (!m.config) continue;
    configs[dir] = m.config;
    for (const fs::path& d : local_module_dirs(*m.config)) calls[dir].insert(d);
  }
  std::set<fs::path> module_dirs;
  for (const auto& [dir, config] : configs) module_dirs.insert(dir);
  const std::set<fs::path> roots = root_modules(module_dirs, calls);

  // --var-file and --var apply to every root module that declares what they set.
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
    auto f = cache->file(abs, why);
    if (!f || !f->ok) {
      ctx.errors.push_back("--var-file " + p.string() + " cannot be read: " +
                               (f && !f->diagnostics.empty() ? f->diagnostics.front().message : why));
      continue;
    }
    given.push_back(VarFile{SourceLoader::display_path(abs), f});
  }
  if (!ctx.errors.empty()) return {};
  ctx.counts.parameter_files += given.size();
  std::vector<bool> given_used(given.size(), false);
  std::vector<bool> var_used(ctx.options.vars.size(), false);

  std::vector<UnitTask> tasks;
  for (const auto& [dir, config] : configs) {
    if (!roots.count(dir)) {
      ++ctx.counts.modules;
      continue;
    }
    RootInputs inputs;
    std::vector<std::shared_ptr<const ParsedFile>> var_files;
    std::vector<std::string> applied;
    std::vector<std::pair<int, std::size_t>> autos;
    for (std::size_t i = 0; i < files.size(); ++i) {
      int rank = auto_load_rank(files[i]->path);
      if (is_vars(files[i]->kind) && rank && files[i]->path.parent_path() == dir && parsed[i]) autos.emplace_back(rank, i);
    }
    std::sort(autos.begin(), autos.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : files[a.second]->path.filename() < files[b.second]->path.filename();
    });
    for (const auto& [rank, i] : autos) {
      read_tfvars(*parsed[i], inputs);
      var_files.push_back(parsed[i]);
      applied.push_back(SourceLoader::display_path(files[i]->path));
      ++ctx.counts.parameter_files;
    }
    for (std::size_t g = 0; g < given.size(); ++g) {
      if (!declares_any(*config, *given[g].parsed)) continue;
      read_tfvars(*given[g].parsed, inputs);
      var_files.push_back(given[g].parsed);
      applied.push_back(given[g].shown);
      given_used[g] = true;
    }
    for (std::size_t v = 0; v < ctx.options.vars.size(); ++v) {
      const auto& [name, text] = ctx.options.vars[v];
      if (!config->variable(name)) continue;
      inputs[name] = RootVariable{Value::string(text), true};
      var_used[v] = true;
    }
    std::string variant;
    for (const std::string& a : applied) variant += (variant.empty() ? "" : ", ") + a;

    UnitTask task;
    task.entry = config->files.empty() ? kNoFile : config->files.front()->file;
    task.entry_path = dir;
    task.variant_names = {variant};
    task.key = "terraform\x1f" + dir.string() + "\x1f" + variant;
    for (const auto& f : config->files) task.inputs.push_back(ctx.loader.sources().get(f->file).path());
    for (const auto& [rank, i] : autos) task.inputs.push_back(files[i]->path);
    for (std::size_t g = 0; g < given.size(); ++g) {
      if (given_used[g]) task.inputs.push_back(ctx.loader.sources().get(given[g].parsed->file).path());
    }
    auto shared_inputs = std::make_shared<RootInputs>(std::move(inputs));
    auto shared_var_files = std::make_shared<std::vector<std::shared_ptr<const ParsedFile>>>(std::move(var_files));
    fs::path root = dir;  // a structured binding cannot be captured (C++20 as clang 14 reads it)
    task.lower = [cache, table, root, shared_inputs, shared_var_files](std::uint32_t unit, std::uint32_t variant_index) {
      LowerRequest request{root, *shared_inputs, unit, variant_index, *cache, *table};
      request.var_files = *shared_var_files;
      return lower_root_module(request);
    };
    tasks.push_back(std::move(task));
  }
  for (std::size_t g = 0; g < given.size(); ++g) {
    if (!given_used[g]) ctx.warnings.push_back("--var-file " + given[g].shown + " sets no variable of a scanned root module");
  }
  for (std::size_t v = 0; v < ctx.options.vars.size(); ++v) {
    if (!var_used[v] && !configs.empty()) {
      ctx.warnings.push_back("--var " + ctx.options.vars[v].first + " names no variable of a scanned root module");
    }
  }
  return tasks;
}

}  // namespace vl::tf
