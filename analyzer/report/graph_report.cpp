// `vaultlint graph`: the normalized resource graph as JSON (resources, parameters and outputs with their
// evaluated bodies, unknowns with their reasons, what values are made of, and edges) or as Graphviz dot;
// role assignments add their reaches, defined-by and assigned-to edges (report/access_report.cpp).
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "graph/value_node.h"
#include "policy/redaction.h"
#include "report/graph_report.h"

#include "report/access_report.h"

namespace vl {

namespace {

using ordered_json = nlohmann::ordered_json;

// Where the strings of secure values are written: a string written there shows as "<redacted>" wherever
// it ends up (a resource property set from a secure parameter's default).
using SecretSpans = std::set<std::tuple<FileId, std::uint32_t, std::uint32_t>>;

ordered_json value_json(const Value& v, const SecretSpans& secrets, int depth = 0) {
  if (depth > kMaxValueDepth) return "(nested too deeply to show)";
  if (v.is_string() && v.span().valid() && secrets.count({v.span().file, v.span().begin, v.span().end})) return kRedacted;
  switch (v.kind()) {
    case Kind::Absent:
      return nullptr;
    case Kind::Unknown: {
      ordered_json u;
      u["$unknown"] = v.unknown_info().reason;
      if (!v.unknown_info().symbol.empty()) u["$symbol"] = v.unknown_info().symbol;
      return u;
    }
    case Kind::Null:
      return nullptr;
    case Kind::Bool:
      return v.as_bool();
    case Kind::Int:
      return v.as_int();
    case Kind::Float:
      return v.as_number();
    case Kind::String:
      return v.as_string();
    case Kind::Array: {
      ordered_json a = ordered_json::array();
      for (const Value& item : v.as_array()) a.push_back(value_json(item, secrets, depth + 1));
      return a;
    }
    case Kind::Object: {
      ordered_json o = ordered_json::object();
      for (const Member& m : v.as_object().members()) o[m.key] = value_json(m.value, secrets, depth + 1);
      return o;
    }
    case Kind::Opaque:
      return "(lambda)";
  }
  return nullptr;
}

ordered_json provenance_json(const Provenance& p) {
  if (!p.known) return nullptr;
  ordered_json sources = ordered_json::array();
  for (const ProvenanceSource& src : p.sources) {
    ordered_json j;
    j["origin"] = origin_name(src.origin);
    if (!src.name.empty()) j["name"] = src.name;
    if (!src.type.empty()) j["type"] = src.type;
    if (!src.attribute.empty()) j["attribute"] = src.attribute;
    sources.push_back(std::move(j));
  }
  return sources;
}

// A parameter's or output's node: where its value comes from and what it and the default are made of
// (graph/provenance.h); a secure value's text never shows (policy/redaction.h).
void value_node_json(const Graph& graph, const Resource& r, const SecretSpans& secrets, ordered_json& j) {
  const Object& body = r.body.as_object();
  bool secure = body.get("secure").is_bool() && body.get("secure").as_bool();
  if (const Member* value = body.find_member("value")) {
    // A value that carries a secret from elsewhere (an output of a secure parameter) is secret too.
    for (const ProvenanceSource& src : graph.provenance_at(value->written_value()).sources) {
      secure = secure || src.origin == Origin::SecureParameter || src.origin == Origin::KeyVaultReference ||
               src.origin == Origin::ListResult || iequals(src.type, "Microsoft.KeyVault/vaults/secrets") ||
               src.type == "azurerm_key_vault_secret";
    }
  }
  if (secure) {
    Object shown;
    for (const Member& m : body.members()) {
      bool value = iequals(m.key, "value") || iequals(m.key, "defaultValue");
      shown.append(m.key, value ? redact_strings(m.value) : m.value, m.key_span, m.value_span);
    }
    j["body"] = value_json(Value::object(std::move(shown)), secrets);
  }
  j["value_from"] = r.value_node->value_from;
  ordered_json provenance = ordered_json::object();
  for (const char* key : {"value", "defaultValue"}) {
    if (const Member* m = body.find_member(key)) provenance[key] = provenance_json(graph.provenance_at(m->written_value()));
  }
  j["provenance"] = std::move(provenance);
}

std::string label(const Resource& r) {
  std::string name = r.name.is_string() ? r.name.as_string() : (r.symbolic_name.empty() ? "?" : r.symbolic_name);
  return r.type + "\\n" + name + r.instance;
}

std::string escape_dot(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "\\\"";
    else out += c;
  }
  return out;
}

}  // namespace

