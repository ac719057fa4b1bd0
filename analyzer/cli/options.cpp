#include "cli/options.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <set>
#include <string_view>

namespace vl::cli {

namespace {

void add_scan_options(CLI::App& app, Options& o, bool report_format) {
  if (report_format) {
    app.add_option("--format", o.format, "Output format: text, json, sarif, junit, github or lsp")
        ->check(CLI::IsMember({"text", "json", "sarif", "junit", "lsp", "github"}));
    app.add_option("--sarif-category", o.sarif_category,
                   "SARIF automationDetails.id category (default vaultlint; a shard adds shard-I-of-N)");
    app.add_option("--stdin-filename", o.stdin_filename,
                   "Read this file's text from standard input (an editor's unsaved buffer); neighbours from disk");
    app.add_option("--baseline", o.baseline, "Drop the findings listed in this baseline file (from --write-baseline)");
    app.add_option("--write-baseline", o.write_baseline, "Write the current findings to this baseline file");
    app.add_option("--shard", o.shard, "Report only shard I of N of the deployment units (every shard links all)");
    app.add_flag("--link-repo", o.link_repo,
                 "Link the whole repository of the paths given but report only findings about them (pre-commit)");
    app.add_flag("--fix", o.fix,
                 "Apply the certain edits (one property set or added where the value is written), checked by a rescan");
    app.add_flag("--dry-run", o.dry_run, "With --fix: print the edits as a unified diff and change nothing");
  }
  app.add_option("--output,-o", o.output, "Write the report to FILE instead of standard output");
  app.add_option("--param-file", o.param_files, "ARM parameter file; applies to every template it fits")
      ->allow_extra_args(false);
  app.add_option("--param", o.params, "Parameter value NAME=VALUE for every template that declares NAME")
      ->allow_extra_args(false);
  app.add_option("--var-file", o.var_files, "Terraform variable file (.tfvars or .tfvars.json); repeatable")
      ->allow_extra_args(false);
  app.add_option("--var", o.vars, "Terraform variable NAME=VALUE for every root module that declares NAME")
      ->allow_extra_args(false);
  app.add_option("--bicep-cache", o.bicep_cache, "The Bicep module cache for br:/ts: modules (default ~/.bicep)");
  app.add_option("--policies", o.policies, "Folder of extra rule YAML files");
  app.add_option("--rule", o.rules, "Run only these rules (ids or names; repeatable, comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--skip-rule", o.skip_rules, "Do not run these rules")->delimiter(',')->allow_extra_args(false);
  app.add_option("--min-severity", o.min_severity, "Report only findings at or above: low, medium, high, critical")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  app.add_option("--fail-on", o.fail_on, "Exit 1 for failing findings at or above this severity, or none")
      ->check(CLI::IsMember({"none", "low", "medium", "high", "critical"}));
  app.add_flag("--strict", o.strict, "Treat unresolved results as failures");
  app.add_option("--as-of", o.as_of, "The date (YYYY-MM-DD) that API version retirement is judged against");
  app.add_option("--jobs,-j", o.jobs, "Parallel threads (default: one per hardware thread)");
  app.add_option("--max-file-size", o.max_file_size, "Skip (and report) files larger than this (default 32MB)");
  app.add_flag("--no-gitignore", o.no_gitignore, "Scan files that .gitignore excludes");
  app.add_option("--exclude", o.excludes, "Leave out paths matching this glob (repeatable)")->allow_extra_args(false);
  app.add_option("--config", o.config, "Configuration file (default: .vaultlint.yaml in the scan root or above)");
}

// The options given on the command line, by their long name: they win over the configuration file.
void record_given(const CLI::App& app, Options& o) {
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->count() > 0 && !opt->get_lnames().empty()) o.given.insert("--" + opt->get_lnames().front());
  }
}

}  // namespace

ParseOutcome parse_command_line(int argc, char** argv) {
  ParseOutcome result;
  Options& o = result.options;

  // `vaultlint --version` alone is answered before the parser is built: building it (every command's
  // options) was three quarters of the run. The same line as CLI11's version flag prints.
  if (argc == 2 && (std::string_view(argv[1]) == "--version" || std::string_view(argv[1]) == "-V")) {
    std::cout << "vaultlint " << VAULTLINT_VERSION << std::endl;
    return result;  // exit code 0
  }

  // `vaultlint [scan] [PATH...]`: without a command word, the arguments are a scan's.
  static const std::set<std::string> commands{"scan", "rules", "explain", "graph", "lsp"};
  std::vector<std::string> args(argv + 1, argv + argc);
  bool top_level_flag = !args.empty() && (args[0] == "--version" || args[0] == "-V" || args[0] == "--help" || args[0] == "-h");
  if (!top_level_flag && (args.empty() || !commands.count(args[0]))) args.insert(args.begin(), "scan");

  CLI::App app{"vaultlint: offline checks of Azure Key Vault posture in ARM, Bicep and Terraform"};
  app.name("vaultlint");
  app.set_version_flag("--version,-V", std::string("vaultlint ") + VAULTLINT_VERSION);
  app.require_subcommand(0, 1);

  // Only the command given gets its options (building the options of scan, graph and lsp took most of a
  // one-file run's parsing); a top-level --help or --version builds them all.
  auto given = [&](const char* command) { return top_level_flag || args[0] == command; };
  CLI::App* scan = app.add_subcommand("scan", "Scan files and folders (the default command)");
  if (given("scan")) {
    scan->add_option("paths", o.paths, "Files and folders to scan (default: .)");
    add_scan_options(*scan, o, true);
  }

  CLI::App* rules = app.add_subcommand("rules", "List the rule catalogue");
  rules->add_option("--policies", o.policies, "Folder of extra rule YAML files");
  CLI::App* explain = app.add_subcommand("explain", "Explain one rule, with its fixes");
  explain->add_option("rule", o.explain_id, "Rule id or name")->required();
  explain->add_option("--policies", o.policies, "Folder of extra rule YAML files");

  CLI::App* graph = app.add_subcommand("graph", "Print the resource graph of the scanned files");
  if (given("graph")) {
    graph->add_option("paths", o.paths, "Files and folders");
    graph->add_option("--format", o.format, "json or dot")->check(CLI::IsMember({"json", "dot"}));
    add_scan_options(*graph, o, false);
  }

  CLI::App* lsp = app.add_subcommand("lsp", "Run the language server (JSON-RPC over standard input and output)");
  if (given("lsp")) add_scan_options(*lsp, o, false);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    result.exit_code = app.exit(e);
    return result;
  } catch (const CLI::CallForVersion& e) {
    app.exit(e);
    result.exit_code = 0;
    return result;
  } catch (const CLI::ParseError& e) {
    std::cerr << "vaultlint: " << e.what() << "\n";
    result.exit_code = 2;
    return result;
  }
  record_given(*scan, o);
  record_given(*graph, o);
  record_given(*lsp, o);
  if (app.got_subcommand("rules")) o.command = Command::Rules;
  else if (app.got_subcommand("explain")) o.command = Command::Explain;
  else if (app.got_subcommand("graph")) o.command = Command::Graph;
  else if (app.got_subcommand("lsp")) o.command = Command::Lsp;
  else o.command = Command::Scan;
  if (o.command == Command::Graph && o.format == "text") o.format = "json";
  result.ok = true;
  return result;
}

}  // namespace vl::cli
