// Named checks in C++ for what a YAML condition cannot say; a rule calls one with
// `predicate: <name>` and `args: {...}`. Each lives in its own file in policy/predicates/ and registers
// itself there, so adding one is adding a file:
//
//   namespace vl {
//   namespace {
//   Outcome my_check(const Condition& c, const CheckContext& ctx) { ... }
//   }  // namespace
//   VL_REGISTER_PREDICATE(my_check);   // YAML: `predicate: my_check`
//   }  // namespace vl
//
// The files of policy/predicates/ form their own static library, which the build links whole
// (CMakeLists.txt: vaultlint_policy), because nothing references a self-registering file by name and the
// linker would otherwise leave it out. tests/e2e/predicates_test.py proves that the binary knows each one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/trim.h"
#include "policy/condition.h"

namespace vl {

using Predicate = Outcome (*)(const Condition& c, const CheckContext& ctx);

// The predicate of that name, or null.
Predicate find_predicate(std::string_view name);

// The names of every registered predicate, sorted.
std::vector<std::string> predicate_names();

// Registers `fn` under `name` during static initialisation. The registry is created on first use, so the
// order in which translation units initialise does not matter. Registering a name twice is a
// programming error: the program stops at start-up with a message naming it.
struct PredicateRegistration {
  PredicateRegistration(std::string_view name, Predicate fn);
  // `reads`: what the predicate reads of the values of a parameter or output it checks (by default all
  // of them); a scan need not keep the rest (policy/trim_plan.h).
  PredicateRegistration(std::string_view name, Predicate fn, ValueReads reads);
};

// What the predicate of that name reads of the values of parameters and outputs (all of them if unknown).
ValueReads predicate_value_reads(std::string_view name);

}  // namespace vl

// Registers the function `fn` (in scope at namespace vl) as the predicate named `fn`. One per file is
// the convention; the file is named after the predicate.
#define VL_REGISTER_PREDICATE(fn) \
  static const ::vl::PredicateRegistration vl_predicate_registration_##fn{#fn, &fn}
// The same, for a predicate that reads of parameters' and outputs' values only what `reads` says (a
// ValueReads: of the plain nodes, of the secure ones). Say less than it reads and a scan's reports change.
#define VL_REGISTER_PREDICATE_READING(fn, reads) \
  static const ::vl::PredicateRegistration vl_predicate_registration_##fn{#fn, &fn, reads}
