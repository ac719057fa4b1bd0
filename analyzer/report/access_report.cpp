#include "report/access_report.h"

#include <map>
#include <set>
#include <tuple>

namespace vl {

namespace {

using ordered_json = nlohmann::ordered_json;

std::string role_text(const VaultAccess& a) {
  if (!a.role_reason.empty()) return (a.role.empty() ? "an unresolved role" : a.role + " (unresolved)");
  return a.role;
}

std::string escape_dot(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

ordered_json vault_access_json(const VaultSummary& vault, const SourceSet& sources) {
  ordered_json list = ordered_json::array();
  for (const VaultAccess& a : vault.access) {
    Location at = locate(sources, a.at);
    ordered_json j;
    j["principal"] = a.principal;
    j["principal_type"] = a.principal_type.empty() ? ordered_json(nullptr) : ordered_json(a.principal_type);
    j["role"] = a.role.empty() ? ordered_json(nullptr) : ordered_json(a.role);
    j["role_id"] = a.role_id.empty() ? ordered_json(nullptr) : ordered_json(a.role_id);
    j["privileged"] = a.privileged;
    j["reason"] = a.role_reason.empty() ? ordered_json(nullptr) : ordered_json(a.role_reason);
    j["scope"] = a.scope;
    j["level"] = a.level;
    j["kind"] = a.kind;
    j["file"] = at.file.empty() ? ordered_json(nullptr) : ordered_json(at.file);
    j["line"] = at.line;
    list.push_back(std::move(j));
  }
  return list;
}

std::string vault_access_line(const VaultAccess& a) {
  std::string line = role_text(a) + (a.privileged ? " (privileged)" : "") + " to " + a.principal;
  if (!a.principal_type.empty()) line += " (" + a.principal_type + ")";
  line += ", " + a.kind + ", on " + a.scope;
  return line;
}

void add_access_edges_json(const ScanResult& scan, ordered_json& edges) {
  std::set<std::uint32_t> described;  // assignments whose defined-by and assigned-to are written
  for (const AccessEdge& e : scan.access) {
    if (e.target != UINT32_MAX) {
      ordered_json r;
      r["kind"] = "reaches";
      r["from"] = e.assignment;
      r["to"] = e.target;
      r["label"] = e.access.level;
      edges.push_back(std::move(r));
    }
    if (!described.insert(e.assignment).second) continue;
    ordered_json d;
    d["kind"] = "defined-by";
    d["from"] = e.assignment;
    d["to"] = e.definition == UINT32_MAX ? ordered_json(nullptr) : ordered_json(e.definition);
    d["role"] = e.access.role.empty() ? ordered_json(nullptr) : ordered_json(e.access.role);
    d["role_id"] = e.access.role_id.empty() ? ordered_json(nullptr) : ordered_json(e.access.role_id);
    if (e.access.role_reason.empty()) d["privileged"] = e.access.privileged;
    else d["reason"] = e.access.role_reason;
    edges.push_back(std::move(d));
    ordered_json p;
    p["kind"] = "assigned-to";
    p["from"] = e.assignment;
    p["to"] = nullptr;
    p["principal"] = e.access.principal;
    p["principal_type"] = e.access.principal_type.empty() ? ordered_json(nullptr) : ordered_json(e.access.principal_type);
    p["assignment"] = e.access.kind;
    edges.push_back(std::move(p));
  }
}

void write_access_dot(const ScanResult& scan, std::ostream& out) {
  std::map<std::string, std::size_t> principals, roles;
  std::set<std::tuple<std::size_t, std::uint32_t, std::string>> drawn;
  std::set<std::uint32_t> described;
  for (const AccessEdge& e : scan.access) {
    if (e.target == UINT32_MAX) continue;  // the picture is about vaults
    const VaultAccess& a = e.access;
    std::string who = a.principal + (a.principal_type.empty() ? "" : "\n" + a.principal_type);
    auto [p, new_principal] = principals.emplace(who, principals.size());
    if (new_principal) out << "  p" << p->second << " [label=\"" << escape_dot(who) << "\", shape=ellipse];\n";
    out << "  r" << e.assignment << " -> r" << e.target << " [label=\"reaches\", style=dashed];\n";
    if (described.insert(e.assignment).second) {
      out << "  r" << e.assignment << " -> p" << p->second << " [label=\"assigned-to\", style=dotted];\n";
      if (e.definition != UINT32_MAX) {
        out << "  r" << e.assignment << " -> r" << e.definition << " [label=\"defined-by\", style=dotted];\n";
      } else {
        auto [role, new_role] = roles.emplace(role_text(a), roles.size());
        if (new_role) out << "  role" << role->second << " [label=\"" << escape_dot(role->first) << "\", shape=note];\n";
        out << "  r" << e.assignment << " -> role" << role->second << " [label=\"defined-by\", style=dotted];\n";
      }
    }
    // The picture's point: each vault with the principals and roles that reach it.
    std::string label = role_text(a) + "\n" + a.kind + ", on " + a.scope;
    if (!drawn.emplace(p->second, e.target, label).second) continue;
    out << "  p" << p->second << " -> r" << e.target << " [label=\"" << escape_dot(label) << "\""
        << (a.privileged ? ", color=red, fontcolor=red, penwidth=2" : "") << "];\n";
  }
}

}  // namespace vl
