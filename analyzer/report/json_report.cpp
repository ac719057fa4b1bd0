// The JSON report: one object {"version", "findings", "summary"} (DESIGN section 6).
#include <map>
#include <nlohmann/json.hpp>

#include "report/access_report.h"
#include "report/report.h"

namespace vl {

namespace {

using ordered_json = nlohmann::ordered_json;

// A finding written straight to `out` as dumped(finding as a JSON object, 2) would write it: the same keys
// in the same order, the same layout, the same escapes (a string with anything but plain ASCII to escape
// is written by nlohmann itself). Building a JSON document per finding and dumping it was a seventh of
// the instructions of a scan of many small templates.
class FindingWriter {
 public:
  explicit FindingWriter(std::string& out) : out_(out) {}

  void write(const Finding& f, const SourceSet& sources) {
    const Location at = locate(sources, f.location);
    out_ += '{';
    key(3, "rule"), string(f.rule->id);
    key(3, "name"), string(f.rule->name);
    key(3, "severity"), string(severity_name(f.rule->severity));
    key(3, "result"), string(verdict_name(f.result));
    key(3, "file"), string_or_null(at.file);
    key(3, "line"), number(at.line);
    key(3, "column"), number(at.column);
    key(3, "end_line"), number(at.end_line);
    key(3, "end_column"), number(at.end_column);
    key(3, "message"), string(f.message);
    key(3, "reason"), string_or_null(f.reason);
    key(3, "resource"), string_or_null(f.resource);
    key(3, "units"), strings(3, f.units);
    key(3, "variants"), strings(3, f.variants);
    key(3, "instances"), strings(3, f.instances);
    key(3, "conditional"), out_ += f.conditional ? "true" : "false";
    key(3, "fix"), string(f.fix_text());
    key(3, "fingerprint"), string(f.fingerprint);
    key(3, "related");
    if (f.related.empty()) {
      out_ += "[]";
    } else {
      out_ += '[';
      for (std::size_t i = 0; i < f.related.size(); ++i) {
        if (i) out_ += ',';
        line(4), out_ += '{';
        first_ = true;
        const Location rl = locate(sources, f.related[i].span);
        key(5, "file"), string_or_null(rl.file);
        key(5, "line"), number(rl.line);
        key(5, "column"), number(rl.column);
        key(5, "message"), string(f.related[i].message);
        line(4), out_ += '}';
      }
      line(3), out_ += ']';
    }
    line(2), out_ += '}';
    first_ = true;
  }

 private:
  // A new line at `depth` (two spaces a level; the findings array's items are at depth 2).
  void line(int depth) {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
  }
  // The separator before the next member of the object at depth - 1, and its key (plain ASCII).
  void key(int depth, const char* name) {
    if (!first_) out_ += ',';
    first_ = false;
    line(depth);
    out_ += '"';
    out_ += name;
    out_ += "\": ";
  }
  void number(std::uint32_t n) { out_ += std::to_string(n); }
  void string(std::string_view s) {
    for (char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
        out_ += ordered_json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
    }
    out_ += '"';
    out_ += s;
    out_ += '"';
  }
  void string_or_null(const std::string& s) {
    if (s.empty()) out_ += "null";
    else string(s);
  }
  void strings(int depth, const std::vector<std::string>& items) {
    if (items.empty()) {
      out_ += "[]";
      return;
    }
    out_ += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out_ += ',';
      line(depth + 1);
      string(items[i]);
    }
    line(depth);
    out_ += ']';
  }

  std::string& out_;
  bool first_ = true;
};

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
  std::string text;
  FindingWriter writer(text);
  for (const Finding& f : scan.findings) {
    if (f.suppressed) continue;  // kept for SARIF's `suppressions`, dropped here
    text.assign(first ? "\n    " : ",\n    ");
    writer.write(f, *scan.sources);
    out << text;
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
