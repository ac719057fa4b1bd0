// Role assignments over the graph: which role an assignment grants in every form its id is written
// (role_lookup.h), which vaults it reaches and how (access.h), and the access: condition the KV2xx rules
// are written in.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include "graph/json_value.h"
#include "graph/symbol.h"
#include "policy/access.h"
#include "policy/catalogue.h"
#include "policy/check_context.h"
#include "policy/role_lookup.h"

using namespace vl;

namespace {

constexpr FileId kFile = 7;
const std::string kSub = "/subscriptions/00000000-0000-0000-0000-000000000000";
const std::string kRg = kSub + "/resourceGroups/rg";
const std::string kVault = kRg + "/providers/Microsoft.KeyVault/vaults/kv";
const std::string kOwner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const std::string kSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

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

Resource vault(const std::string& id, bool rbac) {
  return resource("Microsoft.KeyVault/vaults", id, std::string(R"({"properties": {"enableRbacAuthorization": )") + (rbac ? "true" : "false") + "}}");
}

// An assignment on `scope` (empty: the deployment's resource group) granting `role`.
Resource assignment(const std::string& scope, const std::string& role, const std::string& extra = "") {
  Resource r = resource("Microsoft.Authorization/roleAssignments",
                        (scope.empty() ? kRg : scope) + "/providers/Microsoft.Authorization/roleAssignments/a",
                        R"({"properties": {"roleDefinitionId": ")" + role + "\"" + extra + "}}");
  r.scope_id = scope;
  return r;
}

ResolvedRole role_of(const Graph& g, std::uint32_t i) { return resolve_role(g, i, catalogue().data()); }

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

