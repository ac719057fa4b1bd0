// KV307: a workload (App Service, Functions, Logic Apps Standard, Container Apps) that reads a Key Vault
// must do so with a managed identity. It reads a vault when its settings hold Key Vault references
// (`@Microsoft.KeyVault(...)`, Container Apps secrets with keyVaultUrl), a vault's URI (written, or read
// from a vault resource: kv.properties.vaultUri, azurerm_key_vault.kv.vault_uri), or an id or URI that
// links it to a vault of the scan; or when a Key Vault data role on a vault, or a vault's access policy,
// names its identity's principal id. It fails when it has no managed identity (identity absent or None:
// Key Vault references then cannot resolve), and at each setting that holds a service principal's secret
// (AZURE_CLIENT_SECRET-like, data/secrets.yaml), with which it signs in instead. An identity the scan
// cannot know is unresolved. Settings in `config` children (appsettings, connectionstrings, web) count.
//
// args: no_identity ({reads}: how it reads a vault), client_secret ({setting}).
#include <algorithm>

#include "policy/check_context.h"
#include "policy/predicates.h"
#include "policy/redaction.h"
#include "policy/secret_support.h"

namespace vl {

namespace {

bool is_vault_type(std::string_view type) {
  return iequals(type, "Microsoft.KeyVault/vaults") || iequals(type, "Microsoft.KeyVault/managedHSMs") ||
         type == "azurerm_key_vault" || type == "azurerm_key_vault_managed_hardware_security_module";
}

bool is_secret_type(std::string_view type) {
  return iequals(type, "Microsoft.KeyVault/vaults/secrets") || iequals(type, "secrets") || type == "azurerm_key_vault_secret";
}

// What a setting names: the vault's URI or id, or a secret's URI or id (an interpolated Key Vault
// reference, `@Microsoft.KeyVault(SecretUri=${secret.properties.secretUri})`) - not a secret's value.
bool names_a_vault(const ProvenanceSource& s) {
  if (s.origin != Origin::ResourceValue) return false;
  if (is_vault_type(s.type)) return true;
  std::string attribute = to_lower(s.attribute);
  return is_secret_type(s.type) && (attribute.find("uri") != std::string::npos || attribute.ends_with("id"));
}

// The graph node an expression names (a Bicep symbolic name, a Terraform address, an ARM resourceId()'s
// type and names as written) in the unit and module of the resource that holds the expression; null unless
// exactly one declaration matches.
const Resource* named_node(const Graph& g, const Resource& from, const ProvenanceSource& src, std::uint32_t* index = nullptr) {
  const std::string& name = src.name;
  const Resource* found = nullptr;
  const auto& rs = g.resources();
  for (std::uint32_t i = 0; i < rs.size(); ++i) {
    const Resource& r = rs[i];
    if (r.unit != from.unit || r.variant != from.variant || r.module != from.module || r.is_value_node()) continue;
    bool named = r.symbolic_name == name || r.logical_id == name || iends_with(r.logical_id, "." + name) ||
                 iends_with(r.logical_id, "/" + name) ||
                 (!src.type.empty() && r.is_type(src.type) && r.name.is_string() && iequals(r.name.as_string(), name));
    if (!named || name.empty()) continue;
    if (found && !(found->decl == r.decl)) return nullptr;
    found = &r;
    if (index) *index = i;
  }
  return found;
}

// Whether the member holds the principal id of the workload's own identity (`app.identity.principalId`,
// `azurerm_linux_web_app.app.identity[0].principal_id`, reference(resourceId(...), ..., 'Full').identity.principalId).
bool names_identity_of(const Graph& g, const Resource& holder, const Member& m, const Resource& workload) {
  for (const ProvenanceSource& src : secrets::written_provenance(g, m).sources) {
    if (src.origin != Origin::ResourceValue) continue;
    std::string attribute = to_lower(src.attribute);
    if (attribute.find("principalid") == std::string::npos && attribute.find("principal_id") == std::string::npos) continue;
    if (named_node(g, holder, src) == &workload) return true;
  }
  return false;
}

bool is_vault_uri(const Value& v) {
  if (!v.is_string()) return false;
  std::string_view s = v.as_string();
  if (!istarts_with(s, "https://")) return false;
  std::string_view host = s.substr(8, s.find('/', 8) == std::string_view::npos ? std::string_view::npos : s.find('/', 8) - 8);
  for (std::string_view suffix : {".vault.azure.net", ".vault.azure.cn", ".vault.usgovcloudapi.net", ".managedhsm.azure.net"}) {
    if (host.size() > suffix.size() && iends_with(host, suffix)) return true;
  }
  return false;
}

struct Reads {
  std::string how;                   // for the message; empty: it reads no vault the scan can see
  std::vector<RelatedLocation> vaults;
};

void note(Reads& r, const std::string& how) {
  if (r.how.empty()) r.how = how;
}

void add_vault(Reads& r, const Resource& v) {
  for (const RelatedLocation& have : r.vaults) {
    if (have.span == v.decl) return;
  }
  if (v.decl.valid() && !v.implicit) r.vaults.push_back({v.decl, "the vault it reads"});
}

// The vaults a scope holds (or is): a role assigned on a resource group reaches its vaults.
void vaults_under(const Graph& g, std::uint32_t scope, Reads& reads, bool& any) {
  std::vector<std::uint32_t> targets{scope};
  for (std::uint32_t inside : g.contained(scope)) targets.push_back(inside);
  for (std::uint32_t t : targets) {
    const Resource& r = g.resources()[t];
    const Resource* vault = is_vault_type(r.type) ? &r : nullptr;
    if (!vault && is_secret_type(r.type)) {
      for (std::uint32_t p : g.outgoing(t, EdgeKind::Parent)) vault = &g.resources()[p];
    }
    if (vault) {
      add_vault(reads, *vault);
      any = true;
    }
  }
}

// A Key Vault data role assigned to the workload's own identity on a vault (or a scope holding one), or a
// vault's access policy for it: the workload reads that vault.
void roles_and_policies(const CheckContext& ctx, Reads& reads) {
  const Graph& g = ctx.graph();
  const Resource& self = ctx.resource();
  Condition data_role;
  data_role.kind = Condition::Kind::Role;
  data_role.role_class = "key_vault_data";
  // Only the three types it looks at, in graph order (a scan of every resource per workload was quadratic
  // in a large group).
  std::vector<std::uint32_t> candidates;
  for (const char* type : {"Microsoft.Authorization/roleAssignments", "Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults/accessPolicies"}) {
    const std::vector<std::uint32_t>& of = g.of_type(type);
    candidates.insert(candidates.end(), of.begin(), of.end());
  }
  std::sort(candidates.begin(), candidates.end());
  for (std::uint32_t j : candidates) {
    const Resource& x = g.resources()[j];
    if (x.unit != self.unit || x.variant != self.variant || x.existing || x.is_value_node()) continue;
    if (x.is_type("Microsoft.Authorization/roleAssignments")) {
      const Member* principal = x.properties().as_object().find_member("principalId");
      if (!principal || !names_identity_of(g, x, *principal, self)) continue;
      if (evaluate_role(data_role, ctx.on(j)).verdict != Verdict::Pass) continue;
      bool any = false;
      for (std::uint32_t t : g.outgoing(j, EdgeKind::Scope)) vaults_under(g, t, reads, any);
      if (any) note(reads, "a Key Vault data role is assigned to its identity");
    } else if (x.is_type("Microsoft.KeyVault/vaults") || x.is_type("Microsoft.KeyVault/vaults/accessPolicies")) {
      for (const Value& entry : x.properties().as_object().get("accessPolicies").as_array()) {
        const Member* object_id = entry.as_object().find_member("objectId");
        if (!object_id || !names_identity_of(g, x, *object_id, self)) continue;
        note(reads, "an access policy grants its identity");
        if (x.is_type("Microsoft.KeyVault/vaults")) add_vault(reads, x);
        for (std::uint32_t p : g.outgoing(j, EdgeKind::Parent)) add_vault(reads, g.resources()[p]);
      }
    }
  }
}

Outcome vault_reader_identity(const Condition& c, const CheckContext& ctx) {
  const Graph& g = ctx.graph();
  const Resource& r = ctx.resource();
  auto arg = [&](const char* key) {
    auto it = c.args.find(key);
    return it == c.args.end() ? std::string() : it->second;
  };
  // The workload and its config children (sites/config appsettings, connectionstrings, web).
  std::vector<std::uint32_t> holders{ctx.index()};
  for (std::uint32_t child : g.incoming(ctx.index(), EdgeKind::Parent)) {
    const Resource& cr = g.resources()[child];
    if (cr.is_type("Microsoft.Web/sites/config") || cr.is_type("Microsoft.Web/sites/slots/config")) holders.push_back(child);
  }
  Reads reads;
  std::vector<std::pair<secrets::Setting, std::uint32_t>> client_secrets;
  for (std::uint32_t h : holders) {
    const Resource& holder = g.resources()[h];
    for (const secrets::Setting& s : secrets::settings_of(holder)) {
      if (!s.name.empty() && s.value && ctx.data().secrets().client_secret_setting(s.name)) client_secrets.emplace_back(s, h);
      if (s.container_secret && s.from_key_vault) note(reads, "Container Apps secrets read from Key Vault");
      if (!s.value) continue;
      const Value& v = s.value->value;
      if (secrets::is_key_vault_reference(v)) note(reads, "Key Vault references in its settings");
      if (is_vault_uri(v)) note(reads, "setting `" + s.name + "` holds a vault URI");
      for (const ProvenanceSource& src : secrets::written_provenance(g, *s.value).sources) {
        if (!names_a_vault(src)) continue;
        note(reads, is_vault_type(src.type) ? "setting `" + s.name + "` holds a vault's URI"
                                            : "setting `" + s.name + "` refers to a Key Vault secret");
        std::uint32_t named_index = 0;
        if (const Resource* named = named_node(g, holder, src, &named_index)) {
          if (is_vault_type(named->type)) add_vault(reads, *named);
          for (std::uint32_t p : g.outgoing(named_index, EdgeKind::Parent)) {
            if (is_vault_type(g.resources()[p].type)) add_vault(reads, g.resources()[p]);
          }
        }
      }
    }
    for (std::uint32_t e : g.edges_from(h)) {
      const Edge& edge = g.edges()[e];
      const Resource& to = g.resources()[edge.to];
      if (edge.kind != EdgeKind::References || !is_vault_type(to.type) || edge.label == "dependsOn") continue;
      note(reads, "its settings name Key Vault `" + (to.name.is_string() ? to.name.as_string() : to.display_name) + "`");
      add_vault(reads, to);
    }
  }
  roles_and_policies(ctx, reads);
  if (reads.how.empty()) return Outcome{};

  Outcome out;
  for (const auto& [s, holder] : client_secrets) {
    Outcome o;
    o.verdict = Verdict::Fail;
    o.location = s.value->span();
    o.property = (holder == ctx.index() ? "" : g.resources()[holder].logical_id + "#") + s.path;
    std::string message = arg("client_secret");
    for (std::size_t at; (at = message.find("{setting}")) != std::string::npos;) message.replace(at, 9, s.name);
    o.message = ctx.expand(message);
    o.related = reads.vaults;
    string_spans(s.value->value, o.redact);  // the client secret itself, if it is written here
    out.verdict = Verdict::Fail;
    out.items.push_back(std::move(o));
  }
  const Member* identity = r.body.as_object().find_member("identity");
  const Value type = identity ? identity->value.as_object().get("type") : Value();
  Outcome o;
  o.property = "identity";
  o.related = reads.vaults;
  if (identity && (identity->value.is_unknown() || type.is_unknown())) {
    const Value& unknown = identity->value.is_unknown() ? identity->value : type;
    o.verdict = Verdict::Unresolved;
    o.location = identity->span();
    o.reason = "its identity is not known: " + unknown.unknown_info().reason;
  } else if (!type.is_string() || iequals(type.as_string(), "None") || type.as_string().empty()) {
    o.verdict = Verdict::Fail;
    if (identity) o.location = identity->span();
    std::string message = arg("no_identity");
    for (std::size_t at; (at = message.find("{reads}")) != std::string::npos;) message.replace(at, 7, reads.how);
    o.message = ctx.expand(message);
  } else {
    return out;  // a managed identity (system- or user-assigned): the settings above are the only findings
  }
  if (out.items.empty()) return o;
  if (o.verdict == Verdict::Fail || out.verdict != Verdict::Fail) out.verdict = o.verdict;
  out.items.push_back(std::move(o));
  return out;
}

}  // namespace

VL_REGISTER_PREDICATE(vault_reader_identity);

}  // namespace vl
