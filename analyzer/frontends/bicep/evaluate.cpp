// Bicep expressions to Values: literals, interpolation, operators with Bicep's semantics (`??`, `.?`,
// `[?`, short-circuit `&&`/`||`, `=~`), loops, property access and indexes. Lambdas and calls (the shared
// ARM function library, which Bicep compiles to, and Bicep's own compile-time functions: load*Content,
// any, nameof) are in evaluate_calls.cpp. Results computed at an expression carry its span; values that come from elsewhere (a
// parameter, a variable, a module input) keep theirs, so findings can point at both places.
#include <algorithm>
#include <limits>

#include "eval/functions/function_support.h"
#include "eval/functions/equality.h"
#include "eval/functions/json_text.h"
#include "frontends/bicep/instance.h"
#include "graph/budget.h"
#include "frontends/bicep/lexer.h"
#include "graph/json_value.h"
#include "graph/symbol.h"

namespace vl::bicep {

namespace {

Value unknown_at(std::string reason, Span at) { return Value::unknown(std::move(reason), at); }

// The first unknown a value holds, or an unknown saying why the comparison gave up.
Value blocking(const Value& a, const Value& b, Span at) {
  if (const Value* u = a.find_unknown()) return *u;
  if (const Value* u = b.find_unknown()) return *u;
  return unknown_at("the values are too large to compare", at);
}

bool checked_arith(Tok op, std::int64_t a, std::int64_t b, std::int64_t& out, std::string& why) {
  switch (op) {
    case Tok::Plus:
      if (__builtin_add_overflow(a, b, &out)) why = "the sum overflows a 64-bit integer";
      return why.empty();
    case Tok::Minus:
      if (__builtin_sub_overflow(a, b, &out)) why = "the difference overflows a 64-bit integer";
      return why.empty();
    case Tok::Asterisk:
      if (__builtin_mul_overflow(a, b, &out)) why = "the product overflows a 64-bit integer";
      return why.empty();
    case Tok::Slash:
    case Tok::Modulo:
      if (b == 0) {
        why = "division by zero";
        return false;
      }
      if (a == std::numeric_limits<std::int64_t>::min() && b == -1) {
        why = "the quotient overflows a 64-bit integer";
        return false;
      }
      out = op == Tok::Slash ? a / b : a % b;
      return true;
    default:
      why = "not an arithmetic operator";
      return false;
  }
}

}  // namespace

Value BicepLambda::call(std::vector<Value> args, Span at) const { return instance->call_lambda(*this, std::move(args), at); }

bool Instance::charge(Span at, Value& stopped, std::uint64_t cost) {
  const std::shared_ptr<WorkMeter>& meter = shared_.limits.meter;
  if (!meter) return true;
  if (budget_exhausted()) {
    stopped = unknown_at("evaluation stopped: the unit's budget is used up", at);
    return false;
  }
  if (meter->left < cost) {
    meter->left = 0;
    stopped = vl::stopped(StopCause::Budget,
                          "evaluation stopped here: the deployment unit used up its work budget of " +
                              std::to_string(meter->initial) + " (function calls, loop iterations, resource and module instances)",
                          at);
    return false;
  }
  meter->left -= cost;
  return true;
}

Value Instance::eval(const Expr& e) {
  if (eval_depth_ >= kMaxEvalDepth) {
    return stopped(StopCause::Depth, "expressions nested more than " + std::to_string(kMaxEvalDepth) + " levels deep to evaluate",
                   span(e));
  }
  ++eval_depth_;
  Value v = eval_inner(e);
  --eval_depth_;
  return v;
}

Value Instance::eval_inner(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Null:
      return Value::null(span(e));
    case ExprKind::Bool:
      return Value::boolean(e.integer != 0, span(e));
    case ExprKind::Int:
      return Value::integer(e.integer, span(e));
    case ExprKind::String:
      return Value::string(e.text, span(e));
    case ExprKind::Interp:
      return eval_interp(e);
    case ExprKind::Ident:
      return identifier(e);
    case ExprKind::Array:
      return eval_array(e);
    case ExprKind::Object:
      return eval_object(e);
    case ExprKind::Property:
      return eval_property(e);
    case ExprKind::Index:
      return eval_index(e);
    case ExprKind::Call:
      return eval_call(e);
    case ExprKind::MethodCall:
      return eval_method_call(e);
    case ExprKind::ResourceAccess: {
      Reference ref = resolve_ref(e);
      if (ref.kind == Reference::Kind::Resource) return resource_value(*ref.resource, span(e));
      if (ref.kind == Reference::Kind::Unknown) return ref.unknown;
      if (ref.kind == Reference::Kind::Resources) {
        Array items;
        for (const ResourceInst& r : ref.resources->instances) items.push_back(resource_value(r, span(e)));
        return Value::array(std::move(items), span(e));
      }
      return unknown_at("`" + e.text + "` is not a child resource declared there", span(e));
    }
    case ExprKind::NonNull:
    case ExprKind::Paren:
      return eval(*e.args[0]);
    case ExprKind::Unary:
      return eval_unary(e);
    case ExprKind::Binary:
      return eval_binary(e);
    case ExprKind::Ternary:
      return eval_ternary(e);
    case ExprKind::Lambda:
      return eval_lambda(e);
    case ExprKind::For:
      return eval_for(e);
    case ExprKind::Spread:
    case ExprKind::IfBody:
    case ExprKind::Error:
      break;
  }
  return unknown_at("this expression cannot be evaluated here", span(e));
}

