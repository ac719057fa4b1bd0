#include "frontends/terraform/modules/module_config.h"

#include <algorithm>
#include <functional>
#include <set>

#include "frontends/terraform/hcl/hcl_json.h"
#include "frontends/terraform/hcl/hcl_parser.h"

namespace vl::tf {

namespace fs = std::filesystem;

const VariableDecl* ModuleConfig::variable(const std::string& name) const {
  auto it = variable_index.find(name);
  return it == variable_index.end() ? nullptr : &variables[it->second];
}
const NamedExpr* ModuleConfig::local(const std::string& name) const {
  auto it = local_index.find(name);
  return it == local_index.end() ? nullptr : &locals[it->second];
}
const OutputDecl* ModuleConfig::output(const std::string& name) const {
  auto it = output_index.find(name);
  return it == output_index.end() ? nullptr : &outputs[it->second];
}
const ResourceDecl* ModuleConfig::resource(bool data, const std::string& type, const std::string& name) const {
  auto it = resource_index.find((data ? "data." : "") + type + "." + name);
  return it == resource_index.end() ? nullptr : &resources[it->second];
}
const ModuleCallDecl* ModuleConfig::module_call(const std::string& name) const {
  auto it = call_index.find(name);
  return it == call_index.end() ? nullptr : &module_calls[it->second];
}
bool ModuleConfig::declares_resource_type(const std::string& type) const {
  return std::any_of(resources.begin(), resources.end(), [&](const ResourceDecl& r) { return !r.data && r.type == type; });
}

bool is_local_source(const std::string& source) {
  return source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0 || source == "." || source == "..";
}

namespace {

std::string literal_string(const Expr* e) {
  if (!e) return "";
  if (e->kind == ExprKind::String) return e->text;
  if (e->kind == ExprKind::Template && e->items.size() == 1 && e->items[0]->kind == ExprKind::String) return e->items[0]->text;
  return "";
}

// `sensitive = true` (also `"true"`, as Terraform converts it); anything else, or an expression, is false.
bool literal_true(const Attribute* a) {
  if (!a) return false;
  const Expr* e = a->value.get();
  if (e->kind == ExprKind::Bool) return e->boolean;
  return literal_string(e) == "true";
}

void read_terraform_block(const Block& b, ModuleConfig& c) {
  for (const Block& inner : b.body->blocks) {
    if (inner.type != "required_providers") continue;
    for (const Attribute& a : inner.body->attributes) {
      ProviderRequirement r;
      r.local_name = a.name;
      if (a.value->kind == ExprKind::Object) {
        for (std::size_t i = 0; i + 1 < a.value->items.size(); i += 2) {
          std::string key = a.value->items[i]->text;
          if (key == "source") r.source = literal_string(a.value->items[i + 1].get());
          if (key == "version") r.constraint = literal_string(a.value->items[i + 1].get());
        }
      } else {
        r.constraint = literal_string(a.value.get());  // Terraform 0.12's `azurerm = "~> 2.0"`
      }
      c.requirements.push_back(std::move(r));
    }
  }
}

// `local.x` references inside an expression.
void local_refs(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == ExprKind::GetAttr && !e.items.empty() && e.items[0]->kind == ExprKind::Variable && e.items[0]->text == "local") {
    out.push_back(&e);
  }
  for (const ExprPtr& c : e.items) {
    if (c) local_refs(*c, out);
  }
}

// Locals that refer to each other in a cycle: one KV001 per cycle, at its first local, naming it.
void report_local_cycles(ModuleConfig& c) {
  const std::size_t n = c.locals.size();
  std::vector<std::vector<std::size_t>> edges(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<const Expr*> refs;
    if (c.locals[i].value) local_refs(*c.locals[i].value, refs);
    for (const Expr* r : refs) {
      auto it = c.local_index.find(r->text);
      if (it != c.local_index.end()) edges[i].push_back(it->second);
    }
  }
  std::vector<int> state(n, 0);  // 0 new, 1 on the stack, 2 done
  std::vector<std::size_t> stack;
  std::set<std::set<std::size_t>> reported;
  std::function<void(std::size_t)> visit = [&](std::size_t v) {
    state[v] = 1;
    stack.push_back(v);
    for (std::size_t w : edges[v]) {
      if (state[w] == 1) {
        auto from = std::find(stack.begin(), stack.end(), w);
        std::set<std::size_t> members(from, stack.end());
        if (!reported.insert(members).second) continue;
        std::string path;
        for (auto it = from; it != stack.end(); ++it) path += "local." + c.locals[*it].name + " -> ";
        path += "local." + c.locals[w].name;
        c.diagnostics.push_back(Diagnostic{"KV001", c.locals[w].name_span, "locals refer to each other in a cycle: " + path, {}});
      } else if (state[w] == 0 && stack.size() < 1000) {
        visit(w);
      }
    }
    stack.pop_back();
    state[v] = 2;
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (state[i] == 0) visit(i);
  }
}

}  // namespace

