// What the secrets rules add to the rule model: `exists` passes on a value the scan cannot compute, the
// name patterns of data/secrets.yaml, `related_location: parent`, and masking secrets in quoted source.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "graph/json_value.h"
#include "policy/catalogue.h"
#include "policy/check_context.h"
#include "policy/redaction.h"

using namespace vl;

namespace {

const Catalogue& catalogue() {
  static Catalogue c = [] {
    std::vector<std::string> errors;
    return Catalogue::load(std::nullopt, errors);
  }();
  return c;
}

Outcome check(const std::string& yaml, const Graph& g, std::uint32_t index) {
  std::string error;
  std::unique_ptr<Condition> c = parse_condition(YAML::Load(yaml), error);
  REQUIRE(c);
  static EngineOptions options{"2026-12-06"};
  CheckContext ctx(g, index, catalogue().data(), options);
  return evaluate_condition(*c, ctx);
}

}  // namespace

TEST_CASE("exists: a property set to a value the scan cannot compute is set", "[policy][secrets]") {
  Graph g;
  Resource r;
  r.type = "Microsoft.KeyVault/vaults/secrets";
  r.decl = Span{1, 0, 1};
  Object attributes;
  attributes.set("exp", Value::unknown("parameter `expiry` has no default", Span{1, 5, 9}));
  Object props;
  props.set("attributes", Value::object(std::move(attributes)));
  Object body;
  body.set("properties", Value::object(std::move(props)));
  r.body = Value::object(std::move(body));
  g.add(std::move(r));
  g.link();
  CHECK(check("{property: properties.attributes.exp, exists: true}", g, 0).verdict == Verdict::Pass);
  CHECK(check("{property: properties.attributes.exp, exists: false}", g, 0).verdict == Verdict::Fail);
  // An unknown on the way leaves it open: the scan cannot tell whether it is set.
  CHECK(check("{property: properties.attributes.exp.x, exists: true}", g, 0).verdict == Verdict::Unresolved);
  CHECK(check("{property: properties.attributes.nbf, exists: true}", g, 0).verdict == Verdict::Fail);
}

TEST_CASE("every secret pattern of the data file compiles (they compile on first use)", "[policy][secrets]") {
  CHECK(catalogue().data().secrets().check() == "");
}

TEST_CASE("secret setting names, client secrets, harmless values and secret attributes", "[policy][secrets]") {
  const SecretPatterns& p = catalogue().data().secrets();
  for (const char* name : {"DB_PASSWORD", "ApiKey", "STORAGE_ACCOUNT_KEY", "AzureWebJobsStorage", "ServiceBusConnectionString",
                           "client-secret", "SAS_TOKEN", "Jwt__SigningKey"}) {
    INFO(name);
    CHECK(p.secret_setting(name));
  }
  for (const char* name : {"APPINSIGHTS_INSTRUMENTATIONKEY", "APPLICATIONINSIGHTS_CONNECTION_STRING", "KEY_VAULT_URI",
                           "SecretName", "AzureWebJobsStorage__accountName", "WEBSITE_RUN_FROM_PACKAGE", "PASSWORD_POLICY_URL"}) {
    INFO(name);
    CHECK_FALSE(p.secret_setting(name));
  }
  CHECK(p.client_secret_setting("AZURE_CLIENT_SECRET"));
  CHECK(p.client_secret_setting("AzureAd__ClientSecret"));
  CHECK_FALSE(p.client_secret_setting("AZURE_CLIENT_ID"));
  CHECK(p.harmless_value("true"));
  CHECK(p.harmless_value("UseDevelopmentStorage=true"));
  CHECK(p.harmless_value("DefaultEndpointsProtocol=https;AccountName=sa;EndpointSuffix=core.windows.net"));
  CHECK_FALSE(p.harmless_value("DefaultEndpointsProtocol=https;AccountName=sa;AccountKey=abc=="));
  CHECK_FALSE(p.harmless_value("p@ssw0rd"));
  CHECK(p.secret_attribute("azurerm_storage_account", "primary_access_key"));
  CHECK(p.secret_attribute("azurerm_storage_account", "primary_connection_string"));
  CHECK(p.secret_attribute("azurerm_key_vault_secret", "value"));
  CHECK(p.secret_attribute("Microsoft.KeyVault/vaults/secrets", "properties.value"));
  CHECK(p.secret_attribute("random_password", "result"));
  CHECK_FALSE(p.secret_attribute("azurerm_application_insights", "instrumentation_key"));
  CHECK_FALSE(p.secret_attribute("azurerm_key_vault", "vault_uri"));
  CHECK_FALSE(p.secret_attribute("Microsoft.KeyVault/vaults/secrets", "properties.secretUri"));
}

