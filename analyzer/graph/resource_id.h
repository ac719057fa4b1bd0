// Azure resource ids: built in one place for every frontend and the function library, and read apart by
// the graph (the scope that contains a resource, the parent of a child, what an extension attaches to).
// Ids may be symbolic (graph/symbol.h): markers stand where a name is unknown, and everything here treats
// a marker as one ordinary name segment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vl {

// `{scope}/providers/{namespace}/{type1}/{name1}/{type2}/{name2}...`: one name per level of the type
// (a name written 'a/b' gives two); empty when the names do not fit the type.
std::string make_resource_id(std::string_view scope, std::string_view type, std::string_view name);
std::string make_resource_id(std::string_view scope, std::string_view type, const std::vector<std::string>& names);

// The ids of deployment scopes.
std::string subscription_scope_id(std::string_view subscription);
std::string resource_group_scope_id(std::string_view subscription, std::string_view resource_group);
std::string management_group_scope_id(std::string_view group);

enum class ScopeLevel { Tenant, ManagementGroup, Subscription, ResourceGroup };
// When the id is itself a deployment scope (`/subscriptions/s`, `/subscriptions/s/resourceGroups/g`,
// `/providers/Microsoft.Management/managementGroups/m`, or `/` for the tenant), which one.
std::optional<ScopeLevel> scope_level(std::string_view id);
// The deployment scope an id lies in: its resource group, subscription or management group prefix, or
// "/" at tenant scope; for a scope id, the scope itself.
std::string container_of(std::string_view id);
// The scope that holds a deployment scope: a resource group's subscription; empty for a subscription
// (its management group is not in its id), a management group or the tenant.
std::string outer_scope_of(std::string_view scope_id);

// The id before the last `/providers/`: for an extension resource id, what it attaches to (a resource or a
// scope); empty when there is none.
std::string extension_target(std::string_view id);
// "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/s" ->
// "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"; empty for a top-level
// resource.
std::string parent_id(std::string_view id);
// The resource type an id names (`Microsoft.KeyVault/vaults/secrets`), or empty for a scope id.
std::string type_of_id(std::string_view id);

// Does the id look like a resource or scope id at all (starts with /subscriptions/, /providers/ or is a
// symbolic id)?
bool looks_like_id(std::string_view text);
// An id that proves nothing outside its deployment unit: it holds a symbol, or lies in the synthetic
// subscription or management group every unit is evaluated in.
bool is_unit_local(std::string_view id);
bool has_synthetic_subscription(std::string_view id);
bool has_synthetic_management_group(std::string_view id);
// The id, lower-cased, with its subscription segment replaced by `*`: within one unit, a written id
// (`/subscriptions/1234.../vaults/kv`) matches the same resource in the synthetic subscription.
std::string subscription_free_key(std::string_view id);
// A literal GUID (8-4-4-4-12 hex digits): a role definition's name proves which role it is in any unit.
bool is_guid(std::string_view text);
// The last segment of an id (all of it when it has no `/`).
std::string_view last_segment(std::string_view id);

}  // namespace vl
