// What the rules about resources that protect a vault from elsewhere stand on: IP rules parsed as addresses
// and prefixes, Key Vault data-plane URIs named from ids, and the related-resource model's answers when a
// related resource only maybe exists (a condition, a module the scan cannot read), several paths, `.**`,
// references to a scope that holds the resource, contains_all and `exists` on unknown values.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include "graph/computed.h"
#include "graph/json_value.h"
#include "graph/symbol.h"
#include "policy/catalogue.h"
#include "policy/check_context.h"
#include "policy/ip_prefix.h"

using namespace vl;

namespace {

constexpr FileId kFile = 5;
const std::string kRg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
const std::string kVault = kRg + "/providers/Microsoft.KeyVault/vaults/kv";
const std::string kEndpoint = kRg + "/providers/Microsoft.Network/privateEndpoints/pe";

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

std::string endpoint_body(const std::string& target, const std::string& group) {
  return R"({"properties": {"privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": ")" + target +
         R"(", "groupIds": [")" + group + R"("]}}]}})";
}

const char* kEndpointRule = R"(
related:
  type: Microsoft.Network/privateEndpoints
  via:
    property:
      - "properties.privateLinkServiceConnections[*].properties.privateLinkServiceId"
      - "properties.manualPrivateLinkServiceConnections[*].properties.privateLinkServiceId"
  where:
    any_item: properties.privateLinkServiceConnections
    where: {property: properties.groupIds, contains: vault}
    message: "its group ids are not vault"
message: no endpoint
)";

std::string open_reason(const std::string& text) {
  std::string why;
  std::optional<IpRule> rule = parse_ip_rule(text, why);
  INFO(text << ": " << why);
  REQUIRE(rule);
  return opening_reason(*rule);
}

bool malformed(const std::string& text) {
  std::string why;
  return !parse_ip_rule(text, why) && !why.empty();
}

}  // namespace

TEST_CASE("IP rules: addresses and prefixes that open the vault", "[policy][linkage]") {
  CHECK(open_reason("0.0.0.0/0") == "every IPv4 address");
  CHECK(open_reason("*") == "any address");
  CHECK(open_reason("0.0.0.0") == "the unspecified address, read as any");
  CHECK(open_reason("::") == "the unspecified address, read as any");
  CHECK(open_reason("::/0") == "every IPv6 address");
  CHECK(open_reason("1.0.0.0/7") == "an IPv4 /7 prefix, wider than /8");
  CHECK(open_reason("2001:db8::/15") == "an IPv6 /15 prefix, wider than /16");
  CHECK(open_reason(" 203.0.113.0/24 ").empty());
  CHECK(open_reason("10.0.0.0/8").empty());
  CHECK(open_reason("2001:db8::/16").empty());
  CHECK(open_reason("0.0.0.0/8").empty());  // "this network", not every address
  CHECK(open_reason("::ffff:192.0.2.1").empty());
  CHECK(open_reason("fe80:0:0:0:0:0:0:1/64").empty());
}

TEST_CASE("IP rules: malformed entries are told apart", "[policy][linkage]") {
  for (const char* bad : {"", "any", "10.0.0.300", "10.0.0", "10.0.0.0.0", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/x",
                          "2001:db8:::1", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "12345::", "::/129", "fe80::1%eth0",
                          "1.2.3.4/-1", "0001.2.3.4"}) {
    INFO(bad);
    CHECK(malformed(bad));
  }
  std::string why;
  parse_ip_rule("10.0.0.300", why);
  CHECK(why == "an IPv4 address is four numbers from 0 to 255");
}

