// Where a finding about a property points when the offending value was written elsewhere: a whole object
// or list taken from a parameter default, a variable, a module input or a parameter file (DESIGN section
// 7: "a value that came from elsewhere is reported on the property that uses it, with a related location
// where it was written"). A leaf's own use site (`"enablePurge": "[parameters('p')]"`) is already the
// member the condition finds; this handles the members above it.
#pragma once

#include <string>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/value.h"

namespace vl {

// Walks `property` (a condition's path: `properties.networkAcls.defaultAction`, `properties.accessPolicies[0]`)
// in `body` from the outside in, when `location` lies outside the resource's own text. Where the path
// leaves the text of the member holding it (that member's value is an expression whose value was written
// elsewhere), `location` moves to that member and the place it pointed at becomes a related location
// ("the value is set here").
void move_to_use_site(const Value& body, const std::string& property, Span& location, std::vector<RelatedLocation>& related);

}  // namespace vl
