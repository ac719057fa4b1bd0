#include "frontends/terraform/evaluation/evaluator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "frontends/terraform/evaluation/object_util.h"
#include "graph/symbol.h"

namespace vl::tf {

namespace {

// Expressions that refer to each other (locals, module outputs) nest evaluations; deeper than this the
// value is unknown rather than a stack overflow.
constexpr int kMaxEvalDepth = 600;

// Every unknown among the arguments is an argument itself, not inside one (a deep function would see
// the symbol where a collection's item was).
bool all_top_level(const std::vector<Value>& args) {
  for (const Value& a : args) {
    if (!a.is_unknown() && a.find_unknown()) return false;
  }
  return true;
}

Value negated_candidates(const Value& u, Span at) {
  const UnknownInfo& info = u.unknown_info();
  if (info.candidates.empty()) return u;
  auto out = std::make_shared<UnknownInfo>();
  out->reason = info.reason;
  out->origin = info.origin;
  for (const Value& c : info.candidates) {
    bool b;
    if (!as_boolean(c, b)) return u;
    out->candidates.push_back(Value::boolean(!b, at));
  }
  return Value::unknown(std::move(out));
}

}  // namespace

const Value* TfEvaluator::bound(const std::string& name) const {
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->first == name) return &it->second;
  }
  return nullptr;
}

Value TfEvaluator::eval(const Expr& e) {
  struct Depth {
    int& d;
    explicit Depth(int& x) : d(x) { ++d; }
    ~Depth() { --d; }
  } guard(shared_.depth);
  if (shared_.depth > kMaxEvalDepth) {
    return stopped(StopCause::Depth, "expressions refer to each other more than " + std::to_string(kMaxEvalDepth) + " levels deep",
                   e.span);
  }
  if (shared_.exhausted()) return shared_.out_of_work(e.span);
  switch (e.kind) {
    case ExprKind::Null:
      return Value::null(e.span);
    case ExprKind::Bool:
      return Value::boolean(e.boolean, e.span);
    case ExprKind::Number:
      return e.is_int ? Value::integer(e.integer, e.span) : Value::number(e.number, e.span);
    case ExprKind::String:
      return Value::string(e.text, e.span);
    case ExprKind::Template:
    case ExprKind::Interp:
    case ExprKind::TemplateIf:
    case ExprKind::TemplateFor:
      return eval_template(e);
    case ExprKind::Tuple: {
      Array items;
      items.reserve(e.items.size());
      for (const ExprPtr& item : e.items) items.push_back(eval(*item));
      return Value::array(std::move(items), e.span);
    }
    case ExprKind::Object:
      return eval_object(e);
    case ExprKind::Variable:
    case ExprKind::GetAttr:
    case ExprKind::Index:
      return eval_traversal(e);
    case ExprKind::Splat:
      return eval_splat(e);
    case ExprKind::SplatItem:
      return splat_items_.empty() ? shared_.error("a splat element outside a splat", e.span) : splat_items_.back();
    case ExprKind::Call:
      return eval_call(e);
    case ExprKind::ForTuple:
    case ExprKind::ForObject:
      return eval_for(e);
    case ExprKind::Conditional:
      return eval_conditional(e);
    case ExprKind::Unary:
      return eval_unary(e);
    case ExprKind::Binary:
      return eval_binary(e);
    case ExprKind::Parens:
      return e.items.empty() ? Value::null(e.span) : eval(*e.items[0]);
    case ExprKind::Error:
      return shared_.error(e.text.empty() ? "an expression that cannot be read" : e.text, e.span);
  }
  return Value::unknown("an expression vaultlint does not evaluate", e.span);
}

// ---- templates -------------------------------------------------------------------------------------

Value TfEvaluator::eval_template(const Expr& e) {
  // A template that is one interpolation is that value, unconverted (`"${var.enabled}"` is a bool).
  if (e.kind == ExprKind::Template && e.items.size() == 1 && e.items[0]->kind == ExprKind::Interp) {
    return eval(*e.items[0]->items[0]);
  }
  if (e.kind == ExprKind::Interp) return eval(*e.items[0]);
  std::string out;
  Value failure, symbolic;
  if (!append_template(e, out, failure, symbolic)) return failure;
  if (!symbolic.is_absent()) return with_symbol(symbolic, std::move(out));
  return bounded_string(std::move(out), e.span, shared_);
}

