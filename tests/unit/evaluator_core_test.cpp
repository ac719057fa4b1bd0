// The evaluator itself (unknown propagation, accessors, lambdas, limits) and the functions that depend
// on the synthetic deployment scope: resourceGroup(), subscription(), resourceId() and its relatives.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("unknown parameters propagate with their reason", "[evaluator]") {
  TestEnv env;
  env.set_unknown("p");
  Value v = eval_expr("concat('a', parameters('p'))", env);
  REQUIRE(v.is_unknown());
  CHECK(v.unknown_info().reason == "parameter 'p' has no value in this test");
}

TEST_CASE("a value passed through keeps the span where it was written", "[evaluator]") {
  TestEnv env;
  env.set("p", R"({"x": false})");
  Value v = eval_expr("parameters('p').x", env);
  REQUIRE(v.is_bool());
  CHECK(v.span().file == kParamFile);
  CHECK(v.span().begin == 6);
  Value computed = eval_expr("not(parameters('p').x)", env);
  CHECK(computed.span() == kCallSpan);
}

TEST_CASE("accessors that would fail a deployment are unknown with the reason", "[evaluator]") {
  CHECK(eval_reason("createObject('a', 1).b").find("no property 'b'") != std::string::npos);
  CHECK(eval_reason("createArray(1, 2)[5]").find("index 5 is outside an array of 2 items") != std::string::npos);
  CHECK(eval_reason("'text'.length").find("not an object") != std::string::npos);
  CHECK(eval_json("createObject('A', 1)['a']") == "1");  // property names are case-insensitive
}

TEST_CASE("unknown functions, reads of deployed resources and non-deterministic ones are unknown", "[evaluator]") {
  CHECK(eval_reason("noSuchFunction(1)") == "unknown function 'noSuchFunction'");
  CHECK(eval_reason("reference('x').properties").find("reads the deployed resource") != std::string::npos);
  CHECK(eval_reason("listKeys('id', '2020-01-01').keys[0].value").find("reads the deployed resource") != std::string::npos);
  CHECK(eval_reason("listSomethingNew('id')").find("reads the deployed resource") != std::string::npos);
  CHECK(eval_reason("utcNow()").find("differs at every deployment") != std::string::npos);
  CHECK(eval_reason("newGuid()").find("differs at every deployment") != std::string::npos);
  CHECK(eval_reason("ns.fn()") == "unknown function 'ns.fn'");
}

TEST_CASE("arity is checked", "[evaluator]") {
  CHECK(eval_reason("resourceGroup(1)") == "resourceGroup(): expects 0 arguments, got 1");
  CHECK(eval_reason("parameters()") == "parameters(): expects 1 arguments, got 0");
}

TEST_CASE("function names are case-insensitive", "[evaluator]") {
  CHECK(eval_json("RESOURCEGROUP().name") == R"("rg")");
}

TEST_CASE("the synthetic deployment scope is visibly fake", "[evaluator][deployment]") {
  CHECK(eval_json("subscription().subscriptionId") == R"("00000000-0000-0000-0000-000000000000")");
  CHECK(eval_json("resourceGroup().id") == R"("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg")");
  CHECK(eval_json("tenant().tenantId") == R"("00000000-0000-0000-0000-000000000000")");
  CHECK(eval_json("environment().suffixes.keyvaultDns") == R"(".vault.azure.net")");
  CHECK(eval_json("deployment().name") == R"("vaultlint-synthetic-deployment")");
  TestEnv sub;
  sub.deployment_scope.level = DeploymentScope::Level::Subscription;
  CHECK(eval_expr("resourceGroup()", sub).is_unknown());
  CHECK(eval_json("subscription().id", sub) == R"("/subscriptions/00000000-0000-0000-0000-000000000000")");
}

TEST_CASE("resourceId and its relatives build ids from the scope", "[evaluator][resource]") {
  const std::string rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
  CHECK(eval_json("resourceId('Microsoft.KeyVault/vaults', 'kv')") == "\"" + rg + "/providers/Microsoft.KeyVault/vaults/kv\"");
  CHECK(eval_json("resourceId('Microsoft.KeyVault/vaults/secrets', 'kv', 's')") ==
        "\"" + rg + "/providers/Microsoft.KeyVault/vaults/kv/secrets/s\"");
  CHECK(eval_json("resourceId('Microsoft.KeyVault/vaults/secrets', 'kv/s')") ==
        "\"" + rg + "/providers/Microsoft.KeyVault/vaults/kv/secrets/s\"");
  CHECK(eval_json("resourceId('other-rg', 'Microsoft.KeyVault/vaults', 'kv')") ==
        R"("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other-rg/providers/Microsoft.KeyVault/vaults/kv")");
  CHECK(eval_json("resourceId('11111111-1111-1111-1111-111111111111', 'other-rg', 'Microsoft.KeyVault/vaults', 'kv')") ==
        R"("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/other-rg/providers/Microsoft.KeyVault/vaults/kv")");
  CHECK(eval_json("subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'abc')") ==
        R"("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/abc")");
  CHECK(eval_json("tenantResourceId('Microsoft.Management/managementGroups', 'mg1')") ==
        R"("/providers/Microsoft.Management/managementGroups/mg1")");
  CHECK(eval_json("extensionResourceId(resourceId('Microsoft.KeyVault/vaults', 'kv'), 'Microsoft.Authorization/roleAssignments', 'g')") ==
        "\"" + rg + "/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Authorization/roleAssignments/g\"");
  CHECK(eval_json("managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'p')") ==
        R"("/providers/Microsoft.Management/managementGroups/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/policyDefinitions/p")");
  CHECK(eval_reason("resourceId('Microsoft.KeyVault/vaults/secrets', 'kv')").find("needs 2 name segments") != std::string::npos);
  CHECK(eval_reason("resourceId('vaults', 'kv')").find("expects") != std::string::npos);
}

TEST_CASE("lambdas capture their variables", "[evaluator][lambda]") {
  CHECK(eval_json("map(createArray(1, 2), lambda('x', map(createArray(10), lambda('y', add(lambdaVariables('x'), lambdaVariables('y'))))))") ==
        "[[11],[12]]");
}

TEST_CASE("results over the size limits are unknown", "[evaluator][limits]") {
  TestEnv env;
  env.limits.max_collection_items = 100;
  CHECK(eval_expr("range(0, 1000)", env).is_unknown());
  env.limits.max_string_bytes = 10;
  CHECK(eval_expr("concat('0123456789', 'x')", env).is_unknown());
}
