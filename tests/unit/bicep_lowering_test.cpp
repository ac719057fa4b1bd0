// Lowering Bicep to graph resources: types, names and ids of nested and `parent:` children, API versions,
// `scope:` on extension resources, existing resources, conditions and loops, symbolic references, local
// modules (parameters, outputs, scope, cycles), registry modules from the cache, ARM hand-off, spans.
#include <catch2/catch.hpp>

#include "frontends/bicep/module_ref.h"
#include "bicep_test_support.h"

using namespace vl;
using vl::test::BicepProject;
using vl::test::find_resource;
using vl::test::has_diagnostic;
using vl::test::show;

namespace {

const char* kVault = R"(resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: 'kv-main'
  location: 'westeurope'
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
  }
  resource secret 'secrets' = {
    name: 'db'
    properties: { value: 'x' }
  }
}
)";

const std::string kRg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";

}  // namespace

TEST_CASE("bicep lowering: type, API version, name, id and the declaration span", "[bicep][lowering]") {
  BicepProject p;
  p.write("main.bicep", kVault);
  LoweredUnit u = p.lower("main.bicep");
  const Resource* kv = find_resource(u, "kv");
  REQUIRE(kv);
  CHECK(kv->type == "Microsoft.KeyVault/vaults");
  CHECK(kv->api_version.as_string() == "2026-02-01");
  CHECK(p.column_of(kv->api_version.span()) == 40);  // the version inside the type string
  CHECK(kv->name.as_string() == "kv-main");
  CHECK(kv->id == kRg + "/providers/Microsoft.KeyVault/vaults/kv-main");
  CHECK(kv->format == SourceFormat::Bicep);
  CHECK(p.line_of(kv->decl) == 1);
  CHECK(kv->decl.end - kv->decl.begin == 8);  // the `resource` keyword
  CHECK(kv->logical_id == "kv");
  // A property's member spans: key is the name, value the expression.
  const Member* rbac = kv->properties().as_object().find_member("enableRbacAuthorization");
  REQUIRE(rbac);
  CHECK(p.line_of(rbac->key_span) == 7);
  CHECK(p.column_of(rbac->key_span) == 5);
  CHECK(rbac->value.span() == rbac->written_value());

  const Resource* secret = find_resource(u, "secret");
  REQUIRE(secret);
  CHECK(secret->type == "Microsoft.KeyVault/vaults/secrets");
  CHECK(secret->name.as_string() == "kv-main/db");
  CHECK(secret->api_version.as_string() == "2026-02-01");  // inherited from the parent
  CHECK(secret->id == kRg + "/providers/Microsoft.KeyVault/vaults/kv-main/secrets/db");
  CHECK(secret->logical_id == "kv/secret");
}

TEST_CASE("bicep lowering: parent, scope, existing and dependsOn", "[bicep][lowering]") {
  BicepProject p;
  p.write("main.bicep", std::string(kVault) + R"(
resource shared 'Microsoft.KeyVault/vaults@2019-09-01' existing = {
  name: 'kv-shared'
  scope: resourceGroup('other')
}
resource key 'Microsoft.KeyVault/vaults/keys@2026-02-01' = {
  parent: kv
  name: 'cmk'
  properties: { kty: 'RSA' }
  dependsOn: [ shared ]
}
resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(kv.id, 'reader')
  scope: kv
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '21090545-7ca7-4776-b22c-e363652d74d2')
    principalId: '11111111-1111-1111-1111-111111111111'
  }
}
resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'lock'
  scope: kv::secret
  properties: { level: 'CanNotDelete' }
}
)");
  LoweredUnit u = p.lower("main.bicep");
  const Resource* shared = find_resource(u, "shared");
  REQUIRE(shared);
  CHECK(shared->existing);
  CHECK(shared->id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.KeyVault/vaults/kv-shared");
  const Resource* key = find_resource(u, "key");
  CHECK(key->name.as_string() == "kv-main/cmk");
  CHECK(key->logical_id == "kv/key");
  REQUIRE(key->depends_on.size() == 1);
  CHECK(key->depends_on[0] == shared->id);
  const Resource* ra = find_resource(u, "ra");
  CHECK(ra->scope_id == kRg + "/providers/Microsoft.KeyVault/vaults/kv-main");
  CHECK(ra->id.starts_with(ra->scope_id + "/providers/Microsoft.Authorization/roleAssignments/"));
  const Resource* lock = find_resource(u, "lock");
  CHECK(lock->scope_id == kRg + "/providers/Microsoft.KeyVault/vaults/kv-main/secrets/db");
}

