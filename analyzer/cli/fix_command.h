// `vaultlint scan --fix` and `--fix --dry-run`: the certain edits (fix/) of the findings a scan reports,
// checked by a rescan before anything is written (scan/'s ScanSession, with the edited texts as buffers):
// each fixed finding must be gone, and no other finding may appear or go away, except those the edit's
// rule names in `also_resolves` on the same resource or on a resource whose finding points at it (a role
// assignment reaching the fixed vault). Edits that fail the check are left out and said.
#pragma once

#include <string>
#include <vector>

#include "cli/options.h"
#include "policy/catalogue.h"
#include "scan/scan.h"

namespace vl::cli {

struct FixOutcome {
  int exit_code = 0;              // not 0: stop with it (a file could not be written)
  std::string diff;               // --dry-run: the unified diff of every file the edits change
  std::size_t files_written = 0;
};

// `result`: what the scan reports (its failing, unsuppressed findings are fixed); `complete`: every
// finding of the same scan, before any selection (what the rescan is compared with).
FixOutcome apply_fixes(const Options& options, const ScanOptions& scan, const Catalogue& catalogue,
                       const ScanResult& result, const std::vector<Finding>& complete);

}  // namespace vl::cli
