// Symbols (graph/symbol.h) and resource ids (graph/resource_id.h): how unknown names stay nameable.
#include <catch2/catch.hpp>

#include "graph/deployment_scope.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

using namespace vl;

TEST_CASE("markers are one segment and never nest", "[graph][symbol]") {
  std::string m = symbol_marker("param a/b" + symbol_marker("x"));
  CHECK(m == symbol_marker("param a.bx"));
  CHECK(m.find('/') == std::string::npos);
  CHECK(is_symbolic(m));
  CHECK_FALSE(is_symbolic("kv-prod"));
}

TEST_CASE("symbolic text: known parts and symbols build a symbol, an unnamed unknown wins", "[graph][symbol]") {
  Value p = symbolic_unknown("parameter `s` has no value", {}, symbol_marker("param s"));
  SymbolicText t;
  t.append("kv-");
  REQUIRE(t.append_unknown(p));
  Value named = t.result({});
  REQUIRE(named.is_unknown());
  CHECK(named.unknown_info().reason == "parameter `s` has no value");
  CHECK(*symbol_of(named) == "kv-" + symbol_marker("param s"));

  SymbolicText u;
  u.append_unknown(p);
  CHECK_FALSE(u.append_unknown(Value::unknown("reference() reads Azure")));
  Value unnamed = u.result({});
  CHECK(symbol_of(unnamed) == nullptr);
  CHECK(unnamed.unknown_info().reason == "parameter `s` has no value");  // the first part's reason

  SymbolicText k;
  k.append("kv");
  CHECK(k.result({}).as_string() == "kv");
}

TEST_CASE("calls on symbols: copied through, or named by the call", "[graph][symbol]") {
  Value p = symbolic_unknown("no value", {}, symbol_marker("param s"));
  auto concat = [](std::vector<Value>& a) { return Value::string(a[0].as_string() + a[1].as_string()); };
  auto hash = [](std::vector<Value>&) { return Value::string("abc123"); };
  auto cut = [](std::vector<Value>& a) { return Value::string(a[0].as_string().substr(0, 2)); };
  auto length = [](std::vector<Value>&) { return Value::integer(3); };
  std::vector<Value> args{Value::string("kv-"), p};
  CHECK(*symbol_of(*call_on_symbols("concat", args, concat)) == "kv-" + symbol_marker("param s"));
  CHECK(*symbol_of(*call_on_symbols("uniqueString", args, hash)) == symbol_marker("uniqueString(\"kv-\", param s)"));
  std::vector<Value> first{p, Value::string("x")};
  CHECK(*symbol_of(*call_on_symbols("substring", first, cut)) == symbol_marker("substring(param s, \"x\")"));
  // Whatever the type of the result: a length (or the items of a split) is named by the call, never by
  // its argument, so that it is not taken for the argument.
  CHECK(*symbol_of(*call_on_symbols("length", args, length)) == symbol_marker("length(\"kv-\", param s)"));
  std::vector<Value> unnamed{Value::unknown("reference()"), Value::string("x")};
  CHECK_FALSE(call_on_symbols("concat", unnamed, concat));
  CHECK(markers_preserved("a" + symbol_marker("Param S"), {symbol_marker("param s")}));
  CHECK_FALSE(markers_preserved(std::string(kMarkOpen) + "param", {symbol_marker("param s")}));
}

TEST_CASE("members of a named unknown are named apart and what is computed from one is not named by it", "[graph][symbol]") {
  Value p = symbolic_unknown("no value", {}, symbol_marker("param p"));
  CHECK(*symbol_of(member_of_unknown(p, "name")) == symbol_marker("param p.name"));
  CHECK(*symbol_of(member_of_unknown(p, Value::string("name"))) == symbol_marker("param p.name"));  // p['name']
  CHECK(*symbol_of(member_of_unknown(p, Value::integer(0))) == symbol_marker("param p[0]"));
  Value i = symbolic_unknown("no value", {}, symbol_marker("param i"));
  CHECK(*symbol_of(member_of_unknown(p, i)) == symbol_marker("param p[param i]"));
  Value unnamed_key = Value::unknown("reference()");
  CHECK(symbol_of(member_of_unknown(p, unnamed_key)) == nullptr);
  CHECK(member_of_unknown(p, unnamed_key).unknown_info().reason == "no value");
  CHECK(symbol_of(member_of_unknown(Value::unknown("x"), Value::integer(0))) == nullptr);

  Value stripped = without_symbol(p);
  CHECK(symbol_of(stripped) == nullptr);
  CHECK(stripped.unknown_info().reason == "no value");

  // A symbol over the bound is dropped, not built on: the value stays unknown, unnamed.
  CHECK(symbol_of(with_symbol(p, std::string(kMaxSymbolBytes, 'a'))) != nullptr);
  CHECK(symbol_of(with_symbol(p, std::string(kMaxSymbolBytes + 1, 'a'))) == nullptr);
  CHECK(symbol_of(symbolic_unknown("r", {}, std::string(kMaxSymbolBytes + 1, 'a'))) == nullptr);
}

