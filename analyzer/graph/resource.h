// One resource of the normalized graph. Every frontend emits ARM-shaped resources (type, apiVersion,
// name, a body with `properties`), so one policy covers ARM, Bicep and Terraform.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "graph/value.h"

namespace vl {

// How messages name a resource whose name the scan cannot know (never the expression as written).
inline constexpr const char* kUnknownName = "<unknown name>";

struct ValueNode;  // graph/value_node.h

enum class SourceFormat : std::uint8_t { Arm, Bicep, Terraform };
const char* format_name(SourceFormat f);

// How a property that a frontend mapped from another vocabulary (a Terraform azurerm attribute) is written
// in the source, so findings name what the user edits: `rbac_authorization_enabled`, not
// enableRbacAuthorization.
struct SourceAttribute {
  std::string path;   // the ARM property path as rules write it: properties.enableRbacAuthorization
  std::string name;   // the source attribute: rbac_authorization_enabled, network_acls.default_action
  std::string shown;  // the value as messages show it when that differs from the ARM value (true for
                      // 'Enabled', "not set (azurerm sends false)"); empty: the ARM value is shown
};

struct Resource {
  std::string type;            // e.g. Microsoft.KeyVault/vaults; compare case-insensitively
  Value api_version;           // a string with its span; absent where the provider picks it (azurerm)
  std::string symbolic_name;   // languageVersion 2.0 / Bicep symbol / Terraform address; else empty
  Value name;                  // the evaluated full name (`vault/secret` for a child)
  std::string display_name;    // for messages: the name, else the symbolic name, else the name as written
  std::string id;              // full id in the synthetic scope; symbolic (graph/symbol.h) where a name is
                               // unknown; empty only when not even a symbol can be given
  Value body;                  // the evaluated declaration: properties, sku, location, tags, identity, ...
  Span decl;                   // where the declaration starts (findings about absent properties point here)
  SourceFormat format = SourceFormat::Arm;
  std::uint32_t unit = 0;      // deployment unit (index into the scan's units)
  std::uint32_t variant = 0;   // variant of that unit (parameter file / .bicepparam / var-file set)
  bool existing = false;       // a reference to a resource deployed elsewhere: linked to, never checked
  bool implicit = false;       // a resource group / subscription node the graph made for a scope that no
                               // scanned file declares (also `existing`)
  bool conditional = false;    // its condition or loop count is unknown
  std::string condition_reason;
  std::string instance;        // loop instance ("[2]"), empty outside loops
  std::string logical_id;      // stable identity for fingerprints: type and name as written, no lines
  std::string scope_id;        // extension resources (role assignments, diagnostic settings): the target id
                               // (may be symbolic); empty: the deployment scope, unless scope_unknown
  std::string scope_unknown;   // why the scope written for it cannot be known (it then reaches nothing)
  std::string unread;          // a deployment / module call whose template the scan cannot read (a registry
                               // module not in the cache, a linked template by URI): why. Its inputs stay in
                               // properties.parameters, so the ids it receives still link from it, and a
                               // related-resource rule can say "it may deploy one" instead of failing.
  std::vector<std::string> depends_on;
  std::uint32_t module = UINT32_MAX;  // the deployment/module resource it was instantiated through
  std::vector<SourceAttribute> source_attributes;  // empty where the source writes ARM's own names
  // Set on the nodes of parameters and outputs (type `parameter` / `output`, graph/value_node.h), which
  // the graph holds beside the resources; null on resources.
  std::shared_ptr<const ValueNode> value_node;

  bool is_value_node() const { return value_node != nullptr; }

  const SourceAttribute* source_attribute(std::string_view path) const {
    for (const SourceAttribute& a : source_attributes) {
      if (iequals(a.path, path)) return &a;
    }
    return nullptr;
  }

  Value properties() const { return body.as_object().get("properties"); }
  bool is_type(std::string_view t) const { return iequals(type, t); }
};

}  // namespace vl
