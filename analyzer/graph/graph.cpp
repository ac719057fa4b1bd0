#include "graph/graph.h"

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
  }
  return "";
}

std::string parent_id(const std::string& id) {
  // The last "/providers/" starts the resource's own type; a child has more than two segments after it.
  std::string lower = to_lower(id);
  std::size_t p = lower.rfind("/providers/");
  if (p == std::string::npos) return "";
  std::size_t start = p + 11;
  std::vector<std::size_t> slashes;
  for (std::size_t i = start; i < id.size(); ++i) {
    if (id[i] == '/') slashes.push_back(i);
  }
  // namespace/type/name = 2 slashes; a child adds /type/name.
  if (slashes.size() < 4) return "";
  return id.substr(0, slashes[slashes.size() - 2]);
}

std::uint32_t Graph::add(Resource r) {
  resources_.push_back(std::move(r));
  return static_cast<std::uint32_t>(resources_.size() - 1);
}

bool Graph::may_link(const Resource& a, const Resource& b) const {
  return a.unit != b.unit || a.variant == b.variant;
}

std::vector<std::uint32_t> Graph::find_by_id(const std::string& id, std::uint32_t from) const {
  std::vector<std::uint32_t> out;
  auto it = by_id_.find(to_lower(id));
  if (it == by_id_.end()) return out;
  for (std::uint32_t i : it->second) {
    if (i != from && may_link(resources_[from], resources_[i])) out.push_back(i);
  }
  return out;
}

void Graph::link() {
  edges_.clear();
  by_id_.clear();
  for (std::uint32_t i = 0; i < resources_.size(); ++i) {
    if (!resources_[i].id.empty()) by_id_[to_lower(resources_[i].id)].push_back(i);
  }
  auto connect = [&](EdgeKind kind, std::uint32_t from, const std::string& target) {
    for (std::uint32_t to : find_by_id(target, from)) edges_.push_back(Edge{kind, from, to});
  };
  for (std::uint32_t i = 0; i < resources_.size(); ++i) {
    const Resource& r = resources_[i];
    if (!r.scope_id.empty()) connect(EdgeKind::Scope, i, r.scope_id);
    if (!r.id.empty() && r.scope_id.empty()) {
      std::string parent = parent_id(r.id);
      if (!parent.empty()) connect(EdgeKind::Parent, i, parent);
    }
    if (r.module != UINT32_MAX) edges_.push_back(Edge{EdgeKind::Module, i, r.module});
    for (const std::string& dep : r.depends_on) connect(EdgeKind::References, i, dep);
  }
  incoming_.assign(resources_.size(), {});
  for (std::uint32_t e = 0; e < edges_.size(); ++e) incoming_[edges_[e].to].push_back(e);
}

std::vector<std::uint32_t> Graph::incoming(std::uint32_t to, EdgeKind kind) const {
  std::vector<std::uint32_t> out;
  if (to >= incoming_.size()) return out;
  for (std::uint32_t e : incoming_[to]) {
    if (edges_[e].kind == kind) out.push_back(edges_[e].from);
  }
  return out;
}

}  // namespace vl
