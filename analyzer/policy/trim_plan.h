// What the rules of a catalogue read, as a plan of what a one-shot scan may drop from the lowerings it
// holds (graph/trim.h).
#pragma once

#include <set>
#include <string>

#include "graph/trim.h"

namespace vl {

class Catalogue;

// Parameters' and outputs' values: of the enabled rules that apply to `parameter` or `output`, a check
// that is a predicate (or all, any or not of predicates) reads what its predicate declares
// (policy/predicates.h); any other condition reads everything. Bodies: the types every rule applies or
// relates to (enabled or not: another rule's verdict may be asked), and those the engine's code reads
// whatever the rules say (trim_plan.cpp). Parses every rule's check.
TrimPlan trim_plan(const Catalogue& catalogue, const std::set<std::string>& enabled);

}  // namespace vl
