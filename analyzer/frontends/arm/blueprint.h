// Azure Blueprints template artifacts: the ARM template one holds, and its parameters (blueprint.cpp).
#pragma once

#include <string>

#include "frontends/arm/arm_env.h"

namespace vl::arm {

// An Azure Blueprints template artifact (`kind: template`, properties.template an ARM template): that
// template, else null.
const Value* blueprint_template(const Value& root);
// Its properties.parameters, as a parameter file's; values written as expressions over the blueprint's
// parameters are unknown (set when the blueprint is assigned).
SuppliedParameters read_blueprint_parameters(const Value& root, const std::string& display_name);

}  // namespace vl::arm
