// Which role a role assignment (or eligibility / assignment schedule request) grants, and what that role
// can do. The role comes from properties.roleDefinitionId however the id is written (a subscription,
// tenant or resource-group id, a bare GUID, a friendly-name map's entry), or from Terraform's
// role_definition_name (properties.roleDefinitionName, by display name, case-insensitively). It is
// classified with the built-in roles of policies/data/roles.yaml, or with the permissions of a custom
// role definition in the scan (Microsoft.Authorization/roleDefinitions, azurerm_role_definition), found by
// its GUID, by the reference the id makes, or by its role name. What cannot be resolved is unknown, with
// the reason: never guessed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "policy/data_tables.h"

namespace vl {

// What a role can do, as the role classes of rules name it (condition.h: `role:`).
struct RoleTraits {
  std::string name;
  bool privileged = false;
  bool vaults_write = false;            // Microsoft.KeyVault/vaults/write: can switch a vault's access model
  bool role_assignments_write = false;  // Microsoft.Authorization/roleAssignments/write
  bool wildcard_data_actions = false;   // a wildcard over Key Vault data actions
  bool key_vault_data = false;          // any Key Vault data action: a Key Vault data role
};

struct ResolvedRole {
  bool known = false;
  RoleTraits traits;
  std::string guid;        // the definition GUID (lower case), or its symbol; empty when not even that
  bool built_in = false;
  std::uint32_t definition = UINT32_MAX;  // the custom role definition in the scan
  bool by_display_name = false;  // written by display name (role_definition_name, or a name where an id belongs)
  std::string written_name;      // that display name, when known
  std::string reason;            // why it is not known
  Span property;                 // where the assignment writes its role (findings point here)
  Span origin;                   // where the deciding value was written, when elsewhere (a parameter file,
                                 // a variable, a friendly-name map's entry); invalid otherwise
  // How messages name the role: its name, else the display name written, else "<unknown role>".
  std::string shown() const;
};

// The role assignment types: standing assignments, PIM eligibility requests and PIM active assignment
// requests.
bool is_role_assignment_type(std::string_view type);
// A PIM eligibility request: the principal may activate the role, it does not hold it standing.
bool is_eligible_assignment(const Resource& r);

ResolvedRole resolve_role(const Graph& g, std::uint32_t assignment, const DataTables& data);

// Whether the role is of a class: privileged, vaults_write, role_assignments_write, wildcard_data_actions,
// key_vault_data.
bool role_has(const RoleTraits& t, const std::string& role_class);

// A custom role's traits from its permissions (DESIGN section 5): privileged when its actions or data
// actions hold `*`, `Microsoft.KeyVault/*` or `Microsoft.Authorization/*`, or when what it allows (less its
// notActions) includes vaults/write, roleAssignments/write or every Key Vault data action.
RoleTraits custom_role_traits(const std::string& name, const std::vector<std::string>& actions,
                              const std::vector<std::string>& not_actions, const std::vector<std::string>& data_actions,
                              const std::vector<std::string>& not_data_actions);

// Azure's action wildcards: `*` matches any run of characters, case-insensitively.
bool action_matches(std::string_view pattern, std::string_view action);

}  // namespace vl
