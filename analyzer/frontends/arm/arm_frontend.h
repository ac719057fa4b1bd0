// The ARM frontend: recognises templates and parameter files among JSON files, reads parameter files,
// and lowers a template (with one set of parameter values: one variant) to graph resources, following
// nested deployments and linked templates (by relativePath, inside the repository only). This header is
// the frontend's interface (what scan/ includes): it declares what arm_frontend.cpp defines and includes
// the headers of the rest, each named as the source that defines it: lowering.h (lower_template),
// exported.h (exported resources), blueprint.h (Blueprints template artifacts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/arm/arm_env.h"
#include "frontends/arm/blueprint.h"
#include "frontends/arm/exported.h"
#include "frontends/arm/lowering.h"
#include "graph/diagnostic.h"
#include "graph/lowered.h"
#include "graph/resource.h"
#include "source/loader.h"

namespace vl::arm {

enum class JsonRole { Template, ParameterFile, Other };

// What a parsed JSON document is: an ARM template ($schema of a deployment template, or a top-level
// `resources`), a parameter file ($schema deploymentParameters, or `parameters` of {value|reference}
// entries without `resources`), or something else (tsconfig, editor settings).
JsonRole classify_json(const Value& root);
// For text that did not parse: does it name a template or parameter file, so a parse error is a KV001?
bool text_looks_like_template(std::string_view text);
// Is this template Bicep's compiled output (metadata._generator.name == bicep)?
bool is_bicep_output(const Value& root);

// Reads a parameter file's values: {"value": X} gives X (with its span in the file), a Key Vault
// {"reference": ...} gives an unknown that says so.
SuppliedParameters read_parameter_file(const Value& root, const std::string& display_name);

// Does a parameter set fit the template: every name declared, every required parameter given?
bool parameters_fit(const Value& template_root, const SuppliedParameters& params);

}  // namespace vl::arm
