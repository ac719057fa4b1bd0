// The text report: findings grouped by file as `path:line:col  RULE  severity  message`, each with its
// source line, a caret under the span and the fix; then the per-vault verdicts and the counts. Colour
// only when asked (the CLI decides: a terminal, and NO_COLOR unset). Text quoted from the scanned files
// goes through visible(): a newline in a vault name must not forge a line, nor an ESC drive the terminal.
#include <map>
#include <unordered_map>

#include "policy/redaction.h"
#include "report/access_report.h"
#include "report/escape.h"
#include "report/report.h"

namespace vl {

namespace {

struct Palette {
  bool on;
  const char* red() const { return on ? "\x1b[31m" : ""; }
  const char* yellow() const { return on ? "\x1b[33m" : ""; }
  const char* cyan() const { return on ? "\x1b[36m" : ""; }
  const char* green() const { return on ? "\x1b[32m" : ""; }
  const char* bold() const { return on ? "\x1b[1m" : ""; }
  const char* dim() const { return on ? "\x1b[2m" : ""; }
  const char* reset() const { return on ? "\x1b[0m" : ""; }
  const char* severity(Severity s) const {
    switch (s) {
      case Severity::Critical:
      case Severity::High:
        return red();
      case Severity::Medium:
        return yellow();
      case Severity::Low:
        return cyan();
    }
    return "";
  }
  const char* verdict(const ControlVerdict& v) const {
    if (!v.verdict) return dim();
    return *v.verdict == Verdict::Pass ? green() : *v.verdict == Verdict::Fail ? red() : yellow();
  }
};

// The source line as shown: each control character becomes U+FFFD, one column wide, so the caret still
// lines up (tabs stay tabs); invalid UTF-8 goes through visible().
std::string shown_line(std::string_view line) {
  std::string out;
  for (char c : line) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) out += "\xEF\xBF\xBD";
    else out += c;
  }
  return visible(out);
}

// The source line with a caret line under the span (clipped to the first line); a secret the finding is
// about is masked (policy/redaction.h).
void write_excerpt(std::ostream& out, const SourceSet& sources, Span span, const Location& at, const Palette& p,
                   const std::vector<Span>& redact) {
  if (!span.valid() || at.line == 0) return;
  const SourceFile& file = sources.get(span.file);
  std::string masked;
  const std::string text = file.line_text(at.line);
  std::string_view line = text;
  if (line.size() > 300) return;  // minified JSON: the line says nothing readable
  if (!redact.empty()) {
    masked = mask_line(line, span.file, file.line_start(at.line), redact);
    line = masked;
  }
  std::string gutter = std::to_string(at.line);
  out << "  " << p.dim() << gutter << " | " << p.reset() << shown_line(line) << '\n';
  std::string marks;
  // Leading whitespace as written (tabs stay tabs) so the caret lines up.
  std::uint32_t col = 1;
  std::size_t i = 0;
  for (; i < line.size() && col < at.column; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    marks += (c == '\t') ? '\t' : ' ';
    ++col;
  }
  std::uint32_t end = at.end_line == at.line ? at.end_column : col + 1;
  if (end <= at.column) end = at.column + 1;
  marks += '^';
  for (std::uint32_t k = at.column + 1; k < end; ++k) marks += '~';
  out << "  " << std::string(gutter.size(), ' ') << p.dim() << " | " << p.reset() << p.green() << marks << p.reset()
      << '\n';
}

}  // namespace

