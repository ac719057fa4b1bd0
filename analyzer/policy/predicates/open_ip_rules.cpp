// KV113: the firewall's IP rules (networkAcls.ipRules[].value; azurerm network_acls.ip_rules) hold an entry
// that lets the internet at large in. One outcome per vault, at the ipRules property, naming every such
// entry; an entry that is not a valid address or prefix is named too, and alone it makes the result
// unresolved (the scan cannot tell what Azure makes of it). While public network access is disabled the
// firewall is moot (publicNetworkAccess overrides it), so the rule passes.
#include "policy/check_context.h"
#include "policy/ip_prefix.h"
#include "policy/predicates.h"

namespace vl {

namespace {

const Member* member_at(const Value& root, const std::vector<std::string>& path, const Value** unknown) {
  const Value* at = &root;
  const Member* m = nullptr;
  for (const std::string& seg : path) {
    if (at->is_unknown()) {
      *unknown = at;
      return nullptr;
    }
    if (!at->is_object()) return nullptr;
    m = at->as_object().find_member(seg);
    if (!m) return nullptr;
    at = &m->value;
  }
  return m;
}

bool public_access_off(const Resource& r) {
  const Value v = r.properties().as_object().get("publicNetworkAccess");
  return v.is_string() && (iequals(v.as_string(), "Disabled") || iequals(v.as_string(), "SecuredByPerimeter"));
}

Outcome open_ip_rules(const Condition&, const CheckContext& ctx) {
  Outcome out;
  out.property = "properties.networkAcls.ipRules";
  const Resource& r = ctx.resource();
  if (public_access_off(r)) return out;
  const std::string shown = ctx.property_name(out.property);
  const Value* unknown = nullptr;
  const Member* rules = member_at(r.body, {"properties", "networkAcls", "ipRules"}, &unknown);
  if (unknown) {
    out.verdict = Verdict::Unresolved;
    out.reason = shown + " is not known: " + unknown->unknown_info().reason;
    return out;
  }
  if (!rules || rules->value.is_absent_or_null()) return out;
  out.location = rules->span();
  if (rules->value.is_unknown()) {
    out.verdict = Verdict::Unresolved;
    out.reason = shown + " is not known: " + rules->value.unknown_info().reason;
    if (rules->value.unknown_info().origin.valid()) out.related.push_back({rules->value.unknown_info().origin, "it depends on this"});
    return out;
  }
  if (!rules->value.is_array()) {
    out.verdict = Verdict::Unresolved;
    out.reason = shown + " is " + rules->value.display() + ", not a list";
    return out;
  }
  std::vector<std::string> opening, malformed, unknowns;
  const Array& items = rules->value.as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value& item = items[i];
    // ARM writes {value: "..."}; a bare string is read the same way.
    const Value v = item.is_object() ? item.as_object().get("value") : item;
    if (v.is_unknown()) {
      unknowns.push_back("entry " + std::to_string(i + 1) + " is not known: " + v.unknown_info().reason);
      continue;
    }
    if (!v.is_string()) {
      malformed.push_back("entry " + std::to_string(i + 1) + " (" + v.display() + ") is not an address");
      if (v.span().valid() && !(v.span() == rules->span())) out.related.push_back({v.span(), "not an IP address or prefix"});
      continue;
    }
    std::string why;
    std::optional<IpRule> rule = parse_ip_rule(v.as_string(), why);
    if (!rule) {
      malformed.push_back("`" + v.as_string() + "` is not a valid IPv4 or IPv6 address or prefix: " + why);
      if (v.span().valid()) out.related.push_back({v.span(), "not a valid IP address or prefix"});
      continue;
    }
    std::string open = opening_reason(*rule);
    if (open.empty()) continue;
    opening.push_back("`" + v.as_string() + "` (" + open + ")");
    if (v.span().valid()) out.related.push_back({v.span(), "opens the vault: " + open});
  }
  auto joined = [](const std::vector<std::string>& parts) {
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
    return s;
  };
  if (!opening.empty()) {
    out.verdict = Verdict::Fail;
    out.message = ctx.expand("{kind} `{name}` firewall lets the internet in: " + shown + " allows " + joined(opening));
    if (!malformed.empty()) out.message += "; also " + joined(malformed);
    return out;
  }
  if (!malformed.empty() || !unknowns.empty()) {
    out.verdict = Verdict::Unresolved;
    out.reason = shown + ": " + joined(!malformed.empty() ? malformed : unknowns);
    return out;
  }
  out.related.clear();
  return out;
}

}  // namespace

VL_REGISTER_PREDICATE(open_ip_rules);

}  // namespace vl
