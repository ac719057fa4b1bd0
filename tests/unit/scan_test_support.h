// What the scan tests compare of two results: everything a report shows, one line each, in the result's
// order (findings with their places, fingerprints, merges and suppressions; vaults with their verdicts).
#pragma once

#include <sstream>
#include <string>

#include "scan/scan.h"

namespace vl::test {

inline std::string control_name(const ControlVerdict& v) { return v.verdict ? verdict_name(*v.verdict) : "-"; }

inline std::string describe(const ScanResult& r) {
  std::ostringstream out;
  for (const Finding& f : r.findings) {
    const SourceFile* file = f.location.valid() ? &r.sources->get(f.location.file) : nullptr;
    out << (f.rule ? f.rule->id : "?") << ' ' << (file ? file->display() : "-") << ':' << f.location.begin << '-'
        << f.location.end << ' ' << verdict_name(f.result) << ' ' << f.fingerprint << ' ' << f.message << " [";
    for (const RelatedLocation& rel : f.related) {
      out << (rel.span.valid() ? r.sources->get(rel.span.file).display() : "-") << ':' << rel.span.begin << ' ';
    }
    out << "] units=";
    for (const std::string& u : f.units) out << u << ',';
    out << " variants=";
    for (const std::string& v : f.variants) out << v << ',';
    out << " instances=";
    for (const std::string& i : f.instances) out << i << ',';
    out << " fixes=" << f.fix_sites.size() << " unit=" << (f.unit < r.units.size() ? r.units[f.unit].identity : "-")
        << (f.suppressed ? " suppressed " + f.suppression_reason : "") << '\n';
  }
  for (const VaultSummary& v : r.vaults) {
    out << "vault " << v.name << ' ' << (v.unit < r.units.size() ? r.units[v.unit].identity : "-") << ' ' << v.decl.begin
        << ' ' << control_name(v.rbac) << control_name(v.network) << control_name(v.recovery) << " access "
        << v.access.size() << '\n';
  }
  out << "units " << r.counts.units << " modules " << r.counts.modules << " resources " << r.counts.resources
      << " parse_errors " << r.parse_errors << '\n';
  return out.str();
}

}  // namespace vl::test
