// The command line, parsed in one place (the only file that includes CLI11: it is slow to compile).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vl::cli {

enum class Command { Scan, Rules, Explain, Graph, Lsp, Version };

struct Options {
  Command command = Command::Scan;
  std::vector<std::string> paths;
  std::string format = "text";
  std::optional<std::string> output;
  std::vector<std::string> param_files;
  std::vector<std::string> params;       // NAME=VALUE
  std::vector<std::string> var_files;
  std::vector<std::string> vars;         // NAME=VALUE
  std::optional<std::string> bicep_cache;
  std::optional<std::string> policies;
  std::vector<std::string> rules, skip_rules;
  std::optional<std::string> min_severity;
  std::string fail_on = "low";
  bool strict = false;
  std::optional<std::string> as_of;
  unsigned jobs = 0;                     // 0: one per hardware thread
  std::string max_file_size = "32MB";
  bool no_gitignore = false;
  std::vector<std::string> excludes;
  std::string explain_id;
  // Adoption and CI (issue 21).
  std::optional<std::string> config;          // --config FILE (default: .vaultlint.yaml found upward)
  std::optional<std::string> baseline;        // --baseline FILE
  std::optional<std::string> write_baseline;  // --write-baseline FILE
  std::optional<std::string> shard;           // --shard I/N
  std::optional<std::string> sarif_category;  // --sarif-category NAME
  std::optional<std::string> stdin_filename;  // --stdin-filename NAME
  bool link_repo = false;                     // --link-repo: link the repository, report the paths given
  bool fix = false;                           // --fix: apply the certain edits
  bool dry_run = false;                       // --dry-run (with --fix): print them as a unified diff
  bool ignore_config = false;                 // not a flag: the language server's fallback after a broken file
  std::set<std::string> given;                // the options given on the command line (they win over the file)
};

struct ParseOutcome {
  bool ok = false;
  int exit_code = 0;     // when !ok: 0 after --help or --version, 2 after a usage error
  Options options;
};

ParseOutcome parse_command_line(int argc, char** argv);

}  // namespace vl::cli
