#include "graph/computed.h"

#include <array>

#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl {

namespace {

constexpr std::string_view kKeyVaultProvider = "/providers/microsoft.keyvault/";

struct UriProperty {
  std::string_view type;      // the resource type it belongs to
  std::string_view property;  // its name under `properties`
  bool versioned;             // ends in the object's version, which Azure makes
};

constexpr std::array<UriProperty, 8> kUriProperties = {{
    {"Microsoft.KeyVault/vaults", "vaultUri", false},
    {"Microsoft.KeyVault/managedHSMs", "hsmUri", false},
    {"Microsoft.KeyVault/vaults/keys", "keyUri", false},
    {"Microsoft.KeyVault/vaults/keys", "keyUriWithVersion", true},
    {"Microsoft.KeyVault/vaults/secrets", "secretUri", false},
    {"Microsoft.KeyVault/vaults/secrets", "secretUriWithVersion", true},
    {"Microsoft.KeyVault/managedHSMs/keys", "keyUri", false},
    {"Microsoft.KeyVault/managedHSMs/keys", "keyUriWithVersion", true},
}};

}  // namespace

std::string data_plane_uri(std::string_view id) {
  const std::string lower = to_lower(id);
  const std::size_t at = lower.rfind(kKeyVaultProvider);
  if (at == std::string::npos) return "";
  std::vector<std::string> parts = split(id.substr(at + kKeyVaultProvider.size()), '/');
  if (parts.size() != 2 && parts.size() != 4) return "";
  for (const std::string& p : parts) {
    if (p.empty()) return "";
  }
  std::string host;
  if (iequals(parts[0], "vaults")) {
    host = parts[1] + ".vault.azure.net";
  } else if (iequals(parts[0], "managedHSMs")) {
    host = parts[1] + ".managedhsm.azure.net";
  } else {
    return "";
  }
  if (parts.size() == 2) return "https://" + host + "/";
  const bool vault = iequals(parts[0], "vaults");
  if (iequals(parts[2], "keys") || (vault && iequals(parts[2], "secrets"))) {
    return "https://" + host + "/" + to_lower(parts[2]) + "/" + parts[3];
  }
  return "";
}

std::optional<Value> computed_property(std::string_view type, std::string_view id, std::string_view property,
                                       const std::string& reason, Span at) {
  for (const UriProperty& p : kUriProperties) {
    if (!iequals(p.type, type) || !iequals(p.property, property)) continue;
    if (!iequals(type_of_id(id), type)) return std::nullopt;
    std::string uri = data_plane_uri(id);
    if (uri.empty()) return std::nullopt;
    if (p.versioned) uri += "/" + symbol_marker("version of " + uri);
    return symbolic_unknown(reason, at, std::move(uri));
  }
  return std::nullopt;
}

}  // namespace vl
