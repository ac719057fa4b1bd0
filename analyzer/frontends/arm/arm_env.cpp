#include "frontends/arm/arm_env.h"

#include <charconv>

#include "graph/symbol.h"

namespace vl::arm {

bool parse_bool_text(std::string_view s, bool& out) {
  if (iequals(s, "true")) {
    out = true;
    return true;
  }
  if (iequals(s, "false")) {
    out = false;
    return true;
  }
  return false;
}

namespace {

// A user-defined function's body sees its arguments as parameters() and nothing else of its own; the
// rest (other functions, the scope) comes from the template.
class FunctionEnv final : public EvalEnv {
 public:
  FunctionEnv(ArmEnv& parent, const FunctionDecl& decl, std::vector<Value>& args) : parent_(parent), decl_(decl), args_(args) {}

  Value parameter(std::string_view name, Span at) override {
    for (std::size_t i = 0; i < decl_.params.size(); ++i) {
      if (iequals(decl_.params[i], name)) return i < args_.size() ? args_[i] : Value::null(at);
    }
    return Value::unknown("function " + decl_.ns + "." + decl_.name + " has no parameter '" + std::string(name) + "'", at);
  }
  Value variable(std::string_view name, Span at) override { return parent_.variable(name, at); }
  Value copy_index(std::string_view, Span at) override {
    return Value::unknown("copyIndex() inside a user-defined function", at);
  }
  const DeploymentScope& scope() const override { return parent_.scope(); }
  std::optional<Value> user_function(std::string_view ns, std::string_view name, std::vector<Value>& args,
                                     Span at) override {
    return parent_.user_function(ns, name, args, at);
  }

