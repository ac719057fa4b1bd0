// Helpers shared by the template function library (eval/functions/*.cpp): argument checks, size limits,
// ARM's conversions of values to text, compact JSON, equality that knows about unknowns, and text
// positions counted the way ARM (.NET) counts them, in UTF-16 code units.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
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
Value wrong_type(const CallContext& c, std::size_t i, std::string_view expected);
// The i-th argument's string, or null when it is not a string.
const std::string* string_arg(const CallContext& c, std::size_t i);
// The i-th argument's integer, or nullopt when it is not an integer.
std::optional<std::int64_t> int_arg(const CallContext& c, std::size_t i);
// A lambda argument (what lambda(...) evaluates to).
bool is_lambda(const Value& v);

// ---- limits (EvalLimits): checked before anything large is allocated --------------------------------

bool string_fits(const CallContext& c, std::size_t bytes);
bool items_fit(const CallContext& c, std::size_t items);
Value string_too_large(const CallContext& c, std::size_t bytes);
Value too_many_items(const CallContext& c, std::size_t items);

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

// ---- conversions -----------------------------------------------------------------------------------

// A double as .NET's default (shortest round-trip) text: 1.5, 0.0001, 1E-05, 1E+15.
std::string format_double(double d);
// ARM's text of a scalar, as string() and concat() write it: strings as they are, integers in decimal,
// booleans as .NET writes them (True/False), null as the empty string. nullopt for arrays, objects and
// anything not known.
std::optional<std::string> scalar_text(const Value& v);
// Compact JSON (string() of arrays and objects). Unknown parts render as <unknown>; `first_unknown`, when
// given, receives the first one met, so callers that need exact text can give up. nullopt past
// `max_bytes` of text or kMaxNesting levels.
std::optional<std::string> compact_json(const Value& v, std::size_t max_bytes = SIZE_MAX,
                                        const Value** first_unknown = nullptr);
// Builds a Value from JSON text (json(), base64ToJson()); every value gets the span `at`. Single-quoted
// strings are accepted, as Azure's JSON reader accepts them. An unknown with the reason on error.
Value parse_json_text(const CallContext& c, std::string_view text);

// ---- equality --------------------------------------------------------------------------------------

enum class Tri : std::uint8_t { False, True, Unknown };

// Deep equality of two values that may hold unknowns: Unknown when the answer depends on an unknown
// part. Strings compare case-sensitively unless `ignore_case`; object keys always case-insensitively;
// integers and floats numerically.
Tri equal_values(const Value& a, const Value& b, WorkBudget& budget, bool ignore_case = false);

// Why a comparison could not decide: the first unknown inside the values, or, when the comparison ran
// out of `budget` (or no unknown is found within a fresh one), an unknown saying they are too large.
Value blocking_unknown(const CallContext& c, std::initializer_list<const Value*> values, const WorkBudget& budget);
Value blocking_unknown(const CallContext& c, const std::vector<Value>& values, const WorkBudget& budget);

// ---- text ------------------------------------------------------------------------------------------

// Positions in a UTF-8 string counted in UTF-16 code units, as .NET string indexes count.
class Utf16Index {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  explicit Utf16Index(std::string_view s);
  std::size_t units() const { return ascii_ ? s_.size() : starts_.size(); }
  // Byte offset where unit u starts (u == units() is the end), or npos when u is the second half of a
  // surrogate pair: cutting there would split a character.
  std::size_t byte_of(std::size_t u) const;
  // Unit index of a byte offset that is a character boundary.
  std::size_t unit_of(std::size_t byte) const;

 private:
  std::string_view s_;
  bool ascii_ = true;
  std::vector<std::uint32_t> starts_;  // per unit: byte offset of its character
  std::vector<bool> second_half_;      // per unit: low surrogate of a pair
};

// Invariant simple case mapping (ToUpperInvariant/ToLowerInvariant per character) for the scripts the
// table covers. `known` is false for a letter outside the table, whose case vaultlint cannot map.
std::uint32_t upper_cp(std::uint32_t cp, bool& known);
std::uint32_t lower_cp(std::uint32_t cp, bool& known);
// The string upper-cased character by character, for OrdinalIgnoreCase comparisons (a character
// outside the table compares as itself). UTF-16 positions are unchanged by it.
std::string fold_case(std::string_view s);

}  // namespace vl::fn