TEST_CASE("Data-plane URIs are named from the resource id", "[graph][linkage]") {
  CHECK(data_plane_uri(kVault) == "https://kv.vault.azure.net/");
  CHECK(data_plane_uri(kVault + "/keys/cmk") == "https://kv.vault.azure.net/keys/cmk");
  CHECK(data_plane_uri(kVault + "/secrets/s") == "https://kv.vault.azure.net/secrets/s");
  CHECK(data_plane_uri(kRg + "/providers/Microsoft.KeyVault/managedHSMs/hsm") == "https://hsm.managedhsm.azure.net/");
  CHECK(data_plane_uri(kVault + "/accessPolicies/add").empty());
  CHECK(data_plane_uri(kRg + "/providers/Microsoft.Storage/storageAccounts/st").empty());

  std::optional<Value> uri = computed_property("Microsoft.KeyVault/vaults", kVault, "vaultUri", "set by Azure", {});
  REQUIRE(uri);
  CHECK(uri->is_unknown());  // another cloud has another suffix: the rules never see it as known
  CHECK(*symbol_of(*uri) == "https://kv.vault.azure.net/");
  std::optional<Value> versioned = computed_property("Microsoft.KeyVault/vaults/keys", kVault + "/keys/k", "keyUriWithVersion", "x", {});
  REQUIRE(versioned);
  CHECK(symbol_of(*versioned)->rfind("https://kv.vault.azure.net/keys/k/", 0) == 0);
  CHECK(is_symbolic(*symbol_of(*versioned)));  // the version is Azure's
  CHECK(!computed_property("Microsoft.KeyVault/vaults", kVault, "enableSoftDelete", "x", {}));
  CHECK(!computed_property("Microsoft.KeyVault/vaults/keys", kVault, "keyUri", "x", {}));  // the id is not a key's

  // A vault whose name is a symbol gets a URI with that symbol, and the graph links a holder to it.
  const std::string symbolic = kRg + "/providers/Microsoft.KeyVault/vaults/kv-" + symbol_marker("param suffix");
  Graph g;
  Resource vault = resource("Microsoft.KeyVault/vaults", symbolic, "{}");
  vault.name = symbolic_unknown("no value", {}, "kv-" + symbol_marker("param suffix"));
  g.add(vault);
  Resource storage = resource("Microsoft.Storage/storageAccounts", kRg + "/providers/Microsoft.Storage/storageAccounts/st", "{}");
  Object kvp, enc, props, body;
  kvp.append("keyvaulturi", *computed_property("Microsoft.KeyVault/vaults", symbolic, "vaultUri", "x", {}));
  enc.append("keyvaultproperties", Value::object(kvp));
  props.append("encryption", Value::object(enc));
  body.append("properties", Value::object(props));
  storage.body = Value::object(body);
  g.add(storage);
  g.link();
  REQUIRE(g.incoming(0, EdgeKind::References) == std::vector<std::uint32_t>{1});
}

TEST_CASE("related: several paths, near misses named, a pass points at what satisfies it", "[policy][rule-model][linkage]") {
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  g.add(resource("Microsoft.Network/privateEndpoints", kEndpoint, endpoint_body(kVault, "secrets")));
  g.link();
  Outcome near = check(kEndpointRule, g, 0);
  CHECK(near.verdict == Verdict::Fail);
  CHECK(near.message == "no endpoint (Microsoft.Network/privateEndpoints `pe` is linked to it, but its group ids are not vault)");
  REQUIRE(near.related.size() == 1);

  Graph manual;
  manual.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  Resource pe = resource("Microsoft.Network/privateEndpoints", kEndpoint,
                         R"({"properties": {"manualPrivateLinkServiceConnections": [{"properties": {"privateLinkServiceId": ")" +
                             kVault + R"(", "groupIds": ["vault"]}}]}})");
  pe.decl = Span{kFile, 40, 41};
  manual.add(pe);
  manual.link();
  // Linked through the second path; the `where` here only reads the first list, so it is a near miss.
  CHECK(check(kEndpointRule, manual, 0).verdict == Verdict::Fail);
  Outcome found = check("{related: {type: Microsoft.Network/privateEndpoints, via: {property: 'properties.**'}}}", manual, 0);
  CHECK(found.verdict == Verdict::Pass);
  CHECK(found.location.begin == 40);
  // `not` then reports at the related resource.
  Outcome absent = check("{not: {related: {type: Microsoft.Network/privateEndpoints, via: {property: 'properties.**'}}}}", manual, 0);
  CHECK(absent.verdict == Verdict::Fail);
  CHECK(absent.location.begin == 40);
}

TEST_CASE("related: a qualifying resource under an unknown condition leaves the answer open", "[policy][rule-model][linkage]") {
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  Resource pe = resource("Microsoft.Network/privateEndpoints", kEndpoint, endpoint_body(kVault, "vault"));
  pe.conditional = true;
  pe.condition_reason = "parameter `deploy` has no value";
  g.add(pe);
  g.link();
  Outcome maybe = check(kEndpointRule, g, 0);
  CHECK(maybe.verdict == Verdict::Unresolved);
  CHECK(maybe.reason.find("deployed only under a condition the scan cannot know: parameter `deploy` has no value") != std::string::npos);

  // Under the very condition the vault itself stands under, it exists whenever the vault does.
  g.resources()[0].conditional = true;
  g.resources()[0].condition_reason = "parameter `deploy` has no value";
  CHECK(check(kEndpointRule, g, 0).verdict == Verdict::Pass);
}

