#include "eval/evaluator.h"

#include "graph/computed.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl {

namespace {

// Accessor chains (`a[0][0]...`, `a.b.c...`) are evaluated recursively: deeper than this is a stop, not a
// stack overflow (the expression parser allows no deeper chains either).
constexpr int kMaxAccessorDepth = 256;

struct Accessor {
  int& depth;
  explicit Accessor(int& d) : depth(d) { ++depth; }
  ~Accessor() { --depth; }
};

Value too_deep(Span at) {
  return stopped(StopCause::Depth, "property and index accessors nested deeper than " + std::to_string(kMaxAccessorDepth) +
                                       " levels",
                 at);
}

}  // namespace

std::optional<Value> EvalEnv::user_function(std::string_view, std::string_view, std::vector<Value>&, Span) {
  return std::nullopt;
}

Value EvalEnv::reference(std::string_view function, std::vector<Value>& args, Span at) {
  std::string reason = std::string(function) + "() reads the deployed resource, which an offline scan cannot";
  // reference(id[, apiVersion[, 'Full']]) keeps the id it reads, for the properties Azure computes from it.
  const std::string* id = args.empty() ? nullptr : id_text(args[0]);
  if (!iequals(function, "reference") || !id || !looks_like_id(*id)) return Value::unknown(std::move(reason), at);
  auto info = std::make_shared<UnknownInfo>();
  info->reason = std::move(reason);
  info->origin = at;
  info->reads = *id;
  info->reads_full = args.size() >= 3 && args[2].is_string() && iequals(args[2].as_string(), "full");
  return Value::unknown(std::move(info));
}

namespace {

// A property of what reference() read: `.properties` of the full resource is still that resource; a
// property Azure computes from the id (graph/computed.h) is named; anything else stays unknown.
std::optional<Value> member_of_reference(const Value& base, const std::string& member, Span at) {
  const UnknownInfo& info = base.unknown_info();
  if (info.reads.empty()) return std::nullopt;
  if (info.reads_full) {
    if (!iequals(member, "properties")) return std::nullopt;
    auto inner = std::make_shared<UnknownInfo>(info);
    inner->reads_full = false;
    return Value::unknown(std::move(inner));
  }
  return computed_property(type_of_id(info.reads), info.reads, member, info.reason, at);
}

}  // namespace

ArmEvaluator::ArmEvaluator(EvalEnv& env, const FunctionTable& functions, EvalLimits limits)
    : env_(env), functions_(functions), limits_(limits) {
  // The call depth lives in the meter, which every evaluator of a unit shares: an unmetered evaluator
  // gets one with no call limit, so that depth still counts across the evaluators it hands its limits to.
  if (!limits_.meter) limits_.meter = std::make_shared<WorkMeter>(UINT64_MAX);
}

Value ArmEvaluator::evaluate(const ExprPtr& expr, Span at) {
  if (!expr) return Value::unknown("empty expression", at);
  ExprPtr saved = std::move(root_);
  root_ = expr;
  Value v = eval(*expr, at);
  root_ = std::move(saved);
  return v;
}

Value ArmEvaluator::bounded(Value v, Span at) const {
  if (v.is_string() && v.as_string().size() > limits_.max_string_bytes) {
    return stopped(StopCause::Size, "a string of " + std::to_string(v.as_string().size()) + " bytes, over the evaluation limit of " +
                                        std::to_string(limits_.max_string_bytes) + " bytes",
                   at);
  }
  if (v.is_array() && v.as_array().size() > limits_.max_collection_items) {
    return stopped(StopCause::Size, "an array of " + std::to_string(v.as_array().size()) + " items, over the evaluation limit of " +
                                        std::to_string(limits_.max_collection_items) + " items",
                   at);
  }
  if (v.is_object() && v.as_object().size() > limits_.max_collection_items) {
    return stopped(StopCause::Size, "an object of " + std::to_string(v.as_object().size()) + " members, over the evaluation limit of " +
                                        std::to_string(limits_.max_collection_items) + " members",
                   at);
  }
  return v;
}