bool TfEvaluator::append_interpolated(const Value& v, Span at, std::string& out, Value& failure, Value& symbolic) {
  std::string text;
  if (v.is_unknown()) {
    if (const std::string* symbol = symbol_of(v)) {
      if (symbolic.is_absent()) symbolic = v;
      out += *symbol;
      return true;
    }
    // Unknown for the reason of its first unknown part, as before symbols.
    failure = symbolic.is_absent() ? v : with_symbol(symbolic, "");
    return false;
  }
  if (v.is_null()) {
    failure = shared_.error("a null value in a string template", at);
    return false;
  }
  if (!as_text(v, text)) {
    failure = shared_.error("a " + type_name(v) + " value in a string template", at);
    return false;
  }
  out += text;
  return true;
}

bool TfEvaluator::append_template(const Expr& part, std::string& out, Value& failure, Value& symbolic) {
  if (out.size() > shared_.max_string_bytes) {
    failure = stopped(StopCause::Size, "a string longer than " + std::to_string(shared_.max_string_bytes) + " bytes", part.span);
    return false;
  }
  switch (part.kind) {
    case ExprKind::String:
      out += part.text;
      return true;
    case ExprKind::Template:
      for (const ExprPtr& p : part.items) {
        if (!append_template(*p, out, failure, symbolic)) return false;
      }
      return true;
    case ExprKind::Interp:
      return append_interpolated(eval(*part.items[0]), part.span, out, failure, symbolic);
    case ExprKind::TemplateIf: {
      Value c = eval(*part.items[0]);
      bool b;
      if (c.is_unknown()) {
        failure = c;
        return false;
      }
      if (!as_boolean(c, b)) {
        failure = shared_.error("a template `if` condition that is not a boolean", part.span);
        return false;
      }
      if (b) return append_template(*part.items[1], out, failure, symbolic);
      return part.items.size() > 2 ? append_template(*part.items[2], out, failure, symbolic) : true;
    }
    case ExprKind::TemplateFor: {
      Value coll = eval(*part.items[0]);
      if (coll.is_unknown()) {
        failure = coll;
        return false;
      }
      auto body = [&](Value key, const Value& value) {
        if (!shared_.spend()) {
          failure = shared_.out_of_work(part.span);
          return false;
        }
        std::optional<Binding> k;
        if (!part.text.empty()) k.emplace(*this, part.text, std::move(key));
        Binding v(*this, part.text2, value);
        return append_template(*part.items[1], out, failure, symbolic);
      };
      if (coll.is_array()) {
        const Array& items = coll.as_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (!body(Value::integer(static_cast<std::int64_t>(i), part.span), items[i])) return false;
        }
        return true;
      }
      if (coll.is_object()) {
        for (const Member* m : sorted_members(coll.as_object())) {
          if (!body(Value::string(m->key, m->key_span), m->value)) return false;
        }
        return true;
      }
      failure = shared_.error("a template `for` over a " + type_name(coll), part.span);
      return false;
    }
    default:
      return append_interpolated(eval(part), part.span, out, failure, symbolic);
  }
}

// ---- references and traversals ---------------------------------------------------------------------

Value TfEvaluator::eval_traversal(const Expr& e) {
  std::vector<const Expr*> steps;
  const Expr* root = &e;
  while ((root->kind == ExprKind::GetAttr || root->kind == ExprKind::Index) && !root->items.empty()) {
    steps.push_back(root);
    root = root->items[0].get();
  }
  std::reverse(steps.begin(), steps.end());
  Value v;
  std::size_t used = 0;
  if (root->kind == ExprKind::Variable) {
    if (const Value* b = bound(root->text)) {
      v = *b;
    } else if (std::optional<Value> r = scope_ ? scope_->reference(*root, steps, used) : std::nullopt) {
      v = std::move(*r);
    } else {
      return shared_.error("`" + root->text + "` is not a name Terraform knows here", root->span);
    }
  } else {
    v = eval(*root);
  }
  for (std::size_t i = used; i < steps.size(); ++i) v = step(v, *steps[i]);
  return v;
}

