// vaultlint's entry point: parse the command line, run the command, map the outcome to an exit code
// (DESIGN section 6: 0 clean, 1 failing findings or a KV001, 2 usage or configuration errors).
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  vl::cli::ParseOutcome parsed = vl::cli::parse_command_line(argc, argv);
  if (!parsed.ok) return parsed.exit_code;
  try {
    return vl::cli::run(parsed.options);
  } catch (const std::exception& e) {
    // A bug, not bad input (bad input is a KV001): say so rather than die silently.
    std::cerr << "vaultlint: internal error: " << e.what() << "\n";
    return 3;
  }
}
