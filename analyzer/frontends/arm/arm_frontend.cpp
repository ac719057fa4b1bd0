#include "frontends/arm/arm_frontend.h"

#include "frontends/arm/provenance.h"

namespace vl::arm {

namespace {

bool schema_names(const Value& root, std::string_view what) {
  const Value schema = root.as_object().get("$schema");
  return schema.is_string() && to_lower(schema.as_string()).find(what) != std::string::npos;
}

// {"name": {"value": ...}} or {"name": {"reference": ...}} entries, as a parameter file holds.
bool holds_parameter_entries(const Value& parameters) {
  if (!parameters.is_object() || parameters.as_object().empty()) return false;
  for (const Member& m : parameters.as_object().members()) {
    const Object& e = m.value.as_object();
    if (!m.value.is_object() || (!e.find("value") && !e.find("reference"))) return false;
  }
  return true;
}

}  // namespace

JsonRole classify_json(const Value& root) {
  if (!root.is_object()) return JsonRole::Other;
  if (schema_names(root, "deploymentparameters")) return JsonRole::ParameterFile;
  if (schema_names(root, "deploymenttemplate")) return JsonRole::Template;
  const Object& o = root.as_object();
  if (o.find("resources") && (o.get("resources").is_array() || o.get("resources").is_object())) {
    return JsonRole::Template;
  }
  if (!o.find("resources") && holds_parameter_entries(o.get("parameters"))) return JsonRole::ParameterFile;
  return JsonRole::Other;
}

bool text_looks_like_template(std::string_view text) {
  for (std::string_view needle : {"deploymentTemplate", "deploymentParameters", "\"resources\""}) {
    if (text.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

bool is_bicep_output(const Value& root) {
  const Value gen = root.as_object().get("metadata").as_object().get("_generator");
  return iequals(gen.as_object().get("name").as_string(), "bicep");
}

SuppliedParameters read_parameter_file(const Value& root, const std::string& display_name) {
  SuppliedParameters out;
  out.origin = "parameter file " + display_name;
  out.provenance = parameter_file_provenance_index(root.span().file, root);
  for (const Member& m : root.as_object().get("parameters").as_object().members()) {
    const Object& entry = m.value.as_object();
    if (const Member* v = entry.find_member("value")) {
      out.by_lower_name[to_lower(m.key)] = v->value;
      out.written[to_lower(m.key)] = {v->key_span, v->written_value()};
    } else if (const Member* ref = entry.find_member("reference")) {
      out.by_lower_name[to_lower(m.key)] =
          Value::unknown("parameter `" + m.key + "` is a Key Vault reference in " + display_name +
                             ", resolved only at deployment",
                         join(m.key_span, ref->value.span()));
    }
  }
  return out;
}

bool parameters_fit(const Value& template_root, const SuppliedParameters& params) {
  TemplateModel model(kNoFile, template_root);
  for (const auto& [name, value] : params.by_lower_name) {
    if (!model.parameter(name)) return false;
  }
  for (const ParameterDecl& p : model.parameters()) {
    bool required = !p.default_value() && !p.nullable();
    if (required && !params.by_lower_name.count(to_lower(p.name))) return false;
  }
  return true;
}

}  // namespace vl::arm
