#include "policy/fix_site.h"

#include <cctype>

#include "policy/check_context.h"
#include "policy/condition.h"
#include "policy/rule.h"

namespace vl {

namespace {

// A YAML scalar as a value: a plain true/false or integer typed (graph/plain_scalar.h); anything quoted,
// and anything else, a string.
bool scalar_value(const DocNode& n, Value& out) {
  if (!n || !n.IsScalar()) return false;
  const Value& v = n.scalar_value();
  out = v.is_string() ? Value::string(v.as_string()) : v.is_bool() ? Value::boolean(v.as_bool()) : Value::integer(v.as_int());
  return true;
}

bool parse_one(const DocNode& n, FixEdit& e, std::string& error) {
  if (!n.IsMap()) {
    error = "each `fix_edit` entry is a map with `property` and `value`";
    return false;
  }
  for (const auto& kv : n) {
    std::string key = kv.first.as<std::string>();
    if (key != "property" && key != "value" && key != "terraform" && key != "types" && key != "when" && key != "also_resolves") {
      error = "`fix_edit` has no `" + key + "` (property, value, terraform, types, when, also_resolves)";
      return false;
    }
  }
  if (!n["property"] || !n["property"].IsScalar() || !n["value"]) {
    error = "each `fix_edit` entry needs `property` and `value`";
    return false;
  }
  e.property = n["property"].as<std::string>();
  if (!scalar_value(n["value"], e.value)) {
    error = "`fix_edit` `value` must be a scalar (true, false, a number or a string)";
    return false;
  }
  if (n["terraform"]) {
    Value v;
    if (!scalar_value(n["terraform"], v)) {
      error = "`fix_edit` `terraform` must be a scalar";
      return false;
    }
    e.terraform = v;
  }
  for (const DocNode& t : n["types"]) e.types.push_back(t.as<std::string>());
  for (const DocNode& r : n["also_resolves"]) e.also_resolves.push_back(r.as<std::string>());
  if (n["when"]) {
    std::string why;
    std::unique_ptr<Condition> c = parse_condition(n["when"], why);
    if (!c) {
      error = "`fix_edit` `when`: " + why;
      return false;
    }
    e.when = std::move(c);
  }
  return true;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

// Is the member's value written here (an object literal in this place), rather than through a variable,
// a parameter or a function that built it elsewhere?
bool written_here(const Member& m) { return !m.value_span.valid() || m.value_span == m.value.span(); }

}  // namespace

bool parse_fix_edits(const DocNode& node, std::vector<FixEdit>& out, std::string& error) {
  out.clear();
  if (!node) return true;
  if (node.IsMap()) {
    FixEdit e;
    if (!parse_one(node, e, error)) return false;
    out.push_back(std::move(e));
    return true;
  }
  if (!node.IsSequence()) {
    error = "`fix_edit` must be a map or a list of maps";
    return false;
  }
  for (const DocNode& n : node) {
    FixEdit e;
    if (!parse_one(n, e, error)) return false;
    out.push_back(std::move(e));
  }
  return true;
}

std::optional<FixSite> fix_site(const Rule& rule, const CheckContext& ctx, const Outcome& outcome) {
  const Resource& r = ctx.resource();
  for (const FixEdit& e : rule.fix_edits) {
    if (!iequals(e.property, outcome.property)) continue;
    if (!e.types.empty()) {
      bool listed = false;
      for (const std::string& t : e.types) listed = listed || r.is_type(t);
      if (!listed) continue;
    }
    if (e.when && evaluate_condition(*e.when, ctx).verdict != Verdict::Pass) return std::nullopt;
    // azurerm resources name their properties as attributes; azapi bodies are ARM's own.
    const bool azurerm = r.format == SourceFormat::Terraform && !r.source_attributes.empty();
    if (azurerm && !e.terraform) return std::nullopt;
    FixSite site;
    site.value = azurerm ? *e.terraform : e.value;
    site.terraform = azurerm;
    site.also_resolves = e.also_resolves;

    if (iequals(e.property, "apiVersion")) {
      if (!r.api_version.is_string() || !r.api_version.span().valid()) return std::nullopt;
      site.span = r.api_version.span();
      site.current = r.api_version;
      site.property = "apiVersion";
      return site;
    }

    std::vector<std::string> path = split(e.property, '.');
    const Value* node = &r.body;
    Span container = r.body.span();
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (!node->is_object()) return std::nullopt;
      const Member* m = node->as_object().find_member(path[i]);
      const bool last = i + 1 == path.size();
      if (m && !m->key_span.valid() && !last) {
        // A level the mapping makes up (Terraform's `properties`): its attributes sit in the block.
        if (!azurerm) return std::nullopt;
        node = &m->value;
        continue;
      }
      // Absent (or, in Terraform, left to the provider's default): added to the object or block that
      // holds it, when that is written in this resource.
      if (!m || (!m->key_span.valid() && azurerm)) {
        if (!last || !container.valid()) return std::nullopt;
        site.action = FixSite::Action::Insert;
        site.span = container;
        if (azurerm) {
          const SourceAttribute* a = r.source_attribute(e.property);
          if (!a) return std::nullopt;
          std::string name = a->name.substr(a->name.rfind('.') == std::string::npos ? 0 : a->name.rfind('.') + 1);
          if (!is_identifier(name)) return std::nullopt;  // the provider version leaves the name open
          site.key = name;
          site.property = a->name;
        } else {
          site.key = path[i];
          site.property = e.property.rfind("properties.", 0) == 0 ? e.property.substr(11) : e.property;
        }
        return site;
      }
      if (!m->key_span.valid()) return std::nullopt;  // made by a loop or a function, not written
      if (last) {
        // Where the value was written: here, or where it came from (a parameter default or file, a
        // .bicepparam, tfvars, a module input), which is where the user writes it.
        Span origin = m->value.span();
        site.span = origin.valid() ? origin : m->written_value();
        if (!site.span.valid()) return std::nullopt;
        site.current = m->value;
        if (azurerm) {
          const SourceAttribute* a = r.source_attribute(e.property);
          site.property = a ? a->name : path[i];
        } else {
          site.property = e.property.rfind("properties.", 0) == 0 ? e.property.substr(11) : e.property;
        }
        return site;
      }
      if (!written_here(*m)) return std::nullopt;
      container = m->value.span();
      node = &m->value;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace vl
