// The ARM frontend through its public entry points: classification, parameter files, and lowering of
// templates built in the test (long variable chains, cycles, copy loops, nested deployments).
#include <catch2/catch.hpp>

#include "frontends/arm/arm_frontend.h"
#include "graph/json_value.h"

using namespace vl;

namespace {

struct Lowered {
  SourceSet sources;
  std::unique_ptr<SourceLoader> loader;
  arm::LowerResult result;
};

std::unique_ptr<Lowered> lower(const std::string& text, arm::SuppliedParameters params = {}) {
  auto out = std::make_unique<Lowered>();
  FileId id = out->sources.add(std::make_unique<SourceFile>("t.json", "/nonexistent-vaultlint-test/t.json", text));
  JsonDocument doc = parse_json_document(id, out->sources.get(id).text());
  REQUIRE(doc.result.ok);
  out->loader = std::make_unique<SourceLoader>(out->sources, "/nonexistent-vaultlint-test", 1 << 20);
  arm::LowerRequest request{id, doc.root, std::move(params), 0, 0, *out->loader};
  out->result = arm::lower_template(request);
  return out;
}

std::string vault_with(const std::string& name_expr, const std::string& variables) {
  return R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "variables": {)" + variables + R"(},
    "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": ")" + name_expr + R"("}]})";
}

}  // namespace

TEST_CASE("JSON roles: templates, parameter files, other JSON", "[arm]") {
  auto role = [](const char* text) { return arm::classify_json(parse_json_document(0, text).root); };
  CHECK(role(R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"})") == arm::JsonRole::Template);
  CHECK(role(R"({"resources": []})") == arm::JsonRole::Template);
  CHECK(role(R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"})") == arm::JsonRole::ParameterFile);
  CHECK(role(R"({"parameters": {"a": {"value": 1}}})") == arm::JsonRole::ParameterFile);
  CHECK(role(R"({"compilerOptions": {}})") == arm::JsonRole::Other);
  CHECK(role(R"([1, 2])") == arm::JsonRole::Other);
  CHECK(arm::text_looks_like_template(R"({ "resources": [ )"));
  CHECK_FALSE(arm::text_looks_like_template(R"({ "compilerOptions": )"));
}

TEST_CASE("parameter files: values, Key Vault references, and whether they fit a template", "[arm]") {
  JsonDocument params = parse_json_document(1, R"({"parameters": {
      "a": {"value": "x"},
      "secret": {"reference": {"keyVault": {"id": "/x"}, "secretName": "s"}}}})");
  arm::SuppliedParameters supplied = arm::read_parameter_file(params.root, "p.json");
  CHECK(supplied.by_lower_name.at("a").as_string() == "x");
  CHECK(supplied.by_lower_name.at("secret").is_unknown());
  CHECK(supplied.by_lower_name.at("secret").unknown_info().reason.find("Key Vault reference") != std::string::npos);

  JsonDocument t = parse_json_document(2, R"({"parameters": {"a": {"type": "string"}, "secret": {"type": "securestring"},
      "optional": {"type": "string", "defaultValue": ""}, "maybe": {"type": "object", "nullable": true}}})");
  CHECK(arm::parameters_fit(t.root, supplied));
  JsonDocument extra = parse_json_document(2, R"({"parameters": {"a": {"type": "string"}}})");
  CHECK_FALSE(arm::parameters_fit(extra.root, supplied));  // `secret` is not declared there
  JsonDocument required = parse_json_document(2, R"({"parameters": {"a": {"type": "string"}, "secret": {"type": "securestring"}, "b": {"type": "int"}}})");
  CHECK_FALSE(arm::parameters_fit(required.root, supplied));  // `b` is required and not given
}

TEST_CASE("a long chain of variables is evaluated or cut off, never a stack overflow", "[arm][limits]") {
  std::string vars = R"("v0": "kv")";
  for (int i = 1; i < 3000; ++i) vars += ", \"v" + std::to_string(i) + "\": \"[variables('v" + std::to_string(i - 1) + "')]\"";
  auto l = lower(vault_with("[variables('v2999')]", vars));
  REQUIRE(l->result.resources.size() == 1);
  const Value& name = l->result.resources[0].name;
  REQUIRE(name.is_unknown());
  CHECK(name.unknown_info().reason == "parameters and variables refer to each other more than 200 levels deep");
  // The limit is reported where it stopped evaluation, not left a silent unknown.
  REQUIRE(!l->result.diagnostics.empty());
  CHECK(l->result.diagnostics.back().message == "parameters and variables refer to each other more than 200 levels deep");
  auto short_chain = lower(vault_with("[variables('v150')]", vars));
  CHECK(short_chain->result.resources[0].name.as_string() == "kv");
}

TEST_CASE("a cycle of variables is one KV001 that names it, even in a long chain", "[arm]") {
  std::string vars = R"("a": "[variables('b')]", "b": "[concat(variables('c'), 'x')]", "c": "[variables('a')]", "d": "[variables('d')]")";
  for (int i = 0; i < 5000; ++i) vars += ", \"w" + std::to_string(i) + "\": \"[variables('w" + std::to_string(i + 1) + "')]\"";
  auto l = lower(vault_with("kv", vars));
  std::vector<std::string> messages;
  for (const Diagnostic& d : l->result.diagnostics) messages.push_back(d.rule + " " + d.message);
  CHECK(messages == std::vector<std::string>{"KV001 variables form a cycle: a -> b -> c -> a",
                                             "KV001 variables form a cycle: d -> d"});
}