std::shared_ptr<const ModuleConfig> build_module_config(const fs::path& dir, std::vector<std::shared_ptr<const ParsedFile>> files) {
  auto c = std::make_shared<ModuleConfig>();
  c->dir = dir;
  c->files = std::move(files);
  for (const auto& f : c->files) {
    if (!f->ok) continue;
    for (const Block& b : f->body.blocks) {
      const std::string& t = b.type;
      const std::string label0 = b.labels.empty() ? "" : b.labels[0];
      if (t == "variable" && !label0.empty() && !c->variable_index.count(label0)) {
        VariableDecl v;
        v.name = label0;
        v.name_span = b.label_spans[0];
        if (const Attribute* d = b.body->attribute("default")) {
          v.default_value = d->value.get();
          v.default_key = d->name_span;
        }
        v.sensitive = literal_true(b.body->attribute("sensitive"));
        v.header = b.header;
        if (const Attribute* n = b.body->attribute("nullable")) v.nullable = !(n->value->kind == ExprKind::Bool && !n->value->boolean);
        const Attribute* type = b.body->attribute("type");
        v.type = parse_type(type ? type->value.get() : nullptr);
        c->variable_index[v.name] = c->variables.size();
        c->variables.push_back(std::move(v));
      } else if (t == "locals") {
        for (const Attribute& a : b.body->attributes) {
          c->local_index[a.name] = c->locals.size();
          c->locals.push_back(NamedExpr{a.name, a.name_span, a.value.get()});
        }
      } else if (t == "output" && !label0.empty()) {
        const Attribute* v = b.body->attribute("value");
        OutputDecl o;
        o.name = label0;
        o.name_span = b.label_spans[0];
        o.value = v ? v->value.get() : nullptr;
        o.value_key = v ? v->name_span : Span{};
        o.sensitive = literal_true(b.body->attribute("sensitive"));
        o.header = b.header;
        c->output_index[label0] = c->outputs.size();
        c->outputs.push_back(std::move(o));
      } else if ((t == "resource" || t == "data") && b.labels.size() >= 2) {
        ResourceDecl r{t == "data", b.labels[0], b.labels[1], &b};
        // An override file's block is a partial change to a declaration made elsewhere, which vaultlint
        // does not merge: it is not a resource of its own.
        if (f->override_file) continue;
        // A second declaration of an address is an error in Terraform, but a folder of samples or a copy
        // left behind has them: each is still checked (under an identity of its own), and references to
        // the address reach the first.
        auto [known, first] = c->resource_index.emplace(r.address(), c->resources.size());
        if (!first) r.duplicate = ++c->resources[known->second].duplicates;
        c->resources.push_back(std::move(r));
      } else if (t == "module" && !label0.empty()) {
        if (c->call_index.count(label0)) continue;
        ModuleCallDecl m;
        m.name = label0;
        m.block = &b;
        if (const Attribute* s = b.body->attribute("source")) {
          m.source = literal_string(s->value.get());
          m.source_span = s->span;
        } else {
          m.source_span = b.header;
        }
        c->call_index[m.name] = c->module_calls.size();
        c->module_calls.push_back(std::move(m));
      } else if (t == "terraform") {
        read_terraform_block(b, *c);
      }
    }
  }
  report_local_cycles(*c);
  return c;
}

namespace {

// git writes a symbolic link as a small file holding the link's target when the checkout cannot make
// links (core.symlinks=false, archives): a file whose whole text is a relative path to another
// Terraform file stands for that file.
std::optional<fs::path> symlink_target(const fs::path& path, std::string_view text) {
  if (text.size() > 512) return std::nullopt;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.empty() || text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/-") != std::string_view::npos) {
    return std::nullopt;
  }
  std::string lower = to_lower(text);
  if (!lower.ends_with(".tf") && !lower.ends_with(".tf.json") && !lower.ends_with(".tfvars")) return std::nullopt;
  fs::path target = (path.parent_path() / std::string(text)).lexically_normal();
  std::error_code ec;
  if (target == fs::absolute(path).lexically_normal() || !fs::is_regular_file(target, ec)) return std::nullopt;
  return target;
}

}  // namespace

std::shared_ptr<const ParsedFile> ConfigCache::file(const fs::path& path, std::string& error) { return file(path, error, 0); }

