// Module declarations: each instance is a Microsoft.Resources/deployments resource (as Bicep compiles it)
// through which the module's own resources are lowered. A local .bicep module is instantiated with the
// values its caller passes (they keep the spans where the caller wrote them), in the scope its `scope:`
// names; its outputs are readable as `mod.outputs.x`. A local .json module, or a registry / template spec
// module found in the Bicep module cache, is ARM and goes to the ARM frontend through the caller's
// hand-off; one that cannot be found offline is a KV002, once, at its path.
#include "frontends/bicep/instance.h"

namespace vl::bicep {

namespace fs = std::filesystem;

namespace {

// The deployment scope a module's `scope:` value names (resourceGroup('x'), subscription('y'), an id);
// false when the id is none of those.
bool apply_scope_id(DeploymentScope& s, const std::string& id) {
  std::vector<std::string> p = split(id, '/');
  if (p.size() == 5 && p[0].empty() && iequals(p[1], "subscriptions") && iequals(p[3], "resourceGroups")) {
    s.level = DeploymentScope::Level::ResourceGroup;
    s.subscription_id = p[2];
    s.resource_group = p[4];
  } else if (p.size() == 3 && p[0].empty() && iequals(p[1], "subscriptions")) {
    s.level = DeploymentScope::Level::Subscription;
    s.subscription_id = p[2];
  } else if (p.size() == 5 && p[0].empty() && iequals(p[1], "providers") && iequals(p[3], "managementGroups")) {
    s.level = DeploymentScope::Level::ManagementGroup;
    s.management_group = p[4];
  } else if (p.size() >= 2 && p[0].empty() && (iequals(p[1], "tenants") || p[1].empty())) {
    s.level = DeploymentScope::Level::Tenant;
  } else {
    return false;  // not a scope id (a bare symbol, another kind of id)
  }
  return true;
}

// A module whose template the scan cannot read: its deployment keeps the inputs as ARM writes them
// (properties.parameters.<name>.value), so the ids it receives still link from it, and says why it is unread.
void mark_unread(Resource& deployment, const Object& params, const Value& params_unknown, std::string why) {
  deployment.unread = std::move(why);
  Object inputs;
  for (const Member& p : params.members()) {
    Object entry;
    entry.set("value", p.value, p.key_span, p.value_span);
    inputs.append(p.key, Value::object(std::move(entry), p.value.span()), p.key_span, p.value_span);
  }
  Object body = deployment.body.as_object();
  Object props = body.get("properties").as_object();
  props.set("parameters", params_unknown.is_unknown() ? params_unknown : Value::object(std::move(inputs)));
  body.set("properties", Value::object(std::move(props), deployment.body.span()));
  deployment.body = Value::object(std::move(body), deployment.body.span());
}

}  // namespace

void Instance::lower() {
  if (lowered_) return;
  lowered_ = true;
  note_static_references();
  FreshScope scope(locals_);
  for (const Decl* d : tree_.decls) {
    if (d->kind == DeclKind::Resource) emit_resources(*d, nullptr);
    if (d->kind == DeclKind::Module) module_slot(*d);
  }
  emit_value_nodes();
}

// Files this one names as modules or imports are part of its unit, not entry points of their own, even
// when no instance of the module is deployed with these values (a loop over an empty list).
void Instance::note_static_references() {
  for (FileId f : shared_.cache.static_modules(*parsed_, source().path(), shared_.loader, shared_.bicep_cache)) {
    shared_.used.insert(f);
  }
}

ModuleSlot& Instance::module_slot(const Decl& d) {
  std::unique_ptr<ModuleSlot>& slot = module_slots_[&d];
  if (!slot) slot = std::make_unique<ModuleSlot>();
  ModuleSlot& s = *slot;
  if (s.state != SlotState::Pending) return s;
  s.state = SlotState::Busy;
  FreshScope scope(locals_);
  const Expr* body = d.value;
  if (body && body->kind == ExprKind::For) {
    s.loop = true;
    const Expr& loop = *body;
    Value items = eval(*loop.args[0]);
    auto push_vars = [&](Value item, Value index) {
      locals_.emplace_back(loop.strings[0], std::move(item));
      if (!loop.strings[1].empty()) locals_.emplace_back(loop.strings[1], std::move(index));
    };
    if (!items.is_array()) {
      Value why = items.is_unknown() ? items : Value::unknown("the loop's collection is not an array: " + items.display(), span(*loop.args[0]));
      push_vars(why, why);
      module_instance(d, *loop.args[1], "[*]", true, "its loop count is unknown: " + why.unknown_info().reason, s);
      locals_.clear();
    } else if (static_cast<std::int64_t>(items.as_array().size()) > kMaxLoopCount) {
      shared_.sink.add(Diagnostic{"KV001", span(loop.begin, loop.begin + 1),
                                  "the loop of module `" + d.name + "` runs " + std::to_string(items.as_array().size()) +
                                      " times, over ARM's limit of " + std::to_string(kMaxLoopCount),
                                  {}});
    } else {
      const Array& list = items.as_array();
      s.instances.reserve(list.size());
      for (std::size_t i = 0; i < list.size(); ++i) {
        Value stop;
        if (!charge(span(loop), stop)) break;
        push_vars(list[i], Value::integer(static_cast<std::int64_t>(i), span(loop)));
        module_instance(d, *loop.args[1], instance_label(i), false, "", s);
        locals_.clear();
      }
    }
  } else if (body) {
    module_instance(d, *body, "", false, "", s);
  }
  s.state = SlotState::Done;
  return s;
}

void Instance::module_instance(const Decl& d, const Expr& body, std::string label, bool conditional, std::string reason,
                               ModuleSlot& slot) {
  ModuleInst m;
  m.label = std::move(label);
  m.conditional = conditional;
  m.reason = std::move(reason);
  m.logical_id = ctx_.logical_prefix + d.name;
  const Expr* obj = &body;
  if (obj->kind == ExprKind::IfBody) {
    Value cond = eval(*obj->args[0]);
    if (cond.is_bool() && !cond.as_bool()) {
      m.deployed = false;
      m.outputs_unknown = Value::unknown("module `" + d.name + "` is not deployed (its condition is false)", span(*obj->args[0]));
      slot.instances.push_back(std::move(m));
      return;
    }
    if (!cond.is_bool()) {
      m.conditional = true;
      if (m.reason.empty()) {
        m.reason = cond.is_unknown() ? "its condition is unknown: " + cond.unknown_info().reason
                                     : "its condition is not a boolean: " + cond.display();
      }
    }
    obj = obj->args[1];
  }
  if (obj->kind != ExprKind::Object) {
    m.deployed = false;
    slot.instances.push_back(std::move(m));
    return;
  }

  DeploymentScope scope = ctx_.scope;
  Object params;
  Value params_unknown;
  Object members;
  for (const ObjectItem& item : obj->items) {
    if (item.kind != ObjectItem::Kind::Property || item.key->kind != ExprKind::String) continue;
    const std::string& key = item.key->text;
    const Expr& value = *item.value;
    if (key == "scope") {
      Reference target = resolve_ref(value);
      if (target.kind == Reference::Kind::Resource) {
        // scope: rg, a resource group declared in this (subscription-level) file.
        const ResourceInst& rg = *target.resource;
        if (iequals(rg.type, "Microsoft.Resources/resourceGroups")) {
          scope.level = DeploymentScope::Level::ResourceGroup;
          scope.resource_group = name_text(rg.name);
          if (scope.resource_group.empty()) scope.resource_group = symbol_marker("resource group of module " + m.logical_id);
        } else if (!rg.id.empty()) {
          apply_scope_id(scope, rg.id);
        }
        continue;
      }
      Value v = eval(value);
      const Value id_value = v.is_object() ? v.as_object().get("id") : v;
      const std::string* id = id_text(id_value);
      if (!id || id->empty() || !apply_scope_id(scope, *id)) {
        partly_known_scope(value, scope, m.logical_id);
      }
      continue;
    }
    if (key == "params") {
      Value v = eval(value);
      if (v.is_object()) {
        params = v.as_object();
      } else if (v.is_unknown()) {
        params_unknown = v;
      }
      continue;
    }
    if (key == "dependsOn") continue;
    Value v = eval(value);
    if (key == "name") m.name = v;
    members.append(key, v, span(*item.key), span(value));
  }
  if (m.name.is_absent()) m.name = generated_name(d, m.label);
  if (m.name.is_string()) {
    scope.deployment_name = m.name.as_string();
    scope.deployment_name_unknown.clear();
  } else {
    scope.deployment_name_unknown = "the name of module `" + d.name + "` is not known" +
                                    (m.name.is_unknown() ? ": " + m.name.unknown_info().reason : "");
  }

  // The deployment resource the module's resources are lowered through.
  Resource dep;
  dep.type = "Microsoft.Resources/deployments";
  dep.symbolic_name = d.name;
  dep.name = m.name;
  dep.display_name = m.name.is_string() ? m.name.as_string() : d.name;
  Object props;
  props.set("mode", Value::string("Incremental", span(d.keyword_begin, d.keyword_end)));
  members.set("properties", Value::object(std::move(props), span(*obj)));
  dep.body = Value::object(std::move(members), span(*obj));
  dep.decl = span(d.keyword_begin, d.keyword_end);
  dep.format = SourceFormat::Bicep;
  dep.unit = shared_.unit;
  dep.variant = shared_.variant;
  dep.conditional = m.conditional || ctx_.conditional;
  dep.condition_reason = m.conditional ? m.reason : ctx_.condition_reason;
  dep.instance = ctx_.label + m.label;
  dep.logical_id = m.logical_id;
  dep.module = ctx_.module;
  // The deployment lives in the scope it deploys to (compiled Bicep reads it as resourceId(sub, rg, ...)).
  if (std::string n = name_text(m.name); !n.empty()) dep.id = make_resource_id(scope.scope_id(), dep.type, n);
  auto index = static_cast<std::uint32_t>(shared_.out.resources.size());
  shared_.out.resources.push_back(std::move(dep));

  instantiate(d, m, params, params_unknown, scope, index, m.conditional || ctx_.conditional,
              m.conditional ? m.reason : ctx_.condition_reason);
  slot.instances.push_back(std::move(m));
}

// A scope whose id the scan cannot compute still has its level, and the parts of it that are known, as
// in the ARM it compiles to (where `subscriptionId` and `resourceGroup` are evaluated apart):
// resourceGroup(sub, rg), subscription(sub), managementGroup(mg). A part that is not known keeps its
// symbol, or gets one of its own (never the synthetic one, which would be another deployment's).
void Instance::partly_known_scope(const Expr& value, DeploymentScope& scope, const std::string& module) {
  std::vector<const Expr*> args;
  std::string function;
  if (value.kind == ExprKind::Call) {
    function = to_lower(value.text);
    args.assign(value.args.begin(), value.args.end());
  } else if (value.kind == ExprKind::MethodCall && !value.args.empty()) {
    function = to_lower(value.text);
    args.assign(value.args.begin() + 1, value.args.end());
  }
  auto text = [&](const Expr& e, const char* what) {
    std::string t = name_text(eval(e));
    return t.empty() ? symbol_marker(std::string(what) + " of module " + module) : t;
  };
  if (function == "subscription" && args.size() == 1) {
    scope.level = DeploymentScope::Level::Subscription;
    scope.subscription_id = text(*args[0], "subscription");
  } else if (function == "managementgroup" && args.size() == 1) {
    scope.level = DeploymentScope::Level::ManagementGroup;
    scope.management_group = text(*args[0], "management group");
  } else {
    scope.level = DeploymentScope::Level::ResourceGroup;
    if (function == "resourcegroup" && args.size() == 2) {
      scope.subscription_id = text(*args[0], "subscription");
      scope.resource_group = text(*args[1], "resource group");
    } else if (function == "resourcegroup" && args.size() == 1) {
      scope.resource_group = text(*args[0], "resource group");
    } else {
      scope.resource_group = symbol_marker("resource group of module " + module);
    }
  }
}

// A module without `name:` is named as Bicep names it: '<symbol>-<uniqueString(symbol, deployment().name)>',
// with the loop index after the symbol in a loop (as compiled Bicep shows:
// format('sym-{0}-{1}', copyIndex(), uniqueString('sym', deployment().name))).
Value Instance::generated_name(const Decl& d, const std::string& label) {
  Span at = span(d.name_begin, d.name_end);
  if (!ctx_.scope.deployment_name_unknown.empty()) return Value::unknown(ctx_.scope.deployment_name_unknown, at);
  if (label == "[*]") return Value::unknown("module `" + d.name + "` is named by its loop index, which is not known", at);
  std::vector<Value> args{Value::string(d.name, at), Value::string(ctx_.scope.deployment_name, at)};
  const FunctionDef* unique = FunctionTable::builtins().find("uniqueString");
  ArmCallContext call{"uniqueString", args, at, evaluator_};
  Value hash = unique->fn(call);
  if (!hash.is_string()) return hash;
  std::string index = label.size() > 2 ? label.substr(1, label.size() - 2) + "-" : "";
  return Value::string(d.name + "-" + index + hash.as_string(), at);
}

void Instance::instantiate(const Decl& d, ModuleInst& m, const Object& params, const Value& params_unknown,
                           const DeploymentScope& scope,
                           std::uint32_t deployment, bool conditional, const std::string& reason) {
  Span at = d.path ? span(*d.path) : span(d.keyword_begin, d.keyword_end);
  if (!d.path || d.path->kind != ExprKind::String) {
    m.outputs_unknown = Value::unknown("the module path is not a plain string", at);
    return;
  }
  std::string origin = "the module call `" + d.name + "` in " + source().display();
  ModuleRef ref = resolve_module_ref(d.path->text, source().path(), shared_.bicep_cache, shared_.aliases_for(source().path()));
  switch (ref.kind) {
    case ModuleRef::Kind::Invalid:
      shared_.sink.add(Diagnostic{"KV002", at, "module `" + ref.shown + "` cannot be resolved offline: " + ref.error + "; its resources are not checked", {}});
      m.outputs_unknown = Value::unknown("module `" + ref.shown + "` cannot be resolved offline", at);
      mark_unread(shared_.out.resources[deployment], params, params_unknown, "module `" + ref.shown + "` cannot be resolved offline");
      return;
    case ModuleRef::Kind::Registry:
    case ModuleRef::Kind::TemplateSpec: {
      std::error_code ec;
      bool cached = !shared_.bicep_cache.empty() && fs::is_regular_file(ref.cached, ec);
      LoadedFile loaded;
      if (cached) loaded = shared_.loader.load(ref.cached);
      if (!cached || loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository) {
        std::string cache = shared_.bicep_cache.empty() ? std::string("no module cache was given") : "not in the Bicep module cache (" + shared_.bicep_cache.generic_string() + ")";
        shared_.sink.add(Diagnostic{"KV002", at,
                                    (ref.kind == ModuleRef::Kind::Registry ? "registry module `" : "template spec `") + ref.shown +
                                        "` is " + cache + "; run `bicep restore` so that its resources are checked",
                                    {}});
        m.outputs_unknown = Value::unknown("module `" + ref.shown + "` is not in the Bicep module cache", at);
        mark_unread(shared_.out.resources[deployment], params, params_unknown, "module `" + ref.shown + "` is not in the Bicep module cache");
        return;
      }
      if (loaded.status != LoadStatus::Ok) {
        shared_.sink.add(Diagnostic{"KV001", at, "module `" + ref.shown + "`: " + loaded.error, {}});
        m.outputs_unknown = Value::unknown(loaded.error, at);
        return;
      }
      lower_arm_module(d, m, loaded.id, params, params_unknown, scope, deployment, conditional, reason, origin);
      return;
    }
    case ModuleRef::Kind::Local:
      break;
  }
  if (iends_with(ref.local.string(), ".json")) {
    LoadedFile loaded = shared_.loader.load(ref.local);
    if (loaded.status != LoadStatus::Ok) {
      bool missing = loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository;
      shared_.sink.add(Diagnostic{missing ? "KV002" : "KV001", at, "module: " + loaded.error, {}});
      m.outputs_unknown = Value::unknown(loaded.error, at);
      mark_unread(shared_.out.resources[deployment], params, params_unknown, "module `" + d.path->text + "` is not read: " + loaded.error);
      return;
    }
    shared_.used.insert(loaded.id);
    lower_arm_module(d, m, loaded.id, params, params_unknown, scope, deployment, conditional, reason, origin);
    return;
  }
  if (ctx_.depth + 1 > kMaxModuleDepth) {
    shared_.sink.add(Diagnostic{"KV001", at, "modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels", {}});
    m.outputs_unknown = Value::unknown("modules nested too deeply", at);
    return;
  }
  LoadedFile target = shared_.loader.load(ref.local);
  if (target.status == LoadStatus::Ok) {
    for (std::size_t i = 0; i < shared_.module_stack.size(); ++i) {
      if (shared_.module_stack[i] != target.id) continue;
      std::string cycle;
      for (std::size_t k = i; k < shared_.module_stack.size(); ++k) {
        cycle += shared_.loader.sources().get(shared_.module_stack[k]).display() + " -> ";
      }
      cycle += shared_.loader.sources().get(target.id).display();
      shared_.sink.add(Diagnostic{"KV001", at, "modules form a cycle: " + cycle, {}});
      m.outputs_unknown = Value::unknown("modules form a cycle: " + cycle, at);
      return;
    }
  }
  Value stop;
  if (!charge(at, stop, kModuleCost)) {
    m.outputs_unknown = stop;
    return;
  }
  std::shared_ptr<const ParsedFile> parsed = shared_.load(ref.local, at, "module");
  if (!parsed) {
    m.outputs_unknown = Value::unknown("module `" + ref.shown + "` cannot be read", at);
    mark_unread(shared_.out.resources[deployment], params, params_unknown, "module `" + d.path->text + "` cannot be read");
    return;
  }
  InstanceContext child;
  for (const Member& p : params.members()) {
    child.supplied[to_lower(p.key)] = p.value;
    child.supplied_at[to_lower(p.key)] = {p.key_span, p.written_value()};
  }
  child.supplied_unknown = params_unknown;
  child.origin = origin;
  child.scope = scope;
  child.logical_prefix = m.logical_id + "/";
  child.module = deployment;
  child.conditional = conditional;
  child.condition_reason = reason;
  child.label = ctx_.label + m.label;
  child.depth = ctx_.depth + 1;
  auto inst = std::make_unique<Instance>(shared_, parsed, std::move(child));
  Instance* instance = inst.get();
  shared_.instances.push_back(std::move(inst));
  shared_.module_stack.push_back(parsed->file);
  instance->lower();
  shared_.module_stack.pop_back();
  m.child = instance;
}

void Instance::lower_arm_module(const Decl& d, ModuleInst& m, FileId json, const Object& params, const Value& params_unknown,
                                const DeploymentScope& scope, std::uint32_t deployment, bool conditional,
                                const std::string& reason, const std::string& origin) {
  m.outputs_unknown = Value::unknown("the outputs of module `" + d.name + "` (an ARM template) are not evaluated", span(*d.path));
  Value stop;
  if (!shared_.arm || !charge(span(*d.path), stop, kModuleCost)) return;
  ArmModuleCall call;
  call.file = json;
  for (const Member& p : params.members()) {
    if (!p.value.is_null()) call.parameters[to_lower(p.key)] = p.value;  // null: ARM applies the default
  }
  call.parameters_unknown = params_unknown;
  call.origin = origin;
  call.scope = scope;  // the module's own scope and deployment name, as a Bicep module gets them
  call.unit = shared_.unit;
  call.variant = shared_.variant;
  ArmModuleResult sub = shared_.arm(call);
  if (sub.outputs.is_object()) {
    m.arm_outputs = std::move(sub.outputs);
    m.outputs_unknown = Value();
  }
  auto base = static_cast<std::uint32_t>(shared_.out.resources.size());
  for (Resource& r : sub.resources) {
    r.module = r.module == UINT32_MAX ? deployment : r.module + base;
    r.logical_id = m.logical_id + "/" + r.logical_id;
    r.instance = ctx_.label + m.label + r.instance;
    if (conditional && !r.conditional) {
      r.conditional = true;
      r.condition_reason = reason;
    }
    r.unit = shared_.unit;
    r.variant = shared_.variant;
    shared_.out.resources.push_back(std::move(r));
  }
  for (Diagnostic& diag : sub.diagnostics) shared_.sink.add(std::move(diag));
  for (FileId f : sub.used_files) shared_.used.insert(f);
  for (Suppression& s : sub.suppressions) shared_.out.suppressions.push_back(std::move(s));
  for (auto& index : sub.provenance) {
    // One index per file for the unit: each call of the module parses its template again.
    bool first = false;
    for (FileId f : index->files()) first = shared_.indexed.insert(f).second || first;
    if (first) shared_.out.provenance.push_back(std::move(index));
  }
}

Value Instance::module_member(const Reference& ref, const std::vector<const Expr*>& chain, const Expr& whole) {
  if (ref.kind == Reference::Kind::Modules) {
    if (chain.empty()) return Value::unknown("module collection `" + ref.decl->name + "`", span(whole));
    return Value::unknown("`" + ref.decl->name + "` is a loop: index it (`" + ref.decl->name + "[0]." + chain[0]->text + "`)", span(whole));
  }
  ModuleInst& m = *ref.module;
  if (chain.empty()) {
    Object o;
    o.set("name", m.name);
    return Value::object(std::move(o), span(whole));
  }
  const Expr& first = *chain[0];
  if (first.text == "name") {
    if (chain.size() > 1) return Value::unknown("the module name is a string", span(whole));
    return m.name;
  }
  if (first.text != "outputs") return Value::unknown("a module has `name` and `outputs`, not `" + first.text + "`", span(whole));
  // A conditional module that is not deployed is null: `mod.?outputs...` reads null (compiled Bicep:
  // if(condition, reference(...), null())); without `.?` the deployment would fail.
  if (!m.deployed && first.safe) return Value::null(span(whole));
  if (chain.size() == 1) {
    if (m.deployed && m.arm_outputs.is_object()) return m.arm_outputs;
    if (!m.child) return m.outputs_unknown.is_absent() ? Value::unknown("the module's outputs are not known", span(whole)) : m.outputs_unknown;
    Object all;
    for (const auto& [name, decl] : m.child->outputs_) all.set(name, m.child->output(name, span(whole)));
    return Value::object(std::move(all), span(whole));
  }
  const Expr& out = *chain[1];
  Value cur;
  if (!m.deployed) {
    cur = m.outputs_unknown;
  } else if (m.child) {
    cur = m.child->output(out.text, span(out));
  } else if (m.arm_outputs.is_object()) {
    const Value* v = m.arm_outputs.as_object().find(out.text);
    cur = v ? *v : Value::unknown("module `" + ref.decl->name + "` has no output `" + out.text + "`", span(out));
  } else {
    cur = m.outputs_unknown.is_absent() ? Value::unknown("the module's outputs are not known", span(whole)) : m.outputs_unknown;
  }
  for (std::size_t i = 2; i < chain.size(); ++i) {
    const Expr& link = *chain[i];
    if (cur.is_unknown()) return cur;
    if (cur.is_absent_or_null()) {
      if (link.safe) return Value::null(span(link));
      return Value::unknown("property '" + link.text + "' of null (the deployment would fail; use `.?`)", span(link));
    }
    const Value* v = cur.is_object() ? cur.as_object().find(link.text) : nullptr;
    if (v) {
      cur = *v;
    } else if (link.safe) {
      return Value::null(span(link));
    } else {
      return Value::unknown("the output has no property '" + link.text + "'", span(link));
    }
  }
  return cur;
}

}  // namespace vl::bicep
