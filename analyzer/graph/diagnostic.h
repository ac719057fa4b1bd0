// What a frontend reports about the input itself (a parse error, a module it cannot find), as opposed to
// what a rule finds in the graph. The policy engine turns these into KV001/KV002 findings.
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "source/span.h"

namespace vl {

struct RelatedLocation {
  Span span;
  std::string message;
};

struct Diagnostic {
  std::string rule;     // "KV001", "KV002"
  Span span;            // where it is
  std::string message;  // what is wrong
  std::vector<RelatedLocation> related;
  std::string fix = {};  // the fix for this cause; empty: one fitting the message (policy/diagnostic_fix.h)
};

// Collects diagnostics, each (rule, place, message) once: a copy loop or several variants evaluating the
// same broken expression report it once.
class DiagnosticSink {
 public:
  void add(Diagnostic d) {
    auto key = std::make_tuple(d.rule, d.span.file, d.span.begin, d.message);
    if (seen_.insert(std::move(key)).second) items_.push_back(std::move(d));
  }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic> take() { return std::move(items_); }

 private:
  std::vector<Diagnostic> items_;
  std::set<std::tuple<std::string, FileId, std::uint32_t, std::string>> seen_;
};

}  // namespace vl
