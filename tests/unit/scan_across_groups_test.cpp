// A one-shot scan links and evaluates apart the groups of units that share no proven id, and merges their
// findings afterwards (scan/combine.cpp: combine_across): it must report exactly what one graph of the
// whole scan reports, findings, their order, merges and fingerprints included.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "scan/scan.h"
#include "scan_test_support.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {

const Catalogue& catalogue() {
  static const Catalogue c = [] {
    std::vector<std::string> errors;
    return Catalogue::load(std::nullopt, errors);
  }();
  return c;
}

ScanOptions options_for(const fs::path& dir, bool whole, unsigned jobs) {
  ScanOptions o;
  o.paths = {dir};
  for (const Rule& r : catalogue().rules()) {
    if (r.enabled_by_default) o.enabled_rules.insert(r.id);
  }
  o.as_of = "2026-11-30";
  o.jobs = jobs;
  o.keep_graph = whole;  // one graph for the whole scan; otherwise groups merged afterwards
  o.kept_on_chance_bytes = 0;  // a unit that only looks up ids is evaluated early, and lowered again if need be
  o.trim_every_lowering = true;  // what no rule reads goes from every lowering (the whole graph keeps it)
  return o;
}

using test::describe;

// An ARM template of these resources (JSON text).
std::string arm_template(const std::string& resources) {
  return "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
         " \"contentVersion\": \"1.0.0.0\",\n \"resources\": [" + resources + "]}";
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// Three entry templates share one module (a vault with findings, a suppression with a reason and one
// without), each a group of its own, evaluated as soon as it is lowered; two ARM templates are one group
// through a custom role one defines and the other assigns.
fs::path shared_module_repository() {
  fs::path dir = fs::temp_directory_path() / ("vaultlint-across-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  write(dir / "modules" / "vault.bicep", R"(param name string
param purge bool = false
resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: name
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    // vaultlint-disable-next-line KV122 -- switched on by policy
    enablePurgeProtection: purge
    // vaultlint-disable-next-line KV101
    enableRbacAuthorization: false
  }
}
output id string = kv.id
)");
  for (const char* entry : {"a", "b", "c"}) {
    std::string scope = std::string(entry) == "c" ? "" : "targetScope = 'resourceGroup'\n";
    write(dir / entry / "main.bicep", scope + "module v '../modules/vault.bicep' = [for i in range(0, 2): {\n"
                                              "  name: 'v${i}'\n  params: { name: 'kv-" + entry + "-${i}' }\n}]\n"
                                              "module w '../modules/vault.bicep' = {\n  name: 'w'\n"
                                              "  params: { name: 'kv-" + entry + "-w', purge: true }\n}\n");
  }
  write(dir / "arm" / "azuredeploy.json", arm_template(R"(
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2019-09-01", "name": "kv-arm",
     "location": "westeurope",
     "properties": {"tenantId": "00000000-0000-0000-0000-000000000000", "sku": {"family": "A", "name": "standard"}}},
    {"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01",
     "scope": "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-arm",
     "name": "[guid('a')]",
     "properties": {"principalId": "22222222-2222-2222-2222-222222222222",
                    "roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/33333333-3333-3333-3333-333333333333"}}
)"));
  write(dir / "arm2" / "azuredeploy.json", arm_template(R"(
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2019-09-01", "name": "kv-arm",
     "location": "westeurope",
     "properties": {"tenantId": "00000000-0000-0000-0000-000000000000", "sku": {"family": "A", "name": "standard"},
                    "enableRbacAuthorization": true}},
    {"type": "Microsoft.Authorization/roleDefinitions", "apiVersion": "2022-04-01",
     "name": "33333333-3333-3333-3333-333333333333",
     "properties": {"roleName": "secret readers", "type": "CustomRole",
                    "permissions": [{"actions": [], "dataActions": ["Microsoft.KeyVault/vaults/secrets/*"]}],
                    "assignableScopes": ["[subscription().id]"]}}
)"));
  // A definition named by a built-in role's GUID, and an assignment of that built-in role elsewhere: the
  // built-in role is resolved from the roles table, so the two are groups of their own.
  write(dir / "arm3" / "azuredeploy.json", arm_template(R"(
    {"type": "Microsoft.Authorization/roleDefinitions", "apiVersion": "2022-04-01",
     "name": "4633458b-17de-408a-b874-0445c86b69e6",
     "properties": {"roleName": "shadow", "type": "CustomRole",
                    "permissions": [{"actions": ["*"]}], "assignableScopes": ["[subscription().id]"]}}
)"));
  write(dir / "arm4" / "azuredeploy.json", arm_template(R"(
    {"type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", "name": "[guid('b')]",
     "properties": {"principalId": "22222222-2222-2222-2222-222222222222",
                    "roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6"}}
)"));
  return dir;
}

}  // namespace

TEST_CASE("groups merged afterwards find what one whole graph finds: a module shared by three units") {
  fs::path dir = shared_module_repository();
  std::string whole = describe(run_scan(options_for(dir, true, 1), catalogue()));
  CHECK(whole.find("units=a/main.bicep,b/main.bicep,c/main.bicep") != std::string::npos);  // merged across groups
  CHECK(whole.find("suppressed switched on by policy") != std::string::npos);
  CHECK(whole.find("KV003") != std::string::npos);
  for (unsigned jobs : {1u, 2u, 3u}) {
    INFO("jobs " << jobs);
    CHECK(describe(run_scan(options_for(dir, false, jobs), catalogue())) == whole);
  }
  ScanSession session(options_for(dir, false, 2), catalogue(), /*link_apart=*/true);
  ScanResult once = session.run_once();
  CHECK(once.counts.units == 7);
  // a, b, c, arm and arm2 together, arm3, arm4, the files of no unit
  CHECK(session.last_stats().groups == 7);
  fs::remove_all(dir);
}

TEST_CASE("groups merged afterwards find what one whole graph finds: every fixture folder and all of them") {
  const fs::path fixtures = fs::path(VAULTLINT_SOURCE_DIR) / "fixtures";
  std::vector<fs::path> dirs = {fixtures};
  for (const char* format : {"arm", "bicep", "terraform"}) {
    for (const auto& e : fs::directory_iterator(fixtures / format)) {
      if (e.is_directory()) dirs.push_back(e.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    INFO(dir.string());
    std::string whole = describe(run_scan(options_for(dir, true, 1), catalogue()));
    CHECK(describe(run_scan(options_for(dir, false, 2), catalogue())) == whole);
  }
}