void write_text_report(const ReportInput& in, std::ostream& out, bool color) {
  const ScanResult& scan = in.scan;
  Palette p{color};
  std::string previous_file;
  std::map<Severity, int> by_severity;
  int unresolved = 0;
  // A secret any finding names is masked in every quoted line (another rule may point at the same line).
  // By file: a line is checked against its own file's secrets only (against all of them, a repository
  // with thousands of findings spent most of its text report here).
  std::unordered_map<FileId, std::vector<Span>> secrets;
  for (const Finding& f : scan.findings) {
    for (const Span& s : f.redact) secrets[s.file].push_back(s);
  }
  const std::vector<Span> no_secrets;
  for (const Finding& f : scan.findings) {
    if (f.suppressed) continue;
    Location at = locate(*scan.sources, f.location);
    if (!previous_file.empty() && at.file != previous_file) out << '\n';
    previous_file = at.file;
    bool note = f.result == Verdict::Unresolved;
    if (note) ++unresolved;
    else by_severity[f.rule->severity]++;
    out << p.bold() << (at.file.empty() ? "(command line)" : visible(at.file)) << ':' << at.line << ':' << at.column << p.reset()
        << "  " << p.bold() << f.rule->id << p.reset() << "  " << (note ? p.dim() : p.severity(f.rule->severity))
        << (note ? "note" : severity_name(f.rule->severity)) << p.reset() << "  " << visible(f.message);
    out << '\n';
    auto in_file = secrets.find(f.location.file);
    write_excerpt(out, *scan.sources, f.location, at, p, in_file == secrets.end() ? no_secrets : in_file->second);
    std::string indent(4, ' ');
    if (!f.fix_text().empty() && !note) out << indent << p.cyan() << "fix: " << p.reset() << visible(f.fix_text()) << '\n';
    for (const RelatedLocation& r : f.related) {
      Location rl = locate(*scan.sources, r.span);
      if (rl.file.empty()) continue;
      out << indent << p.dim() << "see " << visible(rl.file) << ':' << rl.line << ':' << rl.column << ": " << visible(r.message)
          << p.reset() << '\n';
    }
    if (f.conditional) out << indent << p.dim() << "only if deployed: " << visible(f.condition_reason) << p.reset() << '\n';
    // Variants matter in text when the unit has several and the finding holds in some of them.
    bool several = f.unit < scan.units.size() && scan.units[f.unit].variants.size() > 1;
    if (several) {
      out << indent << p.dim() << (f.variants.size() == 1 ? "variant: " : "variants: ");
      for (std::size_t i = 0; i < f.variants.size(); ++i) out << (i ? ", " : "") << visible(f.variants[i]);
      out << p.reset() << '\n';
    }
    if (f.instances.size() > 1) {
      out << indent << p.dim() << "instances ";
      for (std::size_t i = 0; i < f.instances.size(); ++i) out << (i ? " " : "") << visible(f.instances[i]);
      out << p.reset() << '\n';
    }
    if (f.units.size() > 1) {
      out << indent << p.dim() << "deployed by ";
      for (std::size_t i = 0; i < f.units.size(); ++i) out << (i ? ", " : "") << visible(f.units[i]);
      out << p.reset() << '\n';
    }
  }

  if (!scan.vaults.empty()) {
    out << (scan.findings.empty() ? "" : "\n") << p.bold() << "Vaults" << p.reset()
        << " (rbac-network-and-recovery: rbac / network / recovery)\n";
    for (const VaultSummary& v : scan.vaults) {
      Location at = locate(*scan.sources, v.decl);
      out << "  " << visible(v.name) << "  " << p.dim() << visible(at.file) << ':' << at.line << ':' << at.column << p.reset();
      for (auto [label, verdict] : {std::pair{"rbac", &v.rbac}, {"network", &v.network}, {"recovery", &v.recovery}}) {
        out << "  " << label << ' ' << p.verdict(*verdict) << control_verdict_name(*verdict) << p.reset();
      }
      if (v.conditional) out << p.dim() << "  (conditional)" << p.reset();
      out << '\n';
      for (const VaultAccess& a : v.access) out << "    " << p.dim() << "access: " << p.reset() << visible(vault_access_line(a)) << '\n';
    }
  }

  int failing = 0;
  for (const auto& [s, n] : by_severity) failing += n;
  out << '\n' << failing << (failing == 1 ? " finding" : " findings");
  if (failing > 0) {
    out << " (";
    bool first = true;
    for (Severity s : {Severity::Critical, Severity::High, Severity::Medium, Severity::Low}) {
      if (!by_severity[s]) continue;
      out << (first ? "" : ", ") << by_severity[s] << ' ' << severity_name(s);
      first = false;
    }
    out << ')';
  }
  out << ", " << unresolved << " unresolved; " << scan.counts.units
      << (scan.counts.units == 1 ? " deployment unit" : " deployment units") << ", " << scan.counts.parameter_files
      << (scan.counts.parameter_files == 1 ? " parameter file" : " parameter files") << ", " << scan.vaults.size()
      << (scan.vaults.size() == 1 ? " vault" : " vaults");
  if (scan.counts.skipped_generated) out << ", " << scan.counts.skipped_generated << " compiled Bicep output skipped";
  out << ".\n";
}

}  // namespace vl