TEST_CASE("bicep lowering: conditions and loops", "[bicep][lowering]") {
  BicepProject p;
  p.write("main.bicep", R"(param deploy bool = false
param maybe bool
param n int
resource off 'Microsoft.KeyVault/vaults@2026-02-01' = if (deploy) {
  name: 'off'
}
resource unsure 'Microsoft.KeyVault/vaults@2026-02-01' = if (maybe) {
  name: 'unsure'
}
resource many 'Microsoft.KeyVault/vaults@2026-02-01' = [for (name, i) in ['a', 'b', 'c']: if (i != 1) {
  name: 'kv-${name}'
  resource s 'secrets' = {
    name: 's${i}'
  }
}]
resource counted 'Microsoft.KeyVault/vaults@2026-02-01' = [for i in range(0, n): {
  name: 'kv-${i}'
}]
resource first 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: many[2]
  name: 'x'
}
)");
  LoweredUnit u = p.lower("main.bicep");
  CHECK_FALSE(find_resource(u, "off"));
  const Resource* unsure = find_resource(u, "unsure");
  REQUIRE(unsure);
  CHECK(unsure->conditional);
  CHECK(unsure->condition_reason.find("parameter `maybe`") != std::string::npos);
  CHECK(find_resource(u, "many", "[0]"));
  CHECK_FALSE(find_resource(u, "many", "[1]"));  // filtered out
  CHECK(find_resource(u, "many", "[2]")->name.as_string() == "kv-c");
  CHECK(find_resource(u, "s", "[2]")->name.as_string() == "kv-c/s2");
  const Resource* counted = find_resource(u, "counted", "[*]");
  REQUIRE(counted);
  CHECK(counted->conditional);
  CHECK(find_resource(u, "first")->name.as_string() == "kv-c/x");
}

TEST_CASE("bicep lowering: symbolic references read the declaration, Azure's values are unknown", "[bicep][lowering]") {
  BicepProject p;
  p.write("main.bicep", std::string(kVault) + R"(
resource existingKv 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: 'other'
}
resource probe 'Test.Probe/values@2020-01-01' = {
  name: 'probe'
  properties: {
    id: kv.id
    name: kv.name
    type: kv.type
    api: kv.apiVersion
    rbac: kv.properties.enableRbacAuthorization
    uri: kv.properties.vaultUri
    safe: kv.properties.?vaultUri
    child: kv::secret.name
    existingName: existingKv.name
    existingProps: existingKv.properties.enableRbacAuthorization
    later: late.name
  }
}
resource late 'Test.Probe/values@2020-01-01' = {
  name: 'declared-later'
}
)");
  LoweredUnit u = p.lower("main.bicep");
  const Object& v = find_resource(u, "probe")->properties().as_object();
  CHECK(show(v.get("id")) == "\"" + kRg + "/providers/Microsoft.KeyVault/vaults/kv-main\"");
  CHECK(show(v.get("name")) == R"("kv-main")");
  CHECK(show(v.get("type")) == R"("Microsoft.KeyVault/vaults")");
  CHECK(show(v.get("api")) == R"("2026-02-01")");
  CHECK(show(v.get("rbac")) == "true");
  CHECK(p.line_of(v.get("rbac").span()) == 7);  // where the vault wrote it
  CHECK(show(v.get("uri")).find("set by Azure") != std::string::npos);
  CHECK(show(v.get("safe")).find("set by Azure") != std::string::npos);  // `.?` reads the deployed value too
  CHECK(show(v.get("child")) == R"("db")");  // a child's own name, as Bicep compiles `kv::secret.name`
  CHECK(show(v.get("existingName")) == R"("other")");
  CHECK(show(v.get("existingProps")).find("existing resource") != std::string::npos);
  CHECK(show(v.get("later")) == R"("declared-later")");
}

