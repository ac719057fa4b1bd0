// Root modules lowered to ARM-shaped graph resources: variables (defaults, tfvars, --var), locals,
// count / for_each / dynamic, local modules with inputs and outputs, registry modules, data sources, the
// azurerm mapping (with the names findings use) and azapi.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/provider_version.h"
#include "terraform_test_support.h"

using namespace vl;

namespace {

const char* kVault = R"(
resource "azurerm_key_vault" "kv" {
  name                = "kv-test"
  location            = "westeurope"
  resource_group_name = "rg-test"
  tenant_id           = "t"
  sku_name            = "standard"
}
)";

bool has_diagnostic(const LoweredUnit& u, const std::string& rule, const std::string& part) {
  for (const Diagnostic& d : u.diagnostics) {
    if (d.rule == rule && d.message.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("terraform lowering: azurerm_key_vault maps onto Microsoft.KeyVault/vaults", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
resource "azurerm_key_vault" "kv" {
  name                          = "kv-test"
  location                      = "westeurope"
  resource_group_name           = "rg-test"
  tenant_id                     = "t"
  sku_name                      = "standard"
  public_network_access_enabled = false
  purge_protection_enabled      = true
  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
    ip_rules       = ["1.2.3.4"]
  }
  access_policy {
    tenant_id       = "t"
    object_id       = "o"
    key_permissions = ["Get"]
  }
}
)");
  LoweredUnit u = c.lower();
  const Resource* kv = tftest::find(u, "azurerm_key_vault.kv");
  REQUIRE(kv);
  CHECK(kv->type == "Microsoft.KeyVault/vaults");
  CHECK(kv->format == SourceFormat::Terraform);
  CHECK(kv->api_version.is_absent());
  CHECK(kv->id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-test/providers/Microsoft.KeyVault/vaults/kv-test");
  CHECK(kv->name.as_string() == "kv-test");
  CHECK(c.text(kv->decl) == "resource \"azurerm_key_vault\" \"kv\" {");
  CHECK(tftest::at(*kv, "properties.publicNetworkAccess").as_string() == "Disabled");
  CHECK(tftest::at(*kv, "properties.enablePurgeProtection").as_bool());
  CHECK(tftest::at(*kv, "properties.softDeleteRetentionInDays").as_int() == 90);  // the provider default
  // An omitted RBAC flag is sent as false, pointing at the resource header.
  const Member* rbac = tftest::member_at(*kv, "properties.enableRbacAuthorization");
  REQUIRE(rbac);
  CHECK(rbac->value.as_bool() == false);
  CHECK(c.text(rbac->span()) == c.text(kv->decl));
  CHECK(tftest::at(*kv, "properties.networkAcls.defaultAction").as_string() == "Deny");
  CHECK(tftest::at(*kv, "properties.networkAcls.ipRules").as_array()[0].as_object().get("value").as_string() == "1.2.3.4");
  const Member* deny = tftest::member_at(*kv, "properties.networkAcls.defaultAction");
  CHECK(c.text(deny->span()) == "default_action = \"Deny\"");
  Value policies = tftest::at(*kv, "properties.accessPolicies");
  REQUIRE(policies.as_array().size() == 1);
  CHECK(policies.as_array()[0].as_object().get("permissions").as_object().get("keys").as_array()[0].as_string() == "Get");
  // The names and values messages use.
  const SourceAttribute* pna = kv->source_attribute("properties.publicNetworkAccess");
  REQUIRE(pna);
  CHECK(pna->name == "public_network_access_enabled");
  CHECK(pna->shown == "false");
  CHECK(kv->source_attribute("properties.networkAcls.defaultAction")->name == "network_acls.default_action");
}

TEST_CASE("terraform lowering: the RBAC attribute is named by the provider version", "[terraform]") {
  auto rbac_attr = [](const std::string& versions, const std::string& body) {
    tftest::Config c;
    c.file("", "versions.tf", versions).file("", "main.tf", body);
    LoweredUnit u = c.lower();
    const Resource* kv = tftest::find(u, "azurerm_key_vault.kv");
    REQUIRE(kv);
    return *kv->source_attribute("properties.enableRbacAuthorization");
  };
  auto constraint = [](const std::string& v) {
    return "terraform {\n  required_providers {\n    azurerm = { source = \"hashicorp/azurerm\", version = \"" + v + "\" }\n  }\n}\n";
  };
  SourceAttribute old_range = rbac_attr(constraint("~> 3.0"), kVault);
  CHECK(old_range.name == "enable_rbac_authorization");
  CHECK(old_range.shown == "not set (azurerm sends false)");
  SourceAttribute new_range = rbac_attr(constraint(">= 4.42, < 5.0"), kVault);
  CHECK(new_range.name == "rbac_authorization_enabled");
  SourceAttribute v5 = rbac_attr(constraint("~> 5.0"), kVault);
  CHECK(v5.name == "rbac_authorization_enabled");
  CHECK(v5.shown == "not set, and azurerm 5.x requires it");
  SourceAttribute spanning = rbac_attr(constraint(">= 4.0"), kVault);
  CHECK(spanning.name == "rbac_authorization_enabled (enable_rbac_authorization before azurerm 4.42)");
  CHECK(spanning.shown == "not set (azurerm 3.x and 4.x send false; 5.x requires it)");
  SourceAttribute unknown = rbac_attr("", kVault);
  CHECK(unknown.name == spanning.name);
  // What the configuration writes is what findings name, whatever the version.
  std::string written = std::string(kVault);
  written.insert(written.rfind('}'), "  enable_rbac_authorization = false\n");
  CHECK(rbac_attr(constraint("~> 5.0"), written).name == "enable_rbac_authorization");
}

TEST_CASE("terraform lowering: provider version constraints narrow a range", "[terraform]") {
  tf::VersionRange r;
  r.constrain(">= 4.81, < 5.2");
  CHECK(r.low == tf::Version{4, 81, 0});
  CHECK(r.high == tf::Version{5, 2, 0});
  tf::VersionRange p;
  p.constrain("~> 4.42.1");
  CHECK(p.high == tf::Version{4, 43, 0});
  tf::VersionRange q;
  q.constrain("~> 3.0");
  CHECK(q.entirely_below(tf::Version{4, 42, 0}));
  tf::VersionRange x;
  x.constrain("= 4.57.0");
  CHECK(x.entirely_at_least(tf::Version{4, 42, 0}));
  CHECK(x.entirely_below(tf::Version{5, 0, 0}));
}

TEST_CASE("terraform lowering: variables from defaults, tfvars and --var, with their spans", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
variable "purge" {
  type    = bool
  default = true
}
variable "public" {
  type = bool
}
variable "acls" {
  type = object({ default_action = string })
}
variable "missing" {
  type = bool
}
resource "azurerm_key_vault" "kv" {
  name                          = "kv"
  location                      = "westeurope"
  resource_group_name           = "rg"
  tenant_id                     = "t"
  sku_name                      = "standard"
  purge_protection_enabled      = var.purge
  public_network_access_enabled = var.public
  rbac_authorization_enabled    = var.missing
  network_acls {
    default_action = var.acls.default_action
    bypass         = "None"
  }
}
)");
  c.tfvars("purge = false\n");
  c.var("public", Value::string("true"), true);
  c.var("acls", Value::string("{ default_action = \"Allow\" }"), true);
  LoweredUnit u = c.lower();
  const Resource* kv = tftest::find(u, "azurerm_key_vault.kv");
  REQUIRE(kv);
  const Member* purge = tftest::member_at(*kv, "properties.enablePurgeProtection");
  CHECK(purge->value.as_bool() == false);
  CHECK(c.text(purge->value.span()) == "false");  // where the tfvars file sets it
  CHECK(c.text(purge->written_value()) == "var.purge");
  CHECK(tftest::at(*kv, "properties.publicNetworkAccess").as_string() == "Enabled");
  CHECK(tftest::at(*kv, "properties.networkAcls.defaultAction").as_string() == "Allow");
  Value rbac = tftest::at(*kv, "properties.enableRbacAuthorization");
  REQUIRE(rbac.is_unknown());
  CHECK(rbac.unknown_info().reason.find("variable `missing` has no default") != std::string::npos);
  CHECK(rbac.unknown_info().candidates.size() == 2);
}

TEST_CASE("terraform lowering: locals, and locals in a cycle", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
locals {
  base  = "kv"
  name  = "${local.base}-prod"
  a     = local.b
  b     = local.a
}
resource "azurerm_key_vault" "kv" {
  name                     = local.name
  location                 = "westeurope"
  resource_group_name      = "rg"
  tenant_id                = "t"
  sku_name                 = "standard"
  purge_protection_enabled = local.a
}
)");
  LoweredUnit u = c.lower();
  const Resource* kv = tftest::find(u, "azurerm_key_vault.kv");
  REQUIRE(kv);
  CHECK(kv->name.as_string() == "kv-prod");
  CHECK(tftest::at(*kv, "properties.enablePurgeProtection").is_unknown());
  CHECK(has_diagnostic(u, "KV001", "locals refer to each other in a cycle: local.a -> local.b -> local.a"));
}

