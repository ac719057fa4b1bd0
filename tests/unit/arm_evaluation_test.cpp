// ARM evaluation that agrees with Azure on what compiled Bicep relies on: which loop copyIndex() binds
// to, nested deployments' outputs read through reference(), object keys written as expressions.
#include <catch2/catch.hpp>

#include "bicep_test_support.h"
#include "frontends/arm/arm_frontend.h"
#include "graph/json_value.h"
#include "graph/symbol.h"

using namespace vl;

namespace {

struct Lowered {
  SourceSet sources;
  std::unique_ptr<SourceLoader> loader;
  arm::LowerResult result;
};

std::unique_ptr<Lowered> lower(const std::string& text) {
  auto out = std::make_unique<Lowered>();
  FileId id = out->sources.add(std::make_unique<SourceFile>("t.json", "/nonexistent-vaultlint-test/t.json", text));
  JsonDocument doc = parse_json_document(id, out->sources.get(id).text());
  REQUIRE(doc.result.ok);
  out->loader = std::make_unique<SourceLoader>(out->sources, "/nonexistent-vaultlint-test", 1 << 20);
  arm::LowerRequest request{id, doc.root, {}, 0, 0, *out->loader};
  out->result = arm::lower_template(request);
  return out;
}

std::string prop(const Resource& r, std::string_view name) { return test::show(r.properties().as_object().get(name)); }

}  // namespace

// The deployed resources, without the parameter and output nodes the graph also holds.
static std::vector<Resource> deployed(const std::vector<Resource>& all) {
  std::vector<Resource> out;
  for (const Resource& r : all) {
    if (!r.is_value_node()) out.push_back(r);
  }
  return out;
}

TEST_CASE("copyIndex() without a name in a property loop is the resource's loop", "[arm][copy]") {
  auto l = lower(R"({"resources": [
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[format('kv{0}', copyIndex())]",
     "copy": {"name": "vaults", "count": 2},
     "properties": {"copy": [{"name": "rules", "count": 2,
                              "input": "[format('{0}-{1}-{2}', copyIndex(), copyIndex('rules'), copyIndex('vaults'))]"}]}},
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "single",
     "properties": {"copy": [{"name": "rules", "count": 1, "input": "[copyIndex()]"}]}}]})");
  const auto& rs = l->result.resources;
  REQUIRE(rs.size() == 3);
  CHECK(prop(rs[0], "rules") == R"(["0-0-0","0-1-0"])");
  CHECK(prop(rs[1], "rules") == R"(["1-0-1","1-1-1"])");
  // No resource loop: Azure rejects copyIndex() without a name here.
  CHECK(prop(rs[2], "rules").find("<unknown inside: copyIndex() without a loop name") == 0);
}

TEST_CASE("instance labels continue the enclosing deployment's and parent's loops, as Bicep's do", "[arm][copy]") {
  auto l = lower(R"({"resources": [
    {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "[format('dep{0}', copyIndex())]",
     "copy": {"name": "deps", "count": 2},
     "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
       "template": {"resources": [
         {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[format('kv{0}', copyIndex())]",
          "copy": {"name": "vaults", "count": 2},
          "resources": [{"type": "secrets", "apiVersion": "2026-02-01", "name": "s"}]}]}}}]})");
  std::vector<std::string> labels;
  for (const Resource& r : l->result.resources) labels.push_back(r.type + r.instance);
  CHECK(labels == std::vector<std::string>{
                      "Microsoft.Resources/deployments[0]", "Microsoft.KeyVault/vaults[0][0]",
                      "Microsoft.KeyVault/vaults/secrets[0][0]", "Microsoft.KeyVault/vaults[0][1]",
                      "Microsoft.KeyVault/vaults/secrets[0][1]", "Microsoft.Resources/deployments[1]",
                      "Microsoft.KeyVault/vaults[1][0]", "Microsoft.KeyVault/vaults/secrets[1][0]",
                      "Microsoft.KeyVault/vaults[1][1]", "Microsoft.KeyVault/vaults/secrets[1][1]"});
}

TEST_CASE("resourceGroup and subscriptionId place a resource (and a deployment) elsewhere", "[arm][scope]") {
  auto l = lower(R"({"parameters": {"unknown": {"type": "string"}}, "resources": [
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-there", "existing": true,
     "subscriptionId": "s2", "resourceGroup": "rg2"},
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv-unknown", "existing": true,
     "resourceGroup": "[parameters('unknown')]"},
    {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "dep", "resourceGroup": "rg3",
     "properties": {"mode": "Incremental", "template": {"resources": []}}}]})");
  const auto rs = deployed(l->result.resources);
  REQUIRE(rs.size() == 3);
  CHECK(rs[0].id == "/subscriptions/s2/resourceGroups/rg2/providers/Microsoft.KeyVault/vaults/kv-there");
  CHECK(rs[1].id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/\xe2\x9f\xa8param unknown\xe2\x9f\xa9"
                    "/providers/Microsoft.KeyVault/vaults/kv-unknown");  // a symbol: unknown, and never another group
  CHECK(rs[2].id ==
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg3/providers/Microsoft.Resources/deployments/dep");
}