Value Instance::eval_object(const Expr& e) {
  Object out;
  out.reserve(e.items.size());
  for (const ObjectItem& item : e.items) {
    if (item.kind == ObjectItem::Kind::Resource) continue;  // a nested resource is a declaration of its own
    if (item.kind == ObjectItem::Kind::Spread) {
      Value v = eval(*item.value->args[0]);
      if (v.is_unknown()) return v;
      if (v.is_null()) continue;
      if (!v.is_object()) return unknown_at("`...` in an object needs an object, got " + v.display(), span(*item.value));
      for (const Member& m : v.as_object().members()) out.set(m.key, m.value, m.key_span, m.value_span);
      continue;
    }
    std::string key;
    if (item.key->kind == ExprKind::String) {
      key = item.key->text;
    } else {
      Value k = eval(*item.key);
      if (k.is_unknown()) return k;
      if (!k.is_string()) return unknown_at("a property name must be a string, got " + k.display(), span(*item.key));
      key = k.as_string();
    }
    Value v = eval(*item.value);
    if (v.is_opaque()) return unknown_at("a lambda cannot be a property value", span(*item.value));
    Span written = span(*item.value);
    // A value computed inside this property's own expression (a ternary's branch, a call) was written
    // here: findings need no second location for it.
    Span at = v.span();
    if (at.file == written.file && at.begin >= written.begin && at.end <= written.end) v.set_span(written);
    out.append(std::move(key), std::move(v), span(*item.key), written);
  }
  return evaluator_.bounded(Value::object(std::move(out), span(e)), span(e));
}

Value Instance::eval_array(const Expr& e) {
  Array out;
  out.reserve(e.args.size());
  for (const Expr* item : e.args) {
    if (item->kind == ExprKind::Spread) {
      Value v = eval(*item->args[0]);
      if (v.is_unknown()) return v;
      if (!v.is_array()) return unknown_at("`...` in an array needs an array, got " + v.display(), span(*item));
      for (const Value& x : v.as_array()) out.push_back(x);
      continue;
    }
    Value v = eval(*item);
    if (v.is_opaque()) return unknown_at("a lambda cannot be an array item", span(*item));
    out.push_back(std::move(v));
  }
  return evaluator_.bounded(Value::array(std::move(out), span(e)), span(e));
}

// '${a}-${b}' is format('{0}-{1}', a, b) in ARM: scalars as ARM writes them, arrays and objects as JSON.
Value Instance::eval_interp(const Expr& e) {
  // Unknown parts with symbols still name the string (`kv-${suffix}`), for linking.
  SymbolicText out;
  out.append(e.strings[0]);
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    Value v = eval(*e.args[i]);
    if (v.is_unknown()) {
      if (!out.append_unknown(v)) return out.result(span(e));
    } else if (std::optional<std::string> text = fn::scalar_text(v)) {
      out.append(*text);
    } else if (v.is_array() || v.is_object()) {
      const Value* unknown = nullptr;
      std::optional<std::string> json = fn::compact_json(v, evaluator_.limits().max_string_bytes, &unknown);
      if (unknown) return *unknown;
      if (!json) return unknown_at("the interpolated value is too large", span(e));
      out.append(*json);
    } else {
      return unknown_at("cannot interpolate " + v.display() + " into a string", span(*e.args[i]));
    }
    out.append(e.strings[i + 1]);
    if (out.size() > evaluator_.limits().max_string_bytes) {
      return unknown_at("a string of over " + std::to_string(evaluator_.limits().max_string_bytes) +
                            " bytes is over the evaluation limit",
                        span(e));
    }
  }
  return out.result(span(e));
}

