// What every fuzz target does after its frontend has lowered the input: one graph, every rule over it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "graph/lowered.h"
#include "policy/engine.h"

namespace vl::fuzz {

inline const Catalogue& catalogue() {
  static const Catalogue c = [] {
    std::vector<std::string> errors;
    return Catalogue::load(std::nullopt, errors);
  }();
  return c;
}

// Links the lowered resources into a graph and runs every rule of the catalogue over it.
inline void check(LoweredUnit& lowered) {
  Graph graph;
  for (Resource& r : lowered.resources) graph.add(std::move(r));
  graph.link();
  std::set<std::string> all;
  for (const Rule& r : catalogue().rules()) all.insert(r.id);
  Engine engine(catalogue(), all, EngineOptions{"2026-11-25"});
  engine.run(graph);
}

}  // namespace vl::fuzz
