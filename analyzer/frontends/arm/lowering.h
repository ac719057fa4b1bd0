// Lowering one ARM template, with one set of parameter values (one variant), to graph resources: the
// request the scan makes and what it gets back (lowering.cpp).
#pragma once

#include <cstdint>
#include <optional>

#include "frontends/arm/arm_env.h"
#include "graph/deployment_scope.h"
#include "graph/lowered.h"
#include "source/loader.h"

namespace vl::arm {

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

}  // namespace vl::arm
