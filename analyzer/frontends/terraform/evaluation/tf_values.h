// Terraform's value semantics over the graph's Value: its type names, the automatic conversions between
// string, number and bool, type-sensitive equality, and map iteration in lexical key order. Terraform
// values are lists/tuples/sets (Array) and maps/objects (Object); sets are kept as arrays without
// duplicates.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "graph/budget.h"
#include "graph/symbol.h"
#include "graph/value.h"

namespace vl::tf {

// State shared by everything that evaluates within one deployment unit: the work left (nested `for`
// expressions and functions can multiply work without bound), and which unknowns stand for evaluation
// errors (try() and can() skip those, but wait for genuinely unknown values).
struct EvalShared {
  std::uint64_t work_left = 10'000'000;
  std::unordered_set<const UnknownInfo*> errors;
  // Keeps the error infos alive, so a freed one's address is never mistaken for a new error.
  std::vector<std::shared_ptr<const UnknownInfo>> error_infos;
  std::size_t max_string_bytes = 4u << 20;
  std::size_t max_collection_items = 100000;
  int depth = 0;  // evaluations in progress inside each other

  // The work budget, or the unit's byte or instance budget (graph/budget.h), is used up.
  bool exhausted() const { return work_left == 0 || budget_exhausted(); }
  // What an evaluation that stops for lack of budget evaluates to, recorded where it stopped (once).
  Value out_of_work(Span at) const {
    return stopped(StopCause::Budget,
                   "evaluation stopped here: the configuration used up its work budget (function calls, loop iterations, "
                   "module and resource instances); what the rest of it sets is unknown",
                   at);
  }
  bool spend(std::uint64_t n = 1) {
    if (work_left < n) {
      work_left = 0;
      return false;
    }
    work_left -= n;
    return true;
  }
  // An unknown that stands for an error Terraform would report (a missing attribute, a wrong type).
  Value error(std::string reason, Span at) {
    Value v = Value::unknown(std::move(reason), at);
    // Past the cap an error is a plain unknown: try() then waits for it rather than skipping it.
    if (error_infos.size() < 100000) {
      error_infos.push_back(v.unknown_ptr());
      errors.insert(v.unknown_ptr().get());
    }
    return v;
  }
  // An error that still names the string it stands for (graph/symbol.h): the id of a resource the
  // configuration does not declare, whose type its address gives.
  Value error(std::string reason, Span at, std::string symbol) {
    Value v = symbolic_unknown(std::move(reason), at, std::move(symbol));
    if (error_infos.size() < 100000) {
      error_infos.push_back(v.unknown_ptr());
      errors.insert(v.unknown_ptr().get());
    }
    return v;
  }
  bool is_error(const Value& v) const { return v.is_unknown() && errors.count(v.unknown_ptr().get()) != 0; }
};

std::string type_name(const Value& v);

// The number as Terraform prints it: integers without a fraction, other numbers in their shortest form.
std::string number_text(const Value& v);

// Conversions Terraform applies automatically. False when the value does not convert.
bool as_text(const Value& v, std::string& out);         // string, number, bool
bool as_number(const Value& v, Value& out);             // number, or a string holding one
bool as_boolean(const Value& v, bool& out);             // bool, or "true" / "false"

// Type-sensitive deep equality (1 == "1" is false), numbers compared by value.
bool tf_equals(const Value& a, const Value& b, int depth = 0);

// An object's members in lexical key order, the order Terraform iterates maps and objects in.
std::vector<const Member*> sorted_members(const Object& o);

// The first unknown among the arguments (deeply when `deep`), or null.
const Value* first_unknown(const std::vector<Value>& args, bool deep);

// A string result, or an unknown when it is larger than the limit.
Value bounded_string(std::string s, Span at, const EvalShared& shared);

// A number as a count, an index or a length: truncated, and clamped to +-9e15 (NaN is 0), so converting
// a hostile number is never undefined behaviour.
inline std::int64_t to_int(double d) {
  if (!(d == d)) return 0;
  if (d > 9e15) return 9'000'000'000'000'000;
  if (d < -9e15) return -9'000'000'000'000'000;
  return static_cast<std::int64_t>(d);
}

// Removes duplicates (type-sensitive), keeping the first of each: Terraform's sets.
Array distinct_values(const Array& items);

}  // namespace vl::tf