TEST_CASE("terraform lowering: count, for_each and dynamic blocks", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
variable "n" {
  type = number
}
resource "azurerm_key_vault" "counted" {
  count               = 2
  name                = "kv-${count.index}"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
}
resource "azurerm_key_vault" "keyed" {
  for_each            = toset(["a", "b"])
  name                = "kv-${each.value}"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
  dynamic "network_acls" {
    for_each = each.key == "a" ? ["Deny"] : []
    content {
      default_action = network_acls.value
      bypass         = "None"
    }
  }
}
resource "azurerm_key_vault" "unknown" {
  count               = var.n
  name                = "kv-u-${count.index}"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
}
resource "azurerm_role_assignment" "ra" {
  scope              = azurerm_key_vault.keyed["b"].id
  role_definition_id = "x"
  principal_id       = "p"
}
)");
  LoweredUnit u = c.lower();
  REQUIRE(tftest::find(u, "azurerm_key_vault.counted[1]"));
  CHECK(tftest::find(u, "azurerm_key_vault.counted[1]")->name.as_string() == "kv-1");
  CHECK(tftest::find(u, "azurerm_key_vault.counted[1]")->logical_id == "azurerm_key_vault.counted");
  CHECK(tftest::find(u, "azurerm_key_vault.counted[1]")->instance == "[1]");
  const Resource* a = tftest::find(u, "azurerm_key_vault.keyed[\"a\"]");
  const Resource* b = tftest::find(u, "azurerm_key_vault.keyed[\"b\"]");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(tftest::at(*a, "properties.networkAcls.defaultAction").as_string() == "Deny");
  CHECK(tftest::at(*b, "properties.networkAcls").is_absent());
  const Resource* unknown = tftest::find(u, "azurerm_key_vault.unknown[*]");
  REQUIRE(unknown);
  CHECK(unknown->conditional);
  CHECK(unknown->condition_reason.find("its count is unknown") != std::string::npos);
  const Resource* ra = tftest::find(u, "azurerm_role_assignment.ra");
  REQUIRE(ra);
  CHECK(ra->scope_id == b->id);
}

