// The graph nodes of an ARM template's parameters and outputs (graph/value_node.h): the entry template's,
// and those of each nested or linked deployment, which belong to the unit with the deployment's path.
// Internal to the ARM frontend (lowering.cpp calls it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "frontends/arm/arm_env.h"
#include "graph/resource.h"

namespace vl::arm {

struct ValueNodeScope {
  ArmEnv& env;                     // evaluates the template's expressions
  const TemplateModel& declared;   // the template whose parameters and outputs these are
  bool own_parameters = true;      // false: a nested template in the outer scope (no parameters of its own)
  bool secure_only = false;        // a nested deployment or another's module: nodes for secure parameters only
  std::string logical_prefix;      // "" or the deployment's identity + "/"
  std::uint32_t module = UINT32_MAX;
  std::string instance;            // the deployment's loop instance
  bool conditional = false;
  std::string condition_reason;
  std::uint32_t unit = 0, variant = 0;
};

void emit_value_nodes(const ValueNodeScope& scope, std::vector<Resource>& out);

}  // namespace vl::arm
