// The commands behind the CLI: scan, rules, explain, graph. Each returns the process exit code.
#pragma once

#include "cli/options.h"

namespace vl::cli {

int run(const Options& options);

}  // namespace vl::cli
