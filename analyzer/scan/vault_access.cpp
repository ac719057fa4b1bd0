// Who reaches each vault: every role assignment (standing, PIM eligible or active) whose scope is the
// vault or holds it, with the role it grants and the principal it grants it to, for the per-vault summary
// (JSON summary.vaults[].access, a line under each vault in text) and the graph's reaches / defined-by /
// assigned-to edges. The same reach and role resolution as the KV2xx rules (policy/access.h,
// policy/role_lookup.h), so the summary and the findings never disagree.
#include <algorithm>
#include <map>
#include <tuple>

#include "graph/symbol.h"
#include "policy/access.h"
#include "policy/role_lookup.h"
#include "scan/stages.h"

namespace vl::scan {

namespace {

constexpr std::size_t kMaxPrincipalText = 80;

// The text of a span as one line, without surrounding quotes, shortened.
std::string written_text(const SourceSet& sources, Span s) {
  const SourceFile& file = sources.get(s.file);
  if (s.begin >= file.size() || s.end > file.size() || s.end <= s.begin) return "";
  const std::string text = file.slice(s.begin, s.end);
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() >= 2 && (out.front() == '"' || out.front() == '\'') && out.back() == out.front()) out = out.substr(1, out.size() - 2);
  if (out.size() > kMaxPrincipalText) out = out.substr(0, kMaxPrincipalText - 3) + "...";
  return out;
}

// The principal as the summary names it: its id when known, else what the template writes for it.
std::string principal_of(const Resource& a, const SourceSet& sources) {
  const Member* m = a.properties().as_object().find_member("principalId");
  if (!m || m->value.is_absent_or_null()) return "(no principal)";
  if (m->value.is_string()) return m->value.as_string();
  Span written = m->written_value();
  if (written.valid() && written.file < sources.size()) {
    std::string text = written_text(sources, written);
    if (!text.empty()) return text;
  }
  if (const std::string* symbol = symbol_of(m->value)) return *symbol;
  return "(not known)";
}

std::string principal_type_of(const Resource& a) {
  const Value t = a.properties().as_object().get("principalType");
  return t.is_string() ? t.as_string() : "";
}

std::string kind_of(const Resource& a) {
  if (is_eligible_assignment(a)) return "eligible";
  if (a.is_type("Microsoft.Authorization/roleAssignmentScheduleRequests")) return "active";
  return "standing";
}

// Resources that are one Azure resource: the same unit, variant and id (loop instances, `existing`).
std::string identity_key(const Resource& r, std::uint32_t index) {
  return std::to_string(r.unit) + ':' + std::to_string(r.variant) + ':' + (r.id.empty() ? "#" + std::to_string(index) : to_lower(r.id));
}

}  // namespace

std::vector<AccessEdge> find_access(const Graph& graph, const DataTables& data, const SourceSet& sources) {
  std::vector<AccessEdge> out;
  for (const char* type : {"Microsoft.Authorization/roleAssignments", "Microsoft.Authorization/roleEligibilityScheduleRequests",
                           "Microsoft.Authorization/roleAssignmentScheduleRequests"}) {
    for (std::uint32_t a : graph.of_type(type)) {
      const Resource& assignment = graph.resources()[a];
      if (assignment.existing) continue;
      const AssignmentReach reach = reach_of(graph, a, vault_types());
      const ResolvedRole role = resolve_role(graph, a, data);
      VaultAccess base;
      base.principal = principal_of(assignment, sources);
      base.principal_type = principal_type_of(assignment);
      base.role = role.known ? role.traits.name : role.written_name;
      base.role_id = role.known && !is_symbolic(role.guid) ? role.guid : "";
      base.role_reason = role.known ? "" : role.reason;
      base.privileged = role.known && role.traits.privileged;
      base.kind = kind_of(assignment);
      base.at = assignment.decl;
      if (reach.reaches.empty()) {
        // It reaches no vault: still in the graph's defined-by and assigned-to edges.
        AccessEdge e;
        e.assignment = a;
        e.definition = role.definition;
        e.access = base;
        out.push_back(std::move(e));
      }
      for (const Reach& r : reach.reaches) {
        AccessEdge e;
        e.assignment = a;
        e.target = r.target;
        e.definition = role.definition;
        e.access = base;
        e.access.scope = resource_label(graph.resources()[r.scope]);
        e.access.level = reach_level_name(r.level);
        out.push_back(std::move(e));
      }
    }
  }
  return out;
}

void attach_access(std::vector<VaultSummary>& vaults, const std::vector<AccessEdge>& access, const Graph& graph) {
  std::map<std::string, std::vector<const AccessEdge*>> by_target;
  for (const AccessEdge& e : access) {
    if (e.target != UINT32_MAX) by_target[identity_key(graph.resources()[e.target], e.target)].push_back(&e);
  }
  for (VaultSummary& v : vaults) {
    std::vector<std::string> keys;
    for (std::uint32_t r : v.resources) {
      std::string key = identity_key(graph.resources()[r], r);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
    for (const std::string& key : keys) {
      auto it = by_target.find(key);
      if (it == by_target.end()) continue;
      for (const AccessEdge* e : it->second) {
        const VaultAccess& a = e->access;
        auto same = [&](const VaultAccess& b) {
          return std::tie(a.principal, a.role, a.role_reason, a.scope, a.kind, a.at.file, a.at.begin) ==
                 std::tie(b.principal, b.role, b.role_reason, b.scope, b.kind, b.at.file, b.at.begin);
        };
        if (std::none_of(v.access.begin(), v.access.end(), same)) v.access.push_back(a);
      }
    }
  }
}

}  // namespace vl::scan
