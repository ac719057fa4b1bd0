// What every command needs before it runs: the configuration file (found or given), the rule catalogue
// with the configuration's extra policies and severity overrides, and the scan options, with the
// command-line flags winning over the file.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "cli/config.h"
#include "cli/options.h"
#include "policy/catalogue.h"
#include "scan/scan.h"

namespace vl::cli {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

// Prints "vaultlint: message" on stderr and returns kExitUsage.
int usage_error(const std::string& message);

// Writes a report to --output or standard output; returns 0, or kExitUsage when it cannot be written.
int emit(const Options& options, const std::function<void(std::ostream&)>& write);
// The process ends with `code` as soon as what it printed is flushed, leaving its memory to the system
// instead of freeing it object by object (a tenth of a corpus scan's wall time, on one thread, after the
// report was written), when main() allowed it (allow_exit_without_teardown); otherwise, and in sanitizer
// builds (LeakSanitizer checks what is left), returns `code`.
int exit_without_teardown(int code);
void allow_exit_without_teardown();

struct Setup {
  std::optional<ConfigFile> config;
  std::optional<Catalogue> catalogue;
  ScanOptions scan;
  std::string fail_on = "low";                      // --fail-on, else the file's fail_on
  std::optional<std::filesystem::path> baseline;    // --baseline, else the file's baseline
};

// Loads the configuration and the catalogue; returns 0, or the exit code after printing why.
int load_setup(const Options& options, Setup& setup);
// Fills setup.scan from the options and the configuration; returns 0, or the exit code after printing why.
int build_scan_options(const Options& options, Setup& setup);

}  // namespace vl::cli
