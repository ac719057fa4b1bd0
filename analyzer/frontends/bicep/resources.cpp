// Resource declarations to graph resources, in the shape ARM would deploy: full type and name of nested
// and `parent:` children, the API version from 'Type@version', `scope:` on extension resources as the
// scope they attach to, `existing` references (linked, never checked), `if` conditions and `for` loops
// (known counts expanded; an unknown count is one representative instance whose findings are
// conditional). Symbolic references (`kv.id`, `kv.name`, `kv.properties.x`) read the declaration; what
// only Azure knows after deploying (`kv.properties.vaultUri`) is unknown.
#include "frontends/bicep/instance.h"
#include "graph/budget.h"
#include "graph/computed.h"

namespace vl::bicep {

namespace {

// A scope written as an id: the prefix resources deployed there get, or nullopt when the id is a
// resource (then it is the target of an extension resource).
std::optional<std::string> deployment_scope_prefix(const std::string& id) {
  std::vector<std::string> p = split(id, '/');
  // "", "subscriptions", sub, ["resourceGroups", rg]
  if (p.size() == 3 && p[0].empty() && iequals(p[1], "subscriptions")) return id;
  if (p.size() == 5 && p[0].empty() && iequals(p[1], "subscriptions") && iequals(p[3], "resourceGroups")) return id;
  if (p.size() == 5 && p[0].empty() && iequals(p[1], "providers") && iequals(p[2], "Microsoft.Management") &&
      iequals(p[3], "managementGroups")) {
    return id;
  }
  if (p.size() == 3 && p[0].empty() && iequals(p[1], "tenants")) return std::string();
  if (id == "/") return std::string();
  return std::nullopt;
}

}  // namespace

std::string instance_label(std::size_t index) {
  std::string out = "[";
  out += std::to_string(index);
  out += ']';
  return out;
}

const Expr* Instance::body_object(const Expr* body) {
  if (body && body->kind == ExprKind::For) body = body->args[1];
  if (body && body->kind == ExprKind::IfBody) body = body->args[1];
  return body && body->kind == ExprKind::Object ? body : nullptr;
}

std::vector<const Decl*> Instance::child_declarations(const Decl& d) const {
  std::vector<const Decl*> out;
  if (const Expr* obj = body_object(d.value)) {
    for (const ObjectItem& item : obj->items) {
      if (item.kind == ObjectItem::Kind::Resource) out.push_back(item.resource);
    }
  }
  return out;
}

Reference Instance::resolve_ref(const Expr& e) {
  Reference out;
  switch (e.kind) {
    case ExprKind::NonNull:
    case ExprKind::Paren:
      return resolve_ref(*e.args[0]);
    case ExprKind::Ident: {
      if (shadowed(e.text)) return out;
      if (auto it = resources_.find(e.text); it != resources_.end()) {
        ResourceSlot& slot = resource_slot(*it->second, nullptr);
        out.decl = it->second;
        if (slot.state != SlotState::Done) {
          out.kind = Reference::Kind::Unknown;
          out.unknown = Value::unknown("resource `" + e.text + "` refers to itself", span(e));
        } else if (slot.loop) {
          out.kind = Reference::Kind::Resources;
          out.resources = &slot;
        } else if (slot.instances.empty()) {
          out.kind = Reference::Kind::Unknown;
          out.unknown = Value::unknown("resource `" + e.text + "` could not be evaluated", span(e));
        } else {
          out.kind = Reference::Kind::Resource;
          out.resources = &slot;
          out.resource = &slot.instances[0];
        }
        return out;
      }
      if (auto it = modules_.find(e.text); it != modules_.end()) {
        ModuleSlot& slot = module_slot(*it->second);
        out.decl = it->second;
        if (slot.state != SlotState::Done) {
          out.kind = Reference::Kind::Unknown;
          out.unknown = Value::unknown("module `" + e.text + "` refers to itself", span(e));
        } else if (slot.loop) {
          out.kind = Reference::Kind::Modules;
          out.modules = &slot;
        } else if (slot.instances.empty()) {
          out.kind = Reference::Kind::Unknown;
          out.unknown = Value::unknown("module `" + e.text + "` could not be evaluated", span(e));
        } else {
          out.kind = Reference::Kind::Module;
          out.modules = &slot;
          out.module = &slot.instances[0];
        }
      }
      return out;
    }
    case ExprKind::Index: {
      Reference base = resolve_ref(*e.args[0]);
      if (base.kind == Reference::Kind::Unknown) return base;
      if (base.kind != Reference::Kind::Resources && base.kind != Reference::Kind::Modules) return out;
      Value index = eval(*e.args[1]);
      out.decl = base.decl;
      if (index.is_unknown()) {
        out.kind = Reference::Kind::Unknown;
        out.unknown = index;
        return out;
      }
      std::size_t count = base.kind == Reference::Kind::Resources ? base.resources->instances.size() : base.modules->instances.size();
      bool representative = count == 1 && (base.kind == Reference::Kind::Resources ? base.resources->instances[0].label == "[*]"
                                                                                    : base.modules->instances[0].label == "[*]");
      std::int64_t i = index.is_int() ? index.as_int() : -1;
      if (index.is_int() && e.from_end) i = static_cast<std::int64_t>(count) - i;
      if (representative) i = 0;  // every index is the one representative instance
      if (i < 0 || static_cast<std::size_t>(i) >= count) {
        out.kind = Reference::Kind::Unknown;
        out.unknown = Value::unknown("index " + index.display() + " is outside the " + std::to_string(count) +
                                         " instances of `" + base.decl->name + "`",
                                     span(e));
        return out;
      }
      if (base.kind == Reference::Kind::Resources) {
        out.kind = Reference::Kind::Resource;
        out.resources = base.resources;
        out.resource = &base.resources->instances[static_cast<std::size_t>(i)];
      } else {
        out.kind = Reference::Kind::Module;
        out.modules = base.modules;
        out.module = &base.modules->instances[static_cast<std::size_t>(i)];
      }
      return out;
    }
    case ExprKind::ResourceAccess: {
      Reference base = resolve_ref(*e.args[0]);
      if (base.kind == Reference::Kind::Unknown) return base;
      if (base.kind == Reference::Kind::Resources) {
        out.kind = Reference::Kind::Unknown;
        out.unknown = Value::unknown("`::` needs one instance of `" + base.decl->name + "` (index it first)", span(e));
        return out;
      }
      if (base.kind != Reference::Kind::Resource) return out;
      for (const Decl* child : child_declarations(*base.decl)) {
        if (child->name != e.text) continue;
        ResourceSlot& slot = resource_slot(*child, base.resource);
        out.decl = child;
        if (slot.state != SlotState::Done || slot.instances.empty()) {
          out.kind = Reference::Kind::Unknown;
          out.unknown = Value::unknown("resource `" + e.text + "` could not be evaluated", span(e));
        } else if (slot.loop) {
          out.kind = Reference::Kind::Resources;
          out.resources = &slot;
        } else {
          out.kind = Reference::Kind::Resource;
          out.resources = &slot;
          out.resource = &slot.instances[0];
        }
        return out;
      }
      out.kind = Reference::Kind::Unknown;
      out.unknown = Value::unknown("`" + base.decl->name + "` declares no child resource `" + e.text + "`", span(e));
      return out;
    }
    default:
      return out;
  }
}

ResourceSlot& Instance::resource_slot(const Decl& d, ResourceInst* parent) {
  auto& slots = parent ? parent->children : resource_slots_;
  std::unique_ptr<ResourceSlot>& slot = slots[&d];
  if (!slot) slot = std::make_unique<ResourceSlot>();
  ResourceSlot& s = *slot;
  if (s.state == SlotState::Busy) {
    stopped(StopCause::Cycle, "resource `" + d.name + "` depends on itself (through `parent:` or references between resources)",
            span(d.keyword_begin, d.keyword_end));
  }
  if (s.state == SlotState::Pending) evaluate_resource(d, parent, s);
  return s;
}

void Instance::evaluate_resource(const Decl& d, ResourceInst* parent, ResourceSlot& slot) {
  slot.state = SlotState::Busy;
  struct Nesting {
    int& depth;
    explicit Nesting(int& d) : depth(d) { ++depth; }
    ~Nesting() { --depth; }
  } nesting(resource_depth_);
  if (resource_depth_ > kMaxResourceNesting) {
    stopped(StopCause::Depth, "resource `" + d.name + "` needs resources that need others, more than " +
                                  std::to_string(kMaxResourceNesting) + " levels deep (`parent:` or references)",
            span(d.keyword_begin, d.keyword_end));
    slot.state = SlotState::Done;
    return;
  }
  FreshScope scope(locals_, parent ? parent->locals : std::vector<std::pair<std::string, Value>>{});
  const Expr* body = d.value;
  if (body && body->kind == ExprKind::For) {
    slot.loop = true;
    const Expr& loop = *body;
    const Expr& inner = *loop.args[1];
    Value items = eval(*loop.args[0]);
    auto push_vars = [&](Value item, Value index) {
      locals_.emplace_back(loop.strings[0], std::move(item));
      if (!loop.strings[1].empty()) locals_.emplace_back(loop.strings[1], std::move(index));
    };
    std::size_t base = locals_.size();
    if (!items.is_array()) {
      Value why = items.is_unknown() ? items : Value::unknown("the loop's collection is not an array: " + items.display(), span(*loop.args[0]));
      push_vars(why, why);
      resource_instance(d, parent, inner, "[*]", true, "its loop count is unknown: " + why.unknown_info().reason, slot);
      locals_.resize(base);
    } else if (static_cast<std::int64_t>(items.as_array().size()) > kMaxLoopCount) {
      shared_.sink.add(Diagnostic{"KV001", span(loop.begin, loop.begin + 1),
                                  "the loop of resource `" + d.name + "` runs " + std::to_string(items.as_array().size()) +
                                      " times, over ARM's limit of " + std::to_string(kMaxLoopCount),
                                  {}});
    } else {
      const Array& list = items.as_array();
      slot.instances.reserve(list.size());
      for (std::size_t i = 0; i < list.size(); ++i) {
        Value stop;
        if (!charge(span(loop), stop, kResourceCost)) break;
        push_vars(list[i], Value::integer(static_cast<std::int64_t>(i), span(loop)));
        resource_instance(d, parent, inner, instance_label(i), false, "", slot);
        locals_.resize(base);
      }
    }
  } else if (body) {
    Value stop;
    if (charge(span(*body), stop, kResourceCost)) resource_instance(d, parent, *body, "", false, "", slot);
  }
  slot.state = SlotState::Done;
}

void Instance::resource_instance(const Decl& d, ResourceInst* parent, const Expr& body, std::string label, bool conditional,
                                 std::string reason, ResourceSlot& slot) {
  ResourceInst r;
  r.label = (parent ? parent->label : std::string()) + label;
  r.conditional = conditional || (parent && parent->conditional);
  r.reason = !reason.empty() ? reason : parent ? parent->reason : "";
  r.locals = locals_;
  r.deployed = !parent || parent->deployed;
  const Expr* obj = resource_condition(body, r);
  if (obj->kind != ExprKind::Object) {
    r.deployed = false;
    slot.instances.push_back(std::move(r));
    return;
  }
  std::string type = resource_type(d, r);

  ResourceBody b;
  b.owner = parent;
  b.prefix = ctx_.scope.scope_id();
  resource_members(*obj, r, b);

  if (b.owner && b.owner->ancestors + 1 > kMaxResourceChain) {
    stopped(StopCause::Depth, "resource `" + d.name + "` has more than " + std::to_string(kMaxResourceChain) +
                                  " parent resources above it (nested children or `parent:`); it is not checked",
            span(d.keyword_begin, d.keyword_end));
    r.deployed = false;
    r.ancestors = b.owner->ancestors + 1;
    slot.instances.push_back(std::move(r));
    return;
  }

  // An unknown name keeps a symbol, so references to it link (graph/symbol.h).
  r.logical_id = (b.owner ? b.owner->logical_id + "/" : ctx_.logical_prefix) + d.name;
  Value name = b.members.get("name");
  if (name.is_unknown()) name = ensure_symbol(name, r.logical_id + ctx_.label + r.label);
  r.own_name = name;
  if (b.owner) child_of(*b.owner, type, name, r);
  r.type = type;
  r.name = name;
  r.ancestors = b.owner ? b.owner->ancestors + 1 : 0;
  r.existing = d.existing;
  r.body = Value::object(std::move(b.members), span(*obj));

  // Identity in the synthetic scope.
  std::string n = name_text(name);
  r.prefix = b.owner ? b.owner->prefix : b.prefix.value_or("");
  r.scope_unknown = b.scope_unknown;
  if (!b.scope_id.empty()) {
    r.scope_id = b.scope_id;
    if (!n.empty()) r.id = make_resource_id(b.scope_id, type, n);
  } else if (b.scope_unknown.empty() && !n.empty() && (b.owner || b.prefix)) {
    r.id = make_resource_id(r.prefix, type, n);
  }
  slot.instances.push_back(std::move(r));
}

const Expr* Instance::resource_condition(const Expr& body, ResourceInst& r) {
  const Expr* obj = &body;
  if (obj->kind == ExprKind::IfBody) {
    Value cond = eval(*obj->args[0]);
    if (cond.is_bool()) {
      if (!cond.as_bool()) r.deployed = false;
    } else {
      r.conditional = true;
      if (r.reason.empty()) {
        r.reason = cond.is_unknown() ? "its condition is unknown: " + cond.unknown_info().reason
                                     : "its condition is not a boolean: " + cond.display();
      }
    }
    obj = obj->args[1];
  }
  return obj;
}

std::string Instance::resource_type(const Decl& d, ResourceInst& r) {
  // 'Microsoft.KeyVault/vaults@2023-07-01' (a nested child may write just 'secrets@...' or 'secrets').
  std::string type_text;
  Span type_span = d.path ? span(*d.path) : span(d.keyword_begin, d.keyword_end);
  if (d.path && d.path->kind == ExprKind::String) {
    type_text = d.path->text;
  } else if (d.path) {
    Value t = eval(*d.path);
    if (t.is_string()) type_text = t.as_string();
  }
  std::size_t at = type_text.find('@');
  std::string type = type_text.substr(0, at);
  if (at != std::string::npos) {
    std::string version = type_text.substr(at + 1);
    Span vspan = type_span;
    // Point at the version itself when the string is written without escapes.
    // A slice, not text(): another unit's lowering may let the file's text go meanwhile (units.cpp).
    if (d.path->kind == ExprKind::String && d.path->end - d.path->begin == type_text.size() + 2 &&
        source().slice(d.path->begin + 1, d.path->end - 1) == type_text) {
      vspan = span(d.path->begin + 1 + static_cast<std::uint32_t>(at) + 1, d.path->end - 1);
    }
    r.api_version = Value::string(version, vspan);
  }
  return type;
}

void Instance::resource_members(const Expr& obj, ResourceInst& r, ResourceBody& b) {
  for (const ObjectItem& item : obj.items) {
    if (item.kind == ObjectItem::Kind::Resource) continue;
    if (item.kind == ObjectItem::Kind::Spread) {
      Value v = eval(*item.value->args[0]);
      if (v.is_object()) {
        for (const Member& m : v.as_object().members()) b.members.set(m.key, m.value, m.key_span, m.value_span);
      }
      continue;
    }
    std::string key = item.key->kind == ExprKind::String ? item.key->text : "";
    if (key.empty()) {
      Value k = eval(*item.key);
      if (!k.is_string()) continue;
      key = k.as_string();
    }
    const Expr& value = *item.value;
    if (key == "parent") {
      Reference p = resolve_ref(value);
      if (p.kind == Reference::Kind::Resource) b.owner = p.resource;
      continue;
    }
    if (key == "scope") {
      resource_scope(item, b);
      continue;
    }
    if (key == "dependsOn") {
      if (value.kind == ExprKind::Array) resource_depends_on(value, r);
      continue;
    }
    Value v = eval(value);
    if (v.is_opaque()) v = Value::unknown("a lambda cannot be a property value", span(value));
    Span written = span(value);
    Span vs = v.span();
    if (vs.file == written.file && vs.begin >= written.begin && vs.end <= written.end) v.set_span(written);
    b.members.append(key, std::move(v), span(*item.key), written);
  }
}

void Instance::resource_scope(const ObjectItem& item, ResourceBody& b) {
  const Expr& value = *item.value;
  Reference target = resolve_ref(value);
  if (target.kind == Reference::Kind::Resource) {
    b.scope_id = target.resource->id;
    if (b.scope_id.empty()) b.scope_unknown = "the id of `" + target.decl->name + "` is not known";
    Value v = b.scope_id.empty() ? Value::unknown(b.scope_unknown, span(value))
              : is_symbolic(b.scope_id) ? symbolic_unknown("the name of `" + target.decl->name + "` is not known", span(value), b.scope_id)
                                        : Value::string(b.scope_id, span(value));
    b.members.append("scope", v, span(*item.key), span(value));
    return;
  }
  Value v = eval(value);
  Value id_value = v.is_object() ? v.as_object().get("id") : v;
  const std::string* id = id_text(id_value);
  if (!id || id->empty()) {
    // Not placed anywhere: an unknown scope reaches nothing the scan can name.
    b.scope_unknown = v.is_unknown() ? v.unknown_info().reason
                      : id_value.is_unknown() ? id_value.unknown_info().reason
                                              : "its scope is not a resource or scope id: " + v.display();
  } else if (std::optional<std::string> p = deployment_scope_prefix(*id)) {
    b.prefix = p;
  } else {
    b.scope_id = *id;
  }
  b.members.append("scope", v.is_object() ? id_value.with_span(span(value)) : v, span(*item.key), span(value));
}

void Instance::resource_depends_on(const Expr& list, ResourceInst& r) {
  for (const Expr* dep : list.args) {
    Reference ref = resolve_ref(*dep);
    if (ref.kind == Reference::Kind::Resource && !ref.resource->id.empty()) {
      r.depends_on.push_back(ref.resource->id);
    } else if (ref.kind == Reference::Kind::Resources) {
      for (const ResourceInst& other : ref.resources->instances) {
        if (!other.id.empty()) r.depends_on.push_back(other.id);
      }
    } else if (ref.kind == Reference::Kind::None) {
      Value v = eval(*dep);
      if (const std::string* text = id_text(v)) r.depends_on.push_back(*text);
    }
  }
}

void Instance::child_of(const ResourceInst& owner, std::string& type, Value& name, ResourceInst& r) {
  // Full type and name of a child: `secrets` under `Microsoft.KeyVault/vaults`, `kv/secret`.
  if (type.find('/') == std::string::npos) type = owner.type + "/" + type;
  if (r.api_version.is_absent()) r.api_version = owner.api_version;
  std::string own = name_text(name);
  if (!own.empty() && split(own, '/').size() < split(type, '/').size() - 1) {
    std::string parent = name_text(owner.name);
    if (parent.empty()) {
      name = owner.name.is_unknown() ? owner.name : Value::unknown("the parent's name is not known", name.span());
    } else if (is_symbolic(parent) || is_symbolic(own)) {
      Value why = owner.name.is_unknown() ? owner.name : name;
      name = symbolic_unknown(why.unknown_info().reason, why.unknown_info().origin, parent + "/" + own);
    } else {
      name = Value::string(parent + "/" + own, name.span());
    }
  }
  if (r.deployed && !owner.deployed) r.deployed = false;
  if (owner.conditional && !r.conditional) {
    r.conditional = true;
    r.reason = owner.reason;
  }
}

Value Instance::id_value(const ResourceInst& r, const std::string& what, Span at) {
  if (r.id.empty()) {
    if (r.name.is_unknown()) return Value::unknown(r.name.unknown_info().reason, r.name.unknown_info().origin);
    return Value::unknown("the id of " + what + " is not known" + (r.scope_unknown.empty() ? "" : ": " + r.scope_unknown), at);
  }
  if (!is_symbolic(r.id)) return Value::string(r.id, at);
  // Unknown for the rules, but named, so what holds it links to the resource.
  if (r.name.is_unknown()) return symbolic_unknown(r.name.unknown_info().reason, r.name.unknown_info().origin, r.id);
  return symbolic_unknown("the id of " + what + " is not known", at, r.id);
}

Value Instance::resource_value(const ResourceInst& r, Span at) {
  Object o;
  o.set("id", id_value(r, "the resource", at));
  o.set("name", r.own_name.is_absent() ? r.name : r.own_name);
  o.set("type", Value::string(r.type, at));
  if (r.api_version.is_string()) o.set("apiVersion", r.api_version);
  for (const Member& m : r.body.as_object().members()) {
    if (!iequals(m.key, "name") && !iequals(m.key, "scope")) o.append(m.key, m.value, m.key_span, m.value_span);
  }
  return Value::object(std::move(o), at);
}

namespace {

// `x.properties.p` that Azure computes from the resource's id alone (a vault's vaultUri): an unknown named by
// its value (graph/computed.h), so what holds it links to the resource.
std::optional<Value> computed_member(const ResourceInst& r, const std::vector<const Expr*>& chain, const std::string& why,
                                     Span at) {
  if (chain.size() != 2 || chain[0]->text != "properties" || r.id.empty()) return std::nullopt;
  return computed_property(r.type, r.id, chain[1]->text, why, at);
}

}  // namespace

Value Instance::resource_member(const Reference& ref, const std::vector<const Expr*>& chain, const Expr& whole) {
  if (chain.empty()) return ref.resource ? resource_value(*ref.resource, span(whole)) : Value::unknown("a resource collection", span(whole));
  if (ref.kind == Reference::Kind::Resources) {
    return Value::unknown("`" + ref.decl->name + "` is a loop: index it (`" + ref.decl->name + "[0]." + chain[0]->text + "`)", span(whole));
  }
  const ResourceInst& r = *ref.resource;
  const std::string& sym = ref.decl->name;
  const Expr& first = *chain[0];
  Value cur;
  bool declared = true;  // still inside what the declaration wrote (missing members are Azure's)
  if (first.text == "id") {
    cur = id_value(r, "`" + sym + "`", span(first));
    declared = false;
  } else if (first.text == "name") {
    // A child declared with `parent:` or nested (`kv::secret`) reads its own name, as Bicep compiles it.
    cur = r.own_name.is_absent() ? r.name : r.own_name;
    declared = false;
  } else if (first.text == "type") {
    cur = Value::string(r.type, span(first));
    declared = false;
  } else if (first.text == "apiVersion") {
    cur = r.api_version.is_absent() ? Value::unknown("`" + sym + "` states no API version", span(first)) : r.api_version;
    declared = false;
  } else if (r.existing) {
    std::string why = "`" + sym + "` is an existing resource: its `" + first.text + "` is read from Azure at deployment";
    if (std::optional<Value> v = computed_member(r, chain, why, span(whole))) return *v;
    return Value::unknown(why, span(whole));
  } else if (const Value* v = r.body.as_object().find(first.text); v && !iequals(first.text, "scope")) {
    cur = *v;
  } else {
    // Not declared: Azure sets it when it deploys the resource (even `.?` reads the deployed value).
    std::string why = "`" + sym + "." + first.text + "` is set by Azure when it deploys the resource";
    if (std::optional<Value> v = computed_member(r, chain, why, span(whole))) return *v;
    return Value::unknown(why, span(whole));
  }
  std::string path = sym + "." + first.text;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    const Expr& link = *chain[i];
    path += "." + link.text;
    if (cur.is_unknown()) return cur;
    if (cur.is_absent_or_null()) {
      if (link.safe) return Value::null(span(link));
      return Value::unknown("`" + path + "` reads a property of null", span(link));
    }
    const Value* m = cur.is_object() ? cur.as_object().find(link.text) : nullptr;
    if (m) {
      cur = *m;
    } else if (declared && cur.is_object()) {
      std::string why = "`" + path + "` is set by Azure when it deploys the resource";
      if (i == 1) {
        if (std::optional<Value> v = computed_member(r, chain, why, span(whole))) return *v;
      }
      return Value::unknown(why, span(whole));
    } else if (link.safe) {
      return Value::null(span(link));
    } else {
      return Value::unknown("`" + path + "` does not exist (the deployment would fail)", span(whole));
    }
  }
  return cur;
}

void Instance::emit_resources(const Decl& d, ResourceInst* parent) {
  ResourceSlot& slot = resource_slot(d, parent);
  for (ResourceInst& r : slot.instances) {
    if (!r.deployed) continue;
    Resource out;
    out.type = r.type;
    out.api_version = r.api_version;
    out.symbolic_name = d.name;
    out.name = r.name;
    out.display_name = r.name.is_string() ? r.name.as_string() : kUnknownName;
    out.id = r.id;
    out.scope_unknown = r.scope_unknown;
    out.body = r.body;
    out.decl = span(d.keyword_begin, d.keyword_end);
    out.format = SourceFormat::Bicep;
    out.unit = shared_.unit;
    out.variant = shared_.variant;
    out.existing = d.existing;
    out.conditional = r.conditional || ctx_.conditional;
    out.condition_reason = r.conditional ? r.reason : ctx_.condition_reason;
    out.instance = ctx_.label + r.label;
    out.logical_id = r.logical_id;
    out.scope_id = r.scope_id;
    out.depends_on = r.depends_on;
    out.module = ctx_.module;
    shared_.out.resources.push_back(std::move(out));
    for (const Decl* child : child_declarations(d)) emit_resources(*child, &r);
  }
}

}  // namespace vl::bicep