TEST_CASE("related: a module the scan cannot read that receives the id may deploy one", "[policy][rule-model][linkage]") {
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  Resource module = resource("Microsoft.Resources/deployments", kRg + "/providers/Microsoft.Resources/deployments/pe",
                             R"({"properties": {"parameters": {"target": {"value": ")" + kVault + R"("}}}})");
  module.symbolic_name = "endpoint";
  module.format = SourceFormat::Bicep;
  module.unread = "module `br/public:avm/res/network/private-endpoint:0.11.0` is not in the Bicep module cache";
  g.add(module);
  g.link();
  Outcome maybe = check(kEndpointRule, g, 0);
  CHECK(maybe.verdict == Verdict::Unresolved);
  CHECK(maybe.reason.find("module `endpoint` receives its id but is not read (module `br/public") != std::string::npos);
  REQUIRE(!maybe.related.empty());

  // A rule may say which modules could deploy its type: one whose name and reference say otherwise does not.
  const std::string narrowed = std::string(kEndpointRule).replace(std::string(kEndpointRule).find("  where:"), 0,
                                                                  "  unread_modules: '(?i)private[-_]?endpoint'\n");
  CHECK(check(narrowed, g, 0).verdict == Verdict::Unresolved);
  g.resources()[1].unread = "module `claranet/diagnostic-settings/azurerm` is not installed";
  g.resources()[1].symbolic_name = "module.diagnostics";
  CHECK(check(narrowed, g, 0).verdict == Verdict::Fail);
  CHECK(check(kEndpointRule, g, 0).verdict == Verdict::Unresolved);

  // Only a dependsOn: it does not receive the id.
  Graph ordered;
  ordered.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  Resource waits = module;
  waits.body = parse_json_document(kFile, "{}").root;
  waits.depends_on = {kVault};
  ordered.add(waits);
  ordered.link();
  CHECK(check(kEndpointRule, ordered, 0).verdict == Verdict::Fail);
}

TEST_CASE("related: a bare unknown target may be any vault", "[policy][rule-model][linkage]") {
  Graph g;
  g.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  Resource pe = resource("Microsoft.Network/privateEndpoints", kEndpoint, endpoint_body("x", "vault"));
  Object props = pe.body.as_object().get("properties").as_object();
  Object conn;
  Object conn_props;
  conn_props.append("privateLinkServiceId", symbolic_unknown("parameter `targetId` has no value", {}, symbol_marker("param targetId")));
  conn.append("properties", Value::object(conn_props));
  props.set("privateLinkServiceConnections", Value::array(Array{Value::object(conn)}));
  Object body;
  body.append("properties", Value::object(props));
  pe.body = Value::object(body);
  g.add(pe);
  g.link();
  Outcome maybe = check(kEndpointRule, g, 0);
  CHECK(maybe.verdict == Verdict::Unresolved);
  CHECK(maybe.reason.find("which may be this one") != std::string::npos);
}

TEST_CASE("related: through_containers counts a reference to the resource group or subscription", "[policy][rule-model][linkage]") {
  const std::string alert = R"({related: {type: Microsoft.Insights/activityLogAlerts, via: {property: "properties.scopes[*]", through_containers: true}}})";
  for (const std::string& scope : {kRg, std::string("/subscriptions/00000000-0000-0000-0000-000000000000"), kVault}) {
    INFO(scope);
    Graph g;
    g.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
    g.add(resource("Microsoft.Insights/activityLogAlerts", kRg + "/providers/Microsoft.Insights/activityLogAlerts/a",
                   R"({"properties": {"scopes": [")" + scope + R"("]}})"));
    g.link();
    CHECK(check(alert, g, 0).verdict == Verdict::Pass);
  }
  Graph elsewhere;
  elsewhere.add(resource("Microsoft.KeyVault/vaults", kVault, "{}"));
  elsewhere.add(resource("Microsoft.Resources/resourceGroups", kRg + "2", "{}"));
  elsewhere.add(resource("Microsoft.Insights/activityLogAlerts", kRg + "2/providers/Microsoft.Insights/activityLogAlerts/a",
                         R"({"properties": {"scopes": [")" + kRg + R"(2"]}})"));
  elsewhere.link();
  CHECK(check(alert, elsewhere, 0).verdict == Verdict::Fail);
}

TEST_CASE("contains_all, and exists on a value the scan cannot compute", "[policy][rule-model][linkage]") {
  Graph g;
  Resource vault = resource("Microsoft.KeyVault/vaults", kVault, R"({"properties": {"list": ["Get", "List", "purge"]}})");
  Object props = vault.body.as_object().get("properties").as_object();
  props.append("workspaceId", Value::unknown("an output of a module"));
  props.append("nested", Value::unknown("a parameter with no value"));
  Object body;
  body.append("properties", Value::object(props));
  vault.body = Value::object(body);
  g.add(vault);
  g.link();
  CHECK(check("{property: properties.list, contains_all: [get, list, purge]}", g, 0).verdict == Verdict::Pass);
  CHECK(check("{property: properties.list, contains_all: [get, set]}", g, 0).verdict == Verdict::Fail);
  CHECK(check("{property: properties.list, contains_all: [get], case_sensitive: true}", g, 0).verdict == Verdict::Fail);
  CHECK(check("{property: properties.workspaceId, exists: true}", g, 0).verdict == Verdict::Pass);
  CHECK(check("{property: properties.workspaceId, exists: false}", g, 0).verdict == Verdict::Fail);
  // What is unknown is an object above the property: whether it is set cannot be told.
  CHECK(check("{property: properties.nested.workspaceId, exists: true}", g, 0).verdict == Verdict::Unresolved);
}
