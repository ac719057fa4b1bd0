// The graph: Value basics, parent ids, and edge linking (scope, parent, references) with variants kept apart.
#include <catch2/catch.hpp>

#include <algorithm>

#include "graph/graph.h"
#include "graph/symbol.h"

using namespace vl;

namespace {

Resource make(const std::string& type, const std::string& id, std::uint32_t unit = 0, std::uint32_t variant = 0) {
  Resource r;
  r.type = type;
  r.id = id;
  r.unit = unit;
  r.variant = variant;
  return r;
}

const std::string kRg = "/subscriptions/0/resourceGroups/rg";

}  // namespace

TEST_CASE("objects look keys up case-insensitively, last duplicate wins", "[graph][value]") {
  Object o;
  o.append("Name", Value::string("a"));
  o.append("name", Value::string("b"));
  CHECK(o.get("NAME").as_string() == "b");
  o.set("NAME", Value::string("c"));
  CHECK(o.size() == 2);
  CHECK(o.get("name").as_string() == "b");  // set replaced the first match
  CHECK(o.get("missing").is_absent());
  CHECK(o.erase("name"));
}

TEST_CASE("deep equality compares numbers by value and object keys without case", "[graph][value]") {
  CHECK(deep_equals(Value::integer(2), Value::number(2.0)));
  Object a, b;
  a.append("Key", Value::array(Array{Value::string("x")}));
  b.append("key", Value::array(Array{Value::string("x")}));
  CHECK(deep_equals(Value::object(a), Value::object(b)));
  CHECK_FALSE(deep_equals(Value::string("X"), Value::string("x")));
  CHECK(deep_equals(Value::string("X"), Value::string("x"), true));
}

TEST_CASE("null counts as absent - unknowns are found inside containers", "[graph][value]") {
  CHECK(Value::null().is_absent_or_null());
  CHECK(Value().is_absent_or_null());
  CHECK_FALSE(Value::boolean(false).is_absent_or_null());
  Object o;
  o.append("a", Value::array(Array{Value::integer(1), Value::unknown("why")}));
  const Value* u = Value::object(o).find_unknown();
  REQUIRE(u);
  CHECK(u->unknown_info().reason == "why");
}

TEST_CASE("member spans run from the key to the value as written there", "[graph][value]") {
  Member m{"k", Span{1, 10, 13}, Value::boolean(false, Span{2, 50, 55}), Span{1, 15, 30}};
  CHECK(m.span() == (Span{1, 10, 30}));
  Member direct{"k", Span{1, 10, 13}, Value::boolean(false, Span{1, 15, 20}), {}};
  CHECK(direct.span() == (Span{1, 10, 20}));
}

TEST_CASE("parent ids", "[graph]") {
  CHECK(parent_id(kRg + "/providers/Microsoft.KeyVault/vaults/kv/secrets/s") == kRg + "/providers/Microsoft.KeyVault/vaults/kv");
  CHECK(parent_id(kRg + "/providers/Microsoft.KeyVault/vaults/kv").empty());
  CHECK(parent_id(kRg + "/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Authorization/roleAssignments/g").empty());
  CHECK(parent_id("not an id").empty());
}

TEST_CASE("linking: scope, parent and references edges, case-insensitive ids", "[graph]") {
  Graph g;
  std::uint32_t vault = g.add(make("Microsoft.KeyVault/vaults", kRg + "/providers/Microsoft.KeyVault/vaults/kv"));
  Resource secret = make("Microsoft.KeyVault/vaults/secrets", kRg + "/providers/Microsoft.KeyVault/vaults/KV/secrets/s");
  secret.depends_on.push_back(kRg + "/providers/microsoft.keyvault/vaults/kv");
  std::uint32_t s = g.add(secret);
  Resource ra = make("Microsoft.Authorization/roleAssignments", "");
  ra.scope_id = kRg + "/providers/Microsoft.KeyVault/vaults/kv";
  std::uint32_t a = g.add(ra);
  g.link();
  CHECK(g.incoming(vault, EdgeKind::Parent) == std::vector<std::uint32_t>{s});
  CHECK(g.incoming(vault, EdgeKind::References) == std::vector<std::uint32_t>{s});
  CHECK(g.incoming(vault, EdgeKind::Scope) == std::vector<std::uint32_t>{a});
}

TEST_CASE("variants of one unit do not link to each other - other units do", "[graph]") {
  Graph g;
  const std::string id = kRg + "/providers/Microsoft.KeyVault/vaults/kv";
  std::uint32_t dev = g.add(make("Microsoft.KeyVault/vaults", id, 0, 0));
  std::uint32_t prod = g.add(make("Microsoft.KeyVault/vaults", id, 0, 1));
  Resource ra = make("Microsoft.Authorization/roleAssignments", "", 0, 1);
  ra.scope_id = id;
  std::uint32_t same_unit = g.add(ra);
  ra.unit = 1;
  ra.variant = 0;
  std::uint32_t other_unit = g.add(ra);
  g.link();
  CHECK(g.incoming(prod, EdgeKind::Scope) == std::vector<std::uint32_t>{same_unit, other_unit});
  CHECK(g.incoming(dev, EdgeKind::Scope) == std::vector<std::uint32_t>{other_unit});
}

