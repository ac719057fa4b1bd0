// Resources and data sources of a module instance: each instance evaluated once, lowered to a graph
// resource through the mapping table (or azapi's own shape), and the object references to it see.
#include <algorithm>

#include "frontends/terraform/mapping/azapi.h"
#include "frontends/terraform/mapping/mapping_apply.h"
#include "frontends/terraform/modules/module_instance.h"
#include "frontends/terraform/evaluation/object_util.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl::tf {

namespace {

// The `id` attribute other resources read: known when every name in it is, else unknown with the id as
// its symbol, so that what holds it still links to the resource.
Value id_attribute(const std::string& id, const std::string& address, Span at) {
  if (!is_symbolic(id)) return Value::string(id, at);
  return symbolic_unknown("the id of " + address + " depends on values the scan does not know", at, id);
}

}  // namespace

void ModuleInstance::ensure_resource(std::size_t index) {
  ResourceState& st = resources_[index];
  if (st.state != State::Pending) return;
  st.state = State::Busy;
  const ResourceDecl& decl = setup_.config->resources[index];
  std::string where = setup_.address + (setup_.address.empty() ? "" : ".") + decl.address();
  Expansion e = expand(*decl.block->body, where, decl.block->header);
  st.kind = e.kind;
  st.unknown = e.unknown;
  bool conditional = setup_.conditional || e.kind == Expansion::Kind::Unknown;
  std::string reason = setup_.conditional ? setup_.condition_reason : e.unknown_reason;
  for (const Expansion::Instance& inst : e.instances) {
    std::vector<std::unique_ptr<TfEvaluator::Binding>> bindings;
    bind_instance(e, inst, bindings);
    Value object;
    if (decl.data) {
      object = data_instance(decl, inst.suffix, eval_body(*decl.block->body, decl.block->span, decl.type));
    } else {
      lower_resource_instance(decl, inst.suffix, conditional, reason, object);
    }
    st.instances.push_back(InstanceObject{inst.key, std::move(object)});
  }
  st.state = State::Done;
}

void ModuleInstance::lower_resource_instance(const ResourceDecl& decl, const std::string& suffix, bool conditional,
                                             const std::string& reason, Value& object) {
  Value body = eval_body(*decl.block->body, decl.block->span, decl.type);
  std::string address = setup_.address + (setup_.address.empty() ? "" : ".") + decl.address() + suffix;
  MappingEnv env{unit_.request.mapping, unit_.azurerm, unit_.subscription_id, address, decl.block->header};

  Resource r;
  r.format = SourceFormat::Terraform;
  r.unit = unit_.request.unit;
  r.variant = unit_.request.variant;
  r.decl = decl.block->header;
  r.symbolic_name = address;
  r.instance = setup_.instance_keys + suffix;
  r.logical_id = setup_.logical_prefix + decl.logical_address();
  r.conditional = conditional;
  r.condition_reason = conditional ? reason : "";
  bool emit = false;
  std::string id;
  if (const ResourceMapping* m = unit_.request.mapping.resource(decl.type)) {
    MappedIdentity ident = mapped_identity(m->id, m->type, m->name_attribute, body, env);
    r.type = m->type;
    r.id = ident.id;
    r.scope_id = ident.scope_id;
    r.scope_unknown = ident.scope_unknown;
    r.name = ident.name;
    apply_mapping(*m, body, env, r);
    id = ident.id;
    emit = true;
  } else if (decl.type == "azapi_resource") {
    emit = map_azapi(body, env, r);
    id = r.id;
  }
  if (id.empty()) {
    // Not mapped: a synthetic id still lets expressions that use it evaluate (it never links to a vault).
    const Member* n = find_exact(body.as_object(), "name");
    std::string name = n ? name_text(n->value) : std::string();
    if (name.empty()) name = symbol_marker(address);
    id = make_resource_id(resource_group_scope_id(unit_.subscription_id, "rg"), "terraform/" + decl.type, name);
    if (id.empty()) id = make_resource_id(resource_group_scope_id(unit_.subscription_id, "rg"), "terraform/" + decl.type, symbol_marker(address));
  }
  Object o = body.as_object();
  set_exact(o, "id", id_attribute(id, address, decl.block->header), {}, {});
  if (const ResourceMapping* m = unit_.request.mapping.resource(decl.type)) add_exported_attributes(*m, id, address, decl.block->header, o);
  object = Value::object(std::move(o), body.span());
  if (!emit) return;
  r.display_name = r.name.is_string() ? r.name.as_string() : address;
  unit_.out.resources.push_back(std::move(r));
}