TEST_CASE("bicep lowering: local modules with parameters, outputs, scope and spans", "[bicep][lowering]") {
  BicepProject p;
  p.write("modules/vault.bicep", R"(param vaultName string
param purge bool = true
resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: vaultName
  properties: {
    enablePurgeProtection: purge
  }
}
output id string = kv.id
output name string = kv.name
)");
  p.write("main.bicep", R"(targetScope = 'subscription'
resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-app'
  location: 'westeurope'
}
module vault 'modules/vault.bicep' = {
  name: 'vault-deployment'
  scope: rg
  params: {
    vaultName: 'kv-mod'
    purge: false
  }
}
module again 'modules/vault.bicep' = [for i in range(0, 2): {
  name: 'again-${i}'
  scope: resourceGroup('rg-loop')
  params: {
    vaultName: '${vault.outputs.name}-${i}'
  }
}]
resource probe 'Test.Probe/values@2020-01-01' = {
  name: 'probe'
  properties: {
    id: vault.outputs.id
    name: vault.name
  }
}
)");
  LoweredUnit u = p.lower("main.bicep");
  const Resource* dep = find_resource(u, "vault");
  REQUIRE(dep);
  CHECK(dep->type == "Microsoft.Resources/deployments");
  std::uint32_t dep_index = static_cast<std::uint32_t>(dep - u.resources.data());
  const Resource* kv = nullptr;
  for (const Resource& r : u.resources) {
    if (r.symbolic_name == "kv" && r.logical_id == "vault/kv") kv = &r;
  }
  REQUIRE(kv);
  CHECK(kv->module == dep_index);
  CHECK(kv->id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-mod");
  // The value comes from the caller: its span is where main.bicep wrote `false`.
  Value purge = kv->properties().as_object().get("enablePurgeProtection");
  CHECK(purge.is_bool());
  CHECK(p.file_of(purge.span()) == "main.bicep");
  CHECK(p.line_of(purge.span()) == 11);
  CHECK(p.file_of(kv->decl) == "vault.bicep");
  // Loop instances of a module label their resources.
  CHECK(find_resource(u, "kv", "[1]")->name.as_string() == "kv-mod-1");
  const Object& probe = find_resource(u, "probe")->properties().as_object();
  CHECK(show(probe.get("id")) == "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-mod\"");
  CHECK(show(probe.get("name")) == R"("vault-deployment")");
  CHECK(u.used_files.size() == 1);
}

