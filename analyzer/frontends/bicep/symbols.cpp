// Names in a Bicep file: parameters (supplied value, default, nullable, or unknown with the values it may
// take), variables, outputs, user-defined functions, imports (`import {x} from './lib.bicep'`, `import *
// as ns`), loop variables and lambda parameters.
#include <charconv>
#include <fstream>

#include "frontends/bicep/instance.h"
#include "graph/budget.h"
#include "graph/json_value.h"

namespace vl::bicep {

namespace fs = std::filesystem;

namespace {

// A value given on the command line as text, for a parameter of another type.
Value coerce(const std::string& type, Value v) {
  if (!v.is_string()) return v;
  const std::string& s = v.as_string();
  if (type == "bool") {
    if (iequals(s, "true")) return Value::boolean(true, v.span());
    if (iequals(s, "false")) return Value::boolean(false, v.span());
  } else if (type == "int") {
    std::int64_t i;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
    if (ec == std::errc() && p == s.data() + s.size()) return Value::integer(i, v.span());
  }
  return v;
}

}  // namespace

std::shared_ptr<const ModuleAliases> read_module_aliases(SourceLoader& loader, const fs::path& config) {
  auto result = std::make_shared<ModuleAliases>();
  LoadedFile loaded = loader.load(config);
  if (loaded.status != LoadStatus::Ok) return result;
  std::shared_ptr<const std::string> text = loader.sources().get(loaded.id).contents();  // JSON: may be released
  JsonDocument doc = parse_json_document(loaded.id, *text);
  const Value aliases_value = doc.root.as_object().get("moduleAliases");
  for (const Member& m : aliases_value.as_object().get("br").as_object().members()) {
    const Object& o = m.value.as_object();
    result->br[m.key] = ModuleAliases::Registry{o.get("registry").as_string(), o.get("modulePath").as_string()};
  }
  for (const Member& m : aliases_value.as_object().get("ts").as_object().members()) {
    const Object& o = m.value.as_object();
    result->ts[m.key] = ModuleAliases::TemplateSpec{o.get("subscription").as_string(), o.get("resourceGroup").as_string()};
  }
  return result;
}

std::vector<FileId> static_module_files(const ParsedFile& parsed, const fs::path& path, SourceLoader& loader,
                                        const fs::path& bicep_cache, const ModuleAliases& aliases) {
  std::vector<FileId> out;
  if (!parsed.tree) return out;
  for (const Decl* d : parsed.tree->decls) {
    if ((d->kind != DeclKind::Module && d->kind != DeclKind::Import) || !d->path || d->path->kind != ExprKind::String) continue;
    ModuleRef ref = resolve_module_ref(d->path->text, path, bicep_cache, aliases);
    if (ref.kind != ModuleRef::Kind::Local) continue;
    LoadedFile loaded = loader.load(ref.local);
    if (loaded.status == LoadStatus::Ok && loaded.id != parsed.file) out.push_back(loaded.id);
  }
  return out;
}

// ---- Shared ---------------------------------------------------------------------------------------------

const ModuleAliases& Shared::aliases_for(const fs::path& file) {
  fs::path dir = file.parent_path();
  auto it = aliases.find(dir);
  if (it != aliases.end()) return *it->second;
  return *aliases.emplace(dir, cache.folder_aliases(loader, dir)).first->second;
}

std::shared_ptr<const ParsedFile> Shared::load(const fs::path& path, Span at, const char* what, bool params_file) {
  LoadedFile loaded = loader.load(path);
  if (loaded.status != LoadStatus::Ok) {
    bool missing = loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository;
    sink.add(Diagnostic{missing ? "KV002" : "KV001", at, std::string(what) + ": " + loaded.error, {}});
    return nullptr;
  }
  used.insert(loaded.id);
  bool first = false;
  std::shared_ptr<const ParsedFile> parsed = cache.get(loader, loaded.id, params_file, &first);
  index(parsed);
  if (!cache.reported(loaded.id)) {
    for (const Diagnostic& d : parsed->errors) sink.add(d);
    for (const Suppression& s : parsed->suppressions) out.suppressions.push_back(s);
  }
  return parsed;
}

void Shared::index(const std::shared_ptr<const ParsedFile>& parsed) {
  if (!parsed || !indexed.insert(parsed->file).second) return;
  if (auto i = provenance_index(parsed, loader.sources().get(parsed->file))) out.provenance.push_back(std::move(i));
}

// ---- Instance ---------------------------------------------------------------------------------------

Instance::Instance(Shared& shared, std::shared_ptr<const ParsedFile> file, InstanceContext ctx)
    : shared_(shared),
      parsed_(std::move(file)),
      tree_(*parsed_->tree),
      file_(parsed_->file),
      ctx_(std::move(ctx)),
      evaluator_(*this, FunctionTable::builtins(), shared.limits) {
  index_declarations();
  ctx_.scope.level = target_level();
}

void Instance::index_declarations() {
  for (const Decl* d : tree_.decls) {
    switch (d->kind) {
      case DeclKind::Param:
      case DeclKind::ParamAssign:
        params_.emplace(d->name, d);
        break;
      case DeclKind::Var:
        vars_.emplace(d->name, d);
        break;
      case DeclKind::Output:
        outputs_.emplace(d->name, d);
        break;
      case DeclKind::Func:
        funcs_.emplace(d->name, d);
        break;
      case DeclKind::Resource:
        resources_.emplace(d->name, d);
        break;
      case DeclKind::Module:
        modules_.emplace(d->name, d);
        break;
      case DeclKind::Import:
        for (const ImportedSymbol& s : d->imported) imports_by_alias_.emplace(s.alias, d);
        if (!d->wildcard_alias.empty()) wildcard_imports_.emplace(d->wildcard_alias, d);
        break;
      default:
        break;
    }
  }
}

DeploymentScope::Level Instance::target_level() {
  for (const Decl* d : tree_.decls) {
    if (d->kind != DeclKind::TargetScope || !d->value) continue;
    Value v = eval(*d->value);
    if (!v.is_string()) break;
    const std::string& s = v.as_string();
    if (s == "subscription") return DeploymentScope::Level::Subscription;
    if (s == "managementGroup") return DeploymentScope::Level::ManagementGroup;
    if (s == "tenant") return DeploymentScope::Level::Tenant;
    break;
  }
  return DeploymentScope::Level::ResourceGroup;
}

Value Instance::lookup_local(std::string_view name, bool& found) const {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
    if (it->first == name) {
      found = true;
      return it->second;
    }
  }
  found = false;
  return Value();
}

