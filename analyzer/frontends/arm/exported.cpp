// Azure resources exported from a subscription (Get-AzResource -ExpandProperties, PSRule for Azure's
// Export-AzRuleData): a JSON array of deployed resources, each with its ResourceId, ResourceType, Name and
// Properties, and the extension resources on it (diagnostic settings) nested under `resources` with their
// ExtensionResourceType. It is data, not a template: nothing in it is an expression, and every value is
// known. Each resource becomes a graph resource whose body is the object as written (ARM property names
// compare case-insensitively, so `Properties` is `properties`).
#include "frontends/arm/exported.h"

#include "graph/resource_id.h"

namespace vl::arm {

namespace {

const std::string* text(const Value& object, std::string_view key) {
  const Member* m = object.as_object().find_member(key);
  return m && m->value.is_string() ? &m->value.as_string() : nullptr;
}

bool exported_resource(const Value& v) {
  if (!v.is_object()) return false;
  const std::string* id = text(v, "ResourceId");
  if (!id) id = text(v, "Id");
  const std::string* type = text(v, "ResourceType");
  if (!type) type = text(v, "Type");
  return id && type && istarts_with(*id, "/subscriptions/") && v.as_object().find_member("Properties");
}

void add(const Value& item, FileId file, std::uint32_t unit, std::uint32_t variant, int depth, LowerResult& out) {
  if (!exported_resource(item) || depth > 8) return;
  const std::string* id = text(item, "ResourceId");
  if (!id) id = text(item, "Id");
  const std::string* type = text(item, "ResourceType");
  if (!type) type = text(item, "Type");
  Resource r;
  r.format = SourceFormat::Arm;
  r.unit = unit;
  r.variant = variant;
  r.id = *id;
  r.type = *type;
  if (const std::string* extension = text(item, "ExtensionResourceType")) {
    // An extension resource: its own type, on the resource its id names before `/providers/`.
    r.type = *extension;
    r.scope_id = extension_target(*id);
  }
  const Member* name = item.as_object().find_member("Name");
  r.name = name && name->value.is_string() ? name->value : Value::string(id->substr(id->rfind('/') + 1));
  r.display_name = r.name.as_string();
  r.body = item;
  r.decl = Span{file, item.span().begin, item.span().begin + 1};
  r.logical_id = "exported:" + to_lower(*id);
  out.resources.push_back(std::move(r));
  const Value children = item.as_object().get("resources");
  if (!children.is_array()) return;
  for (const Value& child : children.as_array()) add(child, file, unit, variant, depth + 1, out);
}

}  // namespace

bool is_exported_resources(const Value& root) {
  if (!root.is_array() || root.as_array().empty()) return false;
  for (const Value& item : root.as_array()) {
    if (!exported_resource(item)) return false;
  }
  return true;
}

LowerResult lower_exported(FileId file, const Value& root, std::uint32_t unit, std::uint32_t variant) {
  LowerResult out;
  for (const Value& item : root.as_array()) add(item, file, unit, variant, 0, out);
  return out;
}

}  // namespace vl::arm
