// The rule model over the graph: array items (each, any_item, contains, non_empty), another rule's verdict,
// related resources in both directions and through scope containment (reaches), and role classes.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include "graph/json_value.h"
#include "graph/symbol.h"
#include "policy/catalogue.h"
#include "policy/check_context.h"

using namespace vl;

namespace {

constexpr FileId kFile = 4;
const std::string kRg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
const std::string kVault = kRg + "/providers/Microsoft.KeyVault/vaults/kv";

const Catalogue& catalogue() {
  static Catalogue c = [] {
    std::vector<std::string> errors;
    return Catalogue::load(std::nullopt, errors);
  }();
  return c;
}

Resource resource(const std::string& type, const std::string& id, const std::string& body_json) {
  Resource r;
  r.type = type;
  r.id = id;
  r.name = Value::string(id.substr(id.rfind('/') + 1));
  r.display_name = r.name.as_string();
  r.decl = Span{kFile, 0, 1};
  r.api_version = Value::string("2026-02-01");
  r.body = parse_json_document(kFile, body_json).root;
  return r;
}

Outcome check(const std::string& yaml, const Graph& g, std::uint32_t index) {
  std::string error;
  std::unique_ptr<Condition> c = parse_condition(YAML::Load(yaml), error);
  INFO(error);
  REQUIRE(c);
  static EngineOptions options{"2026-12-06"};
  CheckContext ctx(g, index, catalogue().data(), options);
  ctx.set_rules(&catalogue(), [](const void* cat, std::string_view id) { return static_cast<const Catalogue*>(cat)->find(id); });
  return evaluate_condition(*c, ctx);
}

}  // namespace

TEST_CASE("each: one outcome per offending item, pointing at it, with its index", "[policy][rule-model]") {
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault,
                 R"({"properties": {"accessPolicies": [{"permissions": {"secrets": ["get"]}}, {"permissions": {"secrets": ["all"]}}, {"permissions": {"keys": ["purge"]}}]}})"));
  g.link();
  // `contains` passes when the item holds the value: negate it with `not`.
  Outcome broad = check(R"(
each: properties.accessPolicies
message: "policy {value} is over-broad"
check:
  not: {any: [{property: permissions.secrets, contains: all, absent: fail}, {property: permissions.keys, contains: purge, absent: fail}]}
)", g, 0);
  CHECK(broad.verdict == Verdict::Fail);
  REQUIRE(broad.items.size() == 2);
  CHECK(broad.items[0].property.rfind("properties.accessPolicies[1]", 0) == 0);
  CHECK(broad.items[1].property.rfind("properties.accessPolicies[2]", 0) == 0);
  CHECK(broad.items[0].message.find("is over-broad") != std::string::npos);
  CHECK(broad.items[0].location.begin > 0);
}

TEST_CASE("any_item, contains and non_empty", "[policy][rule-model]") {
  Graph g;
  g.add(resource("Microsoft.Network/privateEndpoints", kRg + "/providers/Microsoft.Network/privateEndpoints/pe",
                 R"({"properties": {"conns": [{"groupIds": ["secrets"]}, {"groupIds": ["vault"]}], "empty": []}})"));
  g.link();
  CHECK(check("{any_item: properties.conns, where: {property: groupIds, contains: vault}}", g, 0).verdict == Verdict::Pass);
  CHECK(check("{any_item: properties.conns, where: {property: groupIds, contains: blob}, message: none}", g, 0).verdict == Verdict::Fail);
  CHECK(check("{any_item: properties.missing, where: {property: groupIds, contains: vault}}", g, 0).verdict == Verdict::Fail);
  CHECK(check("{property: properties.conns, non_empty: true}", g, 0).verdict == Verdict::Pass);
  CHECK(check("{property: properties.empty, non_empty: true}", g, 0).verdict == Verdict::Fail);
  CHECK(check("{property: properties.missing, non_empty: false}", g, 0).verdict == Verdict::Pass);
}

TEST_CASE("verdict_of: another rule's verdict on the resource", "[policy][rule-model]") {
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault, R"({"properties": {"enableRbacAuthorization": false}})"));
  g.add(resource("Microsoft.KeyVault/vaults", kVault + "2", R"({"properties": {"enableRbacAuthorization": true}})"));
  g.link();
  CHECK(check("{verdict_of: KV101}", g, 0).verdict == Verdict::Fail);
  CHECK(check("{verdict_of: KV101}", g, 1).verdict == Verdict::Pass);
  CHECK(check("{verdict_of: KV999}", g, 1).verdict == Verdict::Unresolved);
}

