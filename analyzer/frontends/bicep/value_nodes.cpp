// The graph nodes of a Bicep file's parameters and outputs (graph/value_node.h), for the entry template
// and for each module instance (with the module's path, as its resources have).
#include "frontends/bicep/instance.h"
#include "graph/value_node.h"

namespace vl::bicep {

void Instance::emit_value_nodes() {
  auto finish = [&](Resource r) {
    r.unit = shared_.unit;
    r.variant = shared_.variant;
    r.module = ctx_.module;
    r.instance = ctx_.label;
    r.conditional = ctx_.conditional;
    r.condition_reason = ctx_.condition_reason;
    shared_.out.resources.push_back(std::move(r));
  };
  for (const Decl* d : tree_.decls) {
    if (d->kind != DeclKind::Param && d->kind != DeclKind::Output) continue;
    FreshScope scope(locals_);
    ValueNodeSpec spec;
    spec.output = d->kind == DeclKind::Output;
    spec.name = d->name;
    spec.name_span = span(d->name_begin, d->name_end);
    spec.decl = span(d->keyword_begin, d->keyword_end);
    bool nullable = false;
    spec.declared_type = d->output_resource ? "resource" : to_lower(type_name(d->type, nullable));
    spec.secure = find_decorator(*d, "secure") != nullptr;
    // A module instance's parameters: the secure ones only (graph/value_node.h).
    if (!spec.output && ctx_.module != UINT32_MAX && !spec.secure) continue;
    if (spec.output) {
      spec.value = output(d->name, spec.name_span);
      if (d->value) spec.value_written = span(*d->value);
      spec.info.value_from = "the output's value";
      finish(make_value_node(std::move(spec), SourceFormat::Bicep, ctx_.logical_prefix));
      continue;
    }
    if (d->value) {
      spec.has_default = true;
      spec.default_value = eval(*d->value);
      spec.default_written = span(*d->value);
    }
    spec.value = param_value(*d);
    const std::string key = to_lower(d->name);
    bool from_cli = false;
    for (const auto& [name, text] : ctx_.cli) from_cli = from_cli || iequals(name, d->name);
    if (from_cli) {
      spec.info.value_from = "--param";
    } else if (auto it = ctx_.supplied.find(key); it != ctx_.supplied.end() && !(it->second.is_null() && d->value)) {
      spec.info.value_from = ctx_.origin.empty() ? "the caller" : ctx_.origin;
      if (auto at = ctx_.supplied_at.find(key); at != ctx_.supplied_at.end()) {
        spec.value_key = at->second.first;
        spec.value_written = at->second.second;
      }
    } else if (d->value && !ctx_.supplied_unknown.is_unknown()) {
      spec.info.value_from = "the default";
      spec.value_written = spec.default_written;
    } else {
      spec.info.value_from = ctx_.supplied_unknown.is_unknown() ? "the caller" : "not given";
    }
    finish(make_value_node(std::move(spec), SourceFormat::Bicep, ctx_.logical_prefix));
  }
}

}  // namespace vl::bicep
