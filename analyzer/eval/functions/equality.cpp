#include "eval/functions/equality.h"

namespace vl::fn {

namespace {

Tri equal_at(const Value& a, const Value& b, bool ignore_case, int depth, WorkBudget& budget) {
  if (a.is_unknown() || b.is_unknown() || depth > kMaxNesting || !budget.spend()) return Tri::Unknown;
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int() ? Tri::True : Tri::False;
    return a.as_number() == b.as_number() ? Tri::True : Tri::False;
  }
  if (a.kind() != b.kind()) return Tri::False;
  switch (a.kind()) {
    case Kind::Array: {
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.size() != y.size()) return Tri::False;
      Tri result = Tri::True;
      for (std::size_t i = 0; i < x.size(); ++i) {
        Tri t = equal_at(x[i], y[i], ignore_case, depth + 1, budget);
        if (t == Tri::False) return Tri::False;
        if (t == Tri::Unknown) result = Tri::Unknown;
      }
      return result;
    }
    case Kind::Object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return Tri::False;
      Tri result = Tri::True;
      for (const Member& m : x.members()) {
        const Value* other = y.find(m.key);
        if (!other) return Tri::False;
        Tri t = equal_at(m.value, *other, ignore_case, depth + 1, budget);
        if (t == Tri::False) return Tri::False;
        if (t == Tri::Unknown) result = Tri::Unknown;
      }
      return result;
    }
    case Kind::Opaque:
      return a.opaque_ptr() == b.opaque_ptr() ? Tri::True : Tri::Unknown;
    default:
      return deep_equals(a, b, ignore_case) ? Tri::True : Tri::False;
  }
}

// The first unknown at or below v, or null; stops early when the budget runs out.
const Value* find_unknown_in(const Value& v, WorkBudget& budget, int depth) {
  if (v.is_unknown()) return &v;
  if (depth > kMaxNesting || !budget.spend()) return nullptr;
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (const Value* u = find_unknown_in(item, budget, depth + 1)) return u;
    }
  } else if (v.is_object()) {
    for (const Member& m : v.as_object().members()) {
      if (const Value* u = find_unknown_in(m.value, budget, depth + 1)) return u;
    }
  }
  return nullptr;
}

}  // namespace

Tri equal_values(const Value& a, const Value& b, WorkBudget& budget, bool ignore_case) {
  return equal_at(a, b, ignore_case, 0, budget);
}

namespace {

Value too_large_to_compare(const ArmCallContext& c) {
  return c.stop("the values are too large or nested too deeply to compare");
}

}  // namespace

Value blocking_unknown(const ArmCallContext& c, std::initializer_list<const Value*> values, const WorkBudget& budget) {
  if (budget.left == 0) return too_large_to_compare(c);
  WorkBudget search;
  for (const Value* v : values) {
    if (const Value* u = find_unknown_in(*v, search, 0)) return *u;
  }
  return too_large_to_compare(c);
}

Value blocking_unknown(const ArmCallContext& c, const std::vector<Value>& values, const WorkBudget& budget) {
  if (budget.left == 0) return too_large_to_compare(c);
  WorkBudget search;
  for (const Value& v : values) {
    if (const Value* u = find_unknown_in(v, search, 0)) return *u;
  }
  return too_large_to_compare(c);
}

}  // namespace vl::fn