TEST_CASE("resource ids: built from scope, type and name, and read apart", "[graph][id]") {
  const std::string rg = resource_group_scope_id("s", "g");
  CHECK(make_resource_id(rg, "Microsoft.KeyVault/vaults/secrets", "kv/x") == rg + "/providers/Microsoft.KeyVault/vaults/kv/secrets/x");
  CHECK(make_resource_id(rg, "Microsoft.KeyVault/vaults/secrets", "x").empty());
  CHECK(make_resource_id("/", "Microsoft.Authorization/roleDefinitions", "g") == "/providers/Microsoft.Authorization/roleDefinitions/g");
  const std::string kv = rg + "/providers/Microsoft.KeyVault/vaults/kv";
  CHECK(container_of(kv + "/secrets/x") == rg);
  CHECK(container_of("/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/a") == "/subscriptions/s");
  CHECK(container_of(management_group_scope_id("m") + "/providers/Microsoft.Authorization/roleAssignments/a") ==
        management_group_scope_id("m"));
  CHECK(container_of("/providers/Microsoft.Authorization/roleDefinitions/g") == "/");
  CHECK(scope_level(rg) == ScopeLevel::ResourceGroup);
  CHECK(scope_level("/subscriptions/s") == ScopeLevel::Subscription);
  CHECK(scope_level(kv) == std::nullopt);
  CHECK(outer_scope_of(rg) == "/subscriptions/s");
  CHECK(extension_target(kv + "/providers/Microsoft.Authorization/roleAssignments/a") == kv);
  CHECK(extension_target(rg + "/providers/Microsoft.Authorization/roleAssignments/a") == rg);
  CHECK(type_of_id(kv + "/secrets/x") == "Microsoft.KeyVault/vaults/secrets");
  CHECK(is_unit_local("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/g"));
  CHECK(is_unit_local(rg + "/providers/Microsoft.KeyVault/vaults/" + symbol_marker("param n")));
  CHECK_FALSE(is_unit_local(kv));
  CHECK(subscription_free_key("/subscriptions/ABC/resourceGroups/G") == "/subscriptions/*/resourcegroups/g");
}

// Every unit is evaluated in the same fake context, so its subscription and management group prove nothing
// across units. The management group was once `mg`: every management-group template of the AVM corpus
// then shared it with every other, and 70 units were one group of the scan.
TEST_CASE("the synthetic subscription and management group are unit-local and a written one is not", "[graph][id]") {
  DeploymentScope mg_scope;
  mg_scope.level = DeploymentScope::Level::ManagementGroup;
  CHECK(is_unit_local(mg_scope.scope_id()));
  CHECK(is_unit_local(mg_scope.scope_id() + "/providers/Microsoft.Authorization/roleAssignments/a"));
  CHECK(is_unit_local(DeploymentScope{}.scope_id()));
  CHECK_FALSE(is_unit_local("/providers/Microsoft.Management/managementGroups/mg"));
  CHECK_FALSE(is_unit_local("/providers/Microsoft.Management/managementGroups/platform/providers/Microsoft.Authorization/roleAssignments/a"));
  CHECK_FALSE(is_unit_local("/subscriptions/11111111-1111-1111-1111-111111111111"));
  // By its leading segments alone (graph.cpp ends the chains of cross_unit_keys there).
  const std::string synthetic = "00000000-0000-0000-0000-000000000000";
  CHECK(has_synthetic_subscription("/subscriptions/" + synthetic));
  CHECK(has_synthetic_subscription("/SUBSCRIPTIONS/" + synthetic + "/"));
  CHECK_FALSE(has_synthetic_subscription("/subscriptions/" + synthetic + "0"));
  CHECK_FALSE(has_synthetic_subscription("subscriptions/" + synthetic));
  CHECK_FALSE(has_synthetic_subscription("/subscriptions"));
  CHECK_FALSE(has_synthetic_subscription("//subscriptions/" + synthetic));
  CHECK_FALSE(has_synthetic_subscription("/providers/Microsoft.Management/managementGroups/" + synthetic));
  CHECK(has_synthetic_management_group("/providers/microsoft.management/managementgroups/" + synthetic));
  CHECK_FALSE(has_synthetic_management_group("/providers/Microsoft.Management/managementGroups"));
  CHECK_FALSE(has_synthetic_management_group("/providers/Microsoft.Management/managementGroups/" + synthetic + "x"));
}
