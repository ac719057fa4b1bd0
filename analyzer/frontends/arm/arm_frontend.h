// The ARM frontend: recognises templates and parameter files among JSON files, reads parameter files,
// and lowers a template (with one set of parameter values: one variant) to graph resources, following
// nested deployments and linked templates (by relativePath, inside the repository only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/arm/arm_env.h"
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

// An Azure Blueprints template artifact (`kind: template`, properties.template an ARM template): that
// template, else null (blueprint.cpp).
const Value* blueprint_template(const Value& root);
// Its properties.parameters, as a parameter file's; values written as expressions over the blueprint's
// parameters are unknown (set when the blueprint is assigned).
SuppliedParameters read_blueprint_parameters(const Value& root, const std::string& display_name);

// Reads a parameter file's values: {"value": X} gives X (with its span in the file), a Key Vault
// {"reference": ...} gives an unknown that says so.
SuppliedParameters read_parameter_file(const Value& root, const std::string& display_name);

// Does a parameter set fit the template: every name declared, every required parameter given?
bool parameters_fit(const Value& template_root, const SuppliedParameters& params);

struct LowerRequest {
  FileId file;
  const Value& root;                 // the template document
  SuppliedParameters parameters;     // this variant's values
  std::uint32_t unit = 0;
  std::uint32_t variant = 0;
  SourceLoader& loader;              // reads linked templates
  // Function calls the whole unit may make. The most any template of the public corpus makes is about
  // 7,500 (measured 2026-11-25); one that needs over a thousand times that is hostile or broken, and the
  // rest of it is unknown (a KV001 says so). 10 million calls take about 1.5 s.
  std::uint64_t work_budget = 10'000'000;
  bool want_outputs = false;         // evaluate the template's outputs (a module's caller reads them)
  // Where the template deploys and under which deployment name, when a caller (a Bicep module call) says;
  // the level always comes from the template's $schema.
  std::optional<DeploymentScope> scope = std::nullopt;
  // The template is another template's module (a Bicep module that is ARM JSON): like a nested
  // deployment, its parameters become graph nodes only when secure (graph/value_node.h).
  bool module_call = false;
};

struct LowerResult : LoweredUnit {  // used_files: the templates it links to by relativePath
  Value outputs;                     // by output name, when asked for
};

LowerResult lower_template(const LowerRequest& request);

// Resources exported from a subscription (a JSON array of objects with ResourceId, ResourceType and
// Properties, as Get-AzResource -ExpandProperties and PSRule's Export-AzRuleData write them): is the
// document one, and its resources as graph resources (exported.cpp).
bool is_exported_resources(const Value& root);
LowerResult lower_exported(FileId file, const Value& root, std::uint32_t unit, std::uint32_t variant);

}  // namespace vl::arm
