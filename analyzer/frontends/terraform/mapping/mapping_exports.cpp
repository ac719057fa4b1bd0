// Attributes of Terraform objects that the provider computes or reads from Azure, but that the scan can
// still name: a custom role's `role_definition_resource_id` (its synthetic id), a role definition data
// source's `id` (the built-in role it names), a vault's `vault_uri` and a key's `id` (their data-plane URIs). References to them then link in the graph and resolve the
// role (policy/role_lookup.cpp), instead of being unknown.
#include <algorithm>

#include "frontends/terraform/mapping/mapping_apply.h"
#include "frontends/terraform/evaluation/object_util.h"
#include "graph/computed.h"
#include "graph/symbol.h"

namespace vl::tf {

namespace {

// A known string, or an unknown carrying the text as its symbol (so what holds it still links).
Value named(const std::string& text, const std::string& what, Span at) {
  if (!is_symbolic(text)) return Value::string(text, at);
  return symbolic_unknown(what + " depends on values the scan does not know", at, text);
}

bool is_set(const Object& o, const std::string& attribute) {
  const Member* m = find_exact(o, attribute);
  return m && !m->value.is_absent_or_null();
}

}  // namespace

void add_exported_attributes(const ResourceMapping& m, const std::string& id, const std::string& address, Span at,
                             Object& object) {
  add_exported_attributes(m.exports, m.type, id, address, at, object);
}

void add_exported_attributes(const std::vector<ExportedAttribute>& exports, const std::string& type, const std::string& id,
                             const std::string& address, Span at, Object& object) {
  for (const ExportedAttribute& e : exports) {
    // Written in the configuration: that value stands. `id` never is: exporting it replaces the ARM id
    // (azurerm's `id` of a key or secret is its data-plane URI).
    if (e.attribute != "id" && is_set(object, e.attribute)) continue;
    if (id.empty()) continue;
    if (e.from != "id" && e.from != "name") {
      // A property Azure computes from the id (a vault's URI): unknown, but named (graph/computed.h).
      std::string why = "`" + e.attribute + "` of " + address + " is computed by the provider when it is created";
      if (std::optional<Value> v = computed_property(type, id, e.from, why, at)) set_exact(object, e.attribute, *v, {}, {});
      continue;
    }
    std::string text = id;
    if (e.from == "name") text = id.substr(id.rfind('/') + 1);
    if (text.empty()) continue;
    set_exact(object, e.attribute, named(text, "the " + e.attribute + " of " + address, at), {}, {});
  }
}

void add_derived_attributes(const DataSourceMapping& m, const MappingEnv& env, Object& object) {
  std::vector<std::string> done;
  for (const DerivedAttribute& d : m.derived) {
    if (std::find(done.begin(), done.end(), d.attribute) != done.end()) continue;
    const Member* from = find_exact(object, d.from);
    if (!from || from->value.is_absent_or_null()) continue;
    done.push_back(d.attribute);
    Value v = apply_transform(d.transform, from->value, env);
    if (v.is_unknown() && !v.unknown_info().origin.valid()) v = Value::unknown(v.unknown_info().reason, from->value.span());
    set_exact(object, d.attribute, v.with_span(from->value.span().valid() ? from->value.span() : env.header), {}, {});
  }
}

}  // namespace vl::tf