TEST_CASE("bicep lowering: module cycles, missing modules and registry modules", "[bicep][lowering]") {
  BicepProject p;
  p.write("a.bicep", "module b 'b.bicep' = {\n  name: 'b'\n}\n");
  p.write("b.bicep", "module a 'a.bicep' = {\n  name: 'a'\n}\n");
  LoweredUnit cycle = p.lower("a.bicep");
  CHECK(has_diagnostic(cycle, "KV001", "modules form a cycle: "));
  CHECK(has_diagnostic(cycle, "KV001", "a.bicep -> "));
  CHECK(has_diagnostic(cycle, "KV001", "b.bicep -> "));

  p.write("missing.bicep",
          "module m './nope.bicep' = {\n  name: 'm'\n}\n"
          "module r 'br/public:avm/res/key-vault/vault:0.13.0' = {\n  name: 'r'\n}\n"
          "module t 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {\n  name: 't'\n}\n"
          "module x 'br/undefinedalias:thing:1.0' = {\n  name: 'x'\n}\n");
  LoweredUnit missing = p.lower("missing.bicep");
  CHECK(has_diagnostic(missing, "KV002", "does not exist"));
  CHECK(has_diagnostic(missing, "KV002", "br:mcr.microsoft.com/bicep/avm/res/key-vault/vault:0.13.0` is not in the Bicep module cache"));
  CHECK(has_diagnostic(missing, "KV002", "template spec"));
  CHECK(has_diagnostic(missing, "KV002", "undefinedalias"));

  // A cached registry module is ARM JSON: handed to the caller's ARM lowering with the parameters.
  p.write("bicep-cache/br/mcr.microsoft.com/bicep$avm$res$key-vault$vault/0.13.0$/main.json", "{\"resources\": []}");
  p.write("cached.bicep", "module r 'br/public:avm/res/key-vault/vault:0.13.0' = {\n  name: 'r'\n  params: {\n    name: 'kv-reg'\n  }\n}\n");
  std::string seen;
  bicep::ArmLowerer arm = [&](const bicep::ArmModuleCall& call) {
    seen = show(call.parameters.at("name"));
    bicep::ArmModuleResult out;
    Resource r;
    r.type = "Microsoft.KeyVault/vaults";
    r.logical_id = "vault";
    out.resources.push_back(r);
    return out;
  };
  LoweredUnit cached = p.lower("cached.bicep", {}, {}, arm);
  CHECK(seen == R"("kv-reg")");
  REQUIRE(cached.resources.size() == 2);
  CHECK(cached.resources[1].module == 0);
  CHECK(cached.resources[1].logical_id == "r/vault");
  CHECK(cached.diagnostics.empty());
}

TEST_CASE("bicep module references and the cache layout", "[bicep][lowering]") {
  bicep::ModuleAliases aliases;
  aliases.br["corp"] = {"corp.azurecr.io", "bicep/modules"};
  aliases.ts["specs"] = {"11111111-1111-1111-1111-111111111111", "RG-Specs"};
  auto ref = [&](const char* r) { return bicep::resolve_module_ref(r, "/repo/infra/main.bicep", "/cache", aliases); };
  CHECK(ref("br/public:avm/res/key-vault/vault:0.13.0").cached ==
        "/cache/br/mcr.microsoft.com/bicep$avm$res$key-vault$vault/0.13.0$/main.json");
  CHECK(ref("br:MyReg.azurecr.io:443/team/kv:V1").cached == "/cache/br/myreg.azurecr.io$443/team$kv/V1$1/main.json");
  CHECK(ref("br:r.io/kv@sha256:abc").cached == "/cache/br/r.io/kv/sha256#abc/main.json");
  CHECK(ref("br/corp:kv:2.0").cached == "/cache/br/corp.azurecr.io/bicep$modules$kv/2.0$/main.json");
  CHECK(ref("ts:SUB/Rg/Spec:V2").cached == "/cache/ts/sub/rg/spec/v2/main.json");
  CHECK(ref("ts/specs:vault:1.0").cached == "/cache/ts/11111111-1111-1111-1111-111111111111/rg-specs/vault/1.0/main.json");
  CHECK(ref("./modules/kv.bicep").local == "/repo/infra/modules/kv.bicep");
  CHECK(ref("../shared/kv.bicep").local == "/repo/shared/kv.bicep");
  CHECK(ref("br:noslash").kind == bicep::ModuleRef::Kind::Invalid);
  CHECK(ref("br/public:avm/res/x").kind == bicep::ModuleRef::Kind::Invalid);
  CHECK(bicep::encode_tag("v1.0.0") == "v1.0.0$");
  CHECK(bicep::encode_tag("Ab") == "Ab$1");
  CHECK(bicep::encode_tag(std::string(64, 'a') + "B") == std::string(64, 'a') + "B$10000000000000000");
}

