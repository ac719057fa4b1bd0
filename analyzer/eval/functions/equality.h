// Deep equality of template values that may hold unknowns (three-valued), and the unknown to report
// when a comparison cannot decide.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "eval/functions/function_support.h"

namespace vl::fn {

enum class Tri : std::uint8_t { False, True, Unknown };

// Deep equality of two values that may hold unknowns: Unknown when the answer depends on an unknown
// part. Strings compare case-sensitively unless `ignore_case`; object keys always case-insensitively;
// integers and floats numerically.
Tri equal_values(const Value& a, const Value& b, WorkBudget& budget, bool ignore_case = false);

// Why a comparison could not decide: the first unknown inside the values, or, when the comparison ran
// out of `budget` (or no unknown is found within a fresh one), an unknown saying they are too large.
Value blocking_unknown(const ArmCallContext& c, std::initializer_list<const Value*> values, const WorkBudget& budget);
Value blocking_unknown(const ArmCallContext& c, const std::vector<Value>& values, const WorkBudget& budget);

}  // namespace vl::fn
