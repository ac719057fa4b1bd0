// The commands behind the CLI: scan, rules, explain, graph. Each returns the process exit code.
#pragma once

#include "cli/options.h"

namespace vl::cli {

int run(const Options& options);

struct Setup;
// `vaultlint scan` (scan_command.cpp).
int run_scan_command(const Options& options, Setup& setup);
// `vaultlint lsp` (lsp_command.cpp): the language server on standard input and output.
int run_lsp_command(const Options& options);

}  // namespace vl::cli
