// Baselines, for adopting vaultlint in a repository that already has findings: `--write-baseline FILE`
// records the current findings, `--baseline FILE` drops the findings it lists from the report and the
// exit code, so only new ones fail. Findings are keyed by their fingerprint (rule, deployment unit,
// resource identity and property; DESIGN section 6), never by line, so the baseline survives edits
// above a finding and renames of other resources. The file is JSON, sorted, one finding per entry with
// its rule, file and message as well, so a reviewer can read what was accepted.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "policy/finding.h"
#include "source/source_file.h"

namespace vl::cli {

// Reads a baseline's fingerprints; false with `error` when the file is missing or not a baseline.
bool read_baseline(const std::filesystem::path& path, std::set<std::string>& fingerprints, std::string& error);

// Writes the findings that are not suppressed; false with `error` when the file cannot be written.
bool write_baseline(const std::filesystem::path& path, const std::vector<Finding>& findings, const SourceSet& sources,
                    const std::string& version, std::string& error);

}  // namespace vl::cli
