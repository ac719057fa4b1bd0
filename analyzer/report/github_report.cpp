// GitHub Actions workflow commands, one line per finding, which the runner turns into annotations on the
// pull request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=KV122::message`. Severity picks
// the command (critical and high: error, medium: warning, low and unresolved: notice).
//
// Escaping is the runner's: in the message `%`, CR and LF become %25, %0D, %0A; in a property also `:`
// and `,` (%3A, %2C), which would otherwise end the property. Control characters in quoted text are made
// visible first, so a newline in a vault name cannot start a command of its own.
#include "report/escape.h"
#include "report/report.h"

namespace vl {

namespace {

std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

const char* command_of(const Finding& f) {
  if (f.result == Verdict::Unresolved) return "notice";
  switch (f.rule->severity) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low: return "notice";
  }
  return "notice";
}

}  // namespace

void write_github_report(const ReportInput& in, std::ostream& out) {
  const ScanResult& scan = in.scan;
  for (const Finding& f : scan.findings) {
    if (f.suppressed) continue;
    Location at = locate(*scan.sources, f.location);
    std::string properties;
    if (!at.file.empty()) {
      properties = "file=" + escape_property(visible(at.file)) + ",line=" + std::to_string(at.line) +
                   ",col=" + std::to_string(at.column) + ",endLine=" + std::to_string(at.end_line) +
                   ",endColumn=" + std::to_string(at.end_column) + ",";
    }
    properties += "title=" + escape_property(f.rule->id);
    // Newlines of our own separate the message, the fix and where values came from.
    std::string text = visible(f.message);
    if (f.result == Verdict::Fail && !f.fix_text().empty()) text += "\nFix: " + visible(f.fix_text());
    for (const RelatedLocation& r : f.related) {
      Location rl = locate(*scan.sources, r.span);
      if (rl.file.empty()) continue;
      text += "\nSee " + visible(rl.file) + ":" + std::to_string(rl.line) + ":" + std::to_string(rl.column) + ": " +
              visible(r.message);
    }
    out << "::" << command_of(f) << ' ' << properties << "::" << escape_data(text) << '\n';
  }
}

}  // namespace vl
