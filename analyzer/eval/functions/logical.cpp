// Logical functions: and, or, not, if, bool, true, false.
// [src: learn.microsoft.com template-functions-logical]
#include <string>

#include "eval/functions/function_support.h"
#include "graph/symbol.h"
#include "eval/functions/equality.h"

namespace vl {

namespace {

// and/or decide as soon as one known argument decides (and(false, unknown) is false); otherwise an
// unknown argument makes the result unknown. Every known argument must be a boolean.
Value junction(ArmCallContext& c, bool deciding) {
  const Value* unknown = nullptr;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const Value& a = c.args[i];
    if (a.is_unknown()) {
      if (!unknown) unknown = &a;
    } else if (!a.is_bool()) {
      return fn::wrong_type(c, i, "a boolean");
    }
  }
  for (const Value& a : c.args) {
    if (a.is_bool() && a.as_bool() == deciding) return c.boolean(deciding);
  }
  if (unknown) return *unknown;
  return c.boolean(!deciding);
}

Value and_fn(ArmCallContext& c) { return junction(c, false); }
Value or_fn(ArmCallContext& c) { return junction(c, true); }

Value not_fn(ArmCallContext& c) {
  if (!c.args[0].is_bool()) return fn::wrong_type(c, 0, "a boolean");
  return c.boolean(!c.args[0].as_bool());
}

// if: the chosen value as written. With an unknown condition the result is known only when both
// values are the same known value; otherwise it is unknown but one of the two, so a rule that judges
// both alike can still decide.
Value if_fn(ArmCallContext& c) {
  const Value& cond = c.args[0];
  if (cond.is_unknown()) {
    fn::WorkBudget budget;
    if (fn::equal_values(c.args[1], c.args[2], budget) == fn::Tri::True) return c.args[1];
    // The condition's symbol names the condition, not the branch chosen.
    if (c.args[1].is_unknown() || c.args[2].is_unknown()) return without_symbol(cond);
    auto info = std::make_shared<UnknownInfo>(cond.unknown_info());
    info->symbol.clear();
    info->candidates = {c.args[1], c.args[2]};
    return Value::unknown(std::move(info));
  }
  if (!cond.is_bool()) return fn::wrong_type(c, 0, "a boolean");
  return cond.as_bool() ? c.args[1] : c.args[2];
}

// bool('true'/'false') ignores case and surrounding white space (.NET bool.Parse); bool(int) is
// true when the integer is not zero. [src: template-functions-logical#bool]
Value bool_fn(ArmCallContext& c) {
  const Value& v = c.args[0];
  if (v.is_bool()) return c.boolean(v.as_bool());
  if (v.is_int()) return c.boolean(v.as_int() != 0);
  if (!v.is_string()) return fn::wrong_type(c, 0, "a string or an integer");
  std::string_view s = v.as_string();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  if (iequals(s, "true")) return c.boolean(true);
  if (iequals(s, "false")) return c.boolean(false);
  return c.fail("'" + v.as_string() + "' is not 'true' or 'false'");
}

Value true_fn(ArmCallContext& c) { return c.boolean(true); }
Value false_fn(ArmCallContext& c) { return c.boolean(false); }

}  // namespace

void register_logical_functions(FunctionTable& t) {
  t.add({"and", 2, -1, true, and_fn});
  t.add({"or", 2, -1, true, or_fn});
  t.add({"not", 1, 1, false, not_fn});
  t.add({"if", 3, 3, true, if_fn});
  t.add({"bool", 1, 1, false, bool_fn});
  t.add({"true", 0, 0, false, true_fn});
  t.add({"false", 0, 0, false, false_fn});
}

}  // namespace vl
