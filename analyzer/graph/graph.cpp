#include "graph/graph.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <tuple>

#include "graph/symbol.h"

namespace vl {

const char* format_name(SourceFormat f) {
  switch (f) {
    case SourceFormat::Arm:
      return "arm";
    case SourceFormat::Bicep:
      return "bicep";
    case SourceFormat::Terraform:
      return "terraform";
  }
  return "";
}

const char* edge_kind_name(EdgeKind k) {
  switch (k) {
    case EdgeKind::Scope:
      return "scope";
    case EdgeKind::Parent:
      return "parent";
    case EdgeKind::Module:
      return "module";
    case EdgeKind::References:
      return "references";
    case EdgeKind::Contains:
      return "contains";
  }
  return "";
}

bool is_extension_type(std::string_view type) {
  static constexpr std::array<std::string_view, 10> kTypes = {
      "Microsoft.Authorization/roleAssignments",
      "Microsoft.Authorization/roleEligibilityScheduleRequests",
      "Microsoft.Authorization/roleAssignmentScheduleRequests",
      "Microsoft.Authorization/roleManagementPolicyAssignments",
      "Microsoft.Authorization/locks",
      "Microsoft.Authorization/policyAssignments",
      "Microsoft.Authorization/policyExemptions",
      "Microsoft.Insights/diagnosticSettings",
      "Microsoft.Resources/tags",
      "Microsoft.Security/advancedThreatProtectionSettings",
  };
  for (std::string_view t : kTypes) {
    if (iequals(t, type)) return true;
  }
  return false;
}

namespace {

// Lower case, with a resource group written in provider form (`/subscriptions/s/providers/
// Microsoft.Resources/resourceGroups/g`, what resourceId() gives at subscription scope) in its canonical
// form `/subscriptions/s/resourceGroups/g`.
std::string canonical(std::string_view id) {
  std::string lower = to_lower(id);
  static constexpr std::string_view kProviderForm = "/providers/microsoft.resources/resourcegroups/";
  std::size_t p = lower.find(kProviderForm);
  if (p != std::string::npos && lower.rfind("/subscriptions/", 0) == 0 && lower.find('/', 15) == p) {
    lower.replace(p, kProviderForm.size(), "/resourcegroups/");
  }
  return lower;
}

bool is_scope_type(const Resource& r) {
  return r.implicit || r.is_type("Microsoft.Resources/resourceGroups") || r.is_type("Microsoft.Resources/subscriptions") ||
         r.is_type("Microsoft.Management/managementGroups");
}

// Host names of Key Vault and Managed HSM data-plane endpoints, per cloud.
constexpr std::array<std::string_view, 7> kVaultDnsSuffixes = {
    ".vault.azure.net",        ".vault.azure.cn",         ".vault.usgovcloudapi.net", ".vault.microsoftazure.de",
    ".managedhsm.azure.net",   ".managedhsm.azure.cn",    ".managedhsm.usgovcloudapi.net",
};

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Values walked per resource when looking for ids in its properties: values share subtrees, so a small
// body can be enormous when expanded.
constexpr std::size_t kPropertyWalkBudget = 200000;

// Edges by (from, kind, to, label): placed by `from` in one pass (a counting sort, applied in place by
// following the permutation's cycles), then each resource's few edges sorted. One sort of all the edges of
// a large group, moving their labels about, was a third of linking it, on one thread.
void sort_edges(std::vector<Edge>& edges, std::size_t resources) {
  std::vector<std::uint32_t> next(resources + 1, 0);  // where each resource's edges start
  for (const Edge& e : edges) ++next[e.from + 1];
  for (std::size_t r = 1; r <= resources; ++r) next[r] += next[r - 1];
  const std::vector<std::uint32_t> starts = next;
  std::vector<std::uint32_t> place(edges.size());
  for (std::size_t i = 0; i < edges.size(); ++i) place[i] = next[edges[i].from]++;
  for (std::uint32_t i = 0; i < edges.size(); ++i) {
    while (place[i] != i) {
      const std::uint32_t to = place[i];
      std::swap(edges[i], edges[to]);
      std::swap(place[i], place[to]);
    }
  }
  for (std::size_t r = 0; r < resources; ++r) {
    if (starts[r + 1] - starts[r] < 2) continue;
    std::sort(edges.begin() + starts[r], edges.begin() + starts[r + 1], [](const Edge& a, const Edge& b) {
      return std::tie(a.kind, a.to, a.label) < std::tie(b.kind, b.to, b.label);
    });
  }
}

}  // namespace

std::uint32_t Graph::add(Resource r) {
  resources_.push_back(std::move(r));
  return static_cast<std::uint32_t>(resources_.size() - 1);
}

bool Graph::may_link(const Resource& a, const Resource& b) const {
  return a.unit != b.unit || a.variant == b.variant;
}

std::string Graph::local_key(const Resource& from, std::string_view canonical_id) const {
  return std::to_string(from.unit) + ':' + std::to_string(from.variant) + ':' + subscription_free_key(canonical_id);
}

void Graph::index(std::uint32_t i) {
  const Resource& r = resources_[i];
  if (!r.id.empty()) {
    std::string id = canonical(r.id);
    local_[local_key(r, id)].push_back(i);
    if (!is_unit_local(r.id)) global_[std::move(id)].push_back(i);
  }
  if (r.is_type("Microsoft.KeyVault/vaults") || r.is_type("Microsoft.KeyVault/managedHSMs")) {
    if (const std::string* name = id_text(r.name)) {
      vaults_by_name_[std::to_string(r.unit) + ':' + std::to_string(r.variant) + ':' + to_lower(*name)].push_back(i);
    }
  }
}

std::vector<std::uint32_t> Graph::find_by_id(std::string_view id, std::uint32_t from) const {
  std::vector<std::uint32_t> out;
  if (id.empty() || from >= resources_.size()) return out;
  const Resource& f = resources_[from];
  const std::string wanted = canonical(id);
  const bool wanted_synthetic = has_synthetic_subscription(id);
  if (auto it = local_.find(local_key(f, wanted)); it != local_.end()) {
    for (std::uint32_t j : it->second) {
      if (j == from) continue;
      const Resource& r = resources_[j];
      // Within one unit a written subscription stands for the synthetic one it was evaluated in.
      if (wanted_synthetic || canonical(r.id) == wanted || has_synthetic_subscription(r.id)) out.push_back(j);
    }
  }
  if (!is_unit_local(id)) {
    if (auto it = global_.find(wanted); it != global_.end()) {
      for (std::uint32_t j : it->second) {
        if (j != from && resources_[j].unit != f.unit && may_link(f, resources_[j])) out.push_back(j);
      }
    }
  }
  return out;
}

std::uint32_t Graph::scope_node(std::string_view scope_id, std::uint32_t from) {
  // The answer depends on the unit, the variant and the id as written alone (a group's resources ask for
  // the same few resource groups tens of thousands of times); a node made below is what later asks find.
  std::string key = std::to_string(resources_[from].unit) + ':' + std::to_string(resources_[from].variant) + ':';
  key += scope_id;
  if (auto it = scope_nodes_.find(key); it != scope_nodes_.end()) return it->second;
  for (std::uint32_t j : find_by_id(scope_id, from)) {
    const Resource& r = resources_[j];
    if (is_scope_type(r) && r.unit == resources_[from].unit && r.variant == resources_[from].variant) {
      scope_nodes_.emplace(std::move(key), j);
      return j;
    }
  }
  std::optional<ScopeLevel> level = scope_level(scope_id);
  Resource n;
  n.type = level == ScopeLevel::ResourceGroup  ? "Microsoft.Resources/resourceGroups"
           : level == ScopeLevel::Subscription ? "Microsoft.Resources/subscriptions"
                                               : "Microsoft.Management/managementGroups";
  n.id = std::string(scope_id);
  std::string name(last_segment(scope_id));
  n.name = is_symbolic(name) ? symbolic_unknown("the name of this scope is not known", {}, name) : Value::string(name);
  n.display_name = is_symbolic(name) ? "<unknown name>" : name;
  n.format = resources_[from].format;
  n.unit = resources_[from].unit;
  n.variant = resources_[from].variant;
  n.existing = true;
  n.implicit = true;
  n.logical_id = "scope:" + canonical(scope_id);
  auto i = add(std::move(n));
  index(i);
  ++implicit_count_;
  scope_nodes_.emplace(std::move(key), i);
  return i;
}

void Graph::connect(EdgeKind kind, std::uint32_t from, std::string_view target, const std::string& label) {
  for (std::uint32_t to : find_by_id(target, from)) edges_.push_back(Edge{kind, from, to, label});
}

void Graph::link_scope(std::uint32_t i) {
  if (!resources_[i].scope_unknown.empty()) return;
  std::string target = resources_[i].scope_id;
  if (target.empty()) {
    // Deployed without `scope`: it extends the scope it is deployed into.
    target = extension_target(resources_[i].id);
    if (target.empty() || target == "/") return;
    resources_[i].scope_id = target;
  }
  std::vector<std::uint32_t> to = find_by_id(target, i);
  std::optional<ScopeLevel> level = scope_level(target);
  if (level && *level != ScopeLevel::Tenant) {
    // A scope: this unit's node for it (declared or implicit), and any other unit's that proves the same.
    std::uint32_t own = scope_node(target, i);
    if (std::find(to.begin(), to.end(), own) == to.end()) to.insert(to.begin(), own);
  }
  for (std::uint32_t t : to) edges_.push_back(Edge{EdgeKind::Scope, i, t, ""});
}

void Graph::link_containment(std::uint32_t i) {
  const std::string id = resources_[i].id;
  if (id.empty()) return;
  std::string container;
  if (std::optional<ScopeLevel> level = scope_level(canonical(id))) {
    if (*level != ScopeLevel::ResourceGroup) return;  // a subscription's management group is not in its id
    container = outer_scope_of(canonical(id));
    container = id.substr(0, container.size());  // as written
  } else {
    container = container_of(id);
  }
  if (container.empty() || container == "/") return;
  std::uint32_t node = scope_node(container, i);
  if (node != i) edges_.push_back(Edge{EdgeKind::Contains, node, i, ""});
}

void Graph::link_vault_uri(std::uint32_t from, std::string_view uri, const std::string& path, std::vector<Edge>& into) const {
  if (!istarts_with(uri, "https://")) return;
  std::string_view host = uri.substr(8);
  host = host.substr(0, std::min(host.find('/'), host.find(':')));
  for (std::string_view suffix : kVaultDnsSuffixes) {
    if (host.size() <= suffix.size() || !iends_with(host, suffix)) continue;
    const Resource& f = resources_[from];
    std::string key = std::to_string(f.unit) + ':' + std::to_string(f.variant) + ':' +
                      to_lower(host.substr(0, host.size() - suffix.size()));
    if (auto it = vaults_by_name_.find(key); it != vaults_by_name_.end()) {
      for (std::uint32_t to : it->second) {
        if (to != from) into.push_back(Edge{EdgeKind::References, from, to, path});
      }
    }
    return;
  }
}

void Graph::link_value(std::uint32_t from, const Value& v, std::string& path, std::size_t& budget,
                       std::vector<Edge>& into) const {
  if (budget == 0) return;
  --budget;
  if (v.is_array()) {
    const std::size_t base = path.size();
    const Array& items = v.as_array();
    for (std::size_t k = 0; k < items.size() && budget; ++k) {
      path += '[';
      path += std::to_string(k);
      path += ']';
      link_value(from, items[k], path, budget, into);
      path.resize(base);
    }
    return;
  }
  if (v.is_object()) {
    const std::size_t base = path.size();
    for (const Member& m : v.as_object().members()) {
      if (!budget) break;
      if (base == 0 && (iequals(m.key, "scope") || iequals(m.key, "id") || iequals(m.key, "name") ||
                        iequals(m.key, "type"))) {
        continue;  // the resource's own identity and its scope edge
      }
      if (base) path += '.';
      path += m.key;
      link_value(from, m.value, path, budget, into);
      path.resize(base);
    }
    return;
  }
  const std::string* text = id_text(v);
  if (!text || text->empty()) return;
  if (looks_like_id(*text)) {
    // The id itself, else the nearest resource it lies under (a secret's id names its vault).
    std::string target = *text;
    while (!target.empty() && target.back() == '/') target.pop_back();
    for (int step = 0; step < 4 && !target.empty(); ++step) {
      std::vector<std::uint32_t> to = find_by_id(target, from);
      if (!to.empty()) {
        for (std::uint32_t t : to) into.push_back(Edge{EdgeKind::References, from, t, path});
        return;
      }
      target = parent_id(target);
    }
    return;
  }
  if (istarts_with(trimmed(*text), "@Microsoft.KeyVault(")) {
    link_key_vault_reference(from, trimmed(*text), path, into);
    return;
  }
  link_vault_uri(from, *text, path, into);
}

// An App Service / Functions Key Vault reference: `@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/
// secrets/s/v)` or `@Microsoft.KeyVault(VaultName=kv;SecretName=s;SecretVersion=v)`. Either names the vault.
void Graph::link_key_vault_reference(std::uint32_t from, std::string_view reference, const std::string& path,
                                     std::vector<Edge>& into) const {
  std::string_view inner = reference.substr(std::string_view("@Microsoft.KeyVault(").size());
  if (std::size_t close = inner.rfind(')'); close != std::string_view::npos) inner = inner.substr(0, close);
  for (const std::string& part : split(inner, ';')) {
    std::size_t eq = part.find('=');
    if (eq == std::string::npos) continue;
    std::string_view key = trimmed(std::string_view(part).substr(0, eq));
    std::string_view value = trimmed(std::string_view(part).substr(eq + 1));
    if (iequals(key, "SecretUri")) {
      link_vault_uri(from, value, path, into);
    } else if (iequals(key, "VaultName") && !value.empty()) {
      link_vault_uri(from, "https://" + std::string(value) + ".vault.azure.net/", path, into);
    }
  }
}

void Graph::link_properties(std::uint32_t i, std::vector<Edge>& into) const {
  std::string path;
  std::size_t budget = kPropertyWalkBudget;
  link_value(i, resources_[i].body, path, budget, into);
}

void Graph::link(const ParallelFor& parallel) {
  edges_.clear();
  local_.clear();
  global_.clear();
  vaults_by_name_.clear();
  scope_nodes_.clear();
  // Implicit nodes of an earlier link() go; the declared resources come first.
  resources_.resize(resources_.size() - implicit_count_);
  implicit_count_ = 0;
  const auto declared = static_cast<std::uint32_t>(resources_.size());
  value_node_count_ = 0;
  for (std::uint32_t i = 0; i < declared; ++i) {
    index(i);
    value_node_count_ += resources_[i].is_value_node();
  }

  for (std::uint32_t i = 0; i < declared; ++i) {
    const Resource& r = resources_[i];
    const bool extension = !r.scope_id.empty() || !r.scope_unknown.empty() || is_extension_type(r.type);
    if (extension) {
      link_scope(i);
    } else {
      link_containment(i);
      std::string parent = parent_id(resources_[i].id);
      if (!parent.empty()) connect(EdgeKind::Parent, i, parent, "");
    }
    if (resources_[i].module != UINT32_MAX) edges_.push_back(Edge{EdgeKind::Module, i, resources_[i].module, ""});
    for (std::size_t d = 0; d < resources_[i].depends_on.size(); ++d) {
      connect(EdgeKind::References, i, std::string(resources_[i].depends_on[d]), "dependsOn");
    }
  }
  // The scopes made above sit in scopes of their own (a resource group in its subscription).
  for (std::uint32_t i = declared; i < resources_.size(); ++i) link_containment(i);
  // A management group holds the subscriptions the scan places in it.
  for (std::uint32_t i = 0; i < declared; ++i) {
    const Resource& r = resources_[i];
    if (!r.is_type("Microsoft.Management/managementGroups/subscriptions") || !r.name.is_string()) continue;
    std::vector<std::string> parts = split(r.name.as_string(), '/');
    if (parts.size() != 2) continue;
    std::uint32_t group = scope_node(management_group_scope_id(parts[0]), i);
    std::uint32_t sub = scope_node(subscription_scope_id(parts[1]), i);
    edges_.push_back(Edge{EdgeKind::Contains, group, sub, ""});
  }
  // Ids held in properties, once every scope node exists: a reference to a resource group or subscription
  // (an alert's scopes, a policy assignment's) then finds its node whatever the declaration order.
  // In slices, each with edges of its own, put together in order (the sort below orders them anyway).
  constexpr std::uint32_t kSlice = 512;
  std::vector<std::vector<Edge>> found((declared + kSlice - 1) / kSlice);
  auto walk = [&](std::size_t k) {
    const auto first = static_cast<std::uint32_t>(k * kSlice);
    for (std::uint32_t i = first; i < std::min(declared, first + kSlice); ++i) link_properties(i, found[k]);
  };
  if (parallel && found.size() > 1) {
    parallel(found.size(), walk);
  } else {
    for (std::size_t k = 0; k < found.size(); ++k) walk(k);
  }
  for (std::vector<Edge>& edges : found) edges_.insert(edges_.end(), std::make_move_iterator(edges.begin()), std::make_move_iterator(edges.end()));

  // One edge per (kind, from, to, label), in that order.
  sort_edges(edges_, resources_.size());
  edges_.erase(std::unique(edges_.begin(), edges_.end(),
                           [](const Edge& a, const Edge& b) {
                             return a.from == b.from && a.kind == b.kind && a.to == b.to && a.label == b.label;
                           }),
               edges_.end());
  by_type_.clear();
  for (std::uint32_t i = 0; i < resources_.size(); ++i) by_type_[to_lower(resources_[i].type)].push_back(i);
  in_.assign(resources_.size(), {});
  out_.assign(resources_.size(), {});
  for (std::uint32_t e = 0; e < edges_.size(); ++e) {
    in_[edges_[e].to].push_back(e);
    out_[edges_[e].from].push_back(e);
  }
}

namespace {

// Adds the canonical form of a proven id (not unit-local).
void add_key(std::vector<std::string>& into, std::string_view id) {
  if (id.empty() || id == "/" || is_unit_local(id)) return;
  into.push_back(canonical(id));
}

// In the synthetic subscription or management group, and so is all that holds it: each step of the chains
// below keeps a prefix of the id, the subscription's two segments or the management group's four among
// them (down to the tenant, `/`, which is no key). Most ids of most units are; their chains end here.
bool synthetic_all_the_way_up(std::string_view id) {
  return has_synthetic_subscription(id) || has_synthetic_management_group(id);
}

// The scope nodes link() makes for a deployment scope: the scope and the scopes holding it.
void add_scope_chain(std::vector<std::string>& into, std::string scope) {
  for (int depth = 0; depth < 8 && !scope.empty() && scope != "/" && !synthetic_all_the_way_up(scope); ++depth) {
    add_key(into, scope);
    const std::string c = canonical(scope);
    scope = scope_level(c) ? outer_scope_of(c) : container_of(scope);
  }
}

// An id and the resources it lies under (link_value tries up to four of them).
void add_id_chain(std::vector<std::string>& into, std::string id) {
  while (!id.empty() && id.back() == '/') id.pop_back();
  for (int step = 0; step < 8 && !id.empty() && !synthetic_all_the_way_up(id); ++step) {
    add_key(into, id);
    id = parent_id(id);
  }
}

// Not an id (no leading `/`): cannot meet one.
std::string role_definition_key(std::string_view guid) { return "role-definition:" + to_lower(guid); }

void collect_ids(const Value& v, std::vector<std::string>& into, std::size_t& budget) {
  if (budget == 0) return;
  --budget;
  if (v.is_array()) {
    for (const Value& item : v.as_array()) collect_ids(item, into, budget);
  } else if (v.is_object()) {
    for (const Member& m : v.as_object().members()) collect_ids(m.value, into, budget);
  } else if (const std::string* text = id_text(v); text && looks_like_id(*text)) {
    add_id_chain(into, *text);
  }
}

}  // namespace

std::string_view role_definition_guid(std::string_view key) {
  constexpr std::string_view kPrefix = "role-definition:";
  return key.substr(0, kPrefix.size()) == kPrefix ? key.substr(kPrefix.size()) : std::string_view();
}

CrossUnitKeys cross_unit_keys(const Resource& r) {
  CrossUnitKeys out;
  add_key(out.declared, r.id);
  std::string scope = r.scope_id.empty() ? extension_target(r.id) : r.scope_id;
  if (!scope.empty()) {
    add_key(out.queried, scope);
    add_scope_chain(out.declared, scope);
  }
  if (!r.id.empty()) {
    add_scope_chain(out.declared, container_of(r.id));
    add_id_chain(out.queried, parent_id(r.id));
  }
  for (const std::string& d : r.depends_on) add_id_chain(out.queried, d);
  if (r.is_type("Microsoft.Management/managementGroups/subscriptions") && r.name.is_string()) {
    std::vector<std::string> parts = split(r.name.as_string(), '/');
    if (parts.size() == 2) {
      add_scope_chain(out.declared, management_group_scope_id(parts[0]));
      add_scope_chain(out.declared, subscription_scope_id(parts[1]));
    }
  }
  std::size_t budget = kPropertyWalkBudget;
  collect_ids(r.body, out.queried, budget);
  // A custom role definition is found by its GUID in any unit (policy/role_lookup.h), edge or not.
  if (r.is_type("Microsoft.Authorization/roleDefinitions")) {
    if (std::string_view guid = last_segment(r.id); is_guid(guid)) out.declared.push_back(role_definition_key(guid));
  } else if (const Value assigned = r.properties().as_object().get("roleDefinitionId");
             const std::string* role = id_text(assigned)) {  // `assigned` holds the string `role` points into
    if (std::string_view guid = last_segment(*role); is_guid(guid)) out.queried.push_back(role_definition_key(guid));
  }
  for (auto* list : {&out.declared, &out.queried}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return out;
}

const std::vector<std::uint32_t>& Graph::of_type(std::string_view type) const {
  static const std::vector<std::uint32_t> kNone;
  auto it = by_type_.find(to_lower(type));
  return it == by_type_.end() ? kNone : it->second;
}

const std::vector<std::uint32_t>& Graph::edges_to(std::uint32_t to) const {
  static const std::vector<std::uint32_t> kNone;
  return to < in_.size() ? in_[to] : kNone;
}

const std::vector<std::uint32_t>& Graph::edges_from(std::uint32_t from) const {
  static const std::vector<std::uint32_t> kNone;
  return from < out_.size() ? out_[from] : kNone;
}

std::vector<std::uint32_t> Graph::incoming(std::uint32_t to, EdgeKind kind) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t e : edges_to(to)) {
    if (edges_[e].kind == kind && std::find(out.begin(), out.end(), edges_[e].from) == out.end()) out.push_back(edges_[e].from);
  }
  return out;
}

