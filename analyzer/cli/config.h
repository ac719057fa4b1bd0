// The configuration file, `.vaultlint.yaml`: what a repository keeps instead of repeating flags.
//
//   exclude: [legacy/**, "**/generated/*.json"]   # globs relative to the file's folder
//   rules: {KV132: on, api-version: off}          # switch rules on or off (ids or names)
//   severity: {KV112: high}                       # override a rule's severity
//   parameter_files:                               # an ARM template's parameter files (its variants)
//     infra/main.json: [infra/prod.json, infra/dev.json]
//   fail_on: medium                                # none, low, medium, high, critical
//   as_of: 2026-11-25
//   policies: [policies-extra]                     # folders of extra rule files
//   baseline: .vaultlint-baseline.json             # as --baseline
//
// Paths are relative to the folder that holds the file. Command-line flags win: a flag given replaces
// the key (--exclude the `exclude` list, --rule and --skip-rule act after `rules`). Unknown keys and bad
// values are configuration errors (exit 2) that name the file, line and column of the key.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/catalogue.h"

namespace vl::cli {

struct ConfigPlace {
  int line = 0, column = 0;  // 1-based
};

struct ConfigFile {
  std::filesystem::path path;  // as found or given
  std::filesystem::path dir;   // absolute: relative paths in the file are relative to it
  std::vector<std::string> exclude;
  struct RuleSwitch {
    std::string rule;
    bool on = true;
    ConfigPlace at;
  };
  std::vector<RuleSwitch> rules;
  struct SeverityOverride {
    std::string rule;
    Severity severity = Severity::Medium;
    ConfigPlace at;
  };
  std::vector<SeverityOverride> severity;
  std::map<std::filesystem::path, std::vector<std::filesystem::path>> parameter_files;  // absolute
  std::optional<std::string> fail_on, as_of;
  std::vector<std::filesystem::path> policies;       // absolute
  std::optional<std::filesystem::path> baseline;     // absolute
  // A configuration found in the scanned folders comes with the pull request: it may name only files
  // inside its repository (policies, baseline, parameter files), and is itself read only from inside it.
  // Empty for one given with --config, which the user vouches for.
  std::filesystem::path boundary;

  // "file:line:column: message" for a place in this file.
  std::string error_at(const ConfigPlace& at, const std::string& message) const;
};

// `.vaultlint.yaml` (or `.vaultlint.yml`) in the scan root or the nearest folder above it, up to the root
// of its repository.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& scan_root);

// Reads and checks a configuration file. On an error returns false with `error` as "file:line:column:
// message" (the key that is wrong, or the list item). `found`: it was found in the scanned folders
// (find_config), not given with --config, so it is bounded by its repository (ConfigFile::boundary).
bool load_config(const std::filesystem::path& path, ConfigFile& config, std::string& error, bool found = false);

// Checks the rule ids the file names against the catalogue (known only once `policies` are loaded) and
// applies the severity overrides to it; returns the error, or empty.
std::string apply_config_rules(const ConfigFile& config, Catalogue& catalogue);

// Is `text` a calendar date written YYYY-MM-DD (2026-02-29 is not; 2028-02-29 is)?
bool is_calendar_date(std::string_view text);

}  // namespace vl::cli