Value TfEvaluator::step(const Value& v, const Expr& st) {
  if (v.is_unknown()) {
    if (st.kind == ExprKind::GetAttr) return member_of_unknown(v, st.text);
    return member_of_unknown(v, eval(*st.items[1]));
  }
  if (st.kind == ExprKind::GetAttr) {
    if (v.is_object()) {
      if (const Member* m = find_exact(v.as_object(), st.text)) return m->value;
      return shared_.error("the object has no attribute `" + st.text + "`", st.span);
    }
    if (v.is_null()) return shared_.error("attribute `" + st.text + "` of a null value", st.span);
    return shared_.error("attribute `" + st.text + "` of a " + type_name(v), st.span);
  }
  Value key = eval(*st.items[1]);
  if (key.is_unknown()) return without_symbol(key);
  if (v.is_array()) {
    Value n;
    if (!as_number(key, n)) return shared_.error("a " + type_name(key) + " index into a list", st.span);
    double d = n.as_number();
    const Array& items = v.as_array();
    if (d < 0 || d != std::floor(d) || d >= static_cast<double>(items.size())) {
      return shared_.error("index " + number_text(n) + " is out of range (" + std::to_string(items.size()) + " elements)", st.span);
    }
    return items[static_cast<std::size_t>(d)];
  }
  if (v.is_object()) {
    std::string k;
    if (!as_text(key, k)) return shared_.error("a " + type_name(key) + " key into a map", st.span);
    if (const Member* m = find_exact(v.as_object(), k)) return m->value;
    return shared_.error("the map has no element `" + k + "`", st.span);
  }
  if (v.is_null()) return shared_.error("an index into a null value", st.span);
  return shared_.error("an index into a " + type_name(v), st.span);
}

Value TfEvaluator::eval_splat(const Expr& e) {
  Value src = eval(*e.items[0]);
  if (src.is_unknown()) return src;
  Array items;
  if (src.is_null()) {
    // A null source is an empty list.
  } else if (src.is_array()) {
    items = src.as_array();
  } else {
    items.push_back(src);  // a single value becomes a one-element list
  }
  if (e.items.size() < 2) return Value::array(std::move(items), e.span);
  Array out;
  out.reserve(items.size());
  for (const Value& item : items) {
    splat_items_.push_back(item);
    out.push_back(eval(*e.items[1]));
    splat_items_.pop_back();
  }
  return Value::array(std::move(out), e.span);
}

// ---- calls -----------------------------------------------------------------------------------------

Value TfEvaluator::eval_try(const Expr& e, bool can) {
  for (const ExprPtr& arg : e.items) {
    Value v = eval(*arg);
    const Value* u = v.is_unknown() ? &v : v.find_unknown();
    if (u && shared_.is_error(*u)) continue;  // an error: Terraform tries the next argument
    if (u) return can ? Value::unknown(u->unknown_ptr()) : v;  // unknown: so is the result
    return can ? Value::boolean(true, e.span) : v;
  }
  if (can) return Value::boolean(false, e.span);
  return shared_.error("no argument of try() could be evaluated", e.span);
}

Value TfEvaluator::eval_call(const Expr& e) {
  if (e.text == "try") return eval_try(e, false);
  if (e.text == "can") return eval_try(e, true);
  if (e.text.find("::") != std::string::npos) {
    return Value::unknown("provider function `" + e.text + "` is not evaluated by vaultlint", e.span);
  }
  const FunctionSpec* spec = find_function(e.text);
  if (!spec) return Value::unknown("function `" + e.text + "` is not evaluated by vaultlint", e.span);
  std::vector<Value> args;
  args.reserve(e.items.size());
  for (const ExprPtr& a : e.items) args.push_back(eval(*a));
  if (e.flag && !args.empty()) {
    // f(a, list...) passes the list's elements as arguments.
    Value last = std::move(args.back());
    args.pop_back();
    if (last.is_unknown()) return last;
    if (!last.is_array()) return shared_.error("`...` expands a " + type_name(last) + ", not a list", e.span);
    for (const Value& item : last.as_array()) args.push_back(item);
  }
  int n = static_cast<int>(args.size());
  if (n < spec->min_args || (spec->max_args >= 0 && n > spec->max_args)) {
    return shared_.error(e.text + "() takes " +
                             (spec->min_args == spec->max_args ? std::to_string(spec->min_args)
                              : spec->max_args < 0             ? "at least " + std::to_string(spec->min_args)
                                                   : std::to_string(spec->min_args) + " to " + std::to_string(spec->max_args)) +
                             " arguments, not " + std::to_string(n),
                         e.span);
  }
  if (!shared_.spend()) return shared_.out_of_work(e.span);
  if (const Value* u = first_unknown(args, spec->deep)) {
    // Unknown; named by a symbol when the unknown arguments are symbolic (format("kv-%s", var.x)).
    if (spec->deep && !all_top_level(args)) return without_symbol(*u);
    std::optional<Value> named = call_on_symbols(e.text, args, [&](std::vector<Value>& substituted) {
      TfCallContext ctx{*this, e.span, shared_};
      return spec->fn(substituted, ctx);
    });
    return named ? *named : without_symbol(*u);
  }
  TfCallContext ctx{*this, e.span, shared_};
  Value r = spec->fn(args, ctx);
  if (!r.span().valid() && !r.is_unknown()) r.set_span(e.span);
  return r;
}