bool Instance::shadowed(std::string_view name) const {
  for (const auto& [local, value] : locals_) {
    if (local == name) return true;
  }
  return false;
}

Value Instance::identifier(const Expr& e) {
  bool found = false;
  Value local = lookup_local(e.text, found);
  if (found) return local;
  if (auto it = params_.find(e.text); it != params_.end()) return param_value(*it->second);
  if (auto it = vars_.find(e.text); it != vars_.end()) return var_value(*it->second);
  if (resources_.count(e.text) || modules_.count(e.text)) {
    Reference ref = resolve_ref(e);
    switch (ref.kind) {
      case Reference::Kind::Resource:
        return resource_value(*ref.resource, span(e));
      case Reference::Kind::Resources: {
        Array items;
        for (const ResourceInst& r : ref.resources->instances) items.push_back(resource_value(r, span(e)));
        return Value::array(std::move(items), span(e));
      }
      case Reference::Kind::Module:
      case Reference::Kind::Modules: {
        std::vector<const Expr*> none;
        return module_member(ref, none, e);
      }
      case Reference::Kind::Unknown:
        return ref.unknown;
      case Reference::Kind::None:
        break;
    }
    return Value::unknown("`" + e.text + "` refers to itself", span(e));
  }
  if (std::optional<Value> v = imported_value(e.text, span(e))) return *v;
  if (e.text == "sys" || e.text == "az") return Value::unknown("`" + e.text + "` is a namespace, not a value", span(e));
  return Value::unknown("`" + e.text + "` is not declared", span(e));
}

