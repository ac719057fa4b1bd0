// An extension resource (a role assignment, a diagnostic setting) whose scope the scan cannot compute
// stays unknown in every format: it is never placed at the deployment's own resource group, which would
// widen what it reaches.
#include <catch2/catch.hpp>

#include "bicep_test_support.h"
#include "frontends/arm/arm_frontend.h"
#include "graph/json_value.h"
#include "graph/symbol.h"
#include "terraform_test_support.h"

using namespace vl;

namespace {

const Resource* of_type(const std::vector<Resource>& rs, std::string_view type) {
  for (const Resource& r : rs) {
    if (r.is_type(type)) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("ARM: a role assignment whose scope is unknown has no id and no scope", "[arm][scope]") {
  SourceSet sources;
  const char* text = R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "parameters": {"target": {"type": "string"}},
    "resources": [
      {"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "ra-unknown",
       "scope": "[parameters('target')]", "properties": {"principalId": "p", "roleDefinitionId": "r"}},
      {"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "ra-here",
       "properties": {"principalId": "p", "roleDefinitionId": "r"}}]})";
  FileId id = sources.add(std::make_unique<SourceFile>("t.json", "/nonexistent-vaultlint-test/t.json", text));
  JsonDocument doc = parse_json_document(id, sources.get(id).text());
  REQUIRE(doc.result.ok);
  SourceLoader loader(sources, "/nonexistent-vaultlint-test", 1 << 20);
  arm::LowerRequest request{id, doc.root, {}, 0, 0, loader};
  arm::LowerResult out = arm::lower_template(request);
  std::erase_if(out.resources, [](const Resource& r) { return r.is_value_node(); });  // the parameter's node
  REQUIRE(out.resources.size() == 2);
  const Resource& unknown = out.resources[0];
  CHECK(unknown.id.empty());
  CHECK(unknown.scope_id.empty());
  CHECK(unknown.body.as_object().get("scope").is_unknown());
  // Without `scope` it is at the deployment's scope, as before.
  CHECK(out.resources[1].id ==
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/ra-here");
}

TEST_CASE("Bicep: a role assignment whose scope is unknown has no id and no scope", "[bicep][scope]") {
  test::BicepProject p;
  p.write("main.bicep", R"(
param target string
resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: 'ra-unknown'
  scope: any(target)
  properties: { principalId: 'p', roleDefinitionId: 'r' }
}
)");
  LoweredUnit out = p.lower("main.bicep");
  const Resource* ra = of_type(out.resources, "Microsoft.Authorization/roleAssignments");
  REQUIRE(ra);
  // Unknown (a symbol at most), and never the deployment's own resource group.
  CHECK((ra->scope_id.empty() || is_symbolic(ra->scope_id)));
  CHECK(ra->id.find("/resourceGroups/rg/") == std::string::npos);
}

TEST_CASE("azapi: a parent_id the scan cannot compute is not the synthetic resource group", "[terraform][scope]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
variable "target" {
  type = string
}
resource "azapi_resource" "ra" {
  type      = "Microsoft.Authorization/roleAssignments@2022-04-01"
  parent_id = var.target
  name      = "g"
  body      = { properties = { principalId = "p" } }
}
)");
  LoweredUnit u = c.lower();
  const Resource* ra = tftest::find(u, "azapi_resource.ra");
  REQUIRE(ra);
  CHECK(ra->scope_id.empty());
  CHECK(ra->id.find("/resourceGroups/rg/") == std::string::npos);
}

TEST_CASE("a module scope that is partly unknown keeps its level and what is known", "[bicep][arm][scope]") {
  test::BicepProject p;
  p.write("sub.bicep", R"(
targetScope = 'subscription'
param sub string
module inRg 'rg.bicep' = {
  name: 'in-rg'
  scope: resourceGroup(sub, 'rg-known')
}
module atSub 'subscope.bicep' = {
  name: 'at-sub'
  scope: subscription(sub)
}
)");
  p.write("rg.bicep", "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {\n  name: 'kv-rg'\n}\n");
  p.write("subscope.bicep", "targetScope = 'subscription'\nresource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  name: 'ra'\n}\n");
  LoweredUnit out = p.lower("sub.bicep");
  std::vector<std::string> ids;
  for (const Resource& r : out.resources) {
    if (!r.is_value_node()) ids.push_back(r.type + " " + r.id);
  }
  // The unknown subscription is the parameter's symbol; the known group and the level are kept.
  const std::string sub = "/subscriptions/\xe2\x9f\xa8param sub\xe2\x9f\xa9";
  CHECK(ids == std::vector<std::string>{
                   "Microsoft.Resources/deployments " + sub + "/resourceGroups/rg-known/providers/Microsoft.Resources/deployments/in-rg",
                   "Microsoft.KeyVault/vaults " + sub + "/resourceGroups/rg-known/providers/Microsoft.KeyVault/vaults/kv-rg",
                   "Microsoft.Resources/deployments " + sub + "/providers/Microsoft.Resources/deployments/at-sub",
                   "Microsoft.Authorization/roleAssignments " + sub + "/providers/Microsoft.Authorization/roleAssignments/ra"});
}

TEST_CASE("names derived from a scope the scan cannot compute are unknown, not the placeholder's", "[bicep][scope]") {
  test::BicepProject p;
  p.write("main.bicep", R"(
targetScope = 'subscription'
param rgName string
module inRg 'rg.bicep' = {
  name: 'in-rg'
  scope: resourceGroup(rgName)
}
)");
  p.write("rg.bicep", "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {\n  name: 'kv-${uniqueString(resourceGroup().id)}'\n}\n");
  LoweredUnit out = p.lower("main.bicep");
  const Resource* kv = of_type(out.resources, "Microsoft.KeyVault/vaults");
  REQUIRE(kv);
  REQUIRE(kv->name.is_unknown());
  CHECK(kv->name.unknown_info().reason == "the resource group this template is deployed to is not known");
}
