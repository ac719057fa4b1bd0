// Evaluates the catalogue's checks over the graph: every enabled rule on every resource it applies to
// (existing resources are references, never checked), and turns frontend diagnostics into findings.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "policy/catalogue.h"
#include "policy/check_context.h"
#include "policy/finding.h"

namespace vl {

struct EngineResult {
  std::vector<Finding> findings;      // unmerged: one per resource instance and variant
  std::vector<std::uint32_t> about;   // by finding: the graph index of the resource it is about
  std::vector<VaultVerdict> vaults;   // one per vault resource (instance and variant)
};

class Engine {
 public:
  // `enabled`: the rule ids to run (after --rule/--skip-rule and each rule's default).
  Engine(const Catalogue& catalogue, std::set<std::string> enabled, EngineOptions options);

  EngineResult run(const Graph& graph) const;
  // The resources [first, last) only: a large graph is evaluated in slices on several threads, and the
  // slices' results, put together in order, are run(graph)'s.
  EngineResult run(const Graph& graph, std::uint32_t first, std::uint32_t last) const;
  Finding from_diagnostic(const Diagnostic& d, std::uint32_t unit) const;
  bool enabled(const std::string& id) const { return enabled_.count(id) > 0; }

 private:
  Finding finding(const Rule& rule, const CheckContext& ctx, Outcome o) const;

  const Catalogue& catalogue_;
  std::set<std::string> enabled_;
  EngineOptions options_;
};

}  // namespace vl
