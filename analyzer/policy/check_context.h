// What a condition sees while it checks one resource: the resource, the whole graph (for related
// resources), the data tables and the scan's options.
#pragma once

#include <string>

#include "graph/graph.h"
#include "policy/data_tables.h"

namespace vl {

struct EngineOptions {
  std::string as_of;  // YYYY-MM-DD: decides "retires on" or "retired since"
};

class CheckContext {
 public:
  CheckContext(const Graph& graph, std::uint32_t index, const DataTables& data, const EngineOptions& options)
      : graph_(graph), index_(index), data_(data), options_(options) {}

  const Graph& graph() const { return graph_; }
  std::uint32_t index() const { return index_; }
  const Resource& resource() const { return graph_.resources()[index_]; }
  const DataTables& data() const { return data_; }
  const EngineOptions& options() const { return options_; }

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
};

}  // namespace vl