// ---- for expressions -------------------------------------------------------------------------------

Value TfEvaluator::eval_for(const Expr& e) {
  const bool object = e.kind == ExprKind::ForObject;
  Value coll = eval(*e.items[0]);
  if (coll.is_unknown()) return coll;
  if (coll.is_null()) return shared_.error("a `for` expression over a null value", e.span);
  std::vector<std::pair<Value, Value>> elements;
  if (coll.is_array()) {
    const Array& items = coll.as_array();
    for (std::size_t i = 0; i < items.size(); ++i) elements.emplace_back(Value::integer(static_cast<std::int64_t>(i), coll.span()), items[i]);
  } else if (coll.is_object()) {
    for (const Member* m : sorted_members(coll.as_object())) elements.emplace_back(Value::string(m->key, m->key_span), m->value);
  } else {
    return shared_.error("a `for` expression over a " + type_name(coll), e.span);
  }
  const Expr* cond = e.has_cond ? e.items.back().get() : nullptr;
  Array tuple;
  ObjectBuilder obj;
  std::vector<std::pair<std::string, Array>> groups;  // grouping mode (`...`), in first-seen order
  std::unordered_map<std::string, std::size_t> group_index;
  for (auto& [key, value] : elements) {
    if (!shared_.spend()) return shared_.out_of_work(e.span);
    std::optional<Binding> kb;
    if (!e.text.empty()) kb.emplace(*this, e.text, key);
    Binding vb(*this, e.text2, value);
    if (cond) {
      Value c = eval(*cond);
      bool b;
      if (c.is_unknown()) return c;
      if (!as_boolean(c, b)) return shared_.error("a `for` condition that is not a boolean", cond->span);
      if (!b) continue;
    }
    if (!object) {
      tuple.push_back(eval(*e.items[1]));
      if (tuple.size() > shared_.max_collection_items) return stopped(StopCause::Size, "a list of more than " + std::to_string(shared_.max_collection_items) + " elements", e.span);
      continue;
    }
    Value k = eval(*e.items[1]);
    if (k.is_unknown()) return k;
    std::string ks;
    if (!as_text(k, ks)) return shared_.error("a `for` key that is a " + type_name(k), e.items[1]->span);
    Value v = eval(*e.items[2]);
    if (e.flag) {
      auto [it, inserted] = group_index.emplace(ks, groups.size());
      if (inserted) groups.emplace_back(ks, Array{std::move(v)});
      else groups[it->second].second.push_back(std::move(v));
      continue;
    }
    if (obj.has(ks)) return shared_.error("the `for` expression produces the key `" + ks + "` twice", e.span);
    obj.set(ks, std::move(v), e.items[1]->span, e.items[2]->span);
    if (obj.size() > shared_.max_collection_items) return stopped(StopCause::Size, "a map of more than " + std::to_string(shared_.max_collection_items) + " elements", e.span);
  }
  if (!object) return Value::array(std::move(tuple), e.span);
  if (e.flag) {
    for (auto& [k, items] : groups) obj.set(k, Value::array(std::move(items), e.span), e.items[1]->span, e.items[2]->span);
  }
  return Value::object(obj.take(), e.span);
}

// ---- operators -------------------------------------------------------------------------------------

Value TfEvaluator::eval_conditional(const Expr& e) {
  Value c = eval(*e.items[0]);
  bool b;
  if (as_boolean(c, b)) return eval(*e.items[b ? 1 : 2]);
  if (!c.is_unknown()) return shared_.error("a condition that is a " + type_name(c) + ", not a boolean", e.items[0]->span);
  if (shared_.is_error(c)) return c;
  // The condition is unknown: both branches are what it can be.
  Value a = eval(*e.items[1]);
  Value z = eval(*e.items[2]);
  if (a.is_known() && z.is_known() && !a.find_unknown() && !z.find_unknown()) {
    if (tf_equals(a, z)) return a;
    auto info = std::make_shared<UnknownInfo>();
    info->reason = c.unknown_info().reason;
    info->origin = c.unknown_info().origin;
    info->candidates = {a, z};
    return Value::unknown(std::move(info));
  }
  return c;
}

