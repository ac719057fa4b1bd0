// The Terraform frontend: lowers a root module (a directory of `.tf` / `.tf.json` files that no other
// scanned module calls), with its variable values, to ARM-shaped graph resources. It instantiates local
// modules with their inputs (and registry modules that `terraform init` put in .terraform/modules),
// expands count, for_each and dynamic blocks, and maps azurerm and azapi resources through the mapping
// table (policies/data/azurerm/).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "frontends/terraform/mapping/mapping.h"
#include "frontends/terraform/modules/module_config.h"
#include "graph/lowered.h"

namespace vl::tf {

// A value given to a root module variable: from a tfvars file (with its span there) or, as text to be
// typed by the variable's declaration, from `--var NAME=VALUE`.
struct RootVariable {
  Value value;
  bool command_line = false;
  Span name_span = {};  // the attribute's name in the variable file (its graph node points there)
};

using RootInputs = std::map<std::string, RootVariable>;

// Adds the values of a tfvars file (`terraform.tfvars`, `*.auto.tfvars`, `--var-file`, HCL or JSON) to
// `inputs`; later files override earlier ones, as in Terraform.
void read_tfvars(const ParsedFile& file, RootInputs& inputs);

// The local module directories (`source = "./..."`) a module calls: a directory one of them names is not
// a root module.
std::vector<std::filesystem::path> local_module_dirs(const ModuleConfig& config);

struct LowerRequest {
  std::filesystem::path root_dir;
  RootInputs inputs;
  std::uint32_t unit = 0;
  std::uint32_t variant = 0;
  ConfigCache& cache;
  const Mapping& mapping;
  // The variable files `inputs` were read from (their provenance, graph/provenance.h).
  std::vector<std::shared_ptr<const ParsedFile>> var_files = {};
  // Function calls and loop iterations the whole unit may make before the rest is unknown (a KV001 says
  // so), as for ARM.
  std::uint64_t work_budget = 10'000'000;
};

LoweredUnit lower_root_module(const LowerRequest& request);

}  // namespace vl::tf
