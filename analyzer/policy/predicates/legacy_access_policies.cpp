// KV102: access policies declared for a vault, the legacy data-plane model. Reported once per vault: at its
// inline `accessPolicies` (azurerm `access_policy` blocks) when that list is not empty, else at the first
// access-policy resource that adds to it (`vaults/accessPolicies`, azurerm_key_vault_access_policy). An
// access-policy resource whose vault is not declared in the scan is reported on its own, since no vault
// finding covers it. On a vault whose access model is RBAC, the message says that Azure ignores them.
#include "policy/check_context.h"
#include "policy/predicates.h"

namespace vl {

namespace {

constexpr std::string_view kVault = "Microsoft.KeyVault/vaults";
constexpr std::string_view kPolicies = "Microsoft.KeyVault/vaults/accessPolicies";

// How messages name an access-policy resource: its Terraform address (azurerm names every one of a vault
// alike), else its name.
std::string policy_name(const Resource& c) {
  return c.format == SourceFormat::Terraform && !c.symbolic_name.empty() ? c.symbolic_name : c.display_name;
}

std::string count_policies(std::size_t n) { return std::to_string(n) + (n == 1 ? " access policy" : " access policies"); }

// What the vault's own enableRbacAuthorization says, when it is written and known.
std::string rbac_note(const Resource& vault) {
  const Value v = vault.properties().as_object().get("enableRbacAuthorization");
  bool rbac = (v.is_bool() && v.as_bool()) || (v.is_string() && iequals(v.as_string(), "true"));
  return rbac ? "; the vault uses RBAC, so Azure ignores them: remove them" : "";
}

Outcome on_vault(const CheckContext& ctx) {
  Outcome out;
  out.property = "properties.accessPolicies";
  const Resource& r = ctx.resource();
  const std::string shown = ctx.property_name(out.property);
  const Value props = r.properties();
  const Member* inline_policies = props.is_object() ? props.as_object().find_member("accessPolicies") : nullptr;
  if (props.is_unknown()) {
    out.verdict = Verdict::Unresolved;
    out.reason = "its properties are not known: " + props.unknown_info().reason;
    return out;
  }
  if (inline_policies && inline_policies->value.is_unknown()) {
    out.verdict = Verdict::Unresolved;
    out.location = inline_policies->span();
    out.reason = shown + " is not known: " + inline_policies->value.unknown_info().reason;
    return out;
  }
  if (inline_policies && inline_policies->value.is_array() && !inline_policies->value.as_array().empty()) {
    out.verdict = Verdict::Fail;
    out.location = inline_policies->span();
    out.message = ctx.expand("{kind} `{name}` grants data access with " +
                             count_policies(inline_policies->value.as_array().size()) +
                             " (" + shown + "), the legacy model" + rbac_note(r));
    return out;
  }
  // Access-policy resources that add to it, in any file or module.
  const Graph& g = ctx.graph();
  std::string conditional;
  for (std::uint32_t child : g.incoming(ctx.index(), EdgeKind::Parent)) {
    const Resource& c = g.resources()[child];
    if (!c.is_type(kPolicies) || c.existing) continue;
    if (c.conditional && !(r.conditional && r.condition_reason == c.condition_reason)) {
      if (conditional.empty()) {
        conditional = "access policies `" + policy_name(c) + "` are added only under a condition the scan cannot know: " + c.condition_reason;
        out.location = c.decl;
      }
      continue;
    }
    out.verdict = Verdict::Fail;
    out.location = c.decl;
    out.message = ctx.expand("{kind} `{name}` grants data access with access policies (" + c.type + " `" + policy_name(c) +
                             "`), the legacy model" + rbac_note(r));
    out.related.push_back({r.decl, "the vault"});
    return out;
  }
  if (!conditional.empty()) {
    out.verdict = Verdict::Unresolved;
    out.reason = conditional;
  }
  return out;
}

// An access-policy resource is reported on its own only when no declared vault of the scan is its parent.
Outcome on_policy_resource(const CheckContext& ctx) {
  Outcome out;
  out.property = "properties.accessPolicies";
  const Graph& g = ctx.graph();
  for (std::uint32_t parent : g.outgoing(ctx.index(), EdgeKind::Parent)) {
    const Resource& p = g.resources()[parent];
    if (p.is_type(kVault) && !p.existing) return out;  // that vault's finding covers it
  }
  const Resource& r = ctx.resource();
  std::string vault = r.name.is_string() ? split(r.name.as_string(), '/')[0] : std::string();
  out.verdict = Verdict::Fail;
  out.message = "access policies `" + policy_name(r) + "` grant data access to " +
                (vault.empty() ? std::string("a vault") : "vault `" + vault + "`") +
                " with the legacy model (the vault is not declared in the scanned files)";
  return out;
}

Outcome legacy_access_policies(const Condition&, const CheckContext& ctx) {
  if (ctx.resource().is_type(kPolicies)) return on_policy_resource(ctx);
  return on_vault(ctx);
}

}  // namespace

VL_REGISTER_PREDICATE(legacy_access_policies);

}  // namespace vl
