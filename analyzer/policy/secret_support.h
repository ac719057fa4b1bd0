// What the secrets predicates (KV304-KV307) share: the settings a workload holds, whether a value is a
// Key Vault reference or written as a literal, and how a source of a value is named in messages.
#pragma once

#include <string>
#include <vector>

#include "graph/graph.h"
#include "graph/provenance.h"

namespace vl::secrets {

// One setting of a workload: an app setting or connection string (App Service, Functions, Logic Apps
// Standard: `siteConfig`, or a `config/appsettings` / `config/connectionstrings` / `config/web` child), a
// Container Apps secret or environment variable.
struct Setting {
  std::string name;               // as written; empty when the scan cannot know it
  const Member* value = nullptr;  // the member that holds its value; null when it has none
  std::string path;               // the item's property path, for fingerprints
  bool from_key_vault = false;    // a container secret read from Key Vault (keyVaultUrl), an env var with secretRef
  bool container_secret = false;  // a Container Apps secret
  bool connection_string = false; // a connection string: a secret when it holds a credential, whatever its name
};

// The settings one resource holds directly (a site's siteConfig, a config child's properties, a container
// app's configuration and containers).
std::vector<Setting> settings_of(const Resource& r);

// `@Microsoft.KeyVault(SecretUri=...)` / `@Microsoft.KeyVault(VaultName=...;SecretName=...)`.
bool is_key_vault_reference(const Value& v);

// A value that holds a string (non-blank), at any depth; with `numbers`, a number counts too.
bool holds_text(const Value& v, int depth = 0, bool numbers = false);

// A known value with text in it that was written as a literal in the scanned files (a template, a default,
// a parameter file, tfvars): made of nothing the deployment supplies, generates or reads. `numbers`: a
// number is secret content too (what a secure parameter holds is a secret whatever its kind: a PIN).
bool hardcoded(const Value& v, const Graph& g, bool numbers = false);

// A known value with text in it computed from what the scanned files write and the deployment context
// alone (`uniqueString(resourceGroup().id)`, `resourceGroup().location`): not written literally, but
// whoever reads the repository can work it out (an Azure subscription, group and deployment are no secret).
bool predictable(const Value& v, const Graph& g, bool numbers = false);

// What the expression a member is written with is made of.
Provenance written_provenance(const Graph& g, const Member& m);

// How messages name a source: secure parameter `x` (Terraform: sensitive variable `x`), listKeys(),
// `primary_access_key` of `azurerm_storage_account.sa`.
std::string describe(const ProvenanceSource& s, SourceFormat format);

}  // namespace vl::secrets
