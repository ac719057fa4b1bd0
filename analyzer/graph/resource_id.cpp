#include "graph/resource_id.h"

#include <cctype>

#include "graph/deployment_scope.h"
#include "graph/symbol.h"
#include "source/text.h"

namespace vl {

namespace {

// The segment of `id` that starts at `i` (just after a '/'); `i` moves to the start of the next one.
std::string_view next_segment(std::string_view id, std::size_t& i) {
  std::size_t slash = id.find('/', i);
  if (slash == std::string_view::npos) slash = id.size();
  std::string_view out = id.substr(i, slash - i);
  i = slash + 1;
  return out;
}

// Segments of an id after its leading '/': "/a/b/c" -> a, b, c. Empty segments are kept.
std::vector<std::string_view> segments(std::string_view id) {
  std::vector<std::string_view> out;
  if (id.empty() || id[0] != '/') return out;
  for (std::size_t i = 1; i <= id.size();) out.push_back(next_segment(id, i));
  return out;
}

// How many leading segments form the deployment scope: 4 for a resource group, 2 for a subscription, 4 for
// a management group, 0 for the tenant.
std::size_t scope_segments(const std::vector<std::string_view>& s) {
  if (s.size() >= 2 && iequals(s[0], "subscriptions")) {
    if (s.size() >= 4 && iequals(s[2], "resourceGroups")) return 4;
    return 2;
  }
  if (s.size() >= 4 && iequals(s[0], "providers") && iequals(s[1], "Microsoft.Management") &&
      iequals(s[2], "managementGroups")) {
    return 4;
  }
  return 0;
}

std::string prefix(std::string_view id, const std::vector<std::string_view>& s, std::size_t n) {
  if (n == 0) return "/";
  std::string_view last = s[n - 1];
  return std::string(id.substr(0, static_cast<std::size_t>(last.data() + last.size() - id.data())));
}

std::size_t last_providers(std::string_view id) {
  std::string lower = to_lower(id);
  return lower.rfind("/providers/");
}

}  // namespace

std::string make_resource_id(std::string_view scope, std::string_view type, const std::vector<std::string>& names) {
  std::vector<std::string> t = split(std::string(type), '/');
  if (t.size() < 2 || names.size() != t.size() - 1) return "";
  std::string id(scope == "/" ? std::string_view() : scope);
  id += "/providers/";
  id += t[0];
  for (std::size_t i = 1; i < t.size(); ++i) {
    id += '/';
    id += t[i];
    id += '/';
    id += names[i - 1];
  }
  return id;
}

std::string make_resource_id(std::string_view scope, std::string_view type, std::string_view name) {
  return make_resource_id(scope, type, split(std::string(name), '/'));
}

std::string subscription_scope_id(std::string_view subscription) {
  return "/subscriptions/" + std::string(subscription);
}

std::string resource_group_scope_id(std::string_view subscription, std::string_view resource_group) {
  return "/subscriptions/" + std::string(subscription) + "/resourceGroups/" + std::string(resource_group);
}

std::string management_group_scope_id(std::string_view group) {
  return "/providers/Microsoft.Management/managementGroups/" + std::string(group);
}

std::optional<ScopeLevel> scope_level(std::string_view id) {
  if (id == "/" || id.empty()) return ScopeLevel::Tenant;
  std::vector<std::string_view> s = segments(id);
  std::size_t n = scope_segments(s);
  if (n == 0 || s.size() != n) return std::nullopt;
  if (iequals(s[0], "subscriptions")) return n == 4 ? ScopeLevel::ResourceGroup : ScopeLevel::Subscription;
  return ScopeLevel::ManagementGroup;
}

std::string container_of(std::string_view id) {
  std::vector<std::string_view> s = segments(id);
  return prefix(id, s, scope_segments(s));
}

std::string outer_scope_of(std::string_view scope_id) {
  if (scope_level(scope_id) != ScopeLevel::ResourceGroup) return "";
  std::vector<std::string_view> s = segments(scope_id);
  return prefix(scope_id, s, 2);
}

std::string extension_target(std::string_view id) {
  std::size_t p = last_providers(id);
  if (p == std::string::npos) return "";
  return p == 0 ? std::string("/") : std::string(id.substr(0, p));
}

std::string parent_id(std::string_view id) {
  std::size_t p = last_providers(id);
  if (p == std::string::npos) return "";
  // namespace/type/name after it; a child adds /type/name.
  std::vector<std::size_t> slashes;
  for (std::size_t i = p + 11; i < id.size(); ++i) {
    if (id[i] == '/') slashes.push_back(i);
  }
  if (slashes.size() < 4) return "";
  return std::string(id.substr(0, slashes[slashes.size() - 2]));
}

std::string type_of_id(std::string_view id) {
  std::size_t p = last_providers(id);
  if (p == std::string::npos) return "";
  std::vector<std::string> parts = split(std::string(id.substr(p + 11)), '/');
  if (parts.size() < 3) return "";
  std::string type = parts[0];
  for (std::size_t i = 1; i < parts.size(); i += 2) type += "/" + parts[i];
  return type;
}

bool looks_like_id(std::string_view text) {
  return istarts_with(text, "/subscriptions/") || istarts_with(text, "/providers/") ||
         (text.size() > 1 && text[0] == '/' && is_symbolic(text));
}

namespace {

// The first `n` (at most 4) segments of `id` as segments() gives them, without making the whole list (these
// tests run for every id every unit declares or looks up); fewer when it has fewer.
std::size_t leading_segments(std::string_view id, std::string_view (&out)[4], std::size_t n) {
  if (id.empty() || id[0] != '/') return 0;
  std::size_t count = 0;
  for (std::size_t i = 1; count < n && i <= id.size();) out[count++] = next_segment(id, i);
  return count;
}

}  // namespace

bool has_synthetic_subscription(std::string_view id) {
  std::string_view s[4];
  return leading_segments(id, s, 2) == 2 && iequals(s[0], "subscriptions") && s[1] == kSyntheticSubscription;
}

bool is_guid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

std::string_view last_segment(std::string_view id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

bool has_synthetic_management_group(std::string_view id) {
  std::string_view s[4];
  return leading_segments(id, s, 4) == 4 && iequals(s[0], "providers") && iequals(s[1], "Microsoft.Management") &&
         iequals(s[2], "managementGroups") && s[3] == kSyntheticSubscription;
}

bool is_unit_local(std::string_view id) {
  return is_symbolic(id) || has_synthetic_subscription(id) || has_synthetic_management_group(id);
}

std::string subscription_free_key(std::string_view id) {
  std::vector<std::string_view> s = segments(id);
  if (s.size() < 2 || !iequals(s[0], "subscriptions")) return to_lower(id);
  std::string_view rest = id.substr(static_cast<std::size_t>(s[1].data() + s[1].size() - id.data()));
  return "/subscriptions/*" + to_lower(rest);
}

}  // namespace vl