TEST_CASE("ids in the synthetic subscription or with a symbol link only inside their unit", "[graph]") {
  const std::string synthetic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
  const std::string symbolic = kRg + "/providers/Microsoft.KeyVault/vaults/" + symbol_marker("param name");
  Graph g;
  std::uint32_t a = g.add(make("Microsoft.KeyVault/vaults", synthetic + "/providers/Microsoft.KeyVault/vaults/kv", 0));
  std::uint32_t b = g.add(make("Microsoft.KeyVault/vaults", symbolic, 0));
  Resource ra = make("Microsoft.Authorization/roleAssignments", "", 1);
  ra.scope_id = synthetic + "/providers/Microsoft.KeyVault/vaults/kv";
  std::uint32_t other_unit = g.add(ra);
  ra.scope_id = symbolic;
  std::uint32_t other_unit_symbolic = g.add(ra);
  ra.unit = 0;
  std::uint32_t same_unit_symbolic = g.add(ra);
  g.link();
  CHECK(g.incoming(a, EdgeKind::Scope).empty());
  CHECK(g.outgoing(other_unit, EdgeKind::Scope).empty());
  CHECK(g.outgoing(other_unit_symbolic, EdgeKind::Scope).empty());
  CHECK(g.incoming(b, EdgeKind::Scope) == std::vector<std::uint32_t>{same_unit_symbolic});
}

TEST_CASE("a written subscription matches the synthetic one inside a unit", "[graph]") {
  Graph g;
  std::uint32_t vault = g.add(make("Microsoft.KeyVault/vaults",
                                   "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/app/providers/Microsoft.KeyVault/vaults/kv"));
  Resource pe = make("Microsoft.Network/privateEndpoints", kRg + "/providers/Microsoft.Network/privateEndpoints/pe");
  Object props;
  props.append("privateLinkServiceId",
               Value::string("/subscriptions/1111/resourceGroups/APP/providers/Microsoft.KeyVault/vaults/kv"));
  Object body;
  body.append("properties", Value::object(props));
  pe.body = Value::object(body);
  std::uint32_t p = g.add(pe);
  g.link();
  REQUIRE(g.incoming(vault, EdgeKind::References) == std::vector<std::uint32_t>{p});
  const Edge& e = g.edges()[g.edges_to(vault).front()];
  CHECK(e.label == "properties.privateLinkServiceId");
}

TEST_CASE("containment: resource groups and subscriptions hold what is deployed into them", "[graph]") {
  Graph g;
  std::uint32_t vault = g.add(make("Microsoft.KeyVault/vaults", kRg + "/providers/Microsoft.KeyVault/vaults/kv"));
  std::uint32_t secret = g.add(make("Microsoft.KeyVault/vaults/secrets", kRg + "/providers/Microsoft.KeyVault/vaults/kv/secrets/s"));
  // Deployed without a scope in a resource-group deployment: it extends the group.
  std::uint32_t at_group = g.add(make("Microsoft.Authorization/roleAssignments", kRg + "/providers/Microsoft.Authorization/roleAssignments/a"));
  Resource at_sub = make("Microsoft.Authorization/roleAssignments", "/subscriptions/0/providers/Microsoft.Authorization/roleAssignments/b");
  std::uint32_t s = g.add(at_sub);
  Resource unknown = make("Microsoft.Authorization/roleAssignments", "");
  unknown.scope_unknown = "parameter `scope` has no value";
  std::uint32_t u = g.add(unknown);
  g.link();
  CHECK(g.declared_count() == 5);
  REQUIRE(g.resources().size() == 7);  // + the resource group and the subscription
  const std::vector<std::uint32_t> holders = g.containers(vault);
  REQUIRE(holders.size() == 2);
  CHECK(g.resources()[holders[0]].is_type("Microsoft.Resources/resourceGroups"));
  CHECK(g.resources()[holders[0]].implicit);
  CHECK(g.resources()[holders[1]].is_type("Microsoft.Resources/subscriptions"));
  CHECK(g.outgoing(at_group, EdgeKind::Scope) == std::vector<std::uint32_t>{holders[0]});
  CHECK(g.outgoing(s, EdgeKind::Scope) == std::vector<std::uint32_t>{holders[1]});
  CHECK(g.outgoing(u, EdgeKind::Scope).empty());
  std::vector<std::uint32_t> under = g.contained(holders[1]);
  CHECK(std::find(under.begin(), under.end(), vault) != under.end());
  CHECK(std::find(under.begin(), under.end(), secret) != under.end());
  CHECK(std::find(under.begin(), under.end(), at_group) == under.end());
}

TEST_CASE("a resource group declared in the scan is the node, in either id form", "[graph]") {
  Graph g;
  std::uint32_t rg = g.add(make("Microsoft.Resources/resourceGroups", "/subscriptions/0/providers/Microsoft.Resources/resourceGroups/rg"));
  std::uint32_t vault = g.add(make("Microsoft.KeyVault/vaults", kRg + "/providers/Microsoft.KeyVault/vaults/kv"));
  g.link();
  CHECK(g.containers(vault).front() == rg);
}

TEST_CASE("a vault URI links to the vault of that name in the unit", "[graph]") {
  Graph g;
  Resource kv = make("Microsoft.KeyVault/vaults", kRg + "/providers/Microsoft.KeyVault/vaults/kv-app");
  kv.name = Value::string("kv-app");
  std::uint32_t vault = g.add(kv);
  Resource st = make("Microsoft.Storage/storageAccounts", kRg + "/providers/Microsoft.Storage/storageAccounts/st");
  Object kvp;
  kvp.append("keyvaulturi", Value::string("https://KV-APP.vault.azure.net/"));
  Object body;
  body.append("properties", Value::object(kvp));
  st.body = Value::object(body);
  std::uint32_t storage = g.add(st);
  g.link();
  CHECK(g.incoming(vault, EdgeKind::References) == std::vector<std::uint32_t>{storage});
}
