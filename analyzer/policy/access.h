// Which vaults a role assignment reaches, and how: the vault it is assigned on, or a resource group,
// subscription or management group that holds the vault (scope inheritance, DESIGN section 3). The
// graph's scope and contains edges decide (Graph::link); this reads them from the assignment's side and
// says, when the scan cannot tell, why (an unknown scope in a unit that deploys vaults).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace vl {

// Where an assignment is granted relative to what it reaches.
enum class ReachLevel { Resource, ResourceGroup, Subscription, ManagementGroup };
// resource, resource_group, subscription, management_group (as rules and reports write them).
const char* reach_level_name(ReachLevel level);

struct Reach {
  std::uint32_t target = 0;  // the vault or Managed HSM reached
  std::uint32_t scope = 0;   // the node the assignment is on: the target itself, or a scope holding it
  ReachLevel level = ReachLevel::Resource;
  bool level_unknown = false;  // a possible reach through a scope the scan cannot know: any level
};

struct AssignmentReach {
  std::vector<Reach> reaches;   // what it provably reaches
  std::vector<Reach> possible;  // what it may reach, though the scan cannot tell
  std::string maybe;            // why it may reach those; empty when `possible` is
};

// The resources of `types` (vaults, Managed HSMs) the assignment reaches, one per Azure resource: loop
// instances of one id in a unit and variant are one, and a deployed declaration stands for the `existing`
// ones of its id.
AssignmentReach reach_of(const Graph& g, std::uint32_t assignment, const std::vector<std::string>& types);

// The vault or HSM types role rules are about.
const std::vector<std::string>& vault_types();

// How messages name a resource: "Key Vault `kv`", "Managed HSM `hsm`", "resource group `rg`",
// "the resource group it is deployed to", "subscription `…`".
std::string resource_label(const Resource& r);
// "on Key Vault `kv`" or "on resource group `rg`, which holds Key Vault `kv`".
std::string reach_description(const Graph& g, const Reach& reach);
// "a standing assignment", "an eligible (PIM) assignment", "an active (PIM) assignment".
std::string assignment_kind(const Resource& assignment);

}  // namespace vl
