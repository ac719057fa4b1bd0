#include "frontends/arm/deployment_outputs.h"

namespace vl::arm {

Object evaluate_outputs(const TemplateModel& model, ArmEnv& env, ReferenceResolver* resolver) {
  ReferenceResolver* saved = env.set_resolver(resolver);
  Object out;
  for (const Member& m : model.root().as_object().get("outputs").as_object().members()) {
    const Object& decl = m.value.as_object();
    Value v;
    if (const Value* copy = decl.find("copy"); copy && copy->is_object()) {
      // An output loop has no name: copyIndex() without one is its index.
      Value count = env.eval_count(copy->as_object().get("count"), "output `" + m.key + "`");
      if (!count.is_int()) {
        v = count;
      } else {
        Array items;
        const Value input = copy->as_object().get("input");
        for (std::int64_t i = 0; i < count.as_int(); ++i) {
          env.push_copy("", Value::integer(i));
          items.push_back(env.eval(input));
          env.pop_copy();
        }
        v = Value::array(std::move(items), copy->span());
      }
    } else if (const Value* raw = decl.find("value")) {
      v = env.eval(*raw);
    } else {
      v = Value::unknown("output `" + m.key + "` has no value", m.key_span);
    }
    out.append(m.key, std::move(v), m.key_span);
  }
  env.set_resolver(saved);
  return out;
}

Value deployment_reference_value(const TemplateModel& model, const Object& outputs, bool full, Span at) {
  const Object& decls = model.root().as_object().get("outputs").as_object();
  Object wrapped;
  for (const Member& m : outputs.members()) {
    Object entry;
    Value type = decls.get(m.key).as_object().get("type");
    entry.set("type", type.is_string() ? type : Value::string("Object", at));
    entry.set("value", m.value);
    wrapped.append(m.key, Value::object(std::move(entry), at), m.key_span);
  }
  Object props;
  props.set("outputs", Value::object(std::move(wrapped), at));
  props.set("provisioningState", Value::string("Succeeded", at));
  if (!full) return Value::object(std::move(props), at);
  Object whole;
  whole.set("properties", Value::object(std::move(props), at));
  return Value::object(std::move(whole), at);
}

std::optional<std::string> referenced_deployment(const Value& argument) {
  if (!argument.is_string() || argument.as_string().empty()) return std::nullopt;
  std::string ref = to_lower(argument.as_string());
  const std::string marker = "/providers/microsoft.resources/deployments/";
  std::size_t at = ref.rfind(marker);
  if (at != std::string::npos) {
    std::string name = ref.substr(at + marker.size());
    if (name.empty() || name.find('/') != std::string::npos) return std::nullopt;
    return name;
  }
  if (ref.find('/') != std::string::npos) return std::nullopt;  // a type/name or an id of something else
  return ref;
}

}  // namespace vl::arm
