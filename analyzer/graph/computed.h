// Properties Azure computes for a resource when it deploys it, but from its id alone: the data-plane
// URIs of Key Vault objects (`kv.properties.vaultUri` is `https://<vault name>.vault.azure.net/`). They are
// unknown to the rules (another cloud has another DNS suffix, and a key's version is made by Azure), but
// named: the value's symbol is the URI in the synthetic context's public cloud (the one environment()
// gives), with the vault's name or name symbol in it, so the graph's vault-URI linking (graph.cpp
// link_vault_uri) connects what holds it (a storage account's encryption, a disk encryption set, an app
// setting) to the vault. The frontends ask here wherever they read a property Azure sets: Bicep
// `x.properties.p`, ARM `reference(id).p`, Terraform computed attributes (policies/data/azurerm).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "graph/value.h"

namespace vl {

// The value of `property` (a name under `properties`, as ARM writes it: vaultUri, hsmUri, keyUri,
// keyUriWithVersion, secretUri, secretUriWithVersion) of the resource of type `type` whose id is `id`
// (known or symbolic): an unknown with `reason` whose symbol is the URI. nullopt when Azure computes no
// such property from the id (another type or property, or an id that does not name one).
std::optional<Value> computed_property(std::string_view type, std::string_view id, std::string_view property,
                                       const std::string& reason, Span at);

// The data-plane URI of a Key Vault object from its resource id: `https://<vault>.vault.azure.net/` for a
// vault, `.../keys/<key>` for a key (a secret likewise), `https://<hsm>.managedhsm.azure.net/` for a
// Managed HSM; empty when the id names none of them.
std::string data_plane_uri(std::string_view id);

}  // namespace vl
