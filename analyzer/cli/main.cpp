// vaultlint's entry point: parse the command line, run the command, map the outcome to an exit code
// (DESIGN section 6: 0 clean, 1 failing findings or a KV001, 2 usage or configuration errors, 3 an internal
// error).
#include <cstdio>
#include <iostream>
#include <new>

#include "cli/commands.h"
#include "cli/crash_guard.h"
#include "cli/options.h"
#include "cli/setup.h"

int main(int argc, char** argv) {
  vl::cli::install_crash_guard();
  std::ios::sync_with_stdio(false);
  // A bug, not bad input (bad input is a KV001): exit 3 and say what failed, never die of a signal. An
  // exception on a worker thread arrives here too (scan/parallel.h).
  try {
    vl::cli::allow_exit_without_teardown();  // the process, not a test that calls the commands
    vl::cli::ParseOutcome parsed = vl::cli::parse_command_line(argc, argv);
    if (!parsed.ok) return parsed.exit_code;
    return vl::cli::run(parsed.options);
  } catch (const std::bad_alloc&) {
    std::cerr << "vaultlint: internal error: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "vaultlint: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "vaultlint: internal error: an unknown exception\n";
  }
  std::cerr.flush();
  return 3;
}