Value ArmEvaluator::eval(const Expr& e, Span at) {
  switch (e.kind) {
    case Expr::Kind::String:
      return Value::string(e.text, at);
    case Expr::Kind::Int:
      return Value::integer(e.integer, at);
    case Expr::Kind::Float:
      return Value::number(e.number, at);
    case Expr::Kind::Bool:
      return Value::boolean(e.boolean, at);
    case Expr::Kind::Null:
      return Value::null(at);
    case Expr::Kind::Call:
      return call(e, at);
    case Expr::Kind::Property: {
      Accessor guard(accessors_);
      if (accessors_ > kMaxAccessorDepth) return too_deep(at);
      Value base = eval(*e.args[0], at);
      if (base.is_unknown()) {
        if (std::optional<Value> v = member_of_reference(base, e.text, at)) return *v;
        return member_of_unknown(base, e.text);
      }
      if (base.is_object()) {
        if (const Value* v = base.as_object().find(e.text)) return *v;
        return Value::unknown("the object has no property '" + e.text + "' (the deployment would fail)", at);
      }
      return Value::unknown("property '" + e.text + "' of a value that is not an object: " + base.display(), at);
    }
    case Expr::Kind::Index: {
      Accessor guard(accessors_);
      if (accessors_ > kMaxAccessorDepth) return too_deep(at);
      Value base = eval(*e.args[0], at);
      Value index = eval(*e.args[1], at);
      if (base.is_unknown()) return member_of_unknown(base, index);
      if (index.is_unknown()) return without_symbol(index);
      if (base.is_array() && index.is_int()) {
        const Array& items = base.as_array();
        std::int64_t i = index.as_int();
        if (i >= 0 && static_cast<std::size_t>(i) < items.size()) return items[static_cast<std::size_t>(i)];
        return Value::unknown("index " + std::to_string(i) + " is outside an array of " +
                                  std::to_string(items.size()) + " items (the deployment would fail)",
                              at);
      }
      if (base.is_object() && index.is_string()) {
        if (const Value* v = base.as_object().find(index.as_string())) return *v;
        if (names_synthetic_location(index.as_string())) return Value::unknown(kSyntheticLocationUnknown, at);
        return Value::unknown("the object has no property '" + index.as_string() + "' (the deployment would fail)", at);
      }
      return Value::unknown("cannot index " + base.display() + " with " + index.display(), at);
    }
  }
  return Value::unknown("unsupported expression", at);
}

Value ArmEvaluator::make_lambda(const Expr& e, Span at) {
  if (e.args.empty()) return Value::unknown("lambda(): no body", at);
  auto payload = std::make_shared<LambdaPayload>();
  for (std::size_t i = 0; i + 1 < e.args.size(); ++i) {
    const Expr& p = *e.args[i];
    if (p.kind != Expr::Kind::String) return Value::unknown("lambda(): parameter names must be string literals", at);
    payload->params.push_back(p.text);
  }
  payload->root = root_;
  payload->body = e.args.back().get();
  payload->captured = lambda_vars_;
  return Value::opaque(std::move(payload), at);
}

Value ArmEvaluator::invoke_lambda(const Value& lambda, std::vector<Value> args, Span at) {
  if (auto callable = std::dynamic_pointer_cast<const CallableLambda>(lambda.opaque_ptr())) {
    return callable->call(std::move(args), at);
  }
  auto payload = std::dynamic_pointer_cast<const LambdaPayload>(lambda.opaque_ptr());
  if (!payload) return Value::unknown("expected a lambda", at);
  int& depth = limits_.meter->depth;
  if (depth >= limits_.max_call_depth) {
    return stopped(StopCause::Depth, "lambda calls nested deeper than " + std::to_string(limits_.max_call_depth) + " levels", at);
  }
  auto saved_vars = std::move(lambda_vars_);
  lambda_vars_ = payload->captured;
  for (std::size_t i = 0; i < payload->params.size(); ++i) {
    lambda_vars_.emplace_back(payload->params[i], i < args.size() ? std::move(args[i]) : Value::null(at));
  }
  ExprPtr saved_root = std::move(root_);
  root_ = payload->root;
  ++depth;
  Value result = eval(*payload->body, at);
  --depth;
  root_ = std::move(saved_root);
  lambda_vars_ = std::move(saved_vars);
  return result;
}