TEST_CASE("resolve_role: a built-in role in every id form, and its display name", "[policy][access]") {
  Graph g;
  g.add(assignment(kVault, kSub + "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));
  g.add(assignment(kVault, "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));
  g.add(assignment(kVault, kRg + "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));
  g.add(assignment(kVault, "8E3AF657-A8FF-443C-A75C-2FE8C4BCB635"));
  g.add(assignment(kVault, "owner"));
  g.link();
  for (std::uint32_t i = 0; i < 5; ++i) {
    ResolvedRole r = role_of(g, i);
    INFO(i);
    CHECK(r.known);
    CHECK(r.built_in);
    CHECK(r.traits.name == "Owner");
    CHECK(r.traits.privileged);
    CHECK(r.traits.vaults_write);
    CHECK(r.traits.role_assignments_write);
    CHECK_FALSE(r.traits.key_vault_data);
    CHECK(r.by_display_name == (i == 4));
  }
}

TEST_CASE("resolve_role: the built-in table's judgement, data roles, and what is not known", "[policy][access]") {
  Graph g;
  g.add(assignment(kVault, "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c"));  // Contributor
  g.add(assignment(kVault, "/providers/Microsoft.Authorization/roleDefinitions/" + kSecretsUser));
  g.add(assignment(kVault, "/providers/Microsoft.Authorization/roleDefinitions/aaaaaaaa-0000-4000-8000-00000000beef"));
  g.add(assignment(kVault, "Not A Role"));
  Resource from_param = assignment(kVault, "x");
  Object props;
  props.append("roleDefinitionId", Value::unknown("parameter `role` has no default", Span{kFile, 40, 44}));
  Object body;
  body.append("properties", Value::object(std::move(props)));
  from_param.body = Value::object(std::move(body));
  g.add(std::move(from_param));
  g.link();

  ResolvedRole contributor = role_of(g, 0);
  CHECK(contributor.traits.vaults_write);
  CHECK_FALSE(contributor.traits.role_assignments_write);  // its notActions take Microsoft.Authorization/*/Write away
  ResolvedRole secrets = role_of(g, 1);
  CHECK(secrets.known);
  CHECK_FALSE(secrets.traits.privileged);
  CHECK(secrets.traits.key_vault_data);
  ResolvedRole unknown = role_of(g, 2);
  CHECK_FALSE(unknown.known);
  CHECK(unknown.reason.find("neither a built-in role") != std::string::npos);
  ResolvedRole nonsense = role_of(g, 3);
  CHECK_FALSE(nonsense.known);
  CHECK(nonsense.reason.find("neither a role definition id nor a built-in role's name") != std::string::npos);
  ResolvedRole param = role_of(g, 4);
  CHECK_FALSE(param.known);
  CHECK(param.reason.find("parameter `role`") != std::string::npos);
  CHECK(param.origin.begin == 40);
}

TEST_CASE("resolve_role: custom roles of the scan by reference, GUID and name, and existing ones are not known", "[policy][access]") {
  Graph g;
  const std::string def_id = kSub + "/providers/Microsoft.Authorization/roleDefinitions/bbbbbbbb-0000-4000-8000-000000000001";
  g.add(resource("Microsoft.Authorization/roleDefinitions", def_id,
                 R"({"properties": {"roleName": "contributor clone", "permissions": [{"actions": ["*"], "notActions": ["Microsoft.Authorization/*/Write"]}]}})"));
  g.add(resource("Microsoft.Authorization/roleDefinitions", kRg + "/providers/Microsoft.Authorization/roleDefinitions/bbbbbbbb-0000-4000-8000-000000000002",
                 R"({"properties": {"roleName": "readers", "permissions": [{"dataActions": ["Microsoft.KeyVault/vaults/secrets/getSecret/action"]}]}})"));
  Resource existing = resource("Microsoft.Authorization/roleDefinitions",
                               kSub + "/providers/Microsoft.Authorization/roleDefinitions/bbbbbbbb-0000-4000-8000-000000000003", "{}");
  existing.existing = true;
  g.add(std::move(existing));
  g.add(assignment(kVault, def_id));                                                                  // 3: by reference
  g.add(assignment(kVault, "/providers/Microsoft.Authorization/roleDefinitions/bbbbbbbb-0000-4000-8000-000000000002"));  // 4: by GUID
  g.add(assignment(kVault, "bbbbbbbb-0000-4000-8000-000000000003"));                                   // 5: existing
  // 6: Terraform's role_definition_name naming the custom role; the id it could not resolve is unknown.
  Resource by_name = assignment(kVault, "x");
  Object props;
  props.append("roleDefinitionId", Value::unknown("role `Readers` is not a built-in role vaultlint knows (a custom role?)"));
  props.append("roleDefinitionName", Value::string("Readers"));
  Object body;
  body.append("properties", Value::object(std::move(props)));
  by_name.body = Value::object(std::move(body));
  g.add(std::move(by_name));
  g.link();

  ResolvedRole clone = role_of(g, 3);
  REQUIRE(clone.known);
  CHECK(clone.definition == 0);
  CHECK(clone.traits.name == "contributor clone");
  CHECK(clone.traits.privileged);
  CHECK(clone.traits.vaults_write);
  CHECK_FALSE(clone.traits.role_assignments_write);
  ResolvedRole readers = role_of(g, 4);
  REQUIRE(readers.known);
  CHECK(readers.definition == 1);
  CHECK_FALSE(readers.traits.privileged);
  CHECK(readers.traits.key_vault_data);
  ResolvedRole existing_role = role_of(g, 5);
  CHECK_FALSE(existing_role.known);
  CHECK(existing_role.reason.find("existing") != std::string::npos);
  ResolvedRole named = role_of(g, 6);
  REQUIRE(named.known);
  CHECK(named.by_display_name);
  CHECK(named.definition == 1);
}

TEST_CASE("custom_role_traits: what makes a custom role privileged", "[policy][access]") {
  CHECK(custom_role_traits("a", {"Microsoft.KeyVault/*"}, {}, {}, {}).privileged);
  CHECK(custom_role_traits("b", {"Microsoft.Authorization/*"}, {}, {}, {}).role_assignments_write);
  CHECK(custom_role_traits("c", {"Microsoft.KeyVault/vaults/write"}, {}, {}, {}).privileged);
  RoleTraits data_admin = custom_role_traits("d", {}, {}, {"Microsoft.KeyVault/vaults/*"}, {});
  CHECK(data_admin.privileged);
  CHECK(data_admin.wildcard_data_actions);
  CHECK(data_admin.key_vault_data);
  RoleTraits reader = custom_role_traits("e", {"*/read"}, {}, {"Microsoft.KeyVault/vaults/secrets/getSecret/action"}, {});
  CHECK_FALSE(reader.privileged);
  CHECK_FALSE(reader.vaults_write);
  CHECK(reader.key_vault_data);
  // A not-action takes away what an action allows.
  CHECK_FALSE(custom_role_traits("f", {"Microsoft.KeyVault/vaults/*"}, {"Microsoft.KeyVault/vaults/write"}, {}, {}).vaults_write);
  CHECK(action_matches("Microsoft.KeyVault/*", "microsoft.keyvault/vaults/write"));
  CHECK_FALSE(action_matches("Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/write"));
}

TEST_CASE("reach_of: on the vault, through its resource group and subscription, and an existing twin is the deployed vault", "[policy][access]") {
  Graph g;
  g.add(vault(kVault, false));                                  // 0
  Resource twin = vault(kVault, false);
  twin.existing = true;
  twin.body = Value::object(Object{});
  g.add(std::move(twin));                                       // 1
  g.add(assignment(kVault, "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));  // 2
  g.add(assignment("", "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));      // 3: the resource group
  g.add(assignment(kSub, "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));    // 4: the subscription
  g.add(assignment(kSub + "/resourceGroups/other", "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));  // 5
  g.link();

  AssignmentReach direct = reach_of(g, 2, vault_types());
  REQUIRE(direct.reaches.size() == 1);
  CHECK(direct.reaches[0].target == 0);
  CHECK(direct.reaches[0].level == ReachLevel::Resource);
  CHECK(direct.maybe.empty());
  AssignmentReach group = reach_of(g, 3, vault_types());
  REQUIRE(group.reaches.size() == 1);
  CHECK(group.reaches[0].target == 0);
  CHECK(group.reaches[0].level == ReachLevel::ResourceGroup);
  CHECK(reach_description(g, group.reaches[0]).find("which holds Key Vault `kv`") != std::string::npos);
  AssignmentReach sub = reach_of(g, 4, vault_types());
  REQUIRE(sub.reaches.size() == 1);
  CHECK(sub.reaches[0].level == ReachLevel::Subscription);
  CHECK(reach_of(g, 5, vault_types()).reaches.empty());
  CHECK(reach_of(g, 5, vault_types()).maybe.empty());
}

TEST_CASE("reach_of: an unknown scope, or a group the scan names only by a symbol, may reach the vault", "[policy][access]") {
  Graph g;
  g.add(vault(kVault, true));
  Resource unknown = assignment("", "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner);
  unknown.id.clear();
  unknown.scope_unknown = "parameter `scope` has no default";
  g.add(std::move(unknown));
  g.add(assignment(kSub + "/resourceGroups/" + symbol_marker("param group"), "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner));
  g.link();
  AssignmentReach a = reach_of(g, 1, vault_types());
  CHECK(a.reaches.empty());
  REQUIRE(a.possible.size() == 1);
  CHECK(a.possible[0].level_unknown);
  CHECK(a.maybe.find("parameter `scope` has no default") != std::string::npos);
  AssignmentReach b = reach_of(g, 2, vault_types());
  CHECK(b.reaches.empty());
  REQUIRE(b.possible.size() == 1);
  CHECK(b.maybe.find("cannot tell apart") != std::string::npos);
}

TEST_CASE("access: role class, levels, the reached vault and the assignment itself", "[policy][access]") {
  Graph g;
  g.add(vault(kVault, false));                                                                     // 0: access policies
  const std::string rbac_vault = kRg + "/providers/Microsoft.KeyVault/vaults/kv2";
  g.add(vault(rbac_vault, true));                                                                  // 1: RBAC
  g.add(assignment(kVault, "/providers/Microsoft.Authorization/roleDefinitions/" + kOwner, R"(, "principalType": "User")"));  // 2
  g.add(assignment(rbac_vault, "/providers/Microsoft.Authorization/roleDefinitions/aaaaaaaa-0000-4000-8000-00000000beef"));  // 3
  g.add(assignment("", "/providers/Microsoft.Authorization/roleDefinitions/" + kSecretsUser));                                  // 4: group
  g.link();

  Outcome owner = check("{access: {role: privileged}, message: '`{role}` {how} by {assignment}'}", g, 2);
  CHECK(owner.verdict == Verdict::Fail);
  CHECK(owner.message == "`Owner` on Key Vault `kv` by a standing assignment");
  REQUIRE_FALSE(owner.related.empty());
  CHECK(owner.related[0].message.find("it reaches Key Vault `kv`") != std::string::npos);
  CHECK(check("{access: {role: key_vault_data}}", g, 2).verdict == Verdict::Pass);
  // KV202's shape: only vaults that KV101 fails count.
  const char* self_grant = "{access: {role: vaults_write, reaching: Microsoft.KeyVault/vaults, where: {not: {verdict_of: KV101}}}}";
  CHECK(check(self_grant, g, 2).verdict == Verdict::Fail);
  // An unknown role on an RBAC vault: KV202 cannot fail there, so the role need not be known.
  CHECK(check(self_grant, g, 3).verdict == Verdict::Pass);
  Outcome unknown = check("{access: {role: privileged}}", g, 3);
  CHECK(unknown.verdict == Verdict::Unresolved);
  CHECK(unknown.reason.find("neither a built-in role") != std::string::npos);
  // Levels: a data role on the resource group reaches both vaults from above.
  Outcome broad = check("{access: {role: key_vault_data, granted_at: [resource_group, subscription]}, message: '{how}'}", g, 4);
  CHECK(broad.verdict == Verdict::Fail);
  CHECK(broad.message.find("(and 1 more it reaches)") != std::string::npos);
  CHECK(check("{access: {role: key_vault_data, granted_at: resource}}", g, 4).verdict == Verdict::Pass);
  // The assignment itself, and where the finding points.
  Outcome user = check("{access: {role: privileged, when: {property: properties.principalType, equals: User}, point_at: properties.principalType}, message: 'to a {value}'}", g, 2);
  CHECK(user.verdict == Verdict::Fail);
  CHECK(user.property == "properties.principalType");
  CHECK(user.message == "to a 'User'");
  CHECK(check("{access: {role: privileged, when: {property: properties.principalType, equals: Group}}}", g, 2).verdict == Verdict::Pass);
  CHECK(check("{access: {named: true}}", g, 2).verdict == Verdict::Pass);
}

TEST_CASE("access: malformed conditions are refused", "[policy][access]") {
  std::string error;
  CHECK_FALSE(parse_condition(YAML::Load("{access: {role: godlike}}"), error));
  CHECK(error.find("access.role") != std::string::npos);
  CHECK_FALSE(parse_condition(YAML::Load("{access: {granted_at: [tenant]}}"), error));
  CHECK_FALSE(parse_condition(YAML::Load("{access: [1, 2]}"), error));
  CHECK(parse_condition(YAML::Load("{access: {}}"), error));
}
