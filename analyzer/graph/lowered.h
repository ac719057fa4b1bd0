// What a frontend produces for one variant of one deployment unit: its resources, what it found wrong
// with its input, and the files it read as modules or linked templates (so those are not also entry
// points of their own).
#pragma once

#include <vector>

#include "graph/diagnostic.h"
#include "graph/resource.h"
#include "source/suppression.h"

namespace vl {

struct LoweredUnit {
  std::vector<Resource> resources;   // `module` indexes refer to this vector
  std::vector<Diagnostic> diagnostics;
  std::vector<FileId> used_files;    // modules and linked templates this unit read
  std::vector<Suppression> suppressions;  // found on resources (ARM metadata.vaultlint.ignore)
};

}  // namespace vl
