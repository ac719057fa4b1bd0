// What a role assignment reaches through the graph's scope and containment edges (access.h).
#include <algorithm>

#include "graph/symbol.h"
#include "policy/access.h"
#include "policy/role_lookup.h"

namespace vl {

namespace {

bool of_types(const Resource& r, const std::vector<std::string>& types) {
  for (const std::string& t : types) {
    if (r.is_type(t)) return true;
  }
  return false;
}

ReachLevel level_of(const Resource& scope) {
  if (scope.is_type("Microsoft.Resources/resourceGroups")) return ReachLevel::ResourceGroup;
  if (scope.is_type("Microsoft.Resources/subscriptions")) return ReachLevel::Subscription;
  if (scope.is_type("Microsoft.Management/managementGroups")) return ReachLevel::ManagementGroup;
  return ReachLevel::Resource;
}

// Text with the scan's symbol markers shown as <what>.
std::string shown(std::string text) {
  for (std::size_t p; (p = text.find(kMarkOpen)) != std::string::npos;) text.replace(p, kMarkOpen.size(), "<");
  for (std::size_t p; (p = text.find(kMarkClose)) != std::string::npos;) text.replace(p, kMarkClose.size(), ">");
  return text;
}

std::string name_of(const Resource& r) {
  if (r.name.is_string()) return r.name.as_string();
  if (const std::string* s = id_text(r.name)) return shown(*s);
  return r.display_name.empty() ? kUnknownName : r.display_name;
}

// Could an assignment on `scope_id` (which the graph linked to nothing) still reach a resource of the
// types? When the id is symbolic and names one of those types, or a resource group or subscription.
bool might_hold(const std::string& scope_id, const std::vector<std::string>& types) {
  if (!is_symbolic(scope_id)) return false;
  if (std::optional<ScopeLevel> level = scope_level(scope_id)) return *level != ScopeLevel::Tenant;
  const std::string type = type_of_id(scope_id);
  return std::any_of(types.begin(), types.end(), [&](const std::string& t) { return iequals(t, type); });
}

// An assignment on a resource group (or subscription) that the scan can only name symbolically, or that
// is named while a vault of the unit lies in a group only named symbolically, may be on the group that
// holds that vault: the two names may be the same. Adds those vaults to `out.possible`, and says why.
void unnamed_scopes(const Graph& g, const std::vector<std::uint32_t>& scopes, const std::vector<std::string>& types,
                    AssignmentReach& out) {
  for (std::uint32_t s : scopes) {
    const Resource& scope = g.resources()[s];
    const ReachLevel level = level_of(scope);
    if (level != ReachLevel::ResourceGroup && level != ReachLevel::Subscription) continue;
    for (const std::string& t : types) {
      for (std::uint32_t v : g.of_type(t)) {
        const Resource& vault = g.resources()[v];
        if (vault.unit != scope.unit || vault.variant != scope.variant) continue;
        auto same = [&](const Reach& r) { return r.target == v || iequals(g.resources()[r.target].id, vault.id); };
        if (std::any_of(out.reaches.begin(), out.reaches.end(), same) ||
            std::any_of(out.possible.begin(), out.possible.end(), same)) {
          continue;
        }
        for (std::uint32_t c : g.containers(v)) {
          const Resource& holder = g.resources()[c];
          if (level_of(holder) != level || c == s || (!is_symbolic(scope.id) && !is_symbolic(holder.id))) continue;
          out.possible.push_back(Reach{v, s, level});
          if (out.maybe.empty()) {
            out.maybe = "it is granted on " + resource_label(scope) + " and " + resource_label(vault) + " is in " +
                        resource_label(holder) + ", which the scan cannot tell apart";
          }
          break;
        }
      }
    }
  }
}

}  // namespace

const char* reach_level_name(ReachLevel level) {
  switch (level) {
    case ReachLevel::Resource:
      return "resource";
    case ReachLevel::ResourceGroup:
      return "resource_group";
    case ReachLevel::Subscription:
      return "subscription";
    case ReachLevel::ManagementGroup:
      return "management_group";
  }
  return "";
}

const std::vector<std::string>& vault_types() {
  static const std::vector<std::string> kTypes = {"Microsoft.KeyVault/vaults", "Microsoft.KeyVault/managedHSMs"};
  return kTypes;
}

AssignmentReach reach_of(const Graph& g, std::uint32_t assignment, const std::vector<std::string>& types) {
  AssignmentReach out;
  const Resource& a = g.resources()[assignment];
  // One reach per Azure resource: loop instances and `existing` declarations of the same id in the unit
  // and variant are one vault (a deployed declaration stands for the `existing` ones).
  auto same_resource = [&](const Resource& x, const Resource& y) {
    return x.unit == y.unit && x.variant == y.variant && !x.id.empty() && iequals(x.id, y.id);
  };
  auto add = [&](std::uint32_t target, std::uint32_t scope) {
    const Resource& t = g.resources()[target];
    if (!of_types(t, types)) return;
    for (Reach& r : out.reaches) {
      const Resource& have = g.resources()[r.target];
      if (r.target != target && !same_resource(have, t)) continue;
      if (have.existing && !t.existing) r = Reach{target, scope, target == scope ? ReachLevel::Resource : level_of(g.resources()[scope])};
      return;
    }
    out.reaches.push_back(Reach{target, scope, target == scope ? ReachLevel::Resource : level_of(g.resources()[scope])});
  };
  const std::vector<std::uint32_t> scopes = g.outgoing(assignment, EdgeKind::Scope);
  for (std::uint32_t s : scopes) {
    add(s, s);
    for (std::uint32_t inside : g.contained(s)) add(inside, s);
  }

  // What the scan cannot tell: an unknown scope, or a symbolic one that linked to nothing, may be on any
  // resource of the types in the unit and variant; a scope it names only symbolically may be another's.
  std::string why;
  if (!a.scope_unknown.empty()) {
    why = "its scope is not known: " + a.scope_unknown;
  } else if (scopes.empty() && might_hold(a.scope_id, types)) {
    why = "its scope `" + shown(a.scope_id) + "` is not known";
  }
  if (why.empty()) {
    unnamed_scopes(g, scopes, types, out);
    return out;
  }
  for (const std::string& t : types) {
    for (std::uint32_t j : g.of_type(t)) {
      const Resource& r = g.resources()[j];
      if (r.unit != a.unit || r.variant != a.variant) continue;
      out.possible.push_back(Reach{j, j, ReachLevel::Resource, true});
      if (out.maybe.empty()) out.maybe = why + ", and " + resource_label(r) + " may be under it";
    }
  }
  return out;
}

std::string resource_label(const Resource& r) {
  const bool synthetic = has_synthetic_subscription(r.id);
  if (r.is_type("Microsoft.KeyVault/vaults")) return "Key Vault `" + name_of(r) + "`";
  if (r.is_type("Microsoft.KeyVault/managedHSMs")) return "Managed HSM `" + name_of(r) + "`";
  if (r.is_type("Microsoft.Resources/resourceGroups")) {
    // The synthetic group every unit is evaluated in is the one the template is deployed to.
    if (r.implicit && synthetic && iequals(name_of(r), "rg")) return "the resource group it is deployed to";
    return "resource group `" + name_of(r) + "`";
  }
  if (r.is_type("Microsoft.Resources/subscriptions")) {
    return synthetic ? "the subscription it is deployed to" : "subscription `" + name_of(r) + "`";
  }
  if (r.is_type("Microsoft.Management/managementGroups")) return "management group `" + name_of(r) + "`";
  return r.type + " `" + name_of(r) + "`";
}

std::string reach_description(const Graph& g, const Reach& reach) {
  const Resource& target = g.resources()[reach.target];
  if (reach.level == ReachLevel::Resource) return "on " + resource_label(target);
  return "on " + resource_label(g.resources()[reach.scope]) + ", which holds " + resource_label(target);
}

std::string assignment_kind(const Resource& assignment) {
  if (is_eligible_assignment(assignment)) return "an eligible (PIM) assignment";
  if (assignment.is_type("Microsoft.Authorization/roleAssignmentScheduleRequests")) return "an active (PIM) assignment";
  return "a standing assignment";
}

}  // namespace vl
