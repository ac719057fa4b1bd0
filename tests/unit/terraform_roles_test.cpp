// The azurerm authorization mapping: custom role definitions with their permissions and the ids other
// resources read from them, the role definition data source by name or GUID, PIM assignments, and an
// azapi assignment whose parent nobody names.
#include <catch2/catch.hpp>

#include "graph/symbol.h"
#include "terraform_test_support.h"

using namespace vl;

TEST_CASE("terraform roles: a custom role's permissions, and the ids assignments read from it", "[terraform][roles]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
resource "azurerm_role_definition" "ops" {
  name  = "Vault operators"
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000"
  permissions {
    actions          = ["Microsoft.KeyVault/*"]
    not_actions      = ["Microsoft.KeyVault/vaults/delete"]
    data_actions     = []
    not_data_actions = []
  }
}

resource "azurerm_role_definition" "fixed" {
  role_definition_id = "bbbbbbbb-0000-4000-8000-000000000001"
  name               = "fixed"
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  permissions { actions = ["*/read"] }
}

resource "azurerm_role_assignment" "by_resource_id" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = azurerm_role_definition.ops.role_definition_resource_id
  principal_id       = "p"
}

resource "azurerm_role_assignment" "fixed" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = azurerm_role_definition.fixed.role_definition_resource_id
  principal_id       = "p"
}
)");
  LoweredUnit u = c.lower();
  const Resource* ops = tftest::find(u, "azurerm_role_definition.ops");
  REQUIRE(ops);
  CHECK(ops->type == "Microsoft.Authorization/roleDefinitions");
  CHECK(tftest::at(*ops, "properties.roleName").as_string() == "Vault operators");
  Value permissions = tftest::at(*ops, "properties.permissions");
  REQUIRE(permissions.is_array());
  REQUIRE(permissions.as_array().size() == 1);
  CHECK(permissions.as_array()[0].as_object().get("actions").as_array()[0].as_string() == "Microsoft.KeyVault/*");
  CHECK(permissions.as_array()[0].as_object().get("notActions").as_array()[0].as_string() == "Microsoft.KeyVault/vaults/delete");
  // The generated GUID is not known: the reference carries the definition's id as its symbol.
  const Resource* a = tftest::find(u, "azurerm_role_assignment.by_resource_id");
  REQUIRE(a);
  Value role = tftest::at(*a, "properties.roleDefinitionId");
  REQUIRE(role.is_unknown());
  REQUIRE(symbol_of(role));
  CHECK(*symbol_of(role) == ops->id);
  // A GUID written in the configuration is the definition's name and the end of its id.
  const Resource* fixed = tftest::find(u, "azurerm_role_assignment.fixed");
  REQUIRE(fixed);
  CHECK(tftest::at(*fixed, "properties.roleDefinitionId").as_string() ==
        "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/bbbbbbbb-0000-4000-8000-000000000001");
}

TEST_CASE("terraform roles: the role definition data source by display name or GUID", "[terraform][roles]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
data "azurerm_role_definition" "by_name" { name = "Key Vault Secrets USER" }
data "azurerm_role_definition" "by_id" {
  role_definition_id = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
}
data "azurerm_role_definition" "custom" { name = "Someone's own role" }

resource "azurerm_role_assignment" "by_name" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = data.azurerm_role_definition.by_name.id
  principal_id       = "p"
}
resource "azurerm_role_assignment" "guid_of_name" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = data.azurerm_role_definition.by_name.role_definition_id
  principal_id       = "p"
}
resource "azurerm_role_assignment" "by_id" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = data.azurerm_role_definition.by_id.id
  principal_id       = "p"
}
resource "azurerm_role_assignment" "custom" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = data.azurerm_role_definition.custom.id
  principal_id       = "p"
}
)");
  LoweredUnit u = c.lower();
  auto role = [&](const char* name) { return tftest::at(*tftest::find(u, name), "properties.roleDefinitionId"); };
  CHECK(role("azurerm_role_assignment.by_name").as_string() ==
        "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6");
  CHECK(role("azurerm_role_assignment.guid_of_name").as_string() == "4633458b-17de-408a-b874-0445c86b69e6");
  CHECK(role("azurerm_role_assignment.by_id").as_string() ==
        "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
  Value custom = role("azurerm_role_assignment.custom");
  REQUIRE(custom.is_unknown());
  CHECK(custom.unknown_info().reason.find("not a built-in role vaultlint knows") != std::string::npos);
}

TEST_CASE("terraform roles: PIM assignments, role_definition_name, and an azapi parent nobody names", "[terraform][roles]") {
  tftest::Config c;
  c.file("", "main.tf", R"(
variable "parent" { type = string }
resource "azurerm_pim_eligible_role_assignment" "e" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
  principal_id       = "p"
}
resource "azurerm_pim_active_role_assignment" "a" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
  principal_id       = "p"
}
resource "azurerm_role_assignment" "n" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_name = "OWNER"
  principal_id         = "p"
}
resource "azapi_resource" "x" {
  type      = "Microsoft.Authorization/roleAssignments@2022-04-01"
  name      = "n"
  parent_id = var.parent
  body      = { properties = { principalId = "p" } }
}
)");
  LoweredUnit u = c.lower();
  const Resource* e = tftest::find(u, "azurerm_pim_eligible_role_assignment.e");
  REQUIRE(e);
  CHECK(e->type == "Microsoft.Authorization/roleEligibilityScheduleRequests");
  CHECK(e->scope_id == "/subscriptions/00000000-0000-0000-0000-000000000000");
  const Resource* a = tftest::find(u, "azurerm_pim_active_role_assignment.a");
  REQUIRE(a);
  CHECK(a->type == "Microsoft.Authorization/roleAssignmentScheduleRequests");
  const Resource* n = tftest::find(u, "azurerm_role_assignment.n");
  REQUIRE(n);
  CHECK(tftest::at(*n, "properties.roleDefinitionId").as_string().ends_with("/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"));
  CHECK(tftest::at(*n, "properties.roleDefinitionName").as_string() == "OWNER");
  const Member* written = tftest::member_at(*n, "properties.roleDefinitionId");
  REQUIRE(written);
  CHECK(c.text(written->key_span) == "role_definition_name");
  const Resource* x = tftest::find(u, "azapi_resource.x");
  REQUIRE(x);
  CHECK(x->scope_unknown.find("variable `parent`") != std::string::npos);
}