Value Instance::eval_for(const Expr& e) {
  Value items = eval(*e.args[0]);
  if (items.is_unknown()) return items;
  if (!items.is_array()) return unknown_at("a `for` loop needs an array, got " + items.display(), span(*e.args[0]));
  const Array& list = items.as_array();
  if (static_cast<std::int64_t>(list.size()) > kMaxLoopCount) {
    std::string message = "the loop runs " + std::to_string(list.size()) + " times, over ARM's limit of " +
                          std::to_string(kMaxLoopCount);
    shared_.sink.add(Diagnostic{"KV001", span(e.begin, e.begin + 1), message, {}});
    return unknown_at(message, span(e));
  }
  const Expr& body = *e.args[1];
  Array out;
  out.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    Value stop;
    if (!charge(span(e), stop)) return stop;
    locals_.emplace_back(e.strings[0], list[i]);
    std::size_t pushed = 1;
    if (!e.strings[1].empty()) {
      locals_.emplace_back(e.strings[1], Value::integer(static_cast<std::int64_t>(i), span(e)));
      ++pushed;
    }
    Value v;
    if (body.kind == ExprKind::IfBody) {
      Value cond = eval(*body.args[0]);
      if (cond.is_unknown()) {
        v = cond;
      } else if (cond.is_bool() && cond.as_bool()) {
        v = eval(*body.args[1]);
      } else if (!cond.is_bool()) {
        v = unknown_at("the loop's condition is not a boolean: " + cond.display(), span(*body.args[0]));
      }
    } else {
      v = eval(body);
    }
    locals_.resize(locals_.size() - pushed);
    if (v.is_unknown() && body.kind == ExprKind::IfBody) return v;
    if (!v.is_absent()) out.push_back(std::move(v));
  }
  return evaluator_.bounded(Value::array(std::move(out), span(e)), span(e));
}

Value Instance::eval_unary(const Expr& e) {
  Value v = eval(*e.args[0]);
  if (v.is_unknown()) return without_symbol(v);
  if (static_cast<Tok>(e.op) == Tok::Exclamation) {
    if (!v.is_bool()) return unknown_at("`!` needs a boolean, got " + v.display(), span(e));
    return Value::boolean(!v.as_bool(), span(e));
  }
  if (v.is_int()) {
    if (v.as_int() == std::numeric_limits<std::int64_t>::min()) return unknown_at("the negation overflows a 64-bit integer", span(e));
    return Value::integer(-v.as_int(), span(e));
  }
  if (v.is_float()) return Value::number(-v.as_number(), span(e));
  return unknown_at("`-` needs a number, got " + v.display(), span(e));
}