TEST_CASE("copy loops expand instances - nested deployments link their resources", "[arm]") {
  auto l = lower(R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "resources": [
      {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[format('kv{0}', copyIndex(1))]",
       "copy": {"name": "loop", "count": 3}},
      {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "nested",
       "properties": {"mode": "Incremental", "template": {"resources": [
         {"type": "Microsoft.KeyVault/vaults/secrets", "apiVersion": "2026-02-01", "name": "kv1/s"}]}}}]})");
  const auto& rs = l->result.resources;
  REQUIRE(rs.size() == 5);
  CHECK(rs[0].name.as_string() == "kv1");
  CHECK(rs[2].name.as_string() == "kv3");
  CHECK(rs[2].instance == "[2]");
  CHECK(rs[0].logical_id == rs[2].logical_id);
  CHECK(rs[3].type == "Microsoft.Resources/deployments");
  CHECK(rs[4].module == 3);
  CHECK(rs[4].id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1/secrets/s");
}

TEST_CASE("parameters supplied as text are typed by their declaration", "[arm]") {
  arm::SuppliedParameters p;
  p.by_lower_name["flag"] = Value::string("TRUE");
  p.by_lower_name["n"] = Value::string("3");
  auto l = lower(R"({"resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv",
      "copy": {"name": "c", "count": "[parameters('n')]"}, "properties": {"enablePurgeProtection": "[parameters('flag')]"}}],
      "parameters": {"flag": {"type": "bool"}, "n": {"type": "int"}}})", p);
  // Three vault instances, then the nodes of the two parameters (graph/value_node.h).
  REQUIRE(l->result.resources.size() == 5);
  CHECK(l->result.resources[3].is_value_node());
  CHECK(l->result.resources[0].properties().as_object().get("enablePurgeProtection").as_bool());
}

TEST_CASE("parameter types from user-defined types: nullable and allowed values through $ref", "[arm]") {
  auto l = lower(R"({"definitions": {"peType": {"type": "array", "nullable": true},
                                    "accessType": {"$ref": "#/definitions/choice"},
                                    "choice": {"type": "string", "allowedValues": ["Disabled"]},
                                    "loop": {"$ref": "#/definitions/loop"}},
    "parameters": {"pe": {"$ref": "#/definitions/peType"}, "access": {"$ref": "#/definitions/accessType"},
                   "odd": {"$ref": "#/definitions/loop"}},
    "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv",
      "properties": {"pe": "[parameters('pe')]", "publicNetworkAccess": "[parameters('access')]", "odd": "[parameters('odd')]"}}]})");
  const Object& props = l->result.resources[0].properties().as_object();
  CHECK(props.get("pe").is_null());
  REQUIRE(props.get("publicNetworkAccess").is_unknown());
  REQUIRE(props.get("publicNetworkAccess").unknown_info().candidates.size() == 1);
  CHECK(props.get("odd").is_unknown());  // a cycle of references ends; no default, not nullable
  JsonDocument t = parse_json_document(2, R"({"definitions": {"o": {"type": "object", "nullable": true}},
                                              "parameters": {"x": {"$ref": "#/definitions/o"}}})");
  CHECK(arm::parameters_fit(t.root, {}));
}

TEST_CASE("a template that needs more work than the budget stops with a KV001", "[arm][limits]") {
  std::string text = R"({"variables": {"x": "[map(range(0, 1000), lambda('a', map(range(0, 1000), lambda('b', add(lambdaVariables('a'), 1)))))]"},
    "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[string(variables('x')[999][999])]"}]})";
  SourceSet sources;
  FileId id = sources.add(std::make_unique<SourceFile>("t.json", "/nonexistent-vaultlint-test/t.json", text));
  JsonDocument doc = parse_json_document(id, sources.get(id).text());
  SourceLoader loader(sources, "/nonexistent-vaultlint-test", 1 << 20);
  arm::LowerRequest request{id, doc.root, {}, 0, 0, loader, 50000};
  arm::LowerResult result = arm::lower_template(request);
  // One KV001, where the budget ran out (in the variable's expression), with the fix for a budget.
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].message ==
        "evaluation stopped here: the deployment unit used up its budget of 50000 function calls; what the rest of it sets is unknown");
  CHECK(result.diagnostics[0].span.begin > doc.root.as_object().get("variables").span().begin);
  CHECK(result.diagnostics[0].fix.find("Make the deployment smaller") != std::string::npos);
  CHECK(result.resources[0].name.unknown_info().reason.find("budget") != std::string::npos);
  request.work_budget = 10'000'000;
  arm::LowerResult enough = arm::lower_template(request);
  CHECK(enough.diagnostics.empty());
  CHECK(enough.resources[0].name.as_string() == "1000");
}

TEST_CASE("a null given for a parameter with a default gets the default", "[arm]") {
  arm::SuppliedParameters p;
  p.by_lower_name["protect"] = Value::null();
  p.by_lower_name["optional"] = Value::null();
  auto l = lower(R"({"parameters": {"protect": {"type": "bool", "defaultValue": true}, "optional": {"type": "object", "nullable": true}},
    "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "kv",
      "properties": {"enablePurgeProtection": "[parameters('protect')]", "acls": "[parameters('optional')]"}}]})", p);
  const Object& props = l->result.resources[0].properties().as_object();
  CHECK(props.get("enablePurgeProtection").as_bool());
  CHECK(props.get("acls").is_null());
}
