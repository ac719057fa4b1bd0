// The report writers: one function per format, all over the same scan result. Text and JSON are the
// spine's; SARIF, JUnit, LSP and GitHub annotations plug in beside them.
#pragma once

#include <ostream>
#include <string>

#include "policy/catalogue.h"
#include "scan/scan.h"

namespace vl {

struct ReportInput {
  const ScanResult& scan;
  const Catalogue& catalogue;
  std::string version;
};

// Where a span is, as reports show it: 1-based line and code-point column, end exclusive.
struct Location {
  std::string file;  // empty when the span has no file (a --param value)
  std::uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
};
Location locate(const SourceSet& sources, Span span);

void write_text_report(const ReportInput& in, std::ostream& out, bool color);
void write_json_report(const ReportInput& in, std::ostream& out);

// "pass", "fail", "unresolved"; "not-applicable" when no rule of the control applies to the resource
// type, "not-checked" when those rules were switched off.
const char* control_verdict_name(const ControlVerdict& v);

}  // namespace vl
