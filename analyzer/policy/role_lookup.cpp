// `role: CLASS`: what the role an assignment grants (properties.roleDefinitionId) can do. The role is
// resolved from its definition GUID, however the id is written (a full subscription or tenant id, a bare
// GUID), against the built-in roles of policies/data/roles.yaml, or against a custom role definition in
// the scan that the id links to, whose actions and data actions decide. A role the scan cannot resolve is
// unresolved, never guessed.
#include "graph/symbol.h"
#include "policy/check_context.h"
#include "policy/condition.h"

namespace vl {

namespace {

// What a role can do, as the role classes name it.
struct RoleTraits {
  std::string name;
  bool privileged = false, vaults_write = false, role_assignments_write = false, wildcard_data_actions = false,
       key_vault_data = false;
};

// Azure's action wildcards: `*` matches any run of characters, case-insensitively.
bool action_matches(std::string_view pattern, std::string_view action) {
  std::size_t p = 0, a = 0, star = std::string_view::npos, mark = 0;
  while (a < action.size()) {
    if (p < pattern.size() && (pattern[p] == '*')) {
      star = p++;
      mark = a;
    } else if (p < pattern.size() && ascii_lower(pattern[p]) == ascii_lower(action[a])) {
      ++p;
      ++a;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      a = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool any_matches(const std::vector<std::string>& patterns, std::string_view action) {
  for (const std::string& p : patterns) {
    if (action_matches(p, action)) return true;
  }
  return false;
}

// DESIGN section 5: a custom role is privileged when its actions or data actions hold `*`,
// `Microsoft.KeyVault/*` or `Microsoft.Authorization/*`.
RoleTraits traits_of(const std::string& name, const std::vector<std::string>& actions,
                     const std::vector<std::string>& data_actions, bool privileged) {
  RoleTraits t;
  t.name = name;
  t.privileged = privileged;
  for (const std::vector<std::string>* list : {&actions, &data_actions}) {
    for (const std::string& a : *list) {
      if (a == "*" || iequals(a, "Microsoft.KeyVault/*") || iequals(a, "Microsoft.Authorization/*")) t.privileged = true;
    }
  }
  t.vaults_write = any_matches(actions, "Microsoft.KeyVault/vaults/write");
  t.role_assignments_write = any_matches(actions, "Microsoft.Authorization/roleAssignments/write");
  for (const std::string& a : data_actions) {
    if (a.find('*') != std::string::npos && (a == "*" || istarts_with(a, "Microsoft.KeyVault/"))) t.wildcard_data_actions = true;
    if (a == "*" || istarts_with(a, "Microsoft.KeyVault/")) t.key_vault_data = true;
  }
  return t;
}

std::vector<std::string> strings_of(const Value& v) {
  std::vector<std::string> out;
  for (const Value& item : v.as_array()) {
    if (item.is_string()) out.push_back(item.as_string());
  }
  return out;
}

// The GUID at the end of a role definition id (or the id itself when it is a bare GUID).
std::string role_guid(const std::string& id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

bool holds(const RoleTraits& t, const std::string& cls) {
  if (cls == "privileged") return t.privileged;
  if (cls == "vaults_write") return t.vaults_write;
  if (cls == "role_assignments_write") return t.role_assignments_write;
  if (cls == "wildcard_data_actions") return t.wildcard_data_actions;
  return t.key_vault_data;
}

}  // namespace

Outcome evaluate_role(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  out.property = "properties.roleDefinitionId";
  out.locate = c.locate;
  const Object& props = ctx.resource().properties().as_object();
  const Member* m = props.find_member("roleDefinitionId");
  if (m) out.location = m->span();
  const Value role = m ? m->value : Value();
  const std::string* text = id_text(role);
  if (!text || is_symbolic(role_guid(*text))) {
    out.verdict = Verdict::Unresolved;
    out.reason = role.is_absent_or_null() ? "the assignment states no roleDefinitionId"
                 : role.is_unknown()      ? "the role is not known: " + role.unknown_info().reason
                                          : "the role is " + role.display() + ", not a role definition id";
    if (role.is_unknown() && role.unknown_info().origin.valid()) out.related.push_back({role.unknown_info().origin, "it depends on this"});
    return out;
  }
  RoleTraits traits;
  if (const RoleInfo* info = ctx.data().role_by_id(role_guid(*text))) {
    traits = traits_of(info->name, info->actions, info->data_actions, info->privileged);
    // The table's own judgement of what a built-in role can do wins where it says more.
    traits.vaults_write = traits.vaults_write || info->vaults_write;
    traits.role_assignments_write = traits.role_assignments_write || info->role_assignments_write;
    traits.wildcard_data_actions = traits.wildcard_data_actions || info->wildcard_data_actions;
  } else {
    // A custom role defined in the scan, linked by the id.
    bool found = false;
    for (std::uint32_t e : ctx.graph().edges_from(ctx.index())) {
      const Edge& edge = ctx.graph().edges()[e];
      const Resource& def = ctx.graph().resources()[edge.to];
      if (edge.kind != EdgeKind::References || !def.is_type("Microsoft.Authorization/roleDefinitions") ||
          !iequals(edge.label, "properties.roleDefinitionId")) {
        continue;
      }
      std::vector<std::string> actions, data_actions;
      for (const Value& p : def.properties().as_object().get("permissions").as_array()) {
        for (std::string& a : strings_of(p.as_object().get("actions"))) actions.push_back(std::move(a));
        for (std::string& a : strings_of(p.as_object().get("dataActions"))) data_actions.push_back(std::move(a));
      }
      const Value role_name = def.properties().as_object().get("roleName");
      traits = traits_of(role_name.is_string() ? role_name.as_string() : def.display_name, actions, data_actions, false);
      found = true;
      out.related.push_back({def.decl, "the role is defined here"});
      break;
    }
    if (!found) {
      out.verdict = Verdict::Unresolved;
      out.reason = "role definition " + role_guid(*text) + " is neither a built-in role vaultlint knows nor defined in the scan";
      return out;
    }
  }
  out.verdict = holds(traits, c.role_class) ? Verdict::Pass : Verdict::Fail;
  if (out.verdict == Verdict::Fail) out.message = ctx.expand(c.message, traits.name);
  return out;
}

}  // namespace vl
