#include "frontends/arm/value_nodes.h"

#include "graph/value_node.h"

namespace vl::arm {

namespace {

void finish(Resource& r, const ValueNodeScope& scope) {
  r.unit = scope.unit;
  r.variant = scope.variant;
  r.module = scope.module;
  r.instance = scope.instance;
  r.conditional = scope.conditional;
  r.condition_reason = scope.condition_reason;
}

}  // namespace

void emit_value_nodes(const ValueNodeScope& scope, std::vector<Resource>& out) {
  const SuppliedParameters& supplied = scope.env.supplied();
  if (scope.own_parameters) {
    for (const ParameterDecl& p : scope.declared.parameters()) {
      if (scope.secure_only && !p.secure()) continue;  // graph/value_node.h: a module's secure parameters only
      ValueNodeSpec spec;
      spec.name = p.name;
      spec.name_span = p.key_span;
      spec.decl = p.key_span;
      spec.declared_type = p.type;
      spec.secure = p.secure();
      spec.value = scope.env.parameter(p.name, p.key_span);
      const bool given = supplied.by_lower_name.count(to_lower(p.name)) > 0;
      if (const Member* def = p.decl.as_object().find_member("defaultValue")) {
        spec.has_default = true;
        // The value is the default unless something gives another; only a secure parameter's default is
        // evaluated again then (KV304 judges it whatever the variant gives), others keep it as written.
        spec.default_value = !given ? spec.value : p.secure() ? scope.env.eval(def->value) : def->value;
        spec.default_key = def->key_span;
        spec.default_written = def->value.span();
      }
      if (given) {
        spec.info.value_from = supplied.origin.empty() ? "the command line" : supplied.origin;
        if (auto at = supplied.written.find(to_lower(p.name)); at != supplied.written.end()) {
          spec.value_key = at->second.first;
          spec.value_written = at->second.second;
        }
      } else if (spec.has_default) {
        spec.info.value_from = "the default";
        spec.value_key = spec.default_key;
        spec.value_written = spec.default_written;
      } else {
        spec.info.value_from = "not given";
      }
      Resource r = make_value_node(std::move(spec), SourceFormat::Arm, scope.logical_prefix);
      finish(r, scope);
      out.push_back(std::move(r));
    }
  }
  for (const Member& m : scope.declared.root().as_object().get("outputs").as_object().members()) {
    if (!m.value.is_object()) continue;
    const Object& o = m.value.as_object();
    ValueNodeSpec spec;
    spec.output = true;
    spec.name = m.key;
    spec.name_span = m.key_span;
    spec.decl = m.key_span;
    spec.declared_type = to_lower(o.get("type").as_string());
    spec.secure = spec.declared_type == "securestring" || spec.declared_type == "secureobject";
    if (const Member* value = o.find_member("value")) {
      spec.value = scope.env.eval(value->value);
      spec.value_key = value->key_span;
      spec.value_written = value->value.span();
    } else if (const Member* copy = o.find_member("copy")) {
      // An output loop: what each item is made of is its `input`; the items themselves are not evaluated.
      const Value input = copy->value.as_object().get("input");
      spec.value = Value::unknown("the items of output loop `" + m.key + "` are not evaluated", copy->span());
      spec.value_key = copy->key_span;
      spec.value_written = input.span();
    } else {
      continue;
    }
    spec.info.value_from = "the output's value";
    Resource r = make_value_node(std::move(spec), SourceFormat::Arm, scope.logical_prefix);
    finish(r, scope);
    out.push_back(std::move(r));
  }
}

}  // namespace vl::arm