TEST_CASE("related: incoming by a labelled reference, unresolved when a symbolic target may be this vault", "[policy][rule-model]") {
  const std::string pe_yaml =
      "{related: {type: Microsoft.Network/privateEndpoints, via: {property: 'properties.links[*].id'}}, message: no endpoint}";
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  g.add(resource("Microsoft.Network/privateEndpoints", kRg + "/providers/Microsoft.Network/privateEndpoints/pe",
                 R"({"properties": {"links": [{"id": ")" + kVault + R"("}]}})"));
  g.link();
  CHECK(check(pe_yaml, g, 0).verdict == Verdict::Pass);

  Graph other;
  Resource vault = resource("Microsoft.KeyVault/vaults", kRg + "/providers/Microsoft.KeyVault/vaults/" + symbol_marker("param a"), "{}");
  other.add(vault);
  Resource pe = resource("Microsoft.Network/privateEndpoints", kRg + "/providers/Microsoft.Network/privateEndpoints/pe", "{}");
  Object link, item, props, body;
  link.append("id", symbolic_unknown("parameter `b` has no value", {}, kRg + "/providers/Microsoft.KeyVault/vaults/" + symbol_marker("param b")));
  props.append("links", Value::array(Array{Value::object(link)}));
  body.append("properties", Value::object(props));
  pe.body = Value::object(body);
  other.add(pe);
  other.link();
  Outcome maybe = check(pe_yaml, other, 0);
  CHECK(maybe.verdict == Verdict::Unresolved);
  CHECK(maybe.reason.find("which may be this one") != std::string::npos);

  Graph none;
  none.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  none.link();
  Outcome fail = check(pe_yaml, none, 0);
  CHECK(fail.verdict == Verdict::Fail);
  CHECK(fail.message == "no endpoint");
}

TEST_CASE("related: reaches, from the vault and from the assignment", "[policy][rule-model]") {
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  Resource at_group = resource("Microsoft.Authorization/roleAssignments", kRg + "/providers/Microsoft.Authorization/roleAssignments/a",
                               R"({"properties": {"roleDefinitionId": "/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"}})");
  g.add(at_group);
  Resource unknown = resource("Microsoft.Authorization/roleAssignments", "", R"({"properties": {}})");
  unknown.scope_unknown = "parameter `scope` has no value";
  g.add(unknown);
  g.link();
  CHECK(check("{related: {type: Microsoft.KeyVault/vaults, via: reaches, direction: outgoing}}", g, 1).verdict == Verdict::Pass);
  Outcome from_vault = check("{related: {type: Microsoft.Authorization/roleAssignments, via: reaches, where: {role: privileged}}}", g, 0);
  CHECK(from_vault.verdict == Verdict::Pass);
  Outcome from_unknown = check("{related: {type: Microsoft.KeyVault/vaults, via: reaches, direction: outgoing}}", g, 2);
  CHECK(from_unknown.verdict == Verdict::Unresolved);
  CHECK(from_unknown.reason.find("parameter `scope` has no value") != std::string::npos);
}

TEST_CASE("role: built-in roles by GUID in any id form, custom roles in the scan, unknown roles unresolved", "[policy][rule-model]") {
  auto assignment = [](const std::string& role_id) {
    return resource("Microsoft.Authorization/roleAssignments", kVault + "/providers/Microsoft.Authorization/roleAssignments/a",
                    R"({"properties": {"roleDefinitionId": ")" + role_id + R"("}})");
  };
  Graph g;
  g.add(assignment("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"));  // Owner
  g.add(assignment("4633458b-17de-408a-b874-0445c86b69e6"));  // Key Vault Secrets User, bare
  g.add(assignment("/providers/Microsoft.Authorization/roleDefinitions/12345678-1234-1234-1234-123456789012"));
  const std::string custom_id = "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/aaaaaaaa-1234-1234-1234-123456789012";
  g.add(assignment(custom_id));
  g.add(resource("Microsoft.Authorization/roleDefinitions", custom_id,
                 R"({"properties": {"roleName": "kv admins", "permissions": [{"actions": ["Microsoft.KeyVault/*"], "dataActions": []}]}})"));
  g.link();
  CHECK(check("{role: privileged}", g, 0).verdict == Verdict::Pass);
  CHECK(check("{role: vaults_write}", g, 0).verdict == Verdict::Pass);
  CHECK(check("{role: privileged}", g, 1).verdict == Verdict::Fail);
  CHECK(check("{role: key_vault_data}", g, 1).verdict == Verdict::Pass);
  Outcome unknown = check("{role: privileged}", g, 2);
  CHECK(unknown.verdict == Verdict::Unresolved);
  CHECK(unknown.reason.find("12345678-1234-1234-1234-123456789012") != std::string::npos);
  CHECK(check("{role: privileged}", g, 3).verdict == Verdict::Pass);
  CHECK(check("{role: vaults_write}", g, 3).verdict == Verdict::Pass);
  std::string error;
  CHECK_FALSE(parse_condition(YAML::Load("{role: godlike}"), error));
}
