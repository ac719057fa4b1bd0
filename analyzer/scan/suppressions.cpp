#include <algorithm>
#include <tuple>

#include "scan/stages.h"

namespace vl::scan {

std::vector<Diagnostic> apply_suppressions(std::vector<Finding>& findings, std::vector<Suppression> suppressions,
                                           const Catalogue& catalogue) {
  // Variants and loop instances find the same metadata suppression many times: keep one of each.
  auto key = [](const Suppression& s) { return std::make_tuple(s.written.file, s.written.begin, s.written.end, s.rules); };
  std::sort(suppressions.begin(), suppressions.end(), [&](const Suppression& a, const Suppression& b) { return key(a) < key(b); });
  suppressions.erase(std::unique(suppressions.begin(), suppressions.end(),
                                 [&](const Suppression& a, const Suppression& b) { return key(a) == key(b); }),
                     suppressions.end());

  for (Finding& f : findings) {
    if (!f.rule || f.rule->id == "KV003") continue;
    for (const Suppression& s : suppressions) {
      if (!s.covers(f.location)) continue;
      if (std::find(s.rules.begin(), s.rules.end(), f.rule->id) == s.rules.end()) continue;
      f.suppressed = true;
      f.suppression_reason = s.reason;
      break;
    }
  }

  std::vector<Diagnostic> out;
  for (const Suppression& s : suppressions) {
    if (s.rules.empty()) {
      out.push_back(Diagnostic{"KV003", s.written, "the suppression names no rule id (such as KV122), so it suppresses nothing", {}});
      continue;
    }
    for (const std::string& id : s.rules) {
      if (!catalogue.find(id)) {
        out.push_back(Diagnostic{"KV003", s.written, "the suppression names " + id + ", which is not a rule (see `vaultlint rules`)", {}});
      }
    }
    if (s.reason.empty()) {
      std::string ids;
      for (const std::string& id : s.rules) ids += (ids.empty() ? "" : ", ") + id;
      out.push_back(Diagnostic{"KV003", s.written, "the suppression of " + ids + " gives no reason", {}});
    }
  }
  return out;
}

}  // namespace vl::scan
