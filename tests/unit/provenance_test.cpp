// Parameters and outputs as graph nodes (graph/value_node.h), and what values are made of
// (graph/provenance.h), in each frontend: secure parameters, variables followed to their literals, loop
// and lambda variables to their collections, list*() results, resource values, module outputs, Key Vault
// references, generated and context values.
#include <catch2/catch.hpp>

#include "bicep_test_support.h"
#include "frontends/arm/arm_frontend.h"
#include "graph/graph.h"
#include "graph/json_value.h"
#include "graph/value_node.h"
#include "terraform_test_support.h"

using namespace vl;

namespace {

// The graph of one lowered unit, with its provenance indexes.
struct UnitGraph {
  Graph graph;
  explicit UnitGraph(LoweredUnit u) {
    for (Resource& r : u.resources) graph.add(std::move(r));
    for (const auto& index : u.provenance) graph.add_provenance(index);
    graph.link();
  }
  const Resource& node(std::string_view type, std::string_view name) const {
    for (const Resource& r : graph.resources()) {
      if (r.type == type && r.name.is_string() && r.name.as_string() == name) return r;
    }
    FAIL("no " << type << " " << name);
    return graph.resources().front();
  }
  // The origins (and names) of what the member at `key` of a node's body is made of: "secure parameter:pw".
  std::vector<std::string> origins(const Resource& r, std::string_view key) const {
    const Member* m = r.body.as_object().find_member(key);
    REQUIRE(m);
    Provenance p = graph.provenance_at(m->written_value());
    std::vector<std::string> out;
    if (!p.known) out.push_back("unknown");
    for (const ProvenanceSource& s : p.sources) out.push_back(std::string(origin_name(s.origin)) + (s.name.empty() ? "" : ":" + s.name));
    return out;
  }
};

using Origins = std::vector<std::string>;

struct ArmUnit {
  SourceSet sources;
  std::unique_ptr<SourceLoader> loader;
  std::unique_ptr<UnitGraph> unit;
};

std::unique_ptr<ArmUnit> lower_arm(const std::string& text) {
  auto out = std::make_unique<ArmUnit>();
  FileId id = out->sources.add(std::make_unique<SourceFile>("t.json", "/nonexistent-vaultlint-test/t.json", text));
  JsonDocument doc = parse_json_document(id, out->sources.get(id).text());
  REQUIRE(doc.result.ok);
  out->loader = std::make_unique<SourceLoader>(out->sources, "/nonexistent-vaultlint-test", 1 << 20);
  arm::LowerRequest request{id, doc.root, {}, 0, 0, *out->loader};
  out->unit = std::make_unique<UnitGraph>(arm::lower_template(request));
  return out;
}

}  // namespace

TEST_CASE("ARM parameters and outputs are nodes, with what their values are made of", "[provenance][arm]") {
  auto arm = lower_arm(R"({
    "parameters": {
      "pw": {"type": "secureString", "defaultValue": "literal"},
      "name": {"type": "string"},
      "guid": {"type": "securestring", "defaultValue": "[newGuid()]"}
    },
    "variables": {"prefix": "kv-", "full": "[concat(variables('prefix'), 'x')]"},
    "resources": [{"type": "Microsoft.KeyVault/vaults", "apiVersion": "2026-02-01", "name": "[variables('full')]"}],
    "outputs": {
      "fromSecure": {"type": "string", "value": "[parameters('pw')]"},
      "keys": {"type": "string", "value": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2023-01-01').keys[0].value]"},
      "uri": {"type": "string", "value": "[reference(resourceId('Microsoft.KeyVault/vaults', variables('full'))).vaultUri]"},
      "constant": {"type": "string", "value": "[variables('full')]"},
      "context": {"type": "string", "value": "[uniqueString(resourceGroup().id)]"},
      "secureOut": {"type": "secureString", "value": "[parameters('pw')]"}
    }})");
  const UnitGraph& u = *arm->unit;
  const Resource& pw = u.node("parameter", "pw");
  CHECK(pw.is_value_node());
  CHECK(pw.body.as_object().get("secure").as_bool());
  CHECK(pw.body.as_object().get("defaultValue").as_string() == "literal");
  CHECK(pw.value_node->value_from == "the default");
  CHECK(u.origins(pw, "defaultValue") == Origins{"literal"});
  CHECK_FALSE(u.node("parameter", "name").body.as_object().get("secure").as_bool());
  CHECK(u.origins(u.node("parameter", "guid"), "defaultValue") == Origins{"generated:newGuid"});
  CHECK(u.origins(u.node("output", "fromSecure"), "value") == Origins{"secure parameter:pw"});
  CHECK(u.origins(u.node("output", "keys"), "value") == Origins{"list result:listKeys"});
  CHECK(u.origins(u.node("output", "constant"), "value") == Origins{"literal"});
  CHECK(u.origins(u.node("output", "context"), "value") == Origins{"deployment context:resourceGroup"});
  CHECK(u.node("output", "secureOut").body.as_object().get("secure").as_bool());
  // reference() without 'Full' reads the properties: the vault's properties.vaultUri.
  const Member* uri = u.node("output", "uri").body.as_object().find_member("value");
  Provenance p = u.graph.provenance_at(uri->written_value());
  REQUIRE(p.first(Origin::ResourceValue));
  CHECK(p.first(Origin::ResourceValue)->type == "Microsoft.KeyVault/vaults");
  CHECK(p.first(Origin::ResourceValue)->attribute == "properties.vaultUri");
  // Parameter and output nodes are not resources.
  CHECK(u.graph.declared_count() == 1);
}

