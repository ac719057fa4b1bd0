// What a one-shot scan drops from a unit's lowering while it holds it for its group (scan/lowering.cpp:
// hold): what no rule it runs will read. The plan comes from the catalogue (policy/trim_plan.h). In the
// largest group of the public corpus, module deployments' bodies and parameters' and outputs' values were
// two thirds of what the held lowerings kept.
#pragma once

#include <string>
#include <vector>

#include "graph/resource.h"

namespace vl {

// Whether rules read what a parameter's or output's `defaultValue` and `value` hold (graph/value_node.h),
// of the plain nodes and of the secure ones. Where a value is written (its member's spans) is always
// kept: provenance is asked of it.
struct ValueReads {
  bool plain = true;
  bool secure = true;
};

struct TrimPlan {
  ValueReads parameters, outputs;
  // The resource types (lower-case, sorted) whose bodies something reads: a rule applies to them or
  // relates to them, or the engine's own code reads them. Every other resource keeps an empty body,
  // unless it is a module the scan cannot read (`unread`): the ids it receives say what it may deploy.
  std::vector<std::string> body_types;
};

// Drops from `resources` what `plan` says nothing reads: a body becomes an empty object, a value null,
// each at the same span.
void trim(std::vector<Resource>& resources, const TrimPlan& plan);

}  // namespace vl