Value ModuleInstance::data_instance(const ResourceDecl& decl, const std::string& suffix, Value body) {
  const DataSourceMapping* dm = unit_.request.mapping.data_source(decl.type);
  if (!dm) return body;
  Object o = body.as_object();
  const std::string& sub = unit_.subscription_id;
  for (const auto& [attribute, what] : dm->known) {
    std::string v = what == "subscription_id" ? sub : what == "tenant_id" ? unit_.tenant_id : "/subscriptions/" + sub;
    set_exact(o, attribute, Value::string(v, decl.block->header), {}, {});
  }
  if (dm->id.kind != IdRule::Kind::None) {
    std::string address = setup_.address + (setup_.address.empty() ? "" : ".") + decl.address() + suffix;
    MappingEnv env{unit_.request.mapping, unit_.azurerm, unit_.subscription_id, address, decl.block->header};
    MappedIdentity ident = mapped_identity(dm->id, dm->type, "name", body, env);
    set_exact(o, "id", id_attribute(ident.id, address, decl.block->header), {}, {});
    add_exported_attributes(dm->exports, dm->type, ident.id, address, decl.block->header, o);
  }
  if (!dm->derived.empty()) {
    std::string address = setup_.address + (setup_.address.empty() ? "" : ".") + decl.address() + suffix;
    add_derived_attributes(*dm, MappingEnv{unit_.request.mapping, unit_.azurerm, unit_.subscription_id, address, decl.block->header}, o);
  }
  return Value::object(std::move(o), body.span());
}

Value ModuleInstance::resource_reference(const ResourceDecl& decl, const std::vector<const Expr*>& steps, std::size_t first,
                                         std::size_t& used) {
  const ModuleConfig& c = *setup_.config;
  auto index = static_cast<std::size_t>(&decl - c.resources.data());
  std::string what = setup_.address + (setup_.address.empty() ? "" : ".") + decl.address();
  ensure_resource(index);
  ResourceState& st = resources_[index];
  std::size_t i = first;
  Span at = steps.empty() ? decl.block->header : steps[std::min(first, steps.size()) - 1]->span;
  if (st.state == State::Busy) {
    used = std::min(i, steps.size());
    return stopped(StopCause::Cycle, what + " refers to itself (directly or through other resources)", at);
  }
  Value v;
  switch (st.kind) {
    case Expansion::Kind::Single:
      if (st.instances.empty()) return unit_.shared.error(what + " is not created", at);
      v = st.instances[0].object;
      break;
    case Expansion::Kind::Count:
    case Expansion::Kind::ForEach: {
      if (i < steps.size() && steps[i]->kind == ExprKind::Index) {
        Value key = ev_.eval(*steps[i]->items[1]);
        ++i;
        if (key.is_unknown()) {
          used = i;
          return key;
        }
        auto it = std::find_if(st.instances.begin(), st.instances.end(), [&](const InstanceObject& o) { return same_key(o.key, key); });
        if (it == st.instances.end()) {
          used = i;
          return unit_.shared.error(what + " has no instance " + key.display(), steps[i - 1]->span);
        }
        v = it->object;
        break;
      }
      used = i;
      if (st.kind == Expansion::Kind::Count) {
        Array items;
        for (const InstanceObject& o : st.instances) items.push_back(o.object);
        return Value::array(std::move(items), at);
      }
      Object o;
      for (const InstanceObject& inst : st.instances) {
        std::string k;
        as_text(inst.key, k);
        o.append(k, inst.object);
      }
      return Value::object(std::move(o), at);
    }
    case Expansion::Kind::Unknown:
      if (i < steps.size() && steps[i]->kind == ExprKind::Index) ++i;
      if (i < steps.size() && steps[i]->kind == ExprKind::GetAttr) ++i;
      used = i;
      return st.unknown;
  }
  if (i < steps.size() && steps[i]->kind == ExprKind::GetAttr && v.is_object()) {
    if (const Member* m = find_exact(v.as_object(), steps[i]->text)) {
      v = m->value;
    } else {
      v = Value::unknown("`" + steps[i]->text + "` of " + what +
                             (decl.data ? " is read from Azure when Terraform plans" : " is computed by the provider when it is created"),
                         steps[i]->span);
    }
    ++i;
  }
  used = i;
  return v;
}

// A reference to a resource or data source this module does not declare is an error (try() skips it). Its
// `.id` is still named by the type the address gives, with its names unknown: what holds that id (a
// diagnostic setting on an undeclared Databricks workspace) is then on no vault, rather than possibly on
// any; one on an undeclared Key Vault may still be on any vault.
Value ModuleInstance::undeclared_reference(bool data, const std::string& type, const std::string& name,
                                           const std::vector<const Expr*>& steps, std::size_t first, std::size_t& used,
                                           Span at) {
  const std::string address = (data ? "data." : "") + type + "." + name;
  const std::string why = data ? "no such data source is declared" : "no resource `" + type + "." + name + "` is declared in this module";
  const bool reads_id = first < steps.size() && steps[first]->kind == ExprKind::GetAttr && steps[first]->text == "id" &&
                        (first + 1 == steps.size() || steps[first + 1]->kind != ExprKind::Index);
  if (!reads_id) return unit_.shared.error(why, at);
  std::string arm_type = "terraform/" + type;  // as an unmapped resource's synthetic id (lower_resource_instance)
  const DataSourceMapping* dm = data ? unit_.request.mapping.data_source(type) : nullptr;
  const ResourceMapping* rm = unit_.request.mapping.resource(type);
  if (dm) {
    arm_type = dm->type;
  } else if (rm) {
    arm_type = rm->type;
  }
  std::string id = make_resource_id(resource_group_scope_id(unit_.subscription_id, symbol_marker(address + ".resource_group_name")),
                                    arm_type, symbol_marker(address));
  if (id.empty()) return unit_.shared.error(why, at);  // a child type: one name does not make its id
  used = first + 1;
  return unit_.shared.error(why, steps[first]->span, id);
}

}  // namespace vl::tf
