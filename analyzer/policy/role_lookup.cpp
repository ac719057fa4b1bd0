// Resolving and classifying the role an assignment grants (role_lookup.h), and the `role: CLASS`
// condition over it.
#include "policy/role_lookup.h"

#include <cctype>

#include "graph/resource_id.h"
#include "graph/symbol.h"
#include "policy/check_context.h"
#include "policy/condition.h"

namespace vl {

namespace {

constexpr std::string_view kRoleDefinitions = "Microsoft.Authorization/roleDefinitions";

bool any_matches(const std::vector<std::string>& patterns, std::string_view action) {
  for (const std::string& p : patterns) {
    if (action_matches(p, action)) return true;
  }
  return false;
}

// Allowed: matched by an action and by no not-action.
bool allows(const std::vector<std::string>& actions, const std::vector<std::string>& not_actions, std::string_view action) {
  return any_matches(actions, action) && !any_matches(not_actions, action);
}


// The strings of a permission list; false when the list or one of its items is not known.
bool strings_of(const Value& v, std::vector<std::string>& out, std::string& why) {
  if (v.is_absent_or_null()) return true;
  if (v.is_unknown()) {
    why = v.unknown_info().reason;
    return false;
  }
  for (const Value& item : v.as_array()) {
    if (item.is_unknown()) {
      why = item.unknown_info().reason;
      return false;
    }
    if (item.is_string()) out.push_back(item.as_string());
  }
  return true;
}

// The traits of a custom role definition from its permissions; false (with `why`) when they are not known.
bool definition_traits(const Resource& def, RoleTraits& traits, std::string& why) {
  const Object& props = def.properties().as_object();
  const Value role_name = props.get("roleName");
  const std::string name = role_name.is_string() ? role_name.as_string() : def.display_name;
  const Value permissions = props.get("permissions");
  if (permissions.is_unknown()) {
    why = "the permissions of custom role `" + name + "` are not known: " + permissions.unknown_info().reason;
    return false;
  }
  std::vector<std::string> actions, not_actions, data_actions, not_data_actions;
  for (const Value& p : permissions.as_array()) {
    std::string inner;
    const Object& o = p.as_object();
    if (p.is_unknown() || !strings_of(o.get("actions"), actions, inner) || !strings_of(o.get("notActions"), not_actions, inner) ||
        !strings_of(o.get("dataActions"), data_actions, inner) ||
        !strings_of(o.get("notDataActions"), not_data_actions, inner)) {
      why = "the permissions of custom role `" + name + "` are not known: " + (p.is_unknown() ? p.unknown_info().reason : inner);
      return false;
    }
  }
  traits = custom_role_traits(name, actions, not_actions, data_actions, not_data_actions);
  return true;
}

bool same_place(const Resource& a, const Resource& b) { return a.unit == b.unit && a.variant == b.variant; }

// A custom role definition in the scan with this GUID (or symbol): the one the id references, else one
// named so in the same unit and variant, else (a literal GUID proves it) one in another unit.
std::uint32_t definition_by_guid(const Graph& g, std::uint32_t assignment, const std::string& guid) {
  for (std::uint32_t e : g.edges_from(assignment)) {
    const Edge& edge = g.edges()[e];
    if (edge.kind == EdgeKind::References && iequals(edge.label, "properties.roleDefinitionId") &&
        g.resources()[edge.to].is_type(kRoleDefinitions)) {
      return edge.to;
    }
  }
  const Resource& a = g.resources()[assignment];
  std::uint32_t elsewhere = UINT32_MAX;
  for (std::uint32_t d : g.of_type(kRoleDefinitions)) {
    const Resource& def = g.resources()[d];
    if (!iequals(last_segment(def.id), guid)) continue;
    if (same_place(a, def)) return d;
    if (elsewhere == UINT32_MAX && is_guid(guid)) elsewhere = d;
  }
  return elsewhere;
}

// A custom role definition of the same unit and variant whose role name is `name` (case-insensitively).
std::uint32_t definition_by_name(const Graph& g, std::uint32_t assignment, const std::string& name) {
  const Resource& a = g.resources()[assignment];
  for (std::uint32_t d : g.of_type(kRoleDefinitions)) {
    const Resource& def = g.resources()[d];
    const Value role_name = def.properties().as_object().get("roleName");
    if (same_place(a, def) && role_name.is_string() && iequals(role_name.as_string(), name)) return d;
  }
  return UINT32_MAX;
}

void use_definition(const Graph& g, std::uint32_t d, ResolvedRole& out) {
  const Resource& def = g.resources()[d];
  out.definition = d;
  if (def.existing) {
    // A reference to a definition made elsewhere (often a built-in role the table does not hold).
    out.reason = "role definition `" + def.display_name + "` is declared `existing`: its permissions are not in the scan";
    return;
  }
  std::string why;
  out.known = definition_traits(def, out.traits, why);
  if (!out.known) out.reason = why;
}

void use_built_in(const RoleInfo& info, ResolvedRole& out) {
  out.known = true;
  out.built_in = true;
  out.guid = info.id;
  // The table's own judgement (facts/roles.json) of what a built-in role can do.
  out.traits.name = info.name;
  out.traits.privileged = info.privileged;
  out.traits.vaults_write = info.vaults_write;
  out.traits.role_assignments_write = info.role_assignments_write;
  out.traits.wildcard_data_actions = info.wildcard_data_actions;
  for (const std::string& a : info.data_actions) {
    if (a == "*" || istarts_with(a, "Microsoft.KeyVault/")) out.traits.key_vault_data = true;
  }
}

// Where the value deciding the role was written, when that is not at the property itself.
Span origin_of(const Member& m) {
  if (m.value.is_unknown()) return m.value.unknown_info().origin;
  Span written = m.written_value();
  return m.value.span().valid() && written.valid() && !(m.value.span() == written) ? m.value.span() : Span{};
}

}  // namespace

bool action_matches(std::string_view pattern, std::string_view action) {
  std::size_t p = 0, a = 0, star = std::string_view::npos, mark = 0;
  while (a < action.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
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

RoleTraits custom_role_traits(const std::string& name, const std::vector<std::string>& actions,
                              const std::vector<std::string>& not_actions, const std::vector<std::string>& data_actions,
                              const std::vector<std::string>& not_data_actions) {
  RoleTraits t;
  t.name = name;
  for (const std::vector<std::string>* list : {&actions, &data_actions}) {
    for (const std::string& a : *list) {
      if (a == "*" || iequals(a, "Microsoft.KeyVault/*") || iequals(a, "Microsoft.Authorization/*")) t.privileged = true;
    }
  }
  t.vaults_write = allows(actions, not_actions, "Microsoft.KeyVault/vaults/write");
  t.role_assignments_write = allows(actions, not_actions, "Microsoft.Authorization/roleAssignments/write");
  for (const std::string& a : data_actions) {
    const bool key_vault = a == "*" || istarts_with(a, "Microsoft.KeyVault/");
    if (key_vault && !any_matches(not_data_actions, a)) t.key_vault_data = true;
    if (key_vault && a.find('*') != std::string::npos) t.wildcard_data_actions = true;
  }
  // Every data-plane operation on the vault's contents (what Key Vault Administrator holds).
  const bool all_data = allows(data_actions, not_data_actions, "Microsoft.KeyVault/vaults/secrets/getSecret/action") &&
                        allows(data_actions, not_data_actions, "Microsoft.KeyVault/vaults/keys/decrypt/action") &&
                        allows(data_actions, not_data_actions, "Microsoft.KeyVault/vaults/certificates/delete");
  t.privileged = t.privileged || t.vaults_write || t.role_assignments_write || all_data;
  return t;
}

bool is_role_assignment_type(std::string_view type) {
  return iequals(type, "Microsoft.Authorization/roleAssignments") ||
         iequals(type, "Microsoft.Authorization/roleEligibilityScheduleRequests") ||
         iequals(type, "Microsoft.Authorization/roleAssignmentScheduleRequests");
}

bool is_eligible_assignment(const Resource& r) { return r.is_type("Microsoft.Authorization/roleEligibilityScheduleRequests"); }

std::string ResolvedRole::shown() const {
  if (known && !traits.name.empty()) return traits.name;
  if (!written_name.empty()) return written_name;
  return "<unknown role>";
}

ResolvedRole resolve_role(const Graph& g, std::uint32_t assignment, const DataTables& data) {
  ResolvedRole out;
  const Object& props = g.resources()[assignment].properties().as_object();
  const Member* m = props.find_member("roleDefinitionId");
  if (m) out.property = m->span();
  // Terraform's role_definition_name: the mapping keeps the name beside the id it resolved.
  if (const Member* named = props.find_member("roleDefinitionName"); named && !named->value.is_absent_or_null()) {
    out.by_display_name = true;
    if (named->value.is_string()) out.written_name = named->value.as_string();
    if (!out.property.valid()) out.property = named->span();
  }
  const Value role = m ? m->value : Value();
  if (m) out.origin = origin_of(*m);
  const std::string* text = id_text(role);
  if (!text) {
    if (!out.written_name.empty()) {
      // A display name that is no built-in role: a custom role of the scan by that name?
      if (std::uint32_t d = definition_by_name(g, assignment, out.written_name); d != UINT32_MAX) {
        use_definition(g, d, out);
        return out;
      }
    }
    out.reason = role.is_absent_or_null() ? "the assignment states no role definition"
                 : role.is_unknown()      ? "the role is not known: " + role.unknown_info().reason
                                          : "the role is " + role.display() + ", not a role definition id";
    return out;
  }
  out.guid = to_lower(last_segment(*text));
  if (!is_symbolic(*text) && !looks_like_id(*text) && !is_guid(out.guid)) {
    // A display name where the id belongs (Azure rejects it, but the intent is plain).
    for (const RoleInfo& info : data.roles()) {
      if (iequals(info.name, *text)) {
        out.by_display_name = true;
        out.written_name = *text;
        use_built_in(info, out);
        return out;
      }
    }
    out.guid.clear();
    out.reason = "the role is `" + *text + "`, which is neither a role definition id nor a built-in role's name";
    return out;
  }
  if (!is_symbolic(out.guid)) {
    if (const RoleInfo* info = data.role_by_id(out.guid)) {
      use_built_in(*info, out);
      return out;
    }
  }
  if (std::uint32_t d = definition_by_guid(g, assignment, out.guid); d != UINT32_MAX) {
    use_definition(g, d, out);
    return out;
  }
  out.reason = is_symbolic(out.guid) ? "the role is not known: " + (role.is_unknown() ? role.unknown_info().reason : *text)
                                     : "role definition " + out.guid +
                                           " is neither a built-in role vaultlint knows nor a custom role defined in the scan";
  return out;
}

bool role_has(const RoleTraits& t, const std::string& cls) {
  if (cls == "privileged") return t.privileged;
  if (cls == "vaults_write") return t.vaults_write;
  if (cls == "role_assignments_write") return t.role_assignments_write;
  if (cls == "wildcard_data_actions") return t.wildcard_data_actions;
  if (cls == "key_vault_data") return t.key_vault_data;
  return false;
}

Outcome evaluate_role(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  out.property = "properties.roleDefinitionId";
  out.locate = c.locate;
  ResolvedRole role = resolve_role(ctx.graph(), ctx.index(), ctx.data());
  out.location = role.property;
  if (role.origin.valid()) out.related.push_back({role.origin, role.known ? "the role is chosen here" : "it depends on this"});
  if (role.definition != UINT32_MAX) out.related.push_back({ctx.graph().resources()[role.definition].decl, "the role is defined here"});
  if (!role.known) {
    out.verdict = Verdict::Unresolved;
    out.reason = role.reason;
    return out;
  }
  out.verdict = role_has(role.traits, c.role_class) ? Verdict::Pass : Verdict::Fail;
  if (out.verdict == Verdict::Fail) out.message = ctx.expand(c.message, role.traits.name);
  return out;
}

}  // namespace vl
