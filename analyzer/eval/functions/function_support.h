// Helpers shared by the template function library (eval/functions/*.cpp) for every call: argument
// checks, size limits, the work budget of walks over values, and building objects. The other shared
// helpers have homes of their own: ARM's text and JSON of values (json_text.h), equality that knows
// about unknowns (equality.h), and text as .NET counts and cases it (utf16.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/evaluator.h"
#include "eval/function_table.h"
#include "graph/value.h"

namespace vl::fn {

// ---- arguments -------------------------------------------------------------------------------------

// "argument 2 must be an integer, got 'abc'" as an unknown at the call.
Value wrong_type(const ArmCallContext& c, std::size_t i, std::string_view expected);
// The i-th argument's string, or null when it is not a string.
const std::string* string_arg(const ArmCallContext& c, std::size_t i);
// The i-th argument's integer, or nullopt when it is not an integer.
std::optional<std::int64_t> int_arg(const ArmCallContext& c, std::size_t i);
// A lambda argument (what lambda(...) evaluates to).
bool is_lambda(const Value& v);

// ---- limits (EvalLimits): checked before anything large is allocated --------------------------------

bool string_fits(const ArmCallContext& c, std::size_t bytes);
bool items_fit(const ArmCallContext& c, std::size_t items);
Value string_too_large(const ArmCallContext& c, std::size_t bytes);
Value too_many_items(const ArmCallContext& c, std::size_t items);

// Values nested deeper than this are not walked (equality, JSON rendering, merging): the walk stops with
// an unknown instead of exhausting the stack. The same bound as the core's own walks.
inline constexpr int kMaxNesting = kMaxValueDepth;

// Bounds the work of one call's walks over values. Arrays and objects share their items, so a small
// value can be enormous when expanded (createArray(x, x) nested sixty times by reduce()); a walk that
// runs out of budget gives up with an unknown instead of running for hours.
struct WorkBudget {
  std::size_t left = 4'000'000;
  bool spend(std::size_t n = 1) {
    if (left < n) {
      left = 0;
      return false;
    }
    left -= n;
    return true;
  }
};

// ---- objects ---------------------------------------------------------------------------------------

// Builds an object member by member: setting a key that is already there (case-insensitively) replaces
// its value in place, as Object::set does, but in constant time, so objects of many members stay cheap.
class ObjectBuilder {
 public:
  ObjectBuilder() = default;
  explicit ObjectBuilder(Object start);
  void set(const std::string& key, Value value, Span key_span = {}, Span value_span = {});
  // Copies a member as it is, keeping where its key and value were written.
  void set(const Member& m) { set(m.key, m.value, m.key_span, m.value_span); }
  // The member's value, or null.
  const Value* find(std::string_view key) const;
  std::size_t size() const { return object_.size(); }
  Object take() { return std::move(object_); }

 private:
  Object object_;
  std::unordered_map<std::string, std::size_t> index_;  // lower-cased key -> member
};

}  // namespace vl::fn