TEST_CASE("related_location: parent or none", "[policy][secrets]") {
  Rule rule;
  std::string error;
  std::string text = "id: XP001\nname: x\nseverity: low\napplies_to: [a]\ncheck: {property: p, exists: true}\n";
  CHECK(parse_rule(text + "related_location: parent\n", "x.yaml", rule, error));
  CHECK(rule.related_parent);
  Rule none;
  CHECK(parse_rule(text + "related_location: none\n", "x.yaml", none, error));
  CHECK_FALSE(none.related_parent);
  Rule other;
  CHECK_FALSE(parse_rule(text + "related_location: scope\n", "x.yaml", other, error));
  CHECK(error.find("related_location") != std::string::npos);
}

TEST_CASE("a quoted source line shows a secret as stars, one per code point", "[policy][secrets]") {
  std::string line = R"(  "defaultValue": "pässwörd", "x": 1)";
  const std::uint32_t begin = 100;  // the line's offset in its file
  Span secret{7, begin + 18, begin + 30};  // "pässwörd" with its quotes: 12 bytes, 10 code points
  std::string masked = mask_line(line, 7, begin, {secret});
  CHECK(masked == R"(  "defaultValue": **********, "x": 1)");
  CHECK(mask_line(line, 8, begin, {secret}) == line);  // another file's span masks nothing here
  std::vector<Span> spans;
  string_spans(parse_json_document(7, R"({"a": ["x", {"b": "y"}], "c": 1})").root, spans);
  CHECK(spans.size() == 2);
  std::vector<Span> with_numbers;  // a secure parameter's: its numbers are masked too
  string_spans(parse_json_document(7, R"({"a": ["x", {"b": "y"}], "c": 1})").root, with_numbers, 0, true);
  CHECK(with_numbers.size() == 3);
}

TEST_CASE("an App Service Key Vault reference links the setting to its vault, in both of its forms", "[policy][secrets][graph]") {
  const std::string rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
  auto node = [&](const std::string& type, const std::string& name, const std::string& body) {
    Resource r;
    r.type = type;
    r.name = Value::string(name);
    r.id = rg + "/providers/" + type + "/" + name;
    r.decl = Span{1, 0, 1};
    r.body = parse_json_document(1, body).root;
    return r;
  };
  Graph g;
  g.add(node("Microsoft.KeyVault/vaults", "kv-one", "{}"));
  g.add(node("Microsoft.KeyVault/vaults", "kv-two", "{}"));
  g.add(node("Microsoft.Web/sites", "app", R"J({"properties": {"siteConfig": {"appSettings": [
      {"name": "A", "value": "@Microsoft.KeyVault(SecretUri=https://kv-one.vault.azure.net/secrets/a/)"},
      {"name": "B", "value": " @Microsoft.KeyVault(VaultName=kv-two; SecretName=b)"},
      {"name": "C", "value": "@Microsoft.KeyVault(VaultName=kv-three;SecretName=c)"}]}}})J"));
  g.link();
  std::vector<std::string> labels;
  for (std::uint32_t e : g.edges_from(2)) {
    const Edge& edge = g.edges()[e];
    if (edge.kind == EdgeKind::References) labels.push_back(g.resources()[edge.to].name.as_string() + " " + edge.label);
  }
  std::sort(labels.begin(), labels.end());
  CHECK(labels == std::vector<std::string>{"kv-one properties.siteConfig.appSettings[0].value",
                                           "kv-two properties.siteConfig.appSettings[1].value"});
}
