// The Terraform units of a scan (graph/unit_task.h): every root module among the discovered `.tf` /
// `.tf.json` files (a directory that no other scanned module calls as `source = "./..."`), with its
// variable values (terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then
// --var-file and --var) as its one variant.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "frontends/terraform/terraform_frontend.h"
#include "graph/unit_task.h"

namespace vl::tf {

struct TerraformFile;  // a parsed file (units.cpp)

// What a session keeps between scans: each file as parsed.
struct UnitCache {
  PerFileCache<TerraformFile> files;
};

// The azurerm/azapi mapping table and the roles, compiled in with the policies (scan/ reads them, once):
// null, with the reason in `error`, when they are invalid. Asked only when there is Terraform to scan.
using MappingSource = std::function<std::shared_ptr<const Mapping>(std::string& error)>;

// `cache`: null in a one-shot scan.
std::vector<UnitTask> unit_tasks(FormatContext& ctx, UnitCache* cache, const MappingSource& mapping);

}  // namespace vl::tf