TEST_CASE("ARM nested deployments in the inner scope have parameter nodes of their own, under the deployment", "[provenance][arm]") {
  auto arm = lower_arm(R"({
    "parameters": {"outer": {"type": "securestring"}},
    "resources": [{"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
      "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
        "parameters": {"pw": {"value": "[parameters('outer')]"}, "literal": {"value": "abc"}},
        "template": {"parameters": {"pw": {"type": "securestring"}, "literal": {"type": "securestring"}},
                     "resources": [], "outputs": {"o": {"type": "string", "value": "[parameters('pw')]"}}}}}]})");
  const UnitGraph& u = *arm->unit;
  const Resource& inner_pw = u.node("parameter", "pw");
  CHECK(inner_pw.module == 0);
  CHECK(inner_pw.logical_id.find("inner") != std::string::npos);
  CHECK(inner_pw.value_node->value_from.find("nested deployment") != std::string::npos);
  // Inside the nested template, its own parameter is secure.
  CHECK(u.origins(u.node("output", "o"), "value") == Origins{"secure parameter:pw"});
  // The literal given by the outer template is written there.
  const Value literal = u.node("parameter", "literal").body.as_object().get("value");
  CHECK(literal.as_string() == "abc");
  CHECK(u.graph.provenance_at(literal.span()).literal_only());
}

TEST_CASE("Bicep parameters and outputs: @secure(), loops, lambdas, modules and getSecret()", "[provenance][bicep]") {
  test::BicepProject project;
  project.write("mod.bicep", "@secure()\nparam secret string\noutput echoed string = secret\n");
  project.write("main.bicep", R"(@secure()
param pw string = 'literal'
param plain string
var items = [ { name: 'a', value: 'v' } ]
var names = map(items, i => i.value)
resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'sa'
}
resource kv 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: 'kv'
}
module m 'mod.bicep' = {
  name: 'm'
  params: {
    secret: kv.getSecret('s')
  }
}
output loop array = [for it in items: it.value]
output lambda array = names
output key string = sa.listKeys().keys[0].value
output fromModule string = m.outputs.echoed
output uri string = kv.properties.vaultUri
output mixed string = '${plain}-${pw}'
@secure()
output secureOut string = pw
)");
  UnitGraph u(project.lower("main.bicep"));
  CHECK(u.node("parameter", "pw").body.as_object().get("secure").as_bool());
  CHECK(u.origins(u.node("parameter", "pw"), "defaultValue") == Origins{"literal"});
  CHECK(u.origins(u.node("output", "loop"), "value") == Origins{"literal"});
  CHECK(u.origins(u.node("output", "lambda"), "value") == Origins{"literal"});
  CHECK(u.origins(u.node("output", "key"), "value") == Origins{"list result:listKeys"});
  CHECK(u.origins(u.node("output", "fromModule"), "value") == Origins{"module output:m.echoed"});
  CHECK(u.origins(u.node("output", "uri"), "value") == Origins{"resource value:kv"});
  CHECK(u.origins(u.node("output", "mixed"), "value") == Origins{"literal", "parameter:plain", "secure parameter:pw"});
  CHECK(u.node("output", "secureOut").body.as_object().get("secure").as_bool());
  // The module's parameter is given by the call: a Key Vault reference, where the call writes it.
  const Resource& secret = u.node("parameter", "secret");
  CHECK(secret.value_node->value_from.find("module call") != std::string::npos);
  CHECK(u.origins(secret, "value") == Origins{"key vault reference:getSecret"});
  CHECK(project.file_of(secret.body.as_object().find_member("value")->written_value()) == "main.bicep");
  CHECK(u.origins(u.node("output", "echoed"), "value") == Origins{"secure parameter:secret"});
}

