// Comparison functions: coalesce, equals, greater, greaterOrEquals, less, lessOrEquals.
// [src: learn.microsoft.com template-functions-comparison, ms.date 08/01/2025]
#include <string>

#include "eval/functions/function_support.h"
#include "eval/functions/equality.h"

namespace vl {

namespace {

// coalesce: the first argument that is not null, as written. An unknown before it makes the result
// unknown (it may be null or not); all null gives null. [src: template-functions-comparison#coalesce]
Value coalesce_fn(ArmCallContext& c) {
  for (const Value& a : c.args) {
    if (a.is_unknown()) return a;
    if (!a.is_absent_or_null()) return a;
  }
  return c.args[0].is_null() ? c.args[0] : Value::null(c.at);
}

// equals is case-sensitive ("checkStrings ... false because the comparison is case-sensitive").
// [src: template-functions-comparison#equals]
Value equals_fn(ArmCallContext& c) {
  fn::WorkBudget budget;
  fn::Tri t = fn::equal_values(c.args[0], c.args[1], budget);
  if (t == fn::Tri::Unknown) return fn::blocking_unknown(c, c.args, budget);
  return c.boolean(t == fn::Tri::True);
}

// Where a character sorts under culture-aware comparison: punctuation and symbols, then digits, then
// letters, case ignored. -1 for a character whose place differs between .NET's sort rules (NLS on
// Windows ignores hyphens and apostrophes, ICU does not) or that the table does not cover.
int primary_weight(char ch) {
  auto u = static_cast<unsigned char>(ch);
  if (u >= '0' && u <= '9') return 1000 + (u - '0');
  if (u >= 'a' && u <= 'z') return 2000 + (u - 'a');
  if (u >= 'A' && u <= 'Z') return 2000 + (u - 'A');
  return -1;
}

// Culture-aware string order as ARM compares strings: greater('A', 'a') is true, i.e. letters compare
// case-insensitively first and a lowercase letter sorts before its uppercase form.
// [src: template-functions-comparison#greater, example checkStrings]
// Decided only where the first difference is between letters or digits (or one string is a prefix of
// the other); nullopt where punctuation or non-ASCII text decides.
std::optional<int> compare_strings(const std::string& a, const std::string& b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    int wa = primary_weight(a[i]);
    int wb = primary_weight(b[i]);
    if (wa < 0 || wb < 0) return std::nullopt;
    if (wa != wb) return wa < wb ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return a[i] > b[i] ? -1 : 1;  // same letter, different case: lowercase first
  }
  return 0;
}

// -1, 0 or 1; an unknown in `error` when the two cannot be ordered.
std::optional<int> order(const ArmCallContext& c, Value& error) {
  const Value& a = c.args[0];
  const Value& b = c.args[1];
  if (a.is_int() && b.is_int()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  if (a.is_number() && b.is_number()) {
    return a.as_number() < b.as_number() ? -1 : a.as_number() > b.as_number() ? 1 : 0;
  }
  if (a.is_string() && b.is_string()) {
    auto r = compare_strings(a.as_string(), b.as_string());
    if (!r) error = c.fail("the order of these strings depends on .NET culture rules for punctuation or non-ASCII text");
    return r;
  }
  error = c.fail("can only compare two integers or two strings, got " + a.display() + " and " + b.display());
  return std::nullopt;
}

template <bool (*Test)(int)>
Value compare_fn(ArmCallContext& c) {
  Value error;
  auto r = order(c, error);
  if (!r) return error;
  return c.boolean(Test(*r));
}

bool is_greater(int r) { return r > 0; }
bool is_greater_or_equal(int r) { return r >= 0; }
bool is_less(int r) { return r < 0; }
bool is_less_or_equal(int r) { return r <= 0; }

}  // namespace

void register_comparison_functions(FunctionTable& t) {
  t.add({"coalesce", 1, -1, true, coalesce_fn});
  t.add({"equals", 2, 2, false, equals_fn});
  t.add({"greater", 2, 2, false, compare_fn<is_greater>});
  t.add({"greaterOrEquals", 2, 2, false, compare_fn<is_greater_or_equal>});
  t.add({"less", 2, 2, false, compare_fn<is_less>});
  t.add({"lessOrEquals", 2, 2, false, compare_fn<is_less_or_equal>});
}

}  // namespace vl
