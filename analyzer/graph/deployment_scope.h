// The synthetic deployment context that deployment-context functions (resourceGroup(), subscription(),
// tenant(), deployment(), resourceId()) evaluate against. It is visibly fake (all-zero GUIDs, resource
// group `rg`) so that ids computed in one deployment unit link to each other, and nobody mistakes them
// for a real deployment. Because every unit gets the same fake context, an id in it proves nothing
// across units (graph/resource_id.h: is_unit_local).
#pragma once

#include <string>
#include <string_view>

#include "graph/resource_id.h"

namespace vl {

inline constexpr std::string_view kSyntheticSubscription = "00000000-0000-0000-0000-000000000000";

// The synthetic location (resourceGroup().location, deployment().location). A template that looks it up
// in a map of regions would find its real region there: a missing key that names it is unknown, not
// "the deployment would fail".
inline constexpr std::string_view kSyntheticLocation = "synthetic-location";
inline bool names_synthetic_location(std::string_view key) {
  if (key.size() < kSyntheticLocation.size()) return false;
  for (std::size_t i = 0; i + kSyntheticLocation.size() <= key.size(); ++i) {
    bool same = true;
    for (std::size_t k = 0; k < kSyntheticLocation.size() && same; ++k) {
      char c = key[i + k];
      same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == kSyntheticLocation[k];
    }
    if (same) return true;
  }
  return false;
}
inline constexpr const char* kSyntheticLocationUnknown =
    "the deployment's location is not known offline, so neither is what a map of regions holds for it";

// The synthetic base of template URIs: clearly fake, so it is never mistaken for a real location.
inline constexpr std::string_view kTemplateUriBase = "https://vaultlint.invalid/repository/";

struct DeploymentScope {
  enum class Level { ResourceGroup, Subscription, ManagementGroup, Tenant };

  Level level = Level::ResourceGroup;
  std::string subscription_id = std::string(kSyntheticSubscription);
  std::string resource_group = "rg";
  std::string tenant_id = "00000000-0000-0000-0000-000000000000";
  // The synthetic tenant's root group: all zeros like the subscription, so that it is unit-local too
  // (it was once `mg`, which every management-group template shared with every other across units).
  std::string management_group = std::string(kSyntheticSubscription);
  std::string location = std::string(kSyntheticLocation);
  std::string deployment_name = "vaultlint-synthetic-deployment";
  // Why the deployment's name is unknown (a module or nested deployment whose name the scan cannot
  // compute): deployment().name is then unknown. Empty: it is deployment_name.
  std::string deployment_name_unknown;
  // deployment().properties.templateLink.uri when the template is deployed by link (kTemplateUriBase and
  // its path in the repository: uri() of it and a relative path names a file the scan can read); empty:
  // deployed inline, without a templateLink.
  std::string template_uri;

  // The id of the scope resources are deployed into: /subscriptions/{sub}/resourceGroups/{rg}, etc.
  std::string scope_id() const;
  std::string subscription_resource_id() const { return subscription_scope_id(subscription_id); }
  std::string resource_group_id() const { return resource_group_scope_id(subscription_id, resource_group); }
  std::string management_group_id() const { return management_group_scope_id(management_group); }
};

inline std::string DeploymentScope::scope_id() const {
  switch (level) {
    case Level::ResourceGroup:
      return resource_group_id();
    case Level::Subscription:
      return subscription_resource_id();
    case Level::ManagementGroup:
      return management_group_id();
    case Level::Tenant:
      return "";
  }
  return "";
}

}  // namespace vl
