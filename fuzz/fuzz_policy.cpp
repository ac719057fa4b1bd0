// Fuzzes the policy loader: a rule file (YAML: the fields, and every condition form of condition.h)
// parsed as a user's --policies file is, and when it parses, run over a small graph that has a resource
// of each kind the rules apply to; or, when the input starts with `roles:` or `types:`, a data table
// (policies/data/roles.yaml, api-versions.yaml). Nothing is read from disk.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "frontends/arm/arm_frontend.h"
#include "graph/json_value.h"
#include "policy/engine.h"

namespace {

// A vault with what rules look at around it: a role assignment, a private endpoint, diagnostic
// settings, a secret, a key, an access policy, a Managed HSM.
const char* kTemplate = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"n": {"type": "string"}},
  "resources": [
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "kv", "location": "westeurope",
     "properties": {"tenantId": "[subscription().tenantId]", "sku": {"family": "A", "name": "standard"},
       "enableRbacAuthorization": false, "publicNetworkAccess": "[parameters('n')]",
       "networkAcls": {"defaultAction": "Allow", "ipRules": [{"value": "0.0.0.0/0"}], "virtualNetworkRules": []},
       "accessPolicies": [{"tenantId": "x", "objectId": "y", "permissions": {"secrets": ["all"], "keys": ["get"]}}]}},
    {"type": "Microsoft.KeyVault/vaults/secrets", "apiVersion": "2023-07-01", "name": "kv/s",
     "dependsOn": ["[resourceId('Microsoft.KeyVault/vaults', 'kv')]"], "properties": {"value": "[parameters('n')]"}},
    {"type": "Microsoft.KeyVault/vaults/keys", "apiVersion": "2023-07-01", "name": "kv/k",
     "properties": {"kty": "RSA", "keySize": 2048, "attributes": {"exp": 1700000000}}},
    {"type": "Microsoft.KeyVault/vaults/accessPolicies", "apiVersion": "2023-07-01", "name": "kv/add",
     "properties": {"accessPolicies": [{"tenantId": "x", "objectId": "z", "permissions": {"certificates": ["purge"]}}]}},
    {"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "ra",
     "scope": "[resourceId('Microsoft.KeyVault/vaults', 'kv')]",
     "properties": {"roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]",
       "principalId": "p", "principalType": "ServicePrincipal"}},
    {"type": "Microsoft.Network/privateEndpoints", "apiVersion": "2023-04-01", "name": "pe", "location": "westeurope",
     "properties": {"subnet": {"id": "sub"}, "privateLinkServiceConnections": [{"name": "c", "properties": {
       "privateLinkServiceId": "[resourceId('Microsoft.KeyVault/vaults', 'kv')]", "groupIds": ["vault"]}}]}},
    {"type": "Microsoft.Insights/diagnosticSettings", "apiVersion": "2021-05-01-preview", "name": "d",
     "scope": "[resourceId('Microsoft.KeyVault/vaults', 'kv')]",
     "properties": {"workspaceId": "w", "logs": [{"categoryGroup": "audit", "enabled": true}]}},
    {"type": "Microsoft.KeyVault/managedHSMs", "apiVersion": "2023-07-01", "name": "hsm", "location": "westeurope",
     "sku": {"family": "B", "name": "Standard_B1"},
     "properties": {"tenantId": "t", "initialAdminObjectIds": ["o"], "enablePurgeProtection": false}}
  ]
})";

struct Fixed {
  vl::SourceSet sources;
  std::vector<vl::Resource> resources;
  vl::DataTables data;
};

const Fixed& fixed() {
  static const Fixed* f = [] {
    auto* out = new Fixed;
    vl::FileId id = out->sources.add(std::make_unique<vl::SourceFile>("fuzz.json", "/nonexistent-vaultlint-fuzz/fuzz.json", kTemplate));
    vl::JsonDocument doc = vl::parse_json_document(id, out->sources.get(id).text());
    vl::SourceLoader loader(out->sources, "/nonexistent-vaultlint-fuzz", 1 << 20);
    vl::arm::LowerRequest request{id, doc.root, {}, 0, 0, loader};
    out->resources = vl::arm::lower_template(request).resources;
    std::vector<std::string> errors;
    out->data = vl::Catalogue::load(std::nullopt, errors).data();
    return out;
  }();
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  const Fixed& f = fixed();
  if (text.starts_with("roles:") || text.starts_with("types:")) {
    vl::DataTables tables;
    tables.load(text.starts_with("roles:") ? "data/roles.yaml" : "data/api-versions.yaml", text);
    return 0;
  }
  vl::Rule rule;
  std::string error;
  if (!vl::parse_rule(text, "fuzz.yaml", rule, error)) return 0;
  std::string id = rule.id;
  std::vector<vl::Rule> rules;
  rules.push_back(std::move(rule));
  vl::Catalogue catalogue = vl::Catalogue::of(std::move(rules), f.data);
  vl::Graph graph;
  for (const vl::Resource& r : f.resources) graph.add(vl::Resource(r));
  graph.link();
  vl::Engine engine(catalogue, std::set<std::string>{id}, vl::EngineOptions{"2026-11-25"});
  engine.run(graph);
  return 0;
}
