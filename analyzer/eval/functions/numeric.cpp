// Numeric functions: add, sub, mul, div, mod, int, float, min, max (copyIndex is with the deployment
// functions). Integers are 64-bit; an overflow or a division by zero is an unknown with the reason,
// since the deployment would fail. [src: learn.microsoft.com template-functions-numeric, ms.date 08/01/2025]
#include <cerrno>
#include <charconv>
#include <cmath>
#include <string>

#include "eval/functions/function_support.h"
#include "graph/symbol.h"

namespace vl {

namespace {

bool two_ints(const ArmCallContext& c, std::int64_t& a, std::int64_t& b, Value& error) {
  auto x = fn::int_arg(c, 0);
  auto y = fn::int_arg(c, 1);
  if (!x) error = fn::wrong_type(c, 0, "an integer");
  else if (!y) error = fn::wrong_type(c, 1, "an integer");
  if (!x || !y) return false;
  a = *x;
  b = *y;
  return true;
}

enum class Op { Add, Sub, Mul, Div, Mod };

template <Op O>
Value arithmetic_fn(ArmCallContext& c) {
  std::int64_t a = 0, b = 0, r = 0;
  Value error;
  if (!two_ints(c, a, b, error)) return error;
  bool overflow = false;
  switch (O) {
    case Op::Add: overflow = __builtin_add_overflow(a, b, &r); break;
    case Op::Sub: overflow = __builtin_sub_overflow(a, b, &r); break;
    case Op::Mul: overflow = __builtin_mul_overflow(a, b, &r); break;
    case Op::Div:
    case Op::Mod:
      if (b == 0) return c.fail("division by zero (the deployment would fail)");
      if (a == INT64_MIN && b == -1) {
        overflow = O == Op::Div;
        r = 0;
      } else {
        // Truncated toward zero; the remainder has the sign of the dividend, as in .NET.
        r = O == Op::Div ? a / b : a % b;
      }
      break;
  }
  if (overflow) return c.fail("the result overflows a 64-bit integer");
  return c.integer(r);
}

std::string_view trim_ascii(std::string_view s) {
  auto space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// int('4') is 4: an optional sign and decimal digits, surrounding white space allowed (.NET
// Convert.ToInt64). A float converts only when it is a whole number.
Value int_fn(ArmCallContext& c) {
  const Value& v = c.args[0];
  if (v.is_int()) return c.integer(v.as_int());
  if (v.is_float()) {
    double d = v.as_number();
    if (std::trunc(d) != d || !(d >= -9.2e18 && d <= 9.2e18)) return c.fail(v.display() + " is not a whole number that fits 64 bits");
    return c.integer(static_cast<std::int64_t>(d));
  }
  if (!v.is_string()) return fn::wrong_type(c, 0, "a string or an integer");
  std::string_view s = trim_ascii(v.as_string());
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t r = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), r);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    return c.fail("'" + v.as_string() + "' is not an integer");
  }
  return c.integer(r);
}

// float('3.0') and float(3): a double, read in the invariant culture.
Value float_fn(ArmCallContext& c) {
  const Value& v = c.args[0];
  if (v.is_number()) return Value::number(v.as_number(), c.at);
  if (!v.is_string()) return fn::wrong_type(c, 0, "a string or an integer");
  std::string_view s = trim_ascii(v.as_string());
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    return c.fail("'" + v.as_string() + "' is not a number");
  }
  return Value::number(d, c.at);
}

// min/max of an array or of the arguments: the chosen item as written.
template <bool Max>
Value extreme_fn(ArmCallContext& c) {
  bool from_array = c.args.size() == 1 && c.args[0].is_array();
  const std::vector<Value>& items = from_array ? c.args[0].as_array() : c.args;
  if (items.empty()) return c.fail("the array is empty");
  const Value* best = nullptr;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value& v = items[i];
    if (v.is_unknown()) return without_symbol(v);
    if (!v.is_number()) {
      if (from_array) return c.fail("the array holds " + v.display() + ", not only integers");
      return fn::wrong_type(c, i, "an integer");
    }
    if (!best) {
      best = &v;
      continue;
    }
    bool better = v.is_int() && best->is_int() ? (Max ? v.as_int() > best->as_int() : v.as_int() < best->as_int())
                                              : (Max ? v.as_number() > best->as_number() : v.as_number() < best->as_number());
    if (better) best = &v;
  }
  return *best;
}

}  // namespace

void register_numeric_functions(FunctionTable& t) {
  t.add({"add", 2, 2, false, arithmetic_fn<Op::Add>});
  t.add({"sub", 2, 2, false, arithmetic_fn<Op::Sub>});
  t.add({"mul", 2, 2, false, arithmetic_fn<Op::Mul>});
  t.add({"div", 2, 2, false, arithmetic_fn<Op::Div>});
  t.add({"mod", 2, 2, false, arithmetic_fn<Op::Mod>});
  t.add({"int", 1, 1, false, int_fn});
  t.add({"float", 1, 1, false, float_fn});
  t.add({"min", 1, -1, false, extreme_fn<false>});
  t.add({"max", 1, -1, false, extreme_fn<true>});
}

}  // namespace vl
