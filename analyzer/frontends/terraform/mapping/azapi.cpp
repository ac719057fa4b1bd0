#include "frontends/terraform/mapping/azapi.h"

#include "frontends/terraform/evaluation/object_util.h"
#include "graph/graph.h"
#include "graph/json_value.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl::tf {

namespace {

std::string last_segment(const std::string& s) {
  std::size_t slash = s.rfind('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

}  // namespace

bool map_azapi(const Value& tf_body, const MappingEnv& env, Resource& out) {
  const Object& tf = tf_body.as_object();
  const Member* type = find_exact(tf, "type");
  if (!type || !type->value.is_string()) return false;
  const std::string& full = type->value.as_string();
  std::size_t at = full.find('@');
  out.type = full.substr(0, at);
  if (out.type.empty()) return false;
  if (at != std::string::npos) out.api_version = Value::string(full.substr(at + 1), type->value_span.valid() ? type->value_span : type->value.span());

  const std::string sub = subscription_scope_id(env.subscription_id);
  const Member* name_member = find_exact(tf, "name");
  // Unknown names and parents become symbols (graph/symbol.h), so references to the resource link.
  out.name = !name_member ? Value()
             : name_member->value.is_unknown() ? ensure_symbol(name_member->value, env.address)
                                               : name_member->value;
  std::string name = name_text(out.name);
  std::string id_name = name.empty() ? symbol_marker(env.address + ".name") : name;
  const Member* parent_member = find_exact(tf, "parent_id");
  bool resource_group = iequals(out.type, "Microsoft.Resources/resourceGroups");
  std::string parent = parent_member ? name_text(parent_member->value) : std::string();
  if (parent.empty()) {
    parent = parent_member ? symbol_marker(env.address + ".parent_id")
             : resource_group ? sub
                              : resource_group_scope_id(env.subscription_id, "rg");
  }
  // An extension resource (a role assignment) whose parent_id is unknown and not even a symbolic id (a
  // bare variable) may be on anything: its scope is unknown, rather than a symbol that links to nothing.
  if (parent_member && parent_member->value.is_unknown() && is_extension_type(out.type)) {
    const std::string* symbol = symbol_of(parent_member->value);
    if (!symbol || !looks_like_id(*symbol)) out.scope_unknown = parent_member->value.unknown_info().reason;
  }
  std::vector<std::string> segments = split(out.type, '/');
  if (resource_group) {
    out.id = resource_group_scope_id(env.subscription_id, id_name);
  } else if (segments.size() <= 2) {
    out.id = make_resource_id(parent, out.type, id_name);
    // Under a resource (not a subscription or resource group) a top-level type is an extension of it.
    if (to_lower(parent).find("/providers/") != std::string::npos) out.scope_id = parent;
  } else {
    out.id = parent + "/" + segments.back() + "/" + id_name;
    std::string full = last_segment(parent) + "/" + name;
    if (!name.empty()) {
      out.name = is_symbolic(full) ? symbolic_unknown("the name of the parent is not known", name_member->value.span(), full)
                                   : Value::string(full, name_member->value.span());
    }
  }

  Object body;
  if (const Member* b = find_exact(tf, "body")) {
    if (b->value.is_object()) {
      body = b->value.as_object();
    } else if (b->value.is_string()) {
      // A body jsonencode()d elsewhere (a local): decode it; its values point at the attribute.
      JsonDocument doc = parse_json_document(kNoFile, b->value.as_string());
      if (doc.result.ok) body = respan(doc.root, b->value_span).as_object();
    } else if (b->value.is_unknown()) {
      body.append("properties", b->value, b->key_span, b->value_span);
    }
  }
  for (const char* key : {"location", "tags", "identity"}) {
    const Member* m = find_exact(tf, key);
    if (m && !body.find(key)) body.append(key, m->value, m->key_span, m->value_span);
  }
  if (!body.find("properties")) body.append("properties", Value::object(Object{}, tf_body.span()));
  out.body = Value::object(std::move(body), tf_body.span());
  return true;
}

}  // namespace vl::tf