TEST_CASE("bicep lowering: .bicepparam values", "[bicep][lowering]") {
  BicepProject p;
  p.write("main.bicep", "param name string\nparam purge bool = true\n");
  p.write("prod.bicepparam", "using 'main.bicep'\nvar env = 'prod'\nparam name = 'kv-${env}'\nparam purge = false\n");
  LoadedFile loaded = p.loader().load(p.dir() / "prod.bicepparam");
  auto parsed = p.cache().get(p.loader(), loaded.id, true, nullptr);
  bicep::ParamFileTarget target = bicep::param_file_target(*parsed);
  CHECK(target.reference == "main.bicep");
  bicep::ParamFileValues values = bicep::evaluate_param_file(parsed, p.loader(), p.cache());
  CHECK(show(values.values.at("name")) == R"("kv-prod")");
  CHECK(show(values.values.at("purge")) == "false");
  CHECK(p.line_of(values.values.at("purge").span()) == 4);
  auto declared = bicep::declared_parameters(*p.cache().get(p.loader(), p.loader().load(p.dir() / "main.bicep").id, false, nullptr));
  REQUIRE(declared.size() == 2);
  CHECK(declared[0] == std::make_pair(std::string("name"), true));
  CHECK(declared[1] == std::make_pair(std::string("purge"), false));
}

TEST_CASE("bicep lowering: syntax errors and suppressions of module files", "[bicep][lowering]") {
  BicepProject p;
  p.write("mod.bicep", "// vaultlint-disable-next-line KV122 reason\nparam x = \n");
  p.write("main.bicep", "module m 'mod.bicep' = {\n  name: 'm'\n}\n");
  LoweredUnit u = p.lower("main.bicep");
  CHECK(has_diagnostic(u, "KV001", "syntax error"));
  CHECK(u.suppressions.size() == 1);
}

TEST_CASE("bicep lowering: a fan-out of modules stops at the unit's work budget", "[bicep][lowering]") {
  BicepProject p;
  // Seven levels of ten modules each would be ten million module instances.
  for (int level = 0; level < 7; ++level) {
    std::string text;
    for (int i = 0; i < 10; ++i) {
      text += "module m" + std::to_string(i) + " 'level" + std::to_string(level + 1) + ".bicep' = {\n  name: 'm" +
              std::to_string(i) + "'\n}\n";
    }
    p.write("level" + std::to_string(level) + ".bicep", text);
  }
  p.write("level7.bicep", "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {\n  name: 'kv'\n}\n");
  LoweredUnit u = p.lower("level0.bicep");
  CHECK(has_diagnostic(u, "KV001", "evaluation stopped"));
  CHECK(u.resources.size() < 30000);
}

TEST_CASE("bicep lowering: a null passed to a module parameter with a default gets the default", "[bicep][lowering]") {
  BicepProject p;
  p.write("mod.bicep", "param items array = ['x']\nparam maybe string?\n"
                       "resource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n    items: items\n    maybe: maybe\n  }\n}\n");
  p.write("main.bicep", "param settings object = {}\nmodule m 'mod.bicep' = {\n  name: 'm'\n  params: {\n    items: settings.?items\n    maybe: settings.?maybe\n  }\n}\n");
  LoweredUnit u = p.lower("main.bicep");
  const Object& props = find_resource(u, "probe")->properties().as_object();
  CHECK(show(props.get("items")) == R"(["x"])");
  CHECK(show(props.get("maybe")) == "null");
}

TEST_CASE("bicep lowering: a .bicepparam that extends another", "[bicep][lowering]") {
  BicepProject p;
  p.write("base.bicepparam", "using none\nparam name = 'kv-base'\nparam purge = true\n");
  p.write("prod.bicepparam", "using 'main.bicep'\nextends 'base.bicepparam'\nparam purge = false\n");
  p.write("loop.bicepparam", "using none\nextends 'loop.bicepparam'\nparam x = 1\n");
  auto values_of = [&](const char* file) {
    LoadedFile loaded = p.loader().load(p.dir() / file);
    return bicep::evaluate_param_file(p.cache().get(p.loader(), loaded.id, true, nullptr), p.loader(), p.cache());
  };
  bicep::ParamFileValues prod = values_of("prod.bicepparam");
  CHECK(show(prod.values.at("name")) == R"("kv-base")");
  CHECK(show(prod.values.at("purge")) == "false");
  bicep::ParamFileValues loop = values_of("loop.bicepparam");
  CHECK(show(loop.values.at("x")) == "1");
  CHECK_FALSE(loop.diagnostics.empty());
}
