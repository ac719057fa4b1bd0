#include "frontends/terraform/modules/module_instance.h"

#include "frontends/terraform/hcl/hcl_parser.h"
#include "frontends/terraform/evaluation/object_util.h"
#include "frontends/terraform/modules/provenance.h"
#include "graph/symbol.h"

namespace vl::tf {

namespace fs = std::filesystem;

bool is_meta_argument(const std::string& name, bool module) {
  if (name == "count" || name == "for_each" || name == "depends_on") return true;
  if (module) return name == "source" || name == "version" || name == "providers";
  return name == "provider";
}

bool same_key(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return a.as_number() == b.as_number();
  std::string x, y;
  return as_text(a, x) && as_text(b, y) && x == y;
}


ModuleInstance::ModuleInstance(UnitContext& unit, Setup setup)
    : unit_(unit),
      setup_(std::move(setup)),
      ev_(this, unit.shared),
      variables_(setup_.config->variables.size()),
      locals_(setup_.config->locals.size()),
      outputs_(setup_.config->outputs.size()),
      resources_(setup_.config->resources.size()),
      modules_(setup_.config->module_calls.size()) {
  if (unit_.indexed.insert(setup_.config.get()).second) {
    if (auto index = module_provenance_index(setup_.config)) unit_.out.provenance.push_back(std::move(index));
  }
}

void ModuleInstance::lower_all() {
  const ModuleConfig& c = *setup_.config;
  for (std::size_t i = 0; i < c.resources.size(); ++i) {
    if (!c.resources[i].data) ensure_resource(i);
  }
  for (std::size_t i = 0; i < c.module_calls.size(); ++i) ensure_module(i);
  emit_value_nodes();
}

// ---- names ------------------------------------------------------------------------------------------

std::optional<Value> ModuleInstance::reference(const Expr& root, const std::vector<const Expr*>& steps, std::size_t& used) {
  const ModuleConfig& c = *setup_.config;
  const std::string& name = root.text;
  auto attr = [&](std::size_t i) -> const Expr* {
    return i < steps.size() && steps[i]->kind == ExprKind::GetAttr ? steps[i] : nullptr;
  };
  auto error = [&](const std::string& why) { return unit_.shared.error(why, root.span); };
  if (name == "var" || name == "local" || name == "path" || name == "terraform") {
    const Expr* a = attr(0);
    if (!a) return error("`" + name + "` needs an attribute");
    used = 1;
    if (name == "var") return variable(a->text, a->span);
    if (name == "local") return local(a->text, a->span);
    if (name == "path") return path_value(a->text, a->span);
    if (a->text == "workspace") return Value::string("default", a->span);
    return Value::unknown("terraform." + a->text + " is not known to vaultlint", a->span);
  }
  if (name == "module") {
    const Expr* a = attr(0);
    const ModuleCallDecl* call = a ? c.module_call(a->text) : nullptr;
    if (!call) return error("no module `" + (a ? a->text : std::string()) + "` is called here");
    return module_reference(*call, steps, used);
  }
  if (name == "data") {
    const Expr* t = attr(0);
    const Expr* n = attr(1);
    const ResourceDecl* decl = t && n ? c.resource(true, t->text, n->text) : nullptr;
    if (!decl && t && n) return undeclared_reference(true, t->text, n->text, steps, 2, used, root.span);
    if (!decl) return error("no such data source is declared");
    return resource_reference(*decl, steps, 2, used);
  }
  if (name == "count" || name == "each") return error("`" + name + "` outside a resource or module with " + (name == "count" ? "count" : "for_each"));
  if (name == "self") return Value::unknown("`self` is known only in provisioners", root.span);
  if (const Expr* a = attr(0); a && c.declares_resource_type(name)) {
    if (const ResourceDecl* decl = c.resource(false, name, a->text)) return resource_reference(*decl, steps, 1, used);
  }
  if (attr(0) && name.find('_') != std::string::npos) {
    used = 1;
    return undeclared_reference(false, name, attr(0)->text, steps, 1, used, root.span);
  }
  return std::nullopt;
}

Value ModuleInstance::variable(const std::string& name, Span at) {
  const ModuleConfig& c = *setup_.config;
  auto it = c.variable_index.find(name);
  if (it == c.variable_index.end()) return unit_.shared.error("no variable `" + name + "` is declared", at);
  Slot& slot = variables_[it->second];
  const VariableDecl& decl = c.variables[it->second];
  if (slot.state == State::Done) return slot.value;
  if (slot.state == State::Busy) return stopped(StopCause::Cycle, "the default of variable `" + name + "` refers to itself", decl.name_span);
  slot.state = State::Busy;
  Value v;
  bool given = false;
  if (setup_.root) {
    auto in = unit_.request.inputs.find(name);
    if (in != unit_.request.inputs.end()) {
      given = true;
      v = in->second.value;
      if (in->second.command_line && v.is_string() && !decl.type->primitive() && decl.type->kind != TypeConstraint::Kind::Any) {
        // --var NAME=VALUE: a collection is written as an HCL expression.
        std::string error;
        ExprPtr e = parse_hcl_expression(v.as_string(), v.span(), error);
        v = e ? ev_.eval(*e) : unit_.shared.error("--var " + name + " is not an expression: " + error, decl.name_span);
      }
    }
  } else {
    auto in = setup_.inputs.find(name);
    if (in != setup_.inputs.end() && setup_.caller) {
      given = true;
      v = setup_.caller->eval_input(*in->second, setup_.expansion, setup_.instance);
    }
  }
  if (given) {
    v = convert_to_type(v, *decl.type, ev_);
    if (v.is_null() && !decl.nullable && decl.default_value) v = convert_to_type(ev_.eval(*decl.default_value), *decl.type, ev_);
  } else if (decl.default_value) {
    v = convert_to_type(ev_.eval(*decl.default_value), *decl.type, ev_);
  } else {
    auto info = std::make_shared<UnknownInfo>();
    info->reason = setup_.root ? "variable `" + name + "` has no default and no value is given (terraform.tfvars, *.auto.tfvars, --var-file or --var)"
                               : "module input `" + name + "` is not set by the module call, and the variable has no default";
    info->origin = decl.name_span;
    if (decl.type->kind == TypeConstraint::Kind::Bool) {
      info->candidates = {Value::boolean(true, decl.name_span), Value::boolean(false, decl.name_span)};
    }
    // A string still has a name, so ids built from it link (graph/symbol.h).
    if (decl.type->kind == TypeConstraint::Kind::String || decl.type->kind == TypeConstraint::Kind::Any) {
      info->symbol = symbol_marker("var " + setup_.address + (setup_.address.empty() ? "" : ".") + name);
    }
    v = Value::unknown(std::move(info));
  }
  slot.value = v;
  slot.state = State::Done;
  return v;
}

Value ModuleInstance::local(const std::string& name, Span at) {
  const ModuleConfig& c = *setup_.config;
  auto it = c.local_index.find(name);
  if (it == c.local_index.end()) return unit_.shared.error("no local value `" + name + "` is declared", at);
  Slot& slot = locals_[it->second];
  if (slot.state == State::Done) return slot.value;
  if (slot.state == State::Busy) return Value::unknown("local `" + name + "` depends on itself", c.locals[it->second].name_span);
  slot.state = State::Busy;
  Value v = ev_.eval(*c.locals[it->second].value);
  slot.value = v;
  slot.state = State::Done;
  return v;
}

Value ModuleInstance::path_value(const std::string& name, Span at) {
  const fs::path& root = unit_.request.root_dir;
  if (name == "module") {
    std::string rel = setup_.config->dir.lexically_relative(root).generic_string();
    return Value::string(rel.empty() ? "." : rel, at);
  }
  if (name == "root") return Value::string(".", at);
  if (name == "cwd") return Value::string(root.generic_string(), at);
  return unit_.shared.error("path." + name + " is not a path Terraform knows", at);
}

Value ModuleInstance::output(const std::string& name, Span at) {
  const ModuleConfig& c = *setup_.config;
  auto it = c.output_index.find(name);
  if (it == c.output_index.end()) return unit_.shared.error("the module has no output `" + name + "`", at);
  Slot& slot = outputs_[it->second];
  if (slot.state == State::Done) return slot.value;
  if (slot.state == State::Busy) {
    // Reported where the caller reads it (the cycle runs through the callers' inputs, not this file),
    // naming the module instance: every instance of the module shares the output's declaration.
    std::string of = setup_.address.empty() ? "" : " of `" + setup_.address + "`";
    return stopped(StopCause::Cycle, "output `" + name + "`" + of + " depends on itself (through the inputs of the modules that read it)",
                   at.valid() ? at : c.outputs[it->second].name_span);
  }
  slot.state = State::Busy;
  const Expr* e = c.outputs[it->second].value;
  Value v = e ? ev_.eval(*e) : Value::null(c.outputs[it->second].name_span);
  slot.value = v;
  slot.state = State::Done;
  return v;
}

Value ModuleInstance::outputs_object(Span at) {
  Object o;
  for (const NamedExpr& out : setup_.config->outputs) o.append(out.name, output(out.name, at), out.name_span, {});
  return Value::object(std::move(o), at);
}


}  // namespace vl::tf
