// The normalized resource graph of a whole scan: resources from every unit and variant, the deployment
// scopes that hold them, and the edges between them, computed once by link():
//   scope      an extension resource (role assignment, diagnostic setting, lock) -> what it attaches to:
//              a resource, or a resource group / subscription / management group node
//   parent     a child resource -> its parent
//   module     a resource -> the deployment or module it was instantiated through
//   references a resource -> a resource whose id (or symbolic id, or vault URI, or App Service Key Vault
//              reference `@Microsoft.KeyVault(...)`) one of its properties holds, labelled with the property path (`properties.privateLinkServiceConnections[0]
//              .properties.privateLinkServiceId`, `dependsOn`)
//   contains   a resource group -> what is deployed into it, a subscription -> its resource groups, a
//              management group -> its subscriptions (where the scan says so)
// Beside the resources it holds each unit's parameters and outputs as nodes (graph/value_node.h): they
// have no id, so they get module edges and the reference edges their values hold, nothing else.
// Ids link within one deployment unit and variant by equality (case-insensitive; a written subscription
// matches the synthetic one); across units only ids that prove the same Azure resource (no symbol, a
// real subscription) link. Scopes that no file declares become implicit nodes, one per unit and variant.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/provenance.h"
#include "graph/resource.h"
#include "graph/resource_id.h"

namespace vl {

enum class EdgeKind : std::uint8_t { Scope, Parent, Module, References, Contains };
const char* edge_kind_name(EdgeKind k);

struct Edge {
  EdgeKind kind;
  std::uint32_t from;  // the extension / child / instantiated / referring resource, or the container
  std::uint32_t to;    // what it attaches to / its parent / the module / what it refers to / what it holds
  std::string label;   // references: the property path that holds the id
};

// Types deployed onto another resource or scope rather than into a resource group of their own.
bool is_extension_type(std::string_view type);

class Graph {
 public:
  std::uint32_t add(Resource r);
  // Runs fn(0..n-1), each index on any thread (scan/parallel.h gives one); none: one after the other.
  using ParallelFor = std::function<void(std::size_t n, const std::function<void(std::size_t)>& fn)>;
  // Computes every edge and the implicit scope nodes. Call once, after every resource is added. With
  // `parallel`, the ids held in properties (most of the work) are looked up on several threads.
  void link(const ParallelFor& parallel = nullptr);

  // A deque: resources are moved in a unit at a time, with no second copy of the whole vector growing.
  const std::deque<Resource>& resources() const { return resources_; }
  std::deque<Resource>& resources() { return resources_; }
  const std::vector<Edge>& edges() const { return edges_; }
  // Resources with an edge of `kind` to `to` (the sources), and those `from` has an edge of `kind` to.
  std::vector<std::uint32_t> incoming(std::uint32_t to, EdgeKind kind) const;
  std::vector<std::uint32_t> outgoing(std::uint32_t from, EdgeKind kind) const;
  // Indexes into edges() of the edges that end / start at a resource.
  const std::vector<std::uint32_t>& edges_to(std::uint32_t to) const;
  const std::vector<std::uint32_t>& edges_from(std::uint32_t from) const;
  // Resources whose id is `id`, as seen from resource `from` (the linking rules above).
  std::vector<std::uint32_t> find_by_id(std::string_view id, std::uint32_t from) const;
  // The scopes that hold a resource, innermost first: its resource group, subscription, management group.
  std::vector<std::uint32_t> containers(std::uint32_t r) const;
  // Everything a scope or resource holds, transitively (a subscription: its groups and their resources).
  std::vector<std::uint32_t> contained(std::uint32_t scope) const;
  // Resources of a type (case-insensitive), in graph order.
  const std::vector<std::uint32_t>& of_type(std::string_view type) const;
  // Resources that are not implicit scope nodes, nor parameters and outputs (graph/value_node.h).
  std::size_t declared_count() const { return resources_.size() - implicit_count_ - value_node_count_; }

  // What the expression written at a span is made of (graph/provenance.h), from the frontends' indexes.
  void add_provenance(const std::shared_ptr<const ProvenanceIndex>& index) { provenance_.add(index); }
  Provenance provenance_at(Span written) const { return provenance_.at(written); }

 private:
  bool may_link(const Resource& a, const Resource& b) const;
  // The key of local_ for an id in its canonical form (graph.cpp: canonical), as `from`'s unit and variant see it.
  std::string local_key(const Resource& from, std::string_view canonical_id) const;
  void index(std::uint32_t i);
  // The node for a deployment scope id as seen from `from`: a declared resource group etc., else an
  // implicit node made for it in `from`'s unit and variant.
  std::uint32_t scope_node(std::string_view scope_id, std::uint32_t from);
  void connect(EdgeKind kind, std::uint32_t from, std::string_view target, const std::string& label);
  void link_scope(std::uint32_t i);
  void link_containment(std::uint32_t i);
  // The edges of ids held in properties: they only read the indexes, so resources are walked in parallel.
  void link_properties(std::uint32_t i, std::vector<Edge>& into) const;
  void link_value(std::uint32_t from, const Value& v, std::string& path, std::size_t& budget, std::vector<Edge>& into) const;
  void link_vault_uri(std::uint32_t from, std::string_view uri, const std::string& path, std::vector<Edge>& into) const;
  void link_key_vault_reference(std::uint32_t from, std::string_view reference, const std::string& path,
                                std::vector<Edge>& into) const;

  std::deque<Resource> resources_;
  std::vector<Edge> edges_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> local_;   // unit:variant:subscription-free id
  std::unordered_map<std::string, std::vector<std::uint32_t>> global_;  // lower-case id, proven ids only
  std::unordered_map<std::string, std::vector<std::uint32_t>> vaults_by_name_;  // unit:variant:lower name
  std::unordered_map<std::string, std::uint32_t> scope_nodes_;  // scope_node's answers while linking: unit:variant:id as written
  std::vector<std::vector<std::uint32_t>> in_, out_;                   // edge indexes by target / source
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_type_;  // lower-case type
  std::size_t implicit_count_ = 0;
  std::size_t value_node_count_ = 0;
  ProvenanceTable provenance_;
};

// Where link() may connect a resource to resources of other deployment units: only through proven ids
// (not unit-local), in canonical form. `declared`: the ids it and the scope nodes made for it carry (its
// id, its scope, the resource group and subscription it lies in); `queried`: the ids link() looks up from
// it (its scope, its parent, dependsOn, ids held in its properties and the resources they lie under).
// Resources of two units are linked only when one unit queries a key the other declares, so a language
// server links and evaluates such groups of units apart, and only the group a change touches again.
// Keep this a superset of what link() looks up across units.
struct CrossUnitKeys {
  std::vector<std::string> declared, queried;
};
CrossUnitKeys cross_unit_keys(const Resource& r);
// The GUID of a key by which a custom role definition is found in any unit (policy/role_lookup.h), lower
// case; empty for other keys.
std::string_view role_definition_guid(std::string_view key);

}  // namespace vl
