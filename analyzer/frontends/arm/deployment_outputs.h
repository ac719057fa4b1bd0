// The outputs of a template, and what reference() of a nested deployment returns: compiled Bicep reads a
// module's outputs as `reference(resourceId('Microsoft.Resources/deployments', name)).outputs.x.value`
// (or `reference('symbol')` in languageVersion 2.0), so the outputs of a deployment the scan lowered are
// evaluated, once, in the nested template's own context.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "frontends/arm/arm_env.h"

namespace vl::arm {

// Evaluates the template's `outputs` section in `env`: name -> value (an output with a `copy` loop is an
// array). `resolver` answers reference() while they are evaluated.
Object evaluate_outputs(const TemplateModel& model, ArmEnv& env, ReferenceResolver* resolver);

// reference() of a deployment: {"outputs": {name: {"type": ..., "value": ...}}, "provisioningState": ...};
// with the 'Full' form, that object is under "properties".
Value deployment_reference_value(const TemplateModel& model, const Object& outputs, bool full, Span at);

// The deployment a reference() argument names, lower-cased: the argument itself when it is a plain name
// or a symbolic name (`mod`, `mods[2]`), the last name segment of a Microsoft.Resources/deployments id;
// nullopt for anything else (another resource type, another kind of value).
std::optional<std::string> referenced_deployment(const Value& argument);

}  // namespace vl::arm
