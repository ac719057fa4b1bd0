// Provenance (graph/provenance.h) of HCL expressions: a walk over one module's syntax. `var.x` is an
// input variable (secure when `sensitive = true`), `local.x` is followed into the local, `each` and a
// dynamic block's iterator into the for_each they range over, a for-expression's variables into its
// collection, `TYPE.NAME.attr` and `data.TYPE.NAME.attr` are resource values, `module.m.out` a module
// output, uuid() / timestamp() / bcrypt() generated, `path.*` and `terraform.*` the context, file() and
// templatefile() literals of the repository; other functions are transparent.
#pragma once

#include <memory>
#include <vector>

#include "frontends/terraform/modules/module_config.h"
#include "graph/provenance.h"

namespace vl::tf {

// The index of one module directory (its .tf and .tf.json files): the expression written at a span, found
// by descending through the blocks and expressions that hold it.
std::shared_ptr<const ProvenanceIndex> module_provenance_index(std::shared_ptr<const ModuleConfig> config);

// The index of a variable file (terraform.tfvars, *.auto.tfvars, --var-file): constants only.
std::shared_ptr<const ProvenanceIndex> tfvars_provenance_index(std::shared_ptr<const ParsedFile> file);

}  // namespace vl::tf
