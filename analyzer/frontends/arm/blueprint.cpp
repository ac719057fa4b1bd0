// Azure Blueprints template artifacts: a JSON file (`kind: template`) whose properties.template is the ARM
// template the blueprint deploys and whose properties.parameters gives its parameters. A blueprint is a
// repository of such files (artifacts/*.json beside blueprint.json); each template artifact is scanned as
// the template it holds, with its parameters as a parameter file's.
#include "frontends/arm/blueprint.h"

#include "frontends/arm/arm_frontend.h"
#include "frontends/arm/provenance.h"

namespace vl::arm {

namespace {

// An artifact parameter written as an expression ("[parameters('x')]", "[artifacts('a').outputs.b]")
// reads the blueprint's own parameters or another artifact: known only when the blueprint is assigned.
bool blueprint_expression(const Value& v) {
  if (!v.is_string()) return false;
  const std::string& s = v.as_string();
  return s.size() >= 2 && s.front() == '[' && s.back() == ']' && s.rfind("[[", 0) != 0;
}

}  // namespace

const Value* blueprint_template(const Value& root) {
  if (!root.is_object() || !iequals(root.as_object().get("kind").as_string(), "template")) return nullptr;
  const Member* props = root.as_object().find_member("properties");
  if (!props || !props->value.is_object()) return nullptr;
  const Member* tmpl = props->value.as_object().find_member("template");
  if (!tmpl || classify_json(tmpl->value) != JsonRole::Template) return nullptr;
  return &tmpl->value;
}

SuppliedParameters read_blueprint_parameters(const Value& root, const std::string& display_name) {
  const Value& props = root.as_object().get("properties");
  SuppliedParameters out = read_parameter_file(props, display_name);
  out.origin = "blueprint artifact " + display_name;
  for (const Member& m : props.as_object().get("parameters").as_object().members()) {
    const Member* v = m.value.as_object().find_member("value");
    if (!v || !blueprint_expression(v->value)) continue;
    out.by_lower_name[to_lower(m.key)] =
        Value::unknown("parameter `" + m.key + "` is " + v->value.as_string() + " in " + display_name +
                           ", set when the blueprint is assigned",
                       v->value.span());
  }
  return out;
}

}  // namespace vl::arm