TEST_CASE("terraform lowering: local modules with inputs and outputs", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
module "vault" {
  source   = "./modules/vault"
  for_each = { prod = true, dev = false }
  name     = "kv-${each.key}"
  purge    = each.value
}
resource "azurerm_role_assignment" "ra" {
  scope                = module.vault["prod"].id
  role_definition_name = "Key Vault Reader"
  principal_id         = "p"
}
)");
  c.file("modules/vault", "main.tf", R"(
variable "name" {
  type = string
}
variable "purge" {
  type = bool
}
resource "azurerm_key_vault" "this" {
  name                     = var.name
  location                 = "westeurope"
  resource_group_name      = "rg"
  tenant_id                = "t"
  sku_name                 = "standard"
  purge_protection_enabled = var.purge
}
output "id" {
  value = azurerm_key_vault.this.id
}
)");
  LoweredUnit u = c.lower();
  const Resource* prod = tftest::find(u, "module.vault[\"prod\"].azurerm_key_vault.this");
  const Resource* dev = tftest::find(u, "module.vault[\"dev\"].azurerm_key_vault.this");
  REQUIRE(prod);
  REQUIRE(dev);
  CHECK(prod->logical_id == "module.vault.azurerm_key_vault.this");
  CHECK(prod->instance == "[\"prod\"]");
  const Member* purge = tftest::member_at(*dev, "properties.enablePurgeProtection");
  CHECK(purge->value.as_bool() == false);
  CHECK(c.text(purge->value.span()) == "false");  // written in the caller's for_each map
  const Resource* ra = tftest::find(u, "azurerm_role_assignment.ra");
  REQUIRE(ra);
  CHECK(ra->scope_id == prod->id);
  CHECK(tftest::at(*ra, "properties.roleDefinitionId").as_string() ==
        "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/21090545-7ca7-4776-b22c-e363652d74d2");
  CHECK(tftest::at(*ra, "properties.roleDefinitionName").as_string() == "Key Vault Reader");
}

