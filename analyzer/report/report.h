// The report writers: one function per format, all over the same scan result (text_report.cpp,
// json_report.cpp, sarif_report.cpp, junit_report.cpp, github_report.cpp, lsp_report.cpp).
#pragma once

#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "policy/catalogue.h"
#include "scan/scan.h"

namespace vl {

struct ReportInput {
  const ScanResult& scan;
  const Catalogue& catalogue;
  std::string version;
  std::set<std::string> rules = {};            // the rules that ran and are reported (JUnit's testcases)
  std::string automation_id = {};              // SARIF automationDetails.id, "category/" (CI fan-out)
  const std::vector<Finding>* baselined = nullptr;  // findings dropped by --baseline: SARIF suppresses them
  std::string baseline_file = {};
  // When the scan reports on some files only (--stdin-filename, --link-repo): LSP lists just those, so an
  // editor does not clear the diagnostics of files outside the selection.
  const std::set<std::filesystem::path>* documents = nullptr;
};

// Where a span is, as reports show it: 1-based line and code-point column, end exclusive.
struct Location {
  std::string file;  // empty when the span has no file (a --param value)
  std::uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
};
Location locate(const SourceSet& sources, Span span);

void write_text_report(const ReportInput& in, std::ostream& out, bool color);
void write_json_report(const ReportInput& in, std::ostream& out);
void write_sarif_report(const ReportInput& in, std::ostream& out);
void write_junit_report(const ReportInput& in, std::ostream& out);
void write_github_report(const ReportInput& in, std::ostream& out);
void write_lsp_report(const ReportInput& in, std::ostream& out);

// The project's home page (SARIF's informationUri).
std::string project_homepage();
// Where a rule is documented: its YAML file in the project's repository (built-in rules) or on disk
// (a user's --policies rule). SARIF's helpUri and LSP's codeDescription.href.
std::string rule_help_uri(const Rule& rule);
// The text of a rule's help (summary, description, fix, snippets) as plain text or Markdown.
std::string rule_help(const Rule& rule, bool markdown);

// "pass", "fail", "unresolved"; "not-applicable" when no rule of the control applies to the resource
// type, "not-checked" when those rules were switched off.
const char* control_verdict_name(const ControlVerdict& v);

}  // namespace vl