Value ArmEvaluator::lambda_variable(std::string_view name, Span at) const {
  for (auto it = lambda_vars_.rbegin(); it != lambda_vars_.rend(); ++it) {
    if (iequals(it->first, name)) return it->second;
  }
  return Value::unknown("lambdaVariables('" + std::string(name) + "'): no such lambda variable", at);
}

Value ArmEvaluator::call_unknown(const FunctionDef& def, std::vector<Value>& args, Span at) {
  std::optional<Value> named = call_on_symbols(def.name, args, [&](std::vector<Value>& substituted) {
    ArmCallContext ctx{def.name, substituted, at, *this};
    return def.fn(ctx);
  });
  if (named) return *named;
  // The function computes something new from its unknown argument: the argument's symbol names the
  // argument, not the result, so the result keeps the reason and loses the name.
  for (const Value& a : args) {
    if (a.is_unknown()) return without_symbol(a);
  }
  return Value::unknown(def.name + "(): an argument is not known", at);
}

Value ArmEvaluator::call(const Expr& e, Span at) {
  WorkMeter& meter = *limits_.meter;
  if (meter.exhausted()) {
    if (meter.left > 0) return Value::unknown("evaluation stopped: the unit's budget is used up", at);
    return stopped(StopCause::Budget,
                   "evaluation stopped here: the deployment unit used up its budget of " + std::to_string(meter.initial) +
                       " function calls; what the rest of it sets is unknown",
                   at);
  }
  --meter.left;
  if (e.ns.empty() && iequals(e.text, "lambda")) return make_lambda(e, at);

  std::vector<Value> args;
  args.reserve(e.args.size());
  for (const auto& a : e.args) args.push_back(eval(*a, at));

  if (!e.ns.empty()) {
    if (meter.depth >= limits_.max_call_depth) {
      return stopped(StopCause::Depth,
                     "user-defined function calls nested deeper than " + std::to_string(limits_.max_call_depth) + " levels (" +
                         e.ns + "." + e.text + " calls itself, directly or through other functions)",
                     at);
    }
    ++meter.depth;
    std::optional<Value> result = env_.user_function(e.ns, e.text, args, at);
    --meter.depth;
    if (result) return bounded(std::move(*result), at);
    return Value::unknown("unknown function '" + e.ns + "." + e.text + "'", at);
  }

  const FunctionDef* def = functions_.find(e.text);
  if (!def) {
    // list* functions read keys and secrets of a deployed resource: there are many, all unknowable here.
    if (istarts_with(e.text, "list")) return env_.reference(e.text, args, at);
    return Value::unknown("unknown function '" + e.text + "'", at);
  }
  int n = static_cast<int>(args.size());
  if (n < def->min_args || (def->max_args >= 0 && n > def->max_args)) {
    std::string expected = def->max_args < 0          ? "at least " + std::to_string(def->min_args)
                           : def->min_args == def->max_args ? std::to_string(def->min_args)
                                                            : std::to_string(def->min_args) + " to " +
                                                                  std::to_string(def->max_args);
    return Value::unknown(def->name + "(): expects " + expected + " arguments, got " + std::to_string(n), at);
  }
  if (!def->accepts_unknown) {
    for (const Value& a : args) {
      if (a.is_unknown()) return bounded(call_unknown(*def, args, at), at);
    }
  }
  ArmCallContext ctx{def->name, args, at, *this};
  return bounded(def->fn(ctx), at);
}

}  // namespace vl
