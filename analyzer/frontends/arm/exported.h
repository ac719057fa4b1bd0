// Resources exported from a subscription, read as data rather than as a template (exported.cpp).
#pragma once

#include <cstdint>

#include "frontends/arm/lowering.h"

namespace vl::arm {

// Resources exported from a subscription (a JSON array of objects with ResourceId, ResourceType and
// Properties, as Get-AzResource -ExpandProperties and PSRule's Export-AzRuleData write them): is the
// document one, and its resources as graph resources.
bool is_exported_resources(const Value& root);
LowerResult lower_exported(FileId file, const Value& root, std::uint32_t unit, std::uint32_t variant);

}  // namespace vl::arm
