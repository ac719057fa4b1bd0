#include "graph/value_node.h"

namespace vl {

Resource make_value_node(ValueNodeSpec spec, SourceFormat format, const std::string& logical_prefix) {
  Resource r;
  const std::string kind(spec.output ? kOutputNodeType : kParameterNodeType);
  r.type = kind;
  r.symbolic_name = spec.name;
  r.name = Value::string(spec.name, spec.name_span);
  r.display_name = spec.name;
  r.decl = spec.decl.valid() ? spec.decl : spec.name_span;
  r.format = format;
  // Unit and module path (the prefix) and name: parameters and outputs of one unit never share one.
  r.logical_id = logical_prefix + kind + ":" + spec.name;

  Object body;
  body.reserve(5);
  body.append("name", Value::string(spec.name, spec.name_span), spec.name_span, spec.name_span);
  body.append("type", Value::string(spec.declared_type, spec.name_span), {}, {});
  body.append("secure", Value::boolean(spec.secure, spec.name_span), {}, {});
  if (spec.has_default) {
    Span key = spec.default_key.valid() ? spec.default_key : spec.default_written;
    body.append("defaultValue", spec.default_value, key, spec.default_written);
  }
  if (!spec.value.is_absent()) {
    Span written = spec.value_written;
    if (!written.valid()) written = spec.value.is_unknown() ? spec.value.unknown_info().origin : spec.value.span();
    body.append("value", spec.value, spec.value_key.valid() ? spec.value_key : written, written);
  }
  r.body = Value::object(std::move(body), spec.decl);
  r.value_node = std::make_shared<const ValueNode>(std::move(spec.info));
  return r;
}

}  // namespace vl
