// One resource of the normalized graph. Every frontend emits ARM-shaped resources (type, apiVersion,
// name, a body with `properties`), so one policy covers ARM, Bicep and Terraform.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/value.h"

namespace vl {

enum class SourceFormat : std::uint8_t { Arm, Bicep, Terraform };
const char* format_name(SourceFormat f);

struct Resource {
  std::string type;            // e.g. Microsoft.KeyVault/vaults; compare case-insensitively
  Value api_version;           // a string with its span; absent where the provider picks it (azurerm)
  std::string symbolic_name;   // languageVersion 2.0 / Bicep symbol / Terraform address; else empty
  Value name;                  // the evaluated full name (`vault/secret` for a child)
  std::string display_name;    // for messages: the name, else the symbolic name, else the name as written
  std::string id;              // full id in the synthetic scope; empty when the name is unknown
  Value body;                  // the evaluated declaration: properties, sku, location, tags, identity, ...
  Span decl;                   // where the declaration starts (findings about absent properties point here)
  SourceFormat format = SourceFormat::Arm;
  std::uint32_t unit = 0;      // deployment unit (index into the scan's units)
  std::uint32_t variant = 0;   // variant of that unit (parameter file / .bicepparam / var-file set)
  bool existing = false;       // a reference to a resource deployed elsewhere: linked to, never checked
  bool conditional = false;    // its condition or loop count is unknown
  std::string condition_reason;
  std::string instance;        // loop instance ("[2]"), empty outside loops
  std::string logical_id;      // stable identity for fingerprints: type and name as written, no lines
  std::string scope_id;        // extension resources (role assignments, diagnostic settings): the target id
  std::vector<std::string> depends_on;
  std::uint32_t module = UINT32_MAX;  // the deployment/module resource it was instantiated through

  Value properties() const { return body.as_object().get("properties"); }
  bool is_type(std::string_view t) const { return iequals(type, t); }
};

}  // namespace vl