TEST_CASE("Terraform variables and outputs: sensitive, locals, each, data sources, module outputs", "[provenance][terraform]") {
  tftest::Config config;
  config.file("", "main.tf", R"(
variable "pw" {
  type      = string
  sensitive = true
  default   = "literal"
}
variable "names" {
  type = set(string)
}
locals {
  prefix = "kv-"
  full   = "${local.prefix}x"
}
resource "azurerm_storage_account" "sa" {
  for_each = var.names
  name     = each.value
}
data "azurerm_key_vault_secret" "s" {
  name         = "s"
  key_vault_id = "x"
}
module "m" {
  source = "./m"
}
output "local" { value = local.full }
output "key" { value = azurerm_storage_account.sa["a"].primary_access_key }
output "secret" { value = data.azurerm_key_vault_secret.s.value }
output "mod" { value = module.m.out }
output "pw" {
  value     = var.pw
  sensitive = true
}
output "stamp" { value = timestamp() }
)");
  config.file("m", "main.tf", "output \"out\" { value = \"x\" }\n");
  UnitGraph u(config.lower());
  const Resource& pw = u.node("parameter", "pw");
  CHECK(pw.body.as_object().get("secure").as_bool());
  CHECK(u.origins(pw, "defaultValue") == Origins{"literal"});
  CHECK(u.origins(u.node("output", "local"), "value") == Origins{"literal"});
  CHECK(u.origins(u.node("output", "key"), "value") == Origins{"resource value:azurerm_storage_account.sa"});
  CHECK(u.origins(u.node("output", "secret"), "value") == Origins{"resource value:data.azurerm_key_vault_secret.s"});
  CHECK(u.origins(u.node("output", "mod"), "value") == Origins{"module output:m.out"});
  CHECK(u.origins(u.node("output", "stamp"), "value") == Origins{"generated:timestamp"});
  CHECK(u.node("output", "pw").body.as_object().get("secure").as_bool());
  const Provenance key = u.graph.provenance_at(u.node("output", "key").body.as_object().find_member("value")->written_value());
  CHECK(key.first(Origin::ResourceValue)->attribute == "primary_access_key");
  CHECK(key.first(Origin::ResourceValue)->type == "azurerm_storage_account");
  // The called module's output belongs to the unit, under the module's address.
  for (const Resource& r : u.graph.resources()) {
    if (r.type == "output" && r.name.as_string() == "out") CHECK(r.logical_id == "module.m.output:out");
  }
}

namespace {

std::string describe(const Provenance& p) {
  std::string out = p.known ? "known" : "unknown";
  for (const ProvenanceSource& s : p.sources) {
    out += " " + std::string(origin_name(s.origin)) + ":" + s.name + ":" + s.type + ":" + s.attribute + "@" +
           std::to_string(s.at.begin) + "-" + std::to_string(s.at.end);
  }
  return out;
}

}  // namespace

TEST_CASE("Bicep provenance is the same once lowering's syntax trees are gone: remembered or parsed again", "[provenance][bicep]") {
  test::BicepProject project;
  project.write("mod.bicep", "@secure()\nparam secret string\noutput echoed string = secret\n");
  project.write("main.bicep", R"(@secure()
param pw string = 'literal'
var items = [ { name: 'a', value: 'v' } ]
resource kv 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: 'kv'
}
resource app 'Microsoft.Web/sites@2023-01-01' = {
  name: 'app'
  properties: {
    siteConfig: { appSettings: [ { name: 'X', value: pw } ] }
  }
}
module m 'mod.bicep' = {
  name: 'm'
  params: {
    secret: kv.getSecret('s')
  }
}
output loop array = [for it in items: it.value]
output fromModule string = m.outputs.echoed
)");
  LoadedFile loaded = project.loader().load(project.dir() / "main.bicep");
  REQUIRE(loaded.status == LoadStatus::Ok);
  auto cache = std::make_unique<bicep::ParseCache>();
  bicep::LowerRequest request;
  request.file = loaded.id;
  request.loader = &project.loader();
  request.cache = cache.get();
  LoweredUnit unit = bicep::lower(request);
  ProvenanceTable table;
  for (const auto& index : unit.provenance) table.add(index);
  // Every written value of every node, asked while the trees are there.
  std::vector<Span> spans;
  std::function<void(const Value&)> collect = [&](const Value& v) {
    if (!v.is_object()) return;
    for (const Member& m : v.as_object().members()) {
      spans.push_back(m.written_value());
      collect(m.value);
    }
  };
  for (const Resource& r : unit.resources) collect(r.body);
  std::vector<std::string> before;
  for (Span s : spans) before.push_back(describe(table.at(s)));
  remember_value_nodes(unit);
  cache.reset();  // the trees go with the parse cache; the indexes hold none
  std::size_t recalled = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    INFO(i);
    CHECK(describe(table.at(spans[i])) == before[i]);
    for (const auto& index : unit.provenance) recalled += index->recalled(spans[i]).has_value();
  }
  CHECK(recalled >= 4);  // the nodes' values and defaults were remembered; the rest was parsed again
  CHECK(std::count(before.begin(), before.end(), std::string("unknown")) < static_cast<long>(before.size()));
}