std::vector<std::uint32_t> Graph::outgoing(std::uint32_t from, EdgeKind kind) const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t e : edges_from(from)) {
    if (edges_[e].kind == kind && std::find(out.begin(), out.end(), edges_[e].to) == out.end()) out.push_back(edges_[e].to);
  }
  return out;
}

std::vector<std::uint32_t> Graph::containers(std::uint32_t r) const {
  std::vector<std::uint32_t> out;
  std::uint32_t at = r;
  for (int depth = 0; depth < 8; ++depth) {
    std::vector<std::uint32_t> up = incoming(at, EdgeKind::Contains);
    if (up.empty()) break;
    at = up.front();
    if (std::find(out.begin(), out.end(), at) != out.end()) break;
    out.push_back(at);
  }
  return out;
}

std::vector<std::uint32_t> Graph::contained(std::uint32_t scope) const {
  std::vector<std::uint32_t> out;
  std::vector<std::uint32_t> todo{scope};
  std::vector<bool> seen(resources_.size(), false);
  seen[scope] = true;
  while (!todo.empty()) {
    std::uint32_t at = todo.back();
    todo.pop_back();
    for (std::uint32_t child : outgoing(at, EdgeKind::Contains)) {
      if (seen[child]) continue;
      seen[child] = true;
      out.push_back(child);
      todo.push_back(child);
    }
  }
  return out;
}

}  // namespace vl
