// The graph: Value basics, parent ids, and edge linking (scope, parent, references) with variants kept apart.
#include <catch2/catch.hpp>

#include "graph/graph.h"

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
