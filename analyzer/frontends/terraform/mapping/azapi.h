// azapi_resource: `type = "<ARM type>@<api version>"`, `parent_id`, `name` and a `body` that is already
// ARM-shaped (an HCL object in azapi 2.x, `jsonencode({...})` in 1.x). Its API version drives KV141 and
// the RBAC default exactly as an ARM template's does.
#pragma once

#include "frontends/terraform/mapping/mapping_apply.h"

namespace vl::tf {

// Fills `out` (type, api_version, name, id, scope, body); false when the type is not known.
bool map_azapi(const Value& tf_body, const MappingEnv& env, Resource& out);

}  // namespace vl::tf