// The parameter's type name through user-defined type aliases (`string`, `bool`, ...), and whether it
// is nullable (`T?`).
std::string Instance::type_name(const TypeExpr* t, bool& nullable, int depth) const {
  if (!t || depth > 16) return "";
  switch (t->kind) {
    case TypeKind::Nullable:
      nullable = true;
      return type_name(t->members[0], nullable, depth + 1);
    case TypeKind::NonNullable:
    case TypeKind::Paren:
      return type_name(t->members[0], nullable, depth + 1);
    case TypeKind::Name: {
      if (t->text == "string" || t->text == "int" || t->text == "bool" || t->text == "object" || t->text == "array") return t->text;
      for (const Decl* d : tree_.decls) {
        if (d->kind == DeclKind::Type && d->name == t->text) return type_name(d->type, nullable, depth + 1);
      }
      return t->text;
    }
    case TypeKind::Array:
    case TypeKind::Tuple:
      return "array";
    case TypeKind::Object:
      return "object";
    case TypeKind::Union:
      // `'a' | 'b'?` and `'a' | null`: a nullable member (or null itself) makes the union nullable, as
      // the ARM it compiles to says (`nullable: true`).
      for (const TypeExpr* m : t->members) {
        if (m && m->kind == TypeKind::Nullable) nullable = true;
        if (m && m->kind == TypeKind::Literal && m->literal && m->literal->kind == ExprKind::Null) nullable = true;
      }
      return "union";
    case TypeKind::Literal:
      return "literal";
    default:
      return "";
  }
}

const Expr* Instance::find_decorator(const Decl& d, std::string_view name) const {
  for (const Decorator& dec : d.decorators) {
    const Expr* e = dec.expr;
    if (e && (e->kind == ExprKind::Call || e->kind == ExprKind::MethodCall) && e->text == name) return e;
  }
  return nullptr;
}

Value Instance::param_value(const Decl& d) {
  Slot& slot = slots_[&d];
  if (slot.state == SlotState::Done) return slot.value;
  if (slot.state == SlotState::Busy) {
    return stopped(StopCause::Cycle, "the value of parameter `" + d.name + "` depends on itself", span(d.name_begin, d.name_end));
  }
  slot.state = SlotState::Busy;
  FreshScope scope(locals_);
  Value v;
  Span name_span = span(d.name_begin, d.name_end);
  if (d.kind == DeclKind::ParamAssign) {
    v = d.value ? eval(*d.value) : Value::unknown("no value", name_span);
  } else {
    bool nullable = false;
    std::string type = type_name(d.type, nullable);
    bool from_cli = false;
    for (const auto& [name, text] : ctx_.cli) {
      if (iequals(name, d.name)) {
        v = coerce(type, Value::string(text));
        from_cli = true;
      }
    }
    auto supplied = ctx_.supplied.find(to_lower(d.name));
    if (from_cli) {
    } else if (supplied != ctx_.supplied.end() && !(supplied->second.is_null() && d.value)) {
      // A null given for a parameter with a default is no value: ARM applies the default (Bicep types
      // such parameters as nullable for their callers for that reason).
      v = supplied->second;
    } else if (ctx_.supplied_unknown.is_unknown()) {
      v = ctx_.supplied_unknown;
    } else if (d.value) {
      v = eval(*d.value);
    } else if (nullable) {
      v = Value::null(name_span);
    } else {
      auto info = std::make_shared<UnknownInfo>();
      info->reason = "parameter `" + d.name + "` has no default and " +
                     (ctx_.origin.empty() ? std::string("no .bicepparam file gives it a value") : ctx_.origin + " gives it no value");
      info->origin = name_span;
      if (const Expr* allowed = find_decorator(d, "allowed")) {
        std::size_t first = allowed->kind == ExprKind::MethodCall ? 1 : 0;
        if (allowed->args.size() > first) {
          Value list = eval(*allowed->args[first]);
          for (const Value& item : list.as_array()) info->candidates.push_back(item);
        }
      }
      // A boolean can only be one of two: rules that judge both alike still decide.
      if (info->candidates.empty() && type == "bool") {
        info->candidates = {Value::boolean(true, name_span), Value::boolean(false, name_span)};
      }
      // A string still has a name, so ids built from it link (graph/symbol.h).
      if (type.empty() || type == "string") info->symbol = symbol_marker("param " + ctx_.logical_prefix + d.name);
      v = Value::unknown(std::move(info));
    }
  }
  Slot& done = slots_[&d];
  done.value = v;
  done.state = SlotState::Done;
  return v;
}