Value Instance::eval_binary(const Expr& e) {
  Tok op = static_cast<Tok>(e.op);
  Span at = span(e);
  if (op == Tok::LogicalAnd || op == Tok::LogicalOr) {
    // Short-circuit, as ARM's and()/or() decide: a deciding side wins even when the other is unknown.
    bool decider = op == Tok::LogicalOr;
    Value l = eval(*e.args[0]);
    if (l.is_bool() && l.as_bool() == decider) return Value::boolean(decider, at);
    if (!l.is_bool() && !l.is_unknown()) return unknown_at("`" + std::string(decider ? "||" : "&&") + "` needs booleans, got " + l.display(), at);
    Value r = eval(*e.args[1]);
    if (r.is_bool() && r.as_bool() == decider) return Value::boolean(decider, at);
    if (l.is_unknown()) return without_symbol(l);
    if (r.is_unknown()) return without_symbol(r);
    if (!r.is_bool()) return unknown_at("`" + std::string(decider ? "||" : "&&") + "` needs booleans, got " + r.display(), at);
    return Value::boolean(!decider, at);
  }
  if (op == Tok::Coalesce) {
    Value l = eval(*e.args[0]);
    if (l.is_unknown()) return l;
    if (!l.is_absent_or_null()) return l;
    return eval(*e.args[1]);
  }
  // An operator computes something new: an unknown operand's symbol does not name the result.
  Value l = eval(*e.args[0]);
  if (l.is_unknown()) return without_symbol(l);
  Value r = eval(*e.args[1]);
  if (r.is_unknown()) return without_symbol(r);
  switch (op) {
    case Tok::Equals:
    case Tok::NotEquals:
    case Tok::EqualsInsensitive:
    case Tok::NotEqualsInsensitive: {
      bool insensitive = op == Tok::EqualsInsensitive || op == Tok::NotEqualsInsensitive;
      fn::WorkBudget budget;
      fn::Tri t = fn::equal_values(l, r, budget, insensitive);
      if (t == fn::Tri::Unknown) return blocking(l, r, at);
      bool equal = t == fn::Tri::True;
      return Value::boolean((op == Tok::Equals || op == Tok::EqualsInsensitive) ? equal : !equal, at);
    }
    case Tok::Less:
    case Tok::LessEqual:
    case Tok::Greater:
    case Tok::GreaterEqual: {
      int cmp;
      if (l.is_number() && r.is_number()) {
        double a = l.as_number(), b = r.as_number();
        cmp = l.is_int() && r.is_int() ? (l.as_int() < r.as_int() ? -1 : l.as_int() > r.as_int() ? 1 : 0)
                                       : (a < b ? -1 : a > b ? 1 : 0);
      } else if (l.is_string() && r.is_string()) {
        int c = l.as_string().compare(r.as_string());
        cmp = c < 0 ? -1 : c > 0 ? 1 : 0;
      } else {
        return unknown_at("cannot compare " + l.display() + " with " + r.display(), at);
      }
      bool result = op == Tok::Less ? cmp < 0 : op == Tok::LessEqual ? cmp <= 0 : op == Tok::Greater ? cmp > 0 : cmp >= 0;
      return Value::boolean(result, at);
    }
    case Tok::Plus:
    case Tok::Minus:
    case Tok::Asterisk:
    case Tok::Slash:
    case Tok::Modulo: {
      if (!l.is_int() || !r.is_int()) return unknown_at("arithmetic needs integers, got " + l.display() + " and " + r.display(), at);
      std::int64_t out = 0;
      std::string why;
      if (!checked_arith(op, l.as_int(), r.as_int(), out, why)) return unknown_at(why, at);
      return Value::integer(out, at);
    }
    default:
      return unknown_at("unsupported operator", at);
  }
}

Value Instance::eval_ternary(const Expr& e) {
  Value cond = eval(*e.args[0]);
  if (cond.is_bool()) return eval(*e.args[cond.as_bool() ? 1 : 2]);
  if (!cond.is_unknown()) return unknown_at("the condition of `? :` is not a boolean: " + cond.display(), span(*e.args[0]));
  // Unknown condition: the answer is one of the two branches, which rules may still judge alike.
  Value t = eval(*e.args[1]);
  Value f = eval(*e.args[2]);
  fn::WorkBudget budget;
  if (fn::equal_values(t, f, budget) == fn::Tri::True) return t;
  // The condition's symbol names the condition, not the branch chosen (as ARM's if()).
  if (t.is_unknown() || f.is_unknown() || t.is_opaque() || f.is_opaque()) return without_symbol(cond);
  auto info = std::make_shared<UnknownInfo>(cond.unknown_info());
  info->symbol.clear();
  info->candidates = {t, f};
  return Value::unknown(std::move(info));
}

