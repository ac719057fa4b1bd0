// Named checks in C++ for what a YAML condition cannot say; a rule calls one with
// `predicate: <name>` and `args: {...}`. Each lives in its own file in policy/predicates/.
#pragma once

#include <string_view>

#include "policy/condition.h"

namespace vl {

using Predicate = Outcome (*)(const Condition& c, const CheckContext& ctx);

// The predicate of that name, or null.
Predicate find_predicate(std::string_view name);

Outcome api_version_lifecycle(const Condition& c, const CheckContext& ctx);

}  // namespace vl
