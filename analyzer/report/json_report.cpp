// The JSON report: one object {"version", "findings", "summary"} (DESIGN section 6).
#include <map>
#include <nlohmann/json.hpp>

#include "report/access_report.h"
#include "report/report.h"

namespace vl {

namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json finding_json(const Finding& f, const SourceSet& sources) {
  Location at = locate(sources, f.location);
  ordered_json j;
  j["rule"] = f.rule->id;
  j["name"] = f.rule->name;
  j["severity"] = severity_name(f.rule->severity);
  j["result"] = verdict_name(f.result);
  j["file"] = at.file.empty() ? ordered_json(nullptr) : ordered_json(at.file);
  j["line"] = at.line;
  j["column"] = at.column;
  j["end_line"] = at.end_line;
  j["end_column"] = at.end_column;
  j["message"] = f.message;
  j["reason"] = f.reason.empty() ? ordered_json(nullptr) : ordered_json(f.reason);
  j["resource"] = f.resource.empty() ? ordered_json(nullptr) : ordered_json(f.resource);
  j["units"] = f.units;
  j["variants"] = f.variants;
  j["instances"] = f.instances;
  j["conditional"] = f.conditional;
  j["fix"] = f.fix_text();
  j["fingerprint"] = f.fingerprint;
  ordered_json related = ordered_json::array();
  for (const RelatedLocation& r : f.related) {
    Location rl = locate(sources, r.span);
    ordered_json rj;
    rj["file"] = rl.file.empty() ? ordered_json(nullptr) : ordered_json(rl.file);
    rj["line"] = rl.line;
    rj["column"] = rl.column;
    rj["message"] = r.message;
    related.push_back(std::move(rj));
  }
  j["related"] = std::move(related);
  return j;
}

// One value as the whole document's dump(2) writes it at `depth` (its lines indented to that depth); JSON
// strings hold no raw line break, so every one is the document's.
std::string dumped(const ordered_json& j, int depth) {
  // Replace invalid UTF-8 rather than throw: messages quote file content.
  std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (depth == 0) return text;
  const std::string indent = "\n" + std::string(static_cast<std::size_t>(depth) * 2, ' ');
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t from = 0;  // a line at a time: a byte at a time was most of the report's instructions
  for (std::size_t line_end; (line_end = text.find('\n', from)) != std::string::npos; from = line_end + 1) {
    out.append(text, from, line_end - from);
    out += indent;
  }
  out.append(text, from, std::string::npos);
  return out;
}

}  // namespace

void write_json_report(const ReportInput& in, std::ostream& out) {
  const ScanResult& scan = in.scan;
  // Written a finding at a time, as one dump of the whole document would write it: the document of a
  // large repository's findings took more memory than the scan's graph.
  out << "{\n  \"version\": " << dumped(ordered_json(in.version), 1) << ",\n  \"findings\": [";
  std::map<std::string, int> by_severity{{"critical", 0}, {"high", 0}, {"medium", 0}, {"low", 0}};
  std::map<std::string, int> by_rule;
  int failing = 0, unresolved = 0;
  bool first = true;
  for (const Finding& f : scan.findings) {
    if (f.suppressed) continue;  // kept for SARIF's `suppressions`, dropped here
    out << (first ? "\n    " : ",\n    ") << dumped(finding_json(f, *scan.sources), 2);
    first = false;
    (f.result == Verdict::Fail ? failing : unresolved)++;
    if (f.result == Verdict::Fail) by_severity[severity_name(f.rule->severity)]++;
    by_rule[f.rule->id]++;
  }
  out << (first ? "]" : "\n  ]");

  ordered_json summary;
  summary["files"] = scan.counts.files;
  summary["units"] = scan.counts.units;
  summary["parameter_files"] = scan.counts.parameter_files;
  summary["modules"] = scan.counts.modules;
  summary["skipped_generated"] = scan.counts.skipped_generated;
  summary["resources"] = scan.counts.resources;
  ordered_json counts;
  counts["total"] = failing + unresolved;
  counts["fail"] = failing;
  counts["unresolved"] = unresolved;
  counts["by_severity"] = by_severity;
  counts["by_rule"] = by_rule;
  summary["findings"] = std::move(counts);
  ordered_json vaults = ordered_json::array();
  for (const VaultSummary& v : scan.vaults) {
    Location at = locate(*scan.sources, v.decl);
    ordered_json vj;
    vj["name"] = v.name;
    vj["type"] = v.type;
    vj["file"] = at.file;
    vj["line"] = at.line;
    vj["column"] = at.column;
    vj["rbac"] = control_verdict_name(v.rbac);
    vj["network"] = control_verdict_name(v.network);
    vj["recovery"] = control_verdict_name(v.recovery);
    vj["variants"] = v.variants;
    // The deployment unit it is deployed by, as findings name theirs (`units`): a module's vault is one
    // entry per unit that deploys it.
    vj["unit"] = v.unit < scan.units.size() ? ordered_json(scan.units[v.unit].identity) : ordered_json(nullptr);
    vj["conditional"] = v.conditional;
    vj["access"] = vault_access_json(v, *scan.sources);  // who reaches it, with which role, from which scope
    vaults.push_back(std::move(vj));
  }
  summary["vaults"] = std::move(vaults);
  out << ",\n  \"summary\": " << dumped(summary, 1) << "\n}\n";
}

}  // namespace vl
