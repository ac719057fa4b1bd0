// `--format lsp`: one JSON object per line and file, {"uri": "file:///…", "diagnostics": [...]}, with
// Language Server Protocol Diagnostics, for editors that run the CLI on save. Positions are LSP's own:
// 0-based lines and UTF-16 code-unit characters (a character above the BMP, an emoji, counts two), end
// exclusive. Every file the scan read (or, for a selection, each file selected) gets a line, with an empty
// list when it has nothing, so an editor clears what a fix removed.
#include <map>
#include <nlohmann/json.hpp>

#include "report/escape.h"
#include "report/lsp_diagnostic.h"
#include "report/report.h"

namespace vl {

namespace {

using ordered_json = nlohmann::ordered_json;

// LSP DiagnosticSeverity: Error 1, Warning 2, Information 3, Hint 4.
int severity_of(const Finding& f) {
  if (f.result == Verdict::Unresolved) return 3;
  switch (f.rule->severity) {
    case Severity::Critical:
    case Severity::High: return 1;
    case Severity::Medium: return 2;
    case Severity::Low: return 3;
  }
  return 3;
}

}  // namespace

ordered_json lsp_range(const SourceFile& file, Span span, PositionEncoding encoding) {
  auto at = [&](std::uint32_t offset) {
    return encoding == PositionEncoding::Utf8 ? file.utf8_position(offset) : file.utf16_position(offset);
  };
  Position b = at(span.begin);
  Position e = at(span.end > span.begin ? span.end : span.begin);
  return {{"start", {{"line", b.line}, {"character", b.column}}}, {"end", {{"line", e.line}, {"character", e.column}}}};
}

ordered_json lsp_diagnostic(const Finding& f, const SourceSet& sources, PositionEncoding encoding) {
  const SourceFile& file = sources.get(f.location.file);
  ordered_json d;
  d["range"] = lsp_range(file, f.location, encoding);
  d["severity"] = severity_of(f);
  d["code"] = f.rule->id;
  if (std::string href = rule_help_uri(*f.rule); !href.empty()) d["codeDescription"] = {{"href", href}};
  d["source"] = "vaultlint";
  std::string text = f.message;
  if (f.result == Verdict::Fail && !f.fix_text().empty()) text += "\nFix: " + f.fix_text();
  d["message"] = text;
  ordered_json related = ordered_json::array();
  for (const RelatedLocation& r : f.related) {
    if (!r.span.valid()) continue;
    const SourceFile& rf = sources.get(r.span.file);
    related.push_back({{"location", {{"uri", file_uri(rf.path())}, {"range", lsp_range(rf, r.span, encoding)}}}, {"message", r.message}});
  }
  if (!related.empty()) d["relatedInformation"] = std::move(related);
  d["data"] = {{"fingerprint", f.fingerprint}, {"result", verdict_name(f.result)}, {"name", f.rule->name}};
  return d;
}

void write_lsp_report(const ReportInput& in, std::ostream& out) {
  const SourceSet& sources = *in.scan.sources;
  // By URI: a file read twice under two spellings is still one document.
  std::map<std::string, ordered_json> by_uri;
  for (FileId id = 0; id < sources.size(); ++id) {
    if (in.documents && !in.documents->count(sources.get(id).path())) continue;
    by_uri.emplace(file_uri(sources.get(id).path()), ordered_json::array());
  }
  for (const Finding& f : in.scan.findings) {
    if (f.suppressed || !f.location.valid()) continue;  // a --param value has no document to mark
    by_uri[file_uri(sources.get(f.location.file).path())].push_back(lsp_diagnostic(f, sources, PositionEncoding::Utf16));
  }
  for (auto& [uri, diagnostics] : by_uri) {
    ordered_json line;
    line["uri"] = uri;
    line["diagnostics"] = std::move(diagnostics);
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
}

}  // namespace vl
