// The `access:` condition (condition.h): on a role assignment, whether it gives a kind of access to a vault
// that a rule forbids: a role of some class, granted at some level, reaching a vault that meets a
// condition (KV202 asks KV101's verdict on it). What the scan cannot decide (the role, the scope, the
// vault's settings) makes it unresolved, with the reason; an assignment that provably reaches nothing
// the rule is about passes, whatever its role.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <optional>

#include "policy/access.h"
#include "policy/check_context.h"
#include "policy/condition.h"
#include "policy/role_lookup.h"

namespace vl {

namespace {

// Related locations listed per finding: the reached vaults beyond these are summed up in the message's
// own target.
constexpr std::size_t kMaxTargetsShown = 8;

bool parse_list(const DocNode& n, std::vector<std::string>& out) {
  if (!n) return true;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
    return true;
  }
  if (!n.IsSequence()) return false;
  for (const DocNode& item : n) out.push_back(item.as<std::string>());
  return true;
}

// Replaces the {key}s of `values` in the text; other placeholders stay for CheckContext::expand.
std::string fill(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i);
      if (close != std::string::npos) {
        auto it = values.find(text.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          out += it->second;
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

Outcome pass() { return Outcome{}; }

}  // namespace

bool parse_access(const DocNode& node, Condition& c, std::string& error) {
  c.kind = Condition::Kind::Access;
  if (!node.IsMap()) {
    error = "`access` needs a mapping";
    return false;
  }
  if (node["role"]) {
    c.role_class = node["role"].as<std::string>();
    if (!role_has(RoleTraits{"", true, true, true, true, true}, c.role_class)) {
      error = "`access.role` must be privileged, vaults_write, role_assignments_write, wildcard_data_actions or key_vault_data";
      return false;
    }
  }
  if (!parse_list(node["reaching"], c.related_types) || !parse_list(node["granted_at"], c.granted_at)) {
    error = "`access.reaching` and `access.granted_at` take a name or a list of names";
    return false;
  }
  for (const std::string& level : c.granted_at) {
    if (level != "resource" && level != "resource_group" && level != "subscription" && level != "management_group") {
      error = "`access.granted_at` levels are resource, resource_group, subscription and management_group";
      return false;
    }
  }
  for (const char* key : {"where", "when"}) {
    if (!node[key]) continue;
    std::unique_ptr<Condition> inner = parse_condition(node[key], error);
    if (!inner) return false;
    (std::string(key) == "where" ? c.where : c.when) = std::move(inner);
  }
  if (node["named"]) c.named = node["named"].as<bool>();
  if (node["point_at"]) c.point_at = node["point_at"].as<std::string>();
  return true;
}

Outcome evaluate_access(const Condition& c, const CheckContext& ctx) {
  const Graph& g = ctx.graph();
  const std::vector<std::string>& types = c.related_types.empty() ? vault_types() : c.related_types;
  const AssignmentReach reach = reach_of(g, ctx.index(), types);

  // The reached resources that count: granted at the right level, and meeting `where`.
  std::vector<Reach> qualifying;
  std::optional<std::string> undecided;  // why one of them cannot be judged
  std::vector<RelatedLocation> undecided_related;
  std::vector<RelatedLocation> undecided_target;  // the vault it is about
  for (const Reach& r : reach.reaches) {
    if (!c.granted_at.empty() &&
        std::find(c.granted_at.begin(), c.granted_at.end(), reach_level_name(r.level)) == c.granted_at.end()) {
      continue;
    }
    if (c.where) {
      Outcome o = evaluate_condition(*c.where, ctx.on(r.target));
      if (o.verdict == Verdict::Fail) continue;
      if (o.verdict == Verdict::Unresolved) {
        if (!undecided) {
          const Resource& t = g.resources()[r.target];
          const std::string label = resource_label(t);
          const std::string name = label.substr(label.find('`'));
          undecided = o.reason.find(name) == std::string::npos ? label + ": " + o.reason : o.reason;
          if (t.decl.valid()) undecided_target.push_back({t.decl, "it reaches " + label + " here"});
          undecided_related = undecided_target;
          for (const RelatedLocation& rel : o.related) undecided_related.push_back(rel);
        }
        continue;
      }
    }
    qualifying.push_back(r);
  }
  // What it may reach counts only where it could qualify (a vault on RBAC cannot make KV204 fail). Those
  // are named as related locations: the finding is about them too (and `--fix` on one of them may settle it).
  bool maybe = false;
  std::vector<RelatedLocation> maybe_related;
  for (const Reach& r : reach.possible) {
    if (maybe_related.size() >= kMaxTargetsShown) break;
    if (!r.level_unknown && !c.granted_at.empty() &&
        std::find(c.granted_at.begin(), c.granted_at.end(), reach_level_name(r.level)) == c.granted_at.end()) {
      continue;
    }
    if (c.where && evaluate_condition(*c.where, ctx.on(r.target)).verdict == Verdict::Fail) continue;
    maybe = true;
    const Resource& t = g.resources()[r.target];
    if (t.decl.valid()) maybe_related.push_back({t.decl, "it may reach " + resource_label(t) + " here"});
  }
  if (qualifying.empty() && !undecided && !maybe) return pass();
  // The vaults that make it a finding, as related locations (whatever the finding then says, it is about
  // them, and `--fix` on one of them may settle it): those it reaches, else the one that cannot be
  // judged, else those it may reach.
  std::vector<RelatedLocation> targets_related;
  for (std::size_t i = 0; i < qualifying.size() && i < kMaxTargetsShown; ++i) {
    const Resource& t = g.resources()[qualifying[i].target];
    if (t.decl.valid()) targets_related.push_back({t.decl, "it reaches " + resource_label(t) + " here"});
  }
  if (qualifying.empty()) targets_related = undecided ? undecided_target : maybe_related;
  auto with_targets = [&](const std::vector<RelatedLocation>& related) {
    std::vector<RelatedLocation> all = targets_related;
    for (const RelatedLocation& r : related) {
      if (std::none_of(all.begin(), all.end(), [&](const RelatedLocation& t) { return t.span == r.span; })) all.push_back(r);
    }
    return all;
  };

  Outcome out;
  out.locate = c.locate;
  out.property = c.point_at.empty() ? "properties.roleDefinitionId" : c.point_at;
  const ResolvedRole role = resolve_role(g, ctx.index(), ctx.data());
  out.location = role.property;
  std::string value;
  if (!c.point_at.empty()) {
    const Value* at = &ctx.resource().body;
    const Member* m = nullptr;
    for (const std::string& seg : split(c.point_at, '.')) {
      m = at->is_object() ? at->as_object().find_member(seg) : nullptr;
      if (!m) break;
      at = &m->value;
    }
    if (m) {
      out.location = m->span();
      value = m->value.display();
    }
  }
  auto unresolved = [&](std::string reason, std::vector<RelatedLocation> related) {
    out.verdict = Verdict::Unresolved;
    out.reason = std::move(reason);
    out.related = std::move(related);
    return out;
  };

  // The assignment itself.
  if (c.when) {
    Outcome w = evaluate_condition(*c.when, ctx);
    if (w.verdict == Verdict::Fail) return pass();
    if (w.verdict == Verdict::Unresolved) return unresolved(w.reason, with_targets(w.related));
  }
  if (c.named && !role.by_display_name) return pass();
  std::vector<RelatedLocation> role_related;
  if (role.origin.valid()) role_related.push_back({role.origin, role.known ? "the role is chosen here" : "it depends on this"});
  if (role.definition != UINT32_MAX) role_related.push_back({g.resources()[role.definition].decl, "the role is defined here"});
  if (!c.role_class.empty()) {
    if (!role.known) return unresolved(role.reason, with_targets(role_related));
    if (!role_has(role.traits, c.role_class)) return pass();
  }
  if (qualifying.empty()) {
    if (undecided) {
      for (const RelatedLocation& r : role_related) undecided_related.push_back(r);
      return unresolved(*undecided, undecided_related);
    }
    for (const RelatedLocation& r : role_related) maybe_related.push_back(r);
    return unresolved(reach.maybe, maybe_related);  // `maybe` holds: nothing else is left
  }

  out.verdict = Verdict::Fail;
  const Reach& first = qualifying.front();
  const std::map<std::string, std::string> values = {
      {"role", role.shown()},
      {"how", reach_description(g, first)},
      {"scope", resource_label(g.resources()[first.scope])},
      {"target", resource_label(g.resources()[first.target])},
      {"assignment", assignment_kind(ctx.resource())},
  };
  std::string message = fill(c.message, values);
  if (qualifying.size() > 1) message += " (and " + std::to_string(qualifying.size() - 1) + " more it reaches)";
  out.message = ctx.expand(message, value);
  out.related = with_targets(role_related);
  return out;
}

}  // namespace vl
