#include "policy/engine.h"

#include <algorithm>

#include "policy/diagnostic_fix.h"
#include "policy/use_site.h"

namespace vl {

namespace {

bool is_vault(const Resource& r) {
  return r.is_type("Microsoft.KeyVault/vaults") || r.is_type("Microsoft.KeyVault/managedHSMs");
}

void fold(std::optional<Verdict>& control, Verdict v) {
  if (!control || v == Verdict::Fail || (v == Verdict::Unresolved && *control == Verdict::Pass)) control = v;
}

ControlVerdict* control_of(VaultVerdict& v, const std::string& control) {
  if (control == "rbac") return &v.rbac;
  if (control == "network") return &v.network;
  if (control == "recovery") return &v.recovery;
  return nullptr;
}

}  // namespace

Engine::Engine(const Catalogue& catalogue, std::set<std::string> enabled, EngineOptions options)
    : catalogue_(catalogue), enabled_(std::move(enabled)), options_(std::move(options)) {}

EngineResult Engine::run(const Graph& graph) const {
  return run(graph, 0, static_cast<std::uint32_t>(graph.resources().size()));
}

EngineResult Engine::run(const Graph& graph, std::uint32_t first, std::uint32_t last) const {
  EngineResult out;
  const auto& resources = graph.resources();
  last = std::min<std::uint32_t>(last, static_cast<std::uint32_t>(resources.size()));
  for (std::uint32_t i = first; i < last; ++i) {
    const Resource& r = resources[i];
    if (r.existing) continue;
    CheckContext ctx(graph, i, catalogue_.data(), options_);
    ctx.set_rules(&catalogue_, [](const void* c, std::string_view id) { return static_cast<const Catalogue*>(c)->find(id); });
    VaultVerdict verdict{i, {}, {}, {}};
    for (const Rule& rule : catalogue_.rules()) {
      if (rule.diagnostic || !rule.check || !rule.applies(r.type)) continue;
      ControlVerdict* control = control_of(verdict, rule.control);
      if (control) control->applicable = true;
      if (!enabled(rule.id)) continue;
      Outcome whole = evaluate_condition(*rule.check, ctx);
      if (control) fold(control->verdict, whole.verdict);
      if (whole.verdict == Verdict::Pass) continue;
      // `each` reports every offending item on its own; otherwise the outcome is the one finding.
      std::vector<Outcome> outcomes;
      if (whole.items.empty()) outcomes.push_back(std::move(whole));
      else outcomes = std::move(whole.items);
      for (Outcome& o : outcomes) {
        out.findings.push_back(finding(rule, ctx, std::move(o)));
        out.about.push_back(i);
      }
    }
    if (is_vault(r)) out.vaults.push_back(verdict);
  }
  return out;
}

Finding Engine::finding(const Rule& rule, const CheckContext& ctx, Outcome o) const {
  const Resource& r = ctx.resource();
  Finding f;
  f.rule = &rule;
  f.result = o.verdict;
  f.location = o.location.valid() && o.locate ? o.location : r.decl;
  f.message = !o.message.empty() ? o.message : ctx.expand(rule.message);
  f.reason = o.reason;
  if (o.verdict == Verdict::Unresolved) {
    f.message = rule.name + " of `" + ctx.display_name() + "` is unresolved: " + o.reason;
  }
  f.resource = r.type + "/" + ctx.display_name();
  f.decl = r.decl;
  f.unit = r.unit;
  f.variant = r.variant;
  f.instance = r.instance;
  if (r.module != UINT32_MAX) {
    const Resource& m = ctx.graph().resources()[r.module];
    f.module = m.logical_id + m.instance;
  }
  f.conditional = r.conditional;
  f.condition_reason = r.condition_reason;
  f.related = std::move(o.related);
  if (o.location.valid() && o.locate) move_to_use_site(r.body, o.property, f.location, f.related);
  f.redact = std::move(o.redact);
  if (rule.related_parent) {
    // A child's finding names the parent it belongs to (a secret's or key's vault), where the graph knows it.
    for (std::uint32_t p : ctx.graph().outgoing(ctx.index(), EdgeKind::Parent)) {
      const Resource& parent = ctx.graph().resources()[p];
      if (parent.decl.valid() && !parent.implicit) {
        f.related.push_back({parent.decl, "in " + parent.type + " `" + (parent.name.is_string() ? parent.name.as_string() : parent.display_name) + "`"});
      }
    }
  }
  // A resource mapped from Terraform attributes, or a Terraform variable or output, gets the fix that
  // names Terraform's own words.
  const bool terraform_words = !r.source_attributes.empty() || (r.is_value_node() && r.format == SourceFormat::Terraform);
  if (terraform_words && !rule.fix_terraform.empty()) {
    std::string fix = rule.fix_terraform;
    std::size_t at = fix.find("{attribute}");
    if (at != std::string::npos) fix.replace(at, 11, ctx.property_name(o.property));
    f.fix = ctx.expand(fix);
  }
  f.identity = r.logical_id + "#" + o.property;
  if (o.verdict == Verdict::Fail && !rule.fix_edits.empty()) {
    if (std::optional<FixSite> site = fix_site(rule, ctx, o)) f.fix_sites.push_back(std::move(*site));
  }
  return f;
}

Finding Engine::from_diagnostic(const Diagnostic& d, std::uint32_t unit) const {
  Finding f;
  f.rule = catalogue_.find(d.rule);
  f.result = Verdict::Fail;
  f.location = d.span;
  f.message = d.message;
  f.unit = unit;
  f.related = d.related;
  f.fix = diagnostic_fix(d);
  f.identity = "diagnostic#" + d.message;
  return f;
}

}  // namespace vl
