// The normalized resource graph of a whole scan: resources from every unit and variant, and the edges
// between them (scope, parent, module, references), resolved by resource id in the synthetic scope.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/resource.h"

namespace vl {

enum class EdgeKind : std::uint8_t { Scope, Parent, Module, References };
const char* edge_kind_name(EdgeKind k);

struct Edge {
  EdgeKind kind;
  std::uint32_t from;  // the extension / child / instantiated / depending resource
  std::uint32_t to;    // what it attaches to / its parent / the module / what it depends on
};

class Graph {
 public:
  std::uint32_t add(Resource r);
  // Resolves scope, parent, module and dependsOn edges. Within a unit only resources of the same variant
  // link; across units any variant does (a private endpoint in one unit may target a vault in another).
  void link();

  const std::vector<Resource>& resources() const { return resources_; }
  std::vector<Resource>& resources() { return resources_; }
  const std::vector<Edge>& edges() const { return edges_; }
  // Edges pointing at resource `to`, of one kind.
  std::vector<std::uint32_t> incoming(std::uint32_t to, EdgeKind kind) const;
  // Resources whose id equals `id` (case-insensitively) and that may link with resource `from`.
  std::vector<std::uint32_t> find_by_id(const std::string& id, std::uint32_t from) const;

 private:
  bool may_link(const Resource& a, const Resource& b) const;

  std::vector<Resource> resources_;
  std::vector<Edge> edges_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_id_;  // lower-case id
  std::vector<std::vector<std::uint32_t>> incoming_;                   // edge indexes by target
};

// "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/s" ->
// "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"; empty when there is none.
std::string parent_id(const std::string& id);

}  // namespace vl