std::shared_ptr<const ParsedFile> ConfigCache::file(const fs::path& path, std::string& error, int links) {
  LoadedFile loaded = loader_.load(path);
  if (loaded.status != LoadStatus::Ok) {
    error = loaded.error;
    if (loaded.status == LoadStatus::Binary || loaded.status == LoadStatus::TooLarge) {
      fs::path abs = fs::absolute(path).lexically_normal();
      std::lock_guard<std::mutex> lock(mutex_);
      auto known = unreadable_.find(abs);
      if (known != unreadable_.end()) return known->second;
      // Still a file of the module: it is reported (KV001) and contributes nothing. No bytes of a file
      // over the size limit are kept: its KV001 points at the start of an empty stand-in.
      auto broken = std::make_shared<ParsedFile>();
      if (loaded.id == kNoFile) {
        loaded.id = loader_.sources().add(std::make_unique<SourceFile>(SourceLoader::display_path(abs), abs, ""));
      }
      broken->file = loaded.id;
      broken->diagnostics.push_back(Diagnostic{"KV001", Span{loaded.id, 0, 0}, loaded.error, {}});
      unreadable_[abs] = broken;
      return broken;
    }
    return nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(loaded.id);
    if (it != files_.end()) return it->second;
  }
  const SourceFile& src = loader_.sources().get(loaded.id);
  if (links < 8) {
    if (std::optional<fs::path> target = symlink_target(fs::absolute(path), src.text())) return file(*target, error, links + 1);
  }
  std::string name = to_lower(path.filename().string());
  auto parsed = std::make_shared<ParsedFile>(name.ends_with(".json") ? parse_tf_json(loaded.id, src.text(), name.ends_with(".tfvars.json"))
                                                                     : parse_hcl_file(loaded.id, src.text()));
  parsed->override_file = name == "override.tf" || name == "override.tf.json" || name.ends_with("_override.tf") ||
                         name.ends_with("_override.tf.json");
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = files_.emplace(loaded.id, std::move(parsed));
  return it->second;
}

void ConfigCache::put(std::shared_ptr<const ParsedFile> parsed) {
  if (!parsed || parsed->file == kNoFile) return;
  std::lock_guard<std::mutex> lock(mutex_);
  files_.emplace(parsed->file, std::move(parsed));
}

void ConfigCache::mark_discovered(FileId id) {
  std::lock_guard<std::mutex> lock(mutex_);
  discovered_[id] = true;
}

bool ConfigCache::discovered(FileId id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return discovered_.count(id) != 0;
}

fs::path normal_dir(const fs::path& dir) {
  fs::path d = fs::absolute(dir).lexically_normal();
  return d.has_filename() || d == d.root_path() ? d : d.parent_path();
}

void ConfigCache::seed_module(const fs::path& dir_in, std::vector<std::shared_ptr<const ParsedFile>> files) {
  fs::path dir = normal_dir(dir_in);
  ModuleResult result;
  result.config = build_module_config(dir, std::move(files));
  std::lock_guard<std::mutex> lock(mutex_);
  modules_[dir] = std::move(result);
}

void ConfigCache::forget_module(const fs::path& dir_in) {
  const fs::path dir = normal_dir(dir_in);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(dir);
  if (it == modules_.end()) return;
  if (it->second.config) {
    for (const auto& f : it->second.config->files) files_.erase(f->file);
  }
  modules_.erase(it);
}

ConfigCache::ModuleResult ConfigCache::module(const fs::path& dir_in) {
  fs::path dir = normal_dir(dir_in);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = modules_.find(dir);
    if (it != modules_.end()) return it->second;
  }
  ModuleResult result;
  std::error_code ec;
  if (!loader_.readable(dir)) {
    result.status = LoadStatus::OutsideRepository;
    result.error = SourceLoader::display_path(dir) + " lies outside the repository (" +
                   loader_.repository().generic_string() + "), so it is not read";
  } else if (!fs::is_directory(dir, ec) && loader_.overlays_in(dir).empty()) {
    result.status = LoadStatus::NotFound;
    result.error = SourceLoader::display_path(dir) + " does not exist";
  } else {
    auto is_tf = [](const fs::path& p) {
      std::string name = to_lower(p.filename().string());
      return name.ends_with(".tf") || name.ends_with(".tf.json");
    };
    std::vector<fs::path> paths;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end; it.increment(ec)) {
      if (is_tf(it->path()) && it->is_regular_file(ec)) paths.push_back(it->path());
    }
    // An editor's unsaved buffers belong to the module as its files on disk do.
    for (const fs::path& p : loader_.overlays_in(dir)) {
      if (is_tf(p) && std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(p);
    }
    std::sort(paths.begin(), paths.end());
    std::vector<std::shared_ptr<const ParsedFile>> files;
    for (const fs::path& p : paths) {
      std::string error;
      if (auto f = file(p, error)) files.push_back(std::move(f));
    }
    result.config = build_module_config(dir, std::move(files));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = modules_.emplace(dir, std::move(result));
  return it->second;
}

}  // namespace vl::tf