// Inner scope: the nested template is a deployment of its own (in outer scope it is the parent's).
TEST_CASE("deployment().name inside a nested deployment whose name is unknown is unknown", "[arm]") {
  auto l = lower(R"({"parameters": {"unknown": {"type": "string"}}, "resources": [
    {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "[parameters('unknown')]",
     "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": {"resources": [
       {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv",
        "properties": {"tag": "[deployment().name]"}}]}}},
    {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "known",
     "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": {"resources": [
       {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv2",
        "properties": {"tag": "[deployment().name]"}}]}}}]})");
  const auto rs = deployed(l->result.resources);
  REQUIRE(rs.size() == 4);
  CHECK(prop(rs[1], "tag").find("<unknown: the name of the nested deployment is not known") == 0);
  CHECK(prop(rs[3], "tag") == R"("known")");
}

TEST_CASE("a scope naming a management group, subscription or the tenant deploys there", "[arm][scope]") {
  auto l = lower(R"({"$schema": "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
    "resources": [
    {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "to-mg",
     "scope": "Microsoft.Management/managementGroups/mg2", "location": "westeurope",
     "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": {
       "$schema": "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
       "resources": [{"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "ra",
                      "properties": {"principalId": "p"}}]}}},
    {"type": "Microsoft.Subscription/aliases", "apiVersion": "2021-10-01", "name": "alias", "scope": "/",
     "properties": {"displayName": "x"}}]})");
  const auto& rs = l->result.resources;
  REQUIRE(rs.size() == 3);
  CHECK(rs[0].id == "/providers/Microsoft.Management/managementGroups/mg2/providers/Microsoft.Resources/deployments/to-mg");
  CHECK(rs[0].scope_id.empty());
  CHECK(rs[1].id == "/providers/Microsoft.Management/managementGroups/mg2/providers/Microsoft.Authorization/roleAssignments/ra");
  CHECK(rs[2].id == "/providers/Microsoft.Subscription/aliases/alias");
  CHECK(rs[2].scope_id.empty());
}

TEST_CASE("reference() of a looped deployment by symbolic name, declared after its reader", "[arm][outputs]") {
  auto l = lower(R"({"languageVersion": "2.0", "resources": {
    "reader": {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv",
               "properties": {"got": "[reference(format('mods[{0}]', 1)).outputs.twice.value]"}},
    "mods": {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "[format('m{0}', copyIndex())]",
             "copy": {"name": "mods", "count": 2},
             "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
               "parameters": {"n": {"value": "[copyIndex()]"}},
               "template": {"parameters": {"n": {"type": "int"}}, "resources": [],
                            "outputs": {"twice": {"type": "int", "value": "[mul(parameters('n'), 2)]"}}}}}}})");
  const Resource* reader = nullptr;
  for (const Resource& r : l->result.resources) {
    if (r.symbolic_name == "reader") reader = &r;
  }
  REQUIRE(reader);
  CHECK(prop(*reader, "got") == "2");
}

TEST_CASE("a map of regions looked up at the synthetic location is unknown, not a missing key", "[arm]") {
  auto l = lower(R"({"variables": {"zones": {"westeurope": 3}}, "resources": [
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv",
     "properties": {"zones": "[variables('zones')[resourceGroup().location]]",
                    "missing": "[variables('zones')['eastus']]"}}]})");
  const Resource& kv = l->result.resources[0];
  CHECK(prop(kv, "zones") == "<unknown: the deployment's location is not known offline, so neither is what a map of "
                             "regions holds for it>");
  CHECK(prop(kv, "missing") == "<unknown: the object has no property 'eastus' (the deployment would fail)>");
}

// The AVM pattern `subscriptionId: split(<resource group id>, '/')[2]`, `resourceGroup: ...[4]` inside a
// deployment whose resource group is a parameter: the segments of a symbolic id are its segments (a marker
// is one), so the inner deployment lands in the same resource group. It once took the whole id for one
// segment (`/subscriptions//subscriptions/...`), which then joined unrelated units through `/subscriptions/`.
TEST_CASE("split() of a resource group id named by a symbol gives its segments", "[arm][scope][symbol]") {
  auto l = lower(R"({"parameters": {"rg": {"type": "string"}, "names": {"type": "array"}}, "resources": [
    {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "outer", "resourceGroup": "[parameters('rg')]",
     "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": {"resources": [
       {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
        "subscriptionId": "[split(resourceGroup().id, '/')[2]]", "resourceGroup": "[split(resourceGroup().id, '/')[4]]",
        "properties": {"mode": "Incremental", "template": {"resources": [
          {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv"}]}}},
       {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[split(resourceGroup().id, '-')[0]]"}]}}},
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[parameters('names')[0]]"},
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[parameters('names')[1]]"},
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[string(length(parameters('rg')))]"}]})");
  const auto rs = deployed(l->result.resources);
  REQUIRE(rs.size() == 7);
  const std::string rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/" + symbol_marker("param rg");
  CHECK(rs[1].id == rg + "/providers/Microsoft.Resources/deployments/inner");
  CHECK(rs[2].id == rg + "/providers/Microsoft.KeyVault/vaults/kv");
  // Split by anything but '/', a marker may hold the delimiter: unknown, and not named by the id.
  const std::string* split_name = symbol_of(rs[3].name);
  CHECK((split_name == nullptr || split_name->find("param rg") == std::string::npos));
  CHECK(rs[3].id.find(symbol_marker("split(")) == std::string::npos);
  // Items and lengths of a named unknown are named apart from it and from one another.
  const std::string rg0 = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/";
  CHECK(rs[4].id != rs[5].id);
  CHECK(rs[6].id == rg0 + symbol_marker("length(param rg)"));  // string() copies its argument's symbol
}