void write_graph_json(const ScanResult& scan, std::ostream& out) {
  SecretSpans secret_spans;
  for (const Resource& r : scan.graph.resources()) {
    const Object& body = r.body.as_object();
    if (!r.is_value_node() || !body.get("secure").is_bool() || !body.get("secure").as_bool()) continue;
    std::vector<Span> spans;
    string_spans(body.get("value"), spans);
    string_spans(body.get("defaultValue"), spans);
    for (Span s : spans) secret_spans.insert({s.file, s.begin, s.end});
  }
  // And every literal a finding calls a secret (KV304, KV306), wherever the graph holds it.
  for (const Finding& f : scan.findings) {
    for (Span s : f.redact) secret_spans.insert({s.file, s.begin, s.end});
  }
  ordered_json doc;
  ordered_json resources = ordered_json::array();
  const auto& rs = scan.graph.resources();
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const Resource& r = rs[i];
    Location at = locate(*scan.sources, r.decl);
    ordered_json j;
    j["index"] = i;
    j["type"] = r.type;
    j["apiVersion"] = value_json(r.api_version, secret_spans);
    j["name"] = value_json(r.name, secret_spans);
    j["id"] = r.id.empty() ? ordered_json(nullptr) : ordered_json(r.id);
    if (!r.symbolic_name.empty()) j["symbolic_name"] = r.symbolic_name;
    j["format"] = format_name(r.format);
    j["file"] = at.file;
    j["line"] = at.line;
    j["column"] = at.column;
    j["unit"] = r.unit;
    const UnitInfo* unit = r.unit < scan.units.size() ? &scan.units[r.unit] : nullptr;
    j["variant"] = unit && r.variant < unit->variants.size() ? ordered_json(unit->variants[r.variant]) : ordered_json(nullptr);
    if (!r.instance.empty()) j["instance"] = r.instance;
    j["existing"] = r.existing;
    if (r.implicit) j["implicit"] = true;
    j["conditional"] = r.conditional;
    if (!r.scope_id.empty()) j["scope"] = r.scope_id;
    if (!r.scope_unknown.empty()) j["scope_unknown"] = r.scope_unknown;
    if (!r.unread.empty()) j["unread"] = r.unread;
    j["body"] = value_json(r.body, secret_spans);
    if (r.is_value_node()) value_node_json(scan.graph, r, secret_spans, j);
    if (r.is_type("Microsoft.KeyVault/vaults/secrets")) {
      // A secret's value never shows (policy/redaction.h).
      const Value value = r.properties().as_object().get("value");
      if (value.is_known()) j["body"]["properties"]["value"] = kRedacted;
    }
    resources.push_back(std::move(j));
  }
  doc["resources"] = std::move(resources);
  ordered_json edges = ordered_json::array();
  for (const Edge& e : scan.graph.edges()) {
    ordered_json j;
    j["kind"] = edge_kind_name(e.kind);
    j["from"] = e.from;
    j["to"] = e.to;
    if (!e.label.empty()) j["label"] = e.label;
    edges.push_back(std::move(j));
  }
  add_access_edges_json(scan, edges);
  doc["edges"] = std::move(edges);
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_graph_dot(const ScanResult& scan, std::ostream& out) {
  out << "digraph vaultlint {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n";
  const auto& rs = scan.graph.resources();
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const Resource& r = rs[i];
    bool vault = r.is_type("Microsoft.KeyVault/vaults") || r.is_type("Microsoft.KeyVault/managedHSMs");
    std::string style = r.existing ? "dashed" : vault ? "bold" : "";
    out << "  r" << i << " [label=\"" << escape_dot(label(r)) << "\"" << (style.empty() ? "" : ", style=" + style)
        << "];\n";
  }
  for (const Edge& e : scan.graph.edges()) {
    std::string label = edge_kind_name(e.kind);
    if (!e.label.empty()) label += "\\n" + e.label;
    out << "  r" << e.from << " -> r" << e.to << " [label=\"" << escape_dot(label) << "\"];\n";
  }
  write_access_dot(scan, out);
  out << "}\n";
}

}  // namespace vl
