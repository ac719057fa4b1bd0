// What a frontend produces for one variant of one deployment unit: its resources (and the nodes of its
// parameters and outputs, graph/value_node.h), what it found wrong with its input, and the files it read
// as modules or linked templates (so those are not also entry points of their own).
#pragma once

#include <memory>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/provenance.h"
#include "graph/resource.h"
#include "source/suppression.h"

namespace vl {

struct LoweredUnit {
  std::vector<Resource> resources;   // `module` indexes refer to this vector
  std::vector<Diagnostic> diagnostics;
  std::vector<FileId> used_files;    // modules and linked templates this unit read
  std::vector<Suppression> suppressions;  // found on resources (ARM metadata.vaultlint.ignore)
  // What the expressions of the files it read are made of (graph/provenance.h), one index per file or
  // module directory; the scan hands them to the graph.
  std::vector<std::shared_ptr<const ProvenanceIndex>> provenance;
};

}  // namespace vl