 private:
  ArmEnv& parent_;
  const FunctionDecl& decl_;
  std::vector<Value>& args_;
};

bool is_copy_entry(const Value& v) {
  const Object& o = v.as_object();
  return v.is_object() && o.find("name") && o.find("count") && o.find("input");
}

// A value supplied as a string (on the command line) for a parameter of another type.
Value coerce(const std::string& type, Value v) {
  if (!v.is_string()) return v;
  const std::string& s = v.as_string();
  if (type == "bool") {
    bool b;
    if (parse_bool_text(s, b)) return Value::boolean(b, v.span());
  } else if (type == "int") {
    std::int64_t i;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
    if (ec == std::errc() && p == s.data() + s.size()) return Value::integer(i, v.span());
  }
  return v;
}

}  // namespace

ArmEnv::ArmEnv(const TemplateModel& model, DeploymentScope scope, SuppliedParameters supplied, DiagnosticSink& sink,
               EvalLimits limits)
    : model_(model),
      scope_(std::move(scope)),
      supplied_(std::move(supplied)),
      sink_(sink),
      evaluator_(*this, FunctionTable::builtins(), std::move(limits)),
      parameter_slots_(model.parameters().size()),
      variable_slots_(model.variables().size()) {}

Value ArmEnv::parameter(std::string_view name, Span at) {
  const ParameterDecl* decl = model_.parameter(name);
  if (!decl) return Value::unknown("the template declares no parameter '" + std::string(name) + "'", at);
  Slot& slot = parameter_slots_[static_cast<std::size_t>(decl - model_.parameters().data())];
  if (slot.state == State::Done) return slot.value;
  if (slot.state == State::Busy) {
    return stopped(StopCause::Cycle, "the default of parameter `" + decl->name + "` depends on itself (a cycle of parameter defaults)",
                   decl->key_span);
  }
  if (depth_ >= kMaxResolutionDepth) {
    return stopped(StopCause::Depth, "parameters and variables refer to each other more than " +
                                         std::to_string(kMaxResolutionDepth) + " levels deep", at);
  }
  slot.state = State::Busy;
  ++depth_;
  Value v = resolve_parameter(*decl);
  --depth_;
  slot.value = v;
  slot.state = State::Done;
  return v;
}

Value ArmEnv::resolve_parameter(const ParameterDecl& decl) {
  auto it = supplied_.by_lower_name.find(to_lower(decl.name));
  // A null given for a parameter with a default gets the default, as the deployment engine does (and as
  // compiled Bicep relies on when a module passes `x.?y`).
  bool null_for_default = it != supplied_.by_lower_name.end() && it->second.is_null() && decl.default_value();
  if (it != supplied_.by_lower_name.end() && !null_for_default) return coerce(decl.type, it->second);
  if (supplied_.all_unknown.is_unknown()) return supplied_.all_unknown;
  if (const Value* def = decl.default_value()) return eval(*def);
  if (decl.nullable()) return Value::null(decl.key_span);
  auto info = std::make_shared<UnknownInfo>();
  info->reason = "parameter `" + decl.name + "` has no default and " +
                 (supplied_.origin.empty() ? std::string("no parameter file gives it a value")
                                           : supplied_.origin + " gives it no value");
  info->origin = decl.key_span;
  for (const Value& allowed : decl.allowed_values.as_array()) {
    info->candidates.push_back(allowed);
  }
  // A boolean can only be one of two: rules that judge both alike still decide.
  if (info->candidates.empty() && decl.type == "bool") {
    info->candidates = {Value::boolean(true, decl.key_span), Value::boolean(false, decl.key_span)};
  }
  // A string still has a name, so ids built from it link (graph/symbol.h).
  if (decl.type.empty() || decl.type == "string" || decl.type == "securestring") {
    info->symbol = symbol_marker("param " + supplied_.symbol_scope + decl.name);
  }
  return Value::unknown(std::move(info));
}

Value ArmEnv::variable(std::string_view name, Span at) {
  const VariableDecl* decl = model_.variable(name);
  if (!decl) return Value::unknown("the template declares no variable '" + std::string(name) + "'", at);
  Slot& slot = variable_slots_[static_cast<std::size_t>(decl - model_.variables().data())];
  if (slot.state == State::Done) return slot.value;
  if (slot.state == State::Busy) return Value::unknown("variable `" + decl->name + "` depends on itself", decl->key_span);
  if (depth_ >= kMaxResolutionDepth) {
    return stopped(StopCause::Depth, "parameters and variables refer to each other more than " +
                                         std::to_string(kMaxResolutionDepth) + " levels deep", at);
  }
  slot.state = State::Busy;
  ++depth_;
  Value v = resolve_variable(*decl);
  --depth_;
  slot.value = v;  // slots never move: the vector is sized once
  slot.state = State::Done;
  return v;
}

Value ArmEnv::resolve_variable(const VariableDecl& decl) {
  if (!decl.is_copy) return eval(decl.raw);
  const Object& entry = decl.raw.as_object();
  Value count = eval_count(entry.get("count"), "variable `" + decl.name + "`");
  if (!count.is_int()) return count;
  const Value input = entry.get("input");
  Array items;
  items.reserve(static_cast<std::size_t>(count.as_int()));
  for (std::int64_t i = 0; i < count.as_int(); ++i) {
    push_copy(decl.name, Value::integer(i));
    items.push_back(eval(input));
    pop_copy();
  }
  return Value::array(std::move(items), decl.raw.span());
}

// Without a name, copyIndex() is the resource's (or variable's) own loop, even inside a property loop:
// "If no value is provided for loopName, the current resource type iteration is used" (template
// functions, copyIndex), which compiled Bicep relies on (`copyIndex()` beside `copyIndex('metrics')`).
Value ArmEnv::copy_index(std::string_view loop, Span at) {
  bool in_property_loop = false;
  for (auto it = copies_.rbegin(); it != copies_.rend(); ++it) {
    in_property_loop = in_property_loop || it->property;
    if (loop.empty() ? !it->property : iequals(it->name, loop)) return it->index.is_int() ? it->index.with_span(at) : it->index;
  }
  if (loop.empty() && in_property_loop) {
    return Value::unknown("copyIndex() without a loop name in a property loop of a resource that has no copy loop "
                          "(the deployment would fail)", at);
  }
  if (loop.empty()) return Value::unknown("copyIndex() outside a copy loop", at);
  return Value::unknown("copyIndex('" + std::string(loop) + "') outside that copy loop", at);
}

std::optional<Value> ArmEnv::user_function(std::string_view ns, std::string_view name, std::vector<Value>& args,
                                           Span at) {
  const FunctionDecl* decl = model_.function(ns, name);
  if (!decl) return std::nullopt;
  FunctionEnv env(*this, *decl, args);
  ArmEvaluator evaluator(env, FunctionTable::builtins(), limits());
  Value result = eval_with(evaluator, decl->output);
  // The result is computed at the call, not in the function body.
  if (result.is_known() && result.span().file == model_.file() && result.span().begin >= decl->output.span().begin &&
      result.span().end <= decl->output.span().end) {
    result.set_span(at);
  }
  return result;
}

Value ArmEnv::reference(std::string_view function, std::vector<Value>& args, Span at) {
  if (resolver_) {
    if (std::optional<Value> v = resolver_->resolve_reference(function, args, at)) return *v;
  }
  return EvalEnv::reference(function, args, at);
}

Value ArmEnv::eval_count(const Value& raw, std::string_view what, bool* over_limit) {
  Value count = eval(raw);
  if (count.is_unknown()) return count;
  if (!count.is_int()) {
    return Value::unknown("the loop count of " + std::string(what) + " is not an integer: " + count.display(), raw.span());
  }
  if (count.as_int() < 0) {
    return Value::unknown("the loop count of " + std::string(what) + " is negative", raw.span());
  }
  if (count.as_int() > kMaxCopyCount) {
    std::string message = "the loop count of " + std::string(what) + " is " + std::to_string(count.as_int()) +
                          ", over ARM's limit of " + std::to_string(kMaxCopyCount);
    sink_.add(Diagnostic{"KV001", raw.span(), message, {}});
    if (over_limit) *over_limit = true;
    return Value::unknown(message, raw.span());
  }
  return count;
}

Value ArmEnv::eval_with(ArmEvaluator& evaluator, const Value& raw) {
  switch (raw.kind()) {
    case Kind::String:
      return eval_string(evaluator, raw);
    case Kind::Array: {
      Array items;
      items.reserve(raw.as_array().size());
      for (const Value& item : raw.as_array()) items.push_back(eval_with(evaluator, item));
      return Value::array(std::move(items), raw.span());
    }
    case Kind::Object:
      return eval_object(evaluator, raw);
    default:
      return raw;
  }
}

Value ArmEnv::eval_string(ArmEvaluator& evaluator, const Value& raw) {
  TemplateString ts = classify_template_string(raw.as_string());
  if (!ts.is_expression) {
    if (ts.text.size() == raw.as_string().size()) return raw;
    return Value::string(std::string(ts.text), raw.span());
  }
  const ExprParseResult& parsed = model_.parse(std::string(ts.text));
  if (!parsed.expr) {
    std::string message = "invalid template expression: " + parsed.error + " (at character " +
                          std::to_string(parsed.error_offset + 1) + " of the expression)";
    sink_.add(Diagnostic{"KV001", raw.span(), message, {}});
    return Value::unknown(message, raw.span());
  }
  return evaluator.evaluate(parsed.expr, raw.span());
}

Value ArmEnv::eval_object(ArmEvaluator& evaluator, const Value& raw) {
  Object out;
  out.reserve(raw.as_object().size());
  for (const Member& m : raw.as_object().members()) {
    if (iequals(m.key, "copy") && m.value.is_array() && !m.value.as_array().empty() &&
        is_copy_entry(m.value.as_array()[0])) {
      for (const Value& entry : m.value.as_array()) {
        std::string name;
        Value items = expand_property_copy(evaluator, entry, name);
        if (!name.empty()) out.set(name, std::move(items), entry.as_object().find_member("name")->key_span, entry.span());
      }
      continue;
    }
    // A key written as an expression (`"[format('{0}', ...)]": ...`, what Bicep's `'${x}': ...` compiles
    // to) is evaluated; when it is unknown so is the object, whose keys are then not known (as in Bicep).
    if (!m.key.empty() && m.key.front() == '[') {
      Value key = eval_string(evaluator, Value::string(m.key, m.key_span));
      if (key.is_unknown()) return key;
      if (!key.is_string()) {
        return Value::unknown("a property name must be a string, got " + key.display(), m.key_span);
      }
      out.append(key.as_string(), eval_with(evaluator, m.value), m.key_span, m.value.span());
      continue;
    }
    out.append(m.key, eval_with(evaluator, m.value), m.key_span, m.value.span());
  }
  return Value::object(std::move(out), raw.span());
}

Value ArmEnv::expand_property_copy(ArmEvaluator& evaluator, const Value& entry, std::string& name) {
  const Object& e = entry.as_object();
  name = e.get("name").as_string();
  Value count = eval_count(e.get("count"), "property `" + name + "`");
  if (!count.is_int()) return count;
  const Value input = e.get("input");
  Array items;
  items.reserve(static_cast<std::size_t>(count.as_int()));
  for (std::int64_t i = 0; i < count.as_int(); ++i) {
    push_copy(name, Value::integer(i), true);
    items.push_back(eval_with(evaluator, input));
    pop_copy();
  }
  return Value::array(std::move(items), entry.span());
}

}  // namespace vl::arm
