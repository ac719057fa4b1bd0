// The graph nodes of a module instance's input variables and outputs (graph/value_node.h): the root
// module's, and each called module's with its address as the path.
#include "frontends/terraform/modules/module_instance.h"
#include "graph/value_node.h"

namespace vl::tf {

namespace {

const char* type_word(const TypeConstraint& t) {
  switch (t.kind) {
    case TypeConstraint::Kind::Any:
      return "";
    case TypeConstraint::Kind::String:
      return "string";
    case TypeConstraint::Kind::Number:
      return "number";
    case TypeConstraint::Kind::Bool:
      return "bool";
    case TypeConstraint::Kind::List:
      return "list";
    case TypeConstraint::Kind::Set:
      return "set";
    case TypeConstraint::Kind::Map:
      return "map";
    case TypeConstraint::Kind::Object:
      return "object";
    case TypeConstraint::Kind::Tuple:
      return "tuple";
  }
  return "";
}

}  // namespace

void ModuleInstance::emit_value_nodes() {
  const ModuleConfig& c = *setup_.config;
  auto finish = [&](Resource r) {
    r.unit = unit_.request.unit;
    r.variant = unit_.request.variant;
    r.instance = setup_.instance_keys;
    r.conditional = setup_.conditional;
    r.condition_reason = setup_.condition_reason;
    unit_.out.resources.push_back(std::move(r));
  };
  for (const VariableDecl& v : c.variables) {
    if (!setup_.root && !v.sensitive) continue;  // a called module's variables: the sensitive ones only
    ValueNodeSpec spec;
    spec.name = v.name;
    spec.name_span = v.name_span;
    spec.decl = v.header;
    spec.declared_type = v.type ? type_word(*v.type) : "";
    spec.secure = v.sensitive;
    if (v.default_value) {
      spec.has_default = true;
      spec.default_value = ev_.eval(*v.default_value);
      spec.default_key = v.default_key;
      spec.default_written = v.default_value->span;
    }
    spec.value = variable(v.name, v.name_span);
    if (setup_.root) {
      auto in = unit_.request.inputs.find(v.name);
      if (in != unit_.request.inputs.end()) {
        spec.info.value_from = in->second.command_line ? "--var" : "a variable file";
        spec.value_key = in->second.name_span;
      }
    } else if (auto at = setup_.input_at.find(v.name); at != setup_.input_at.end()) {
      spec.info.value_from = "the module call";
      spec.value_key = at->second.first;
      spec.value_written = at->second.second;
    }
    if (spec.info.value_from.empty()) {
      spec.info.value_from = v.default_value ? "the default" : "not given";
      if (v.default_value) {
        spec.value_key = spec.default_key;
        spec.value_written = spec.default_written;
      }
    }
    finish(make_value_node(std::move(spec), SourceFormat::Terraform, setup_.logical_prefix));
  }
  for (const OutputDecl& o : c.outputs) {
    ValueNodeSpec spec;
    spec.output = true;
    spec.name = o.name;
    spec.name_span = o.name_span;
    spec.decl = o.header;
    spec.secure = o.sensitive;
    spec.value = output(o.name, o.name_span);
    spec.value_key = o.value_key;
    if (o.value) spec.value_written = o.value->span;
    spec.info.value_from = "the output's value";
    finish(make_value_node(std::move(spec), SourceFormat::Terraform, setup_.logical_prefix));
  }
}

}  // namespace vl::tf