Value Instance::var_value(const Decl& d) {
  Slot& slot = slots_[&d];
  if (slot.state == SlotState::Done) return slot.value;
  Span name_span = span(d.name_begin, d.name_end);
  if (slot.state == SlotState::Busy) {
    shared_.sink.add(Diagnostic{"KV001", name_span, "variable `" + d.name + "` depends on itself", {}});
    return Value::unknown("variable `" + d.name + "` depends on itself", name_span);
  }
  slot.state = SlotState::Busy;
  Value v;
  {
    FreshScope scope(locals_);
    v = d.value ? eval(*d.value) : Value::unknown("no value", name_span);
  }
  Slot& done = slots_[&d];
  done.value = v;
  done.state = SlotState::Done;
  return v;
}

Value Instance::output(std::string_view name, Span at) {
  auto it = outputs_.find(std::string(name));
  if (it == outputs_.end()) return Value::unknown("the module has no output `" + std::string(name) + "`", at);
  const Decl& d = *it->second;
  Slot& slot = slots_[&d];
  if (slot.state == SlotState::Done) return slot.value;
  if (slot.state == SlotState::Busy) return stopped(StopCause::Cycle, "output `" + d.name + "` depends on itself", at);
  slot.state = SlotState::Busy;
  Value v;
  {
    FreshScope scope(locals_);
    v = d.value ? eval(*d.value) : Value::unknown("no value", at);
  }
  Slot& done = slots_[&d];
  done.value = v;
  done.state = SlotState::Done;
  return v;
}

std::unordered_map<std::string, Value> Instance::param_assignments() {
  std::unordered_map<std::string, Value> out;
  for (const Decl* d : tree_.decls) {
    if (d->kind == DeclKind::ParamAssign) out[to_lower(d->name)] = param_value(*d);
  }
  return out;
}

Value Instance::call_user_function(const Decl& d, std::vector<Value>& args, Span at) {
  if (call_depth_ >= kMaxCallDepth) {
    return stopped(StopCause::Depth, "user-defined function calls nested deeper than " + std::to_string(kMaxCallDepth) +
                                         " levels (`" + d.name + "` calls itself, directly or through other functions)",
                   at);
  }
  if (args.size() != d.func_params.size()) {
    return Value::unknown(d.name + "(): expects " + std::to_string(d.func_params.size()) + " arguments, got " +
                              std::to_string(args.size()),
                          at);
  }
  Value stop;
  if (!charge(at, stop)) return stop;
  std::vector<std::pair<std::string, Value>> bound;
  for (std::size_t i = 0; i < d.func_params.size(); ++i) bound.emplace_back(d.func_params[i].first, args[i]);
  FreshScope scope(locals_, std::move(bound));
  ++call_depth_;
  Value result = d.value ? eval(*d.value) : Value::unknown("no body", at);
  --call_depth_;
  // A value computed in the function body is the call's result, written at the call.
  Span s = result.span();
  if (result.is_known() && s.file == file_ && s.begin >= d.begin && s.end <= d.end) result.set_span(at);
  return result;
}