TEST_CASE("terraform lowering: registry modules without terraform init, and missing modules", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
module "naming" {
  source  = "Azure/naming/azurerm"
  version = "0.4.3"
}
module "gone" {
  source = "./nowhere"
}
resource "azurerm_key_vault" "kv" {
  name                = module.naming.key_vault.name_unique
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
}
)");
  LoweredUnit u = c.lower();
  CHECK(has_diagnostic(u, "KV002", "module `naming` comes from `Azure/naming/azurerm`"));
  CHECK(has_diagnostic(u, "KV002", "module `gone`"));
  const Resource* kv = tftest::find(u, "azurerm_key_vault.kv");
  REQUIRE(kv);
  REQUIRE(kv->name.is_unknown());
  CHECK(kv->name.unknown_info().reason.find("terraform init") != std::string::npos);
  CHECK(kv->display_name == "azurerm_key_vault.kv");
}

TEST_CASE("terraform lowering: data sources are unknown but for the synthetic context and ids", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
data "azurerm_client_config" "current" {}
data "azurerm_subscription" "primary" {}
data "azurerm_resource_group" "rg" {
  name = "rg-existing"
}
resource "azurerm_key_vault" "kv" {
  name                = "kv"
  location            = "westeurope"
  resource_group_name = data.azurerm_resource_group.rg.name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
  tags                = { who = data.azurerm_client_config.current.object_id }
}
resource "azurerm_role_assignment" "sub" {
  scope              = data.azurerm_subscription.primary.id
  role_definition_id = "x"
  principal_id       = "p"
}
resource "azurerm_role_assignment" "rg" {
  scope              = data.azurerm_resource_group.rg.id
  role_definition_id = "x"
  principal_id       = "p"
}
)");
  LoweredUnit u = c.lower();
  const Resource* kv = tftest::find(u, "azurerm_key_vault.kv");
  REQUIRE(kv);
  CHECK(tftest::at(*kv, "properties.tenantId").as_string() == "00000000-0000-0000-0000-000000000000");
  CHECK(tftest::at(*kv, "tags.who").is_unknown());
  CHECK(kv->id.find("/resourceGroups/rg-existing/") != std::string::npos);
  CHECK(tftest::find(u, "azurerm_role_assignment.sub")->scope_id == "/subscriptions/00000000-0000-0000-0000-000000000000");
  CHECK(tftest::find(u, "azurerm_role_assignment.rg")->scope_id == "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-existing");
}