Value Instance::eval_property(const Expr& e) {
  // A chain that starts at a resource or module (`kv.properties.x`, `mod.outputs.y`): its members come
  // from the declaration, or are known only to Azure.
  std::vector<const Expr*> chain;
  const Expr* root = &e;
  while (root->kind == ExprKind::Property) {
    chain.push_back(root);
    root = root->args[0];
  }
  std::reverse(chain.begin(), chain.end());
  const Expr* bare = root;
  while (bare->kind == ExprKind::NonNull || bare->kind == ExprKind::Paren) bare = bare->args[0];
  bool maybe_symbol = bare->kind == ExprKind::Ident || bare->kind == ExprKind::Index || bare->kind == ExprKind::ResourceAccess;
  if (maybe_symbol) {
    Reference ref = resolve_ref(*bare);
    if (ref.kind == Reference::Kind::Unknown) return ref.unknown;
    if (ref.kind == Reference::Kind::Resource || ref.kind == Reference::Kind::Resources) return resource_member(ref, chain, e);
    if (ref.kind == Reference::Kind::Module || ref.kind == Reference::Kind::Modules) return module_member(ref, chain, e);
    if (bare == root && bare->kind == ExprKind::Ident && chain.size() >= 1 && wildcard_import(bare->text)) {
      // ns.value of `import * as ns from '...'`.
      const Decl* imp = wildcard_import(bare->text);
      Instance* lib = library(*imp);
      std::optional<Value> v = lib ? lib->exported_variable(chain[0]->text, span(*chain[0])) : std::nullopt;
      Value cur = v ? *v : unknown_at("`" + chain[0]->text + "` is not exported by " + imp->path->text, span(*chain[0]));
      for (std::size_t i = 1; i < chain.size() && !cur.is_unknown(); ++i) {
        const Expr& link = *chain[i];
        if (cur.is_null() && link.safe) return Value::null(span(link));
        const Value* m = cur.is_object() ? cur.as_object().find(link.text) : nullptr;
        cur = m ? *m : link.safe ? Value::null(span(link)) : unknown_at("no property '" + link.text + "'", span(link));
      }
      return cur;
    }
  }
  Value base = eval(*e.args[0]);
  if (base.is_unknown()) return member_of_unknown(base, e.text);
  if (base.is_absent_or_null()) {
    if (e.safe) return Value::null(span(e));
    return unknown_at("property '" + e.text + "' of null (the deployment would fail; use `.?`)", span(e));
  }
  if (base.is_object()) {
    if (const Value* v = base.as_object().find(e.text)) return *v;
    if (e.safe) return Value::null(span(e));
    return unknown_at("the object has no property '" + e.text + "' (the deployment would fail)", span(e));
  }
  if (e.safe) return Value::null(span(e));
  return unknown_at("property '" + e.text + "' of a value that is not an object: " + base.display(), span(e));
}

Value Instance::eval_index(const Expr& e) {
  const Expr* bare = e.args[0];
  while (bare->kind == ExprKind::NonNull || bare->kind == ExprKind::Paren) bare = bare->args[0];
  if (bare->kind == ExprKind::Ident || bare->kind == ExprKind::ResourceAccess) {
    Reference ref = resolve_ref(e);
    if (ref.kind == Reference::Kind::Resource) return resource_value(*ref.resource, span(e));
    if (ref.kind == Reference::Kind::Unknown) return ref.unknown;
    if (ref.kind == Reference::Kind::Module) {
      std::vector<const Expr*> none;
      return module_member(ref, none, e);
    }
  }
  Value base = eval(*e.args[0]);
  Value index = eval(*e.args[1]);
  if (base.is_unknown()) return member_of_unknown(base, index);
  if (index.is_unknown()) return without_symbol(index);
  if (base.is_absent_or_null() && e.safe) return Value::null(span(e));
  if (base.is_array() && index.is_int()) {
    const Array& items = base.as_array();
    std::int64_t i = index.as_int();
    if (e.from_end) i = static_cast<std::int64_t>(items.size()) - i;
    if (i >= 0 && static_cast<std::size_t>(i) < items.size()) return items[static_cast<std::size_t>(i)];
    if (e.safe) return Value::null(span(e));
    return unknown_at("index " + std::to_string(index.as_int()) + " is outside an array of " + std::to_string(items.size()) +
                          " items (the deployment would fail)",
                      span(e));
  }
  if (base.is_object() && index.is_string()) {
    if (const Value* v = base.as_object().find(index.as_string())) return *v;
    if (names_synthetic_location(index.as_string())) return unknown_at(kSyntheticLocationUnknown, span(e));
    if (e.safe) return Value::null(span(e));
    return unknown_at("the object has no property '" + index.as_string() + "' (the deployment would fail)", span(e));
  }
  if (e.safe) return Value::null(span(e));
  return unknown_at("cannot index " + base.display() + " with " + index.display(), span(e));
}

}  // namespace vl::bicep