Instance* Instance::library(const Decl& import) {
  if (!import.path) return nullptr;
  ModuleRef ref = resolve_module_ref(import.path->text, source().path(), shared_.bicep_cache, shared_.aliases_for(source().path()));
  if (ref.kind != ModuleRef::Kind::Local || !iends_with(ref.local.string(), ".bicep")) return nullptr;
  if (ctx_.depth + 1 > kMaxModuleDepth) return nullptr;
  std::shared_ptr<const ParsedFile> parsed = shared_.load(ref.local, span(*import.path), "import");
  if (!parsed) return nullptr;
  auto it = shared_.libraries.find(parsed->file);
  if (it != shared_.libraries.end()) return it->second;
  InstanceContext ctx;
  ctx.scope = ctx_.scope;
  ctx.depth = ctx_.depth + 1;
  ctx.origin = "an import";
  auto inst = std::make_unique<Instance>(shared_, parsed, std::move(ctx));
  Instance* lib = inst.get();
  shared_.instances.push_back(std::move(inst));
  shared_.libraries.emplace(parsed->file, lib);
  return lib;
}

std::optional<Value> Instance::exported_variable(std::string_view name, Span) {
  auto it = vars_.find(std::string(name));
  if (it == vars_.end()) return std::nullopt;
  return var_value(*it->second);
}

std::optional<Value> Instance::call_exported(std::string_view name, std::vector<Value>& args, Span at) {
  auto it = funcs_.find(std::string(name));
  if (it == funcs_.end()) return std::nullopt;
  return call_user_function(*it->second, args, at);
}

const Decl* Instance::wildcard_import(std::string_view alias) const {
  if (shadowed(alias)) return nullptr;
  auto it = wildcard_imports_.find(std::string(alias));
  return it == wildcard_imports_.end() ? nullptr : it->second;
}

std::optional<Value> Instance::imported_value(std::string_view alias, Span at) {
  auto it = imports_by_alias_.find(std::string(alias));
  if (it == imports_by_alias_.end()) return std::nullopt;
  const Decl& d = *it->second;
  std::string original(alias);
  for (const ImportedSymbol& s : d.imported) {
    if (s.alias == alias) original = s.name;
  }
  Instance* lib = library(d);
  if (!lib) {
    return Value::unknown("`" + original + "` is imported from " + (d.path ? d.path->text : std::string("?")) +
                              ", which is not read offline",
                          at);
  }
  if (std::optional<Value> v = lib->exported_variable(original, at)) return v;
  return Value::unknown("`" + original + "` is not a variable of " + d.path->text, at);
}

std::optional<Value> Instance::call_imported(const Decl* import, std::string_view name, std::vector<Value>& args, Span at) {
  std::string original(name);
  for (const ImportedSymbol& s : import->imported) {
    if (s.alias == name) original = s.name;
  }
  Instance* lib = library(*import);
  if (!lib) {
    return Value::unknown("`" + original + "()` is imported from " + (import->path ? import->path->text : std::string("?")) +
                              ", which is not read offline",
                          at);
  }
  return lib->call_exported(original, args, at);
}

// ---- EvalEnv ------------------------------------------------------------------------------------------

Value Instance::parameter(std::string_view name, Span at) {
  for (const auto& [n, d] : params_) {
    if (iequals(n, name)) return param_value(*d);
  }
  return Value::unknown("the file declares no parameter '" + std::string(name) + "'", at);
}

Value Instance::variable(std::string_view name, Span at) {
  for (const auto& [n, d] : vars_) {
    if (iequals(n, name)) return var_value(*d);
  }
  return Value::unknown("the file declares no variable '" + std::string(name) + "'", at);
}

Value Instance::copy_index(std::string_view, Span at) {
  return Value::unknown("copyIndex() is not Bicep: use the loop's index variable", at);
}

}  // namespace vl::bicep