TEST_CASE("terraform lowering: azapi_resource in both body styles", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
resource "azapi_resource" "hcl" {
  type      = "Microsoft.KeyVault/vaults@2023-07-01"
  parent_id = "/subscriptions/s/resourceGroups/rg"
  name      = "kv-hcl"
  body = {
    properties = {
      enableRbacAuthorization = false
    }
  }
}
resource "azapi_resource" "json" {
  type      = "Microsoft.KeyVault/vaults@2026-02-01"
  parent_id = "/subscriptions/s/resourceGroups/rg"
  name      = "kv-json"
  body = jsonencode({
    properties = {
      publicNetworkAccess = "Disabled"
    }
  })
}
resource "azapi_resource" "ra" {
  type      = "Microsoft.Authorization/roleAssignments@2022-04-01"
  parent_id = azapi_resource.json.id
  name      = "g"
  body      = { properties = { principalId = "p" } }
}
)");
  LoweredUnit u = c.lower();
  const Resource* hcl = tftest::find(u, "azapi_resource.hcl");
  const Resource* json = tftest::find(u, "azapi_resource.json");
  REQUIRE(hcl);
  REQUIRE(json);
  CHECK(hcl->type == "Microsoft.KeyVault/vaults");
  CHECK(hcl->api_version.as_string() == "2023-07-01");
  CHECK(c.text(hcl->api_version.span()) == "\"Microsoft.KeyVault/vaults@2023-07-01\"");
  CHECK(hcl->source_attributes.empty());  // ARM's own names: ARM's messages
  const Member* rbac = tftest::member_at(*hcl, "properties.enableRbacAuthorization");
  CHECK(c.text(rbac->span()) == "enableRbacAuthorization = false");
  const Member* pna = tftest::member_at(*json, "properties.publicNetworkAccess");
  CHECK(pna->value.as_string() == "Disabled");
  CHECK(c.text(pna->span()) == "publicNetworkAccess = \"Disabled\"");
  CHECK(json->id == "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-json");
  CHECK(tftest::find(u, "azapi_resource.ra")->scope_id == json->id);
}

TEST_CASE("terraform lowering: .tf.json and native files form one module", "[terraform]") {
  tftest::Config c;
  c.file("", "vars.tf", "variable \"purge\" {\n  default = false\n}\n");
  c.file("", "main.tf.json", R"json({"resource": {"azurerm_key_vault": {"kv": {
    "name": "kv-${\"json\"}", "location": "westeurope", "resource_group_name": "rg", "tenant_id": "t",
    "sku_name": "standard", "purge_protection_enabled": "${var.purge}",
    "network_acls": {"default_action": "Allow", "bypass": "None"}}}}})json");
  LoweredUnit u = c.lower();
  const Resource* kv = tftest::find(u, "azurerm_key_vault.kv");
  REQUIRE(kv);
  CHECK(kv->name.as_string() == "kv-json");
  CHECK(tftest::at(*kv, "properties.enablePurgeProtection").as_bool() == false);
  CHECK(tftest::at(*kv, "properties.networkAcls.defaultAction").as_string() == "Allow");
}

TEST_CASE("terraform lowering: hostile loops are bounded", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
resource "azurerm_key_vault" "many" {
  count               = 100000
  name                = "kv"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
}
module "self" {
  source = "./"
}
)");
  LoweredUnit u = c.lower();
  CHECK(tftest::find(u, "azurerm_key_vault.many[0]") == nullptr);
  CHECK(has_diagnostic(u, "KV001", "100000 instances"));
  CHECK(has_diagnostic(u, "KV001", "calls itself"));
}

TEST_CASE("terraform lowering: a module input may read another output of its own call, not its own", "[terraform]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
module "m" {
  source = "./m"
  count  = 2
  a      = module.m[count.index].fixed
  b      = module.m[count.index].echo_b
}
)");
  c.file("m", "main.tf", R"(
variable "a" {}
variable "b" {}
output "fixed" {
  value = "fixed"
}
output "echo_b" {
  value = var.b
}
resource "azurerm_key_vault" "kv" {
  name                = "kv-${var.a}"
  location            = "westeurope"
  resource_group_name = "rg"
  tenant_id           = "t"
  sku_name            = "standard"
  purge_protection_enabled = var.b
}
)");
  LoweredUnit u = c.lower();
  std::vector<std::string> names;
  for (const Resource& r : u.resources) {
    if (r.is_type("Microsoft.KeyVault/vaults")) {
      names.push_back(r.name.as_string());
      // b reads an output that reads b: a real cycle, unknown (and no endless recursion).
      CHECK(r.properties().as_object().get("enablePurgeProtection").is_unknown());
    }
  }
  CHECK(names == std::vector<std::string>{"kv-fixed", "kv-fixed"});
}
