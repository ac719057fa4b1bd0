// What a condition sees while it checks one resource: the resource, the whole graph (for related
// resources), the data tables and the scan's options.
#pragma once

#include <string>
#include <string_view>

#include "graph/graph.h"
#include "policy/data_tables.h"

namespace vl {

struct EngineOptions {
  std::string as_of;  // YYYY-MM-DD: decides "retires on" or "retired since"
};

struct Rule;
// Finds a rule of the catalogue by id (verdict_of: asks another rule's verdict).
using RuleLookup = const Rule* (*)(const void* catalogue, std::string_view id);

class CheckContext {
 public:
  CheckContext(const Graph& graph, std::uint32_t index, const DataTables& data, const EngineOptions& options)
      : graph_(graph), index_(index), data_(data), options_(options) {}

  // The same checks on another resource of the graph (a related one), keeping what else this context has.
  CheckContext on(std::uint32_t index) const {
    CheckContext c = *this;
    c.index_ = index;
    c.root_ = nullptr;
    ++c.depth_;
    return c;
  }
  // The same resource, with property paths read from `root` (one item of an array) instead of its body.
  CheckContext within(const Value& root) const {
    CheckContext c = *this;
    c.root_ = &root;
    return c;
  }
  void set_rules(const void* catalogue, RuleLookup lookup) {
    catalogue_ = catalogue;
    lookup_ = lookup;
  }
  const Rule* rule(std::string_view id) const { return lookup_ ? lookup_(catalogue_, id) : nullptr; }

  const Graph& graph() const { return graph_; }
  std::uint32_t index() const { return index_; }
  const Resource& resource() const { return graph_.resources()[index_]; }
  // What property paths are read from: the resource's body, or the array item being checked.
  const Value& root() const { return root_ ? *root_ : resource().body; }
  const DataTables& data() const { return data_; }
  const EngineOptions& options() const { return options_; }
  // How many related resources deep this check is (a rule asking a rule about a related resource...).
  int depth() const { return depth_; }

  // The resource's name for messages: its evaluated name, else its symbolic name or type.
  std::string display_name() const;
  // Replaces {name}, {kind} (Key Vault, Managed HSM), {type}, {api_version} and {value} in a message template.
  std::string expand(const std::string& text, const std::string& value = "") const;

  // A property as messages name it: the source attribute a frontend mapped it from (Terraform's
  // `rbac_authorization_enabled`), else its path without `properties.`.
  std::string property_name(const std::string& path) const;
  // expand() for a message about one property: where the resource names that property in another
  // vocabulary, its ARM name in the text becomes the source attribute and {value} the value as written.
  std::string expand_property(const std::string& path, const std::string& text, const std::string& value) const;

 private:
  const Graph& graph_;
  std::uint32_t index_;
  const DataTables& data_;
  const EngineOptions& options_;
  const Value* root_ = nullptr;
  const void* catalogue_ = nullptr;
  RuleLookup lookup_ = nullptr;
  int depth_ = 0;
};

}  // namespace vl