Value TfEvaluator::eval_unary(const Expr& e) {
  Value v = eval(*e.items[0]);
  if (e.text == "!") {
    if (v.is_unknown()) return negated_candidates(v, e.span);
    bool b;
    if (!as_boolean(v, b)) return shared_.error("`!` on a " + type_name(v), e.span);
    // The negation keeps the place its operand was written (a variable's value), which findings show as
    // where the value is set.
    return Value::boolean(!b, v.span().valid() ? v.span() : e.span);
  }
  if (v.is_unknown()) return v;
  Value n;
  if (!as_number(v, n)) return shared_.error("`-` on a " + type_name(v), e.span);
  if (n.is_int() && n.as_int() != std::numeric_limits<std::int64_t>::min()) return Value::integer(-n.as_int(), e.span);
  return Value::number(-n.as_number(), e.span);
}

Value TfEvaluator::eval_binary(const Expr& e) {
  const std::string& op = e.text;
  Value l = eval(*e.items[0]);
  Value r = eval(*e.items[1]);
  if (op == "&&" || op == "||") {
    const bool decisive = op == "||";  // the value of one operand that decides the result
    bool lb = false, rb = false;
    bool lk = as_boolean(l, lb), rk = as_boolean(r, rb);
    if ((lk && lb == decisive) || (rk && rb == decisive)) return Value::boolean(decisive, e.span);
    if (lk && rk) return Value::boolean(!decisive, e.span);
    if (l.is_unknown()) return l;
    if (r.is_unknown()) return r;
    return shared_.error("`" + op + "` on a " + type_name(lk ? r : l), e.span);
  }
  if (op == "==" || op == "!=") {
    const bool eq = op == "==";
    auto compare_candidates = [&](const Value& u, const Value& known) -> Value {
      const UnknownInfo& info = u.unknown_info();
      if (info.candidates.empty() || known.is_unknown() || known.find_unknown()) return u;
      auto out = std::make_shared<UnknownInfo>();
      out->reason = info.reason;
      out->origin = info.origin;
      for (const Value& c : info.candidates) out->candidates.push_back(Value::boolean(tf_equals(c, known) == eq, e.span));
      return Value::unknown(std::move(out));
    };
    // Whether a value is null is known even when values inside it are not.
    if ((l.is_null() && !r.is_unknown()) || (r.is_null() && !l.is_unknown())) {
      return Value::boolean((l.is_null() && r.is_null()) == eq, e.span);
    }
    if (l.is_unknown()) return compare_candidates(l, r);
    if (r.is_unknown()) return compare_candidates(r, l);
    if (const Value* u = l.find_unknown()) return *u;
    if (const Value* u = r.find_unknown()) return *u;
    return Value::boolean(tf_equals(l, r) == eq, e.span);
  }
  if (l.is_unknown()) return l;
  if (r.is_unknown()) return r;
  Value a, b;
  if (!as_number(l, a) || !as_number(r, b)) {
    return shared_.error("`" + op + "` on a " + type_name(as_number(l, a) ? r : l), e.span);
  }
  double x = a.as_number(), y = b.as_number();
  if (op == "<") return Value::boolean(x < y, e.span);
  if (op == ">") return Value::boolean(x > y, e.span);
  if (op == "<=") return Value::boolean(x <= y, e.span);
  if (op == ">=") return Value::boolean(x >= y, e.span);
  const bool ints = a.is_int() && b.is_int();
  auto number = [&](double d) {
    if (!std::isfinite(d)) return shared_.error("the result is not a finite number", e.span);
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return Value::integer(static_cast<std::int64_t>(d), e.span);
    return Value::number(d, e.span);
  };
  if (op == "+") return ints ? number(static_cast<double>(a.as_int()) + static_cast<double>(b.as_int())) : number(x + y);
  if (op == "-") return ints ? number(static_cast<double>(a.as_int()) - static_cast<double>(b.as_int())) : number(x - y);
  if (op == "*") return number(x * y);
  if (op == "/") {
    if (y == 0) return shared_.error("division by zero", e.span);
    return number(x / y);
  }
  if (op == "%") {
    if (y == 0) return shared_.error("modulo by zero", e.span);
    if (ints) return Value::integer(b.as_int() == -1 ? 0 : a.as_int() % b.as_int(), e.span);
    return number(std::fmod(x, y));
  }
  return shared_.error("unknown operator `" + op + "`", e.span);
}

Value TfEvaluator::eval_object(const Expr& e) {
  Object obj;
  for (std::size_t i = 0; i + 1 < e.items.size(); i += 2) {
    const Expr& ke = *e.items[i];
    Value k = eval(ke);
    if (k.is_unknown()) return k;
    std::string key;
    if (!as_text(k, key)) return shared_.error("an object key that is a " + type_name(k), ke.span);
    set_exact(obj, key, eval(*e.items[i + 1]), ke.span, e.items[i + 1]->span);
  }
  return Value::object(std::move(obj), e.span);
}

}  // namespace vl::tf
