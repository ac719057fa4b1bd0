// `related:` conditions: whether a resource of some type is linked to this one by the graph's edges
// (computed once by Graph::link), in either direction, and, when it cannot be told, why. A related
// resource that might be linked but whose target the scan cannot know (a private endpoint pointing at a
// parameter, an assignment whose scope is unknown) makes the result unresolved rather than failed.
#include <algorithm>

#include "graph/symbol.h"
#include "policy/check_context.h"
#include "policy/condition.h"

namespace vl {

namespace {

bool of_types(const Condition& c, const Resource& r) {
  for (const std::string& t : c.related_types) {
    if (r.is_type(t)) return true;
  }
  return false;
}

EdgeKind edge_kind(const std::string& via) {
  if (via == "scope" || via == "reaches") return EdgeKind::Scope;
  if (via == "parent") return EdgeKind::Parent;
  if (via == "contains") return EdgeKind::Contains;
  return EdgeKind::References;
}

// An id as messages show it: markers as <what>.
std::string shown_id(const std::string& text) {
  std::string out = text;
  for (std::size_t p; (p = out.find(kMarkOpen)) != std::string::npos;) out.replace(p, kMarkOpen.size(), "<");
  for (std::size_t p; (p = out.find(kMarkClose)) != std::string::npos;) out.replace(p, kMarkClose.size(), ">");
  return out;
}

std::string shown_name(const Resource& r) { return r.name.is_string() ? r.name.as_string() : r.display_name; }

// Every value at a path whose segments may end in `[*]` (each item of that array).
void collect_values(const Value& at, const std::vector<std::string>& segments, std::size_t i, std::vector<Value>& out) {
  if (i == segments.size() || at.is_unknown()) {
    out.push_back(at);
    return;
  }
  std::string_view seg = segments[i];
  bool each = seg.size() > 3 && seg.substr(seg.size() - 3) == "[*]";
  if (each) seg.remove_suffix(3);
  const Value* next = at.as_object().find(seg);
  if (!next) return;
  if (!each) {
    collect_values(*next, segments, i + 1, out);
  } else if (next->is_unknown()) {
    out.push_back(*next);
  } else {
    for (const Value& item : next->as_array()) collect_values(item, segments, i + 1, out);
  }
}

// Could a reference to `text` (an id or symbolic id that links to nothing) still mean `self`? Only when
// it names a resource of self's type and one of the two is not fully known.
bool might_mean(const std::string& text, const Resource& self) {
  if (!looks_like_id(text) || !iequals(type_of_id(text), self.type)) return false;
  return is_symbolic(text) || is_symbolic(self.id) || self.id.empty();
}

struct Candidates {
  std::vector<std::uint32_t> linked;
  std::string maybe;  // why a resource of the type might be linked though the scan cannot tell
};

void note_maybe(Candidates& out, const std::string& why) {
  if (out.maybe.empty()) out.maybe = why;
}

// Resources of the related types that point at `self` (incoming) or that `self` points at (outgoing).
Candidates find_candidates(const Condition& c, const CheckContext& ctx) {
  const Graph& g = ctx.graph();
  const Resource& self = ctx.resource();
  const bool incoming = c.direction == Condition::Direction::Incoming;
  Candidates out;
  auto add = [&](std::uint32_t i) {
    if (of_types(c, g.resources()[i]) && std::find(out.linked.begin(), out.linked.end(), i) == out.linked.end()) {
      out.linked.push_back(i);
    }
  };
  const EdgeKind kind = edge_kind(c.via_edge);
  if (c.via_edge == "reaches") {
    if (incoming) {
      // Extension resources on this resource or on a scope that holds it.
      std::vector<std::uint32_t> targets{ctx.index()};
      for (std::uint32_t s : g.containers(ctx.index())) targets.push_back(s);
      for (std::uint32_t t : targets) {
        for (std::uint32_t from : g.incoming(t, EdgeKind::Scope)) add(from);
      }
    } else {
      if (!self.scope_unknown.empty()) note_maybe(out, "its scope is not known: " + self.scope_unknown);
      for (std::uint32_t t : g.outgoing(ctx.index(), EdgeKind::Scope)) {
        add(t);
        for (std::uint32_t inside : g.contained(t)) add(inside);
      }
    }
  } else {
    const auto& edges = incoming ? g.edges_to(ctx.index()) : g.edges_from(ctx.index());
    for (std::uint32_t e : edges) {
      const Edge& edge = g.edges()[e];
      if (edge.kind != kind) continue;
      if (!c.via_label.empty() && !label_matches(edge.label, c.via_label)) continue;
      add(incoming ? edge.from : edge.to);
    }
  }

  // What might be linked but cannot be told, in this unit and variant.
  if (incoming) {
    std::vector<std::string> segments = split(c.via_label, '.');
    for (const std::string& type : c.related_types) {
      for (std::uint32_t j : g.of_type(type)) {
        const Resource& r = g.resources()[j];
        if (j == ctx.index() || r.unit != self.unit || r.variant != self.variant) continue;
        if (std::find(out.linked.begin(), out.linked.end(), j) != out.linked.end()) continue;
        if (kind == EdgeKind::Scope) {
          if (!r.scope_unknown.empty()) {
            note_maybe(out, r.type + " `" + shown_name(r) + "` has a scope the scan cannot know: " + r.scope_unknown);
          } else if (g.outgoing(j, EdgeKind::Scope).empty() && might_mean(r.scope_id, self)) {
            note_maybe(out, r.type + " `" + shown_name(r) + "` is on `" + shown_id(r.scope_id) + "`, which may be this one");
          }
          continue;
        }
        if (kind != EdgeKind::References || c.via_label.empty()) continue;
        std::vector<Value> values;
        collect_values(r.body, segments, 0, values);
        for (const Value& v : values) {
          if (v.is_unknown() && !symbol_of(v)) {
            note_maybe(out, r.type + " `" + shown_name(r) + "` points at a resource the scan cannot know: " + v.unknown_info().reason);
          } else if (const std::string* text = id_text(v); text && might_mean(*text, self)) {
            note_maybe(out, r.type + " `" + shown_name(r) + "` points at `" + shown_id(*text) + "`, which may be this one" +
                                (v.is_unknown() ? ": " + v.unknown_info().reason : ""));
          }
        }
      }
    }
  } else if (kind == EdgeKind::References && !c.via_label.empty()) {
    std::vector<Value> values;
    collect_values(self.body, split(c.via_label, '.'), 0, values);
    for (const Value& v : values) {
      if (v.is_unknown() && !symbol_of(v)) note_maybe(out, "it points at a resource the scan cannot know: " + v.unknown_info().reason);
    }
  }
  return out;
}

}  // namespace

bool label_matches(const std::string& label, const std::string& pattern) {
  std::size_t i = 0, j = 0;
  while (i < label.size() && j < pattern.size()) {
    if (pattern.compare(j, 3, "[*]") == 0 && label[i] == '[') {
      std::size_t close = label.find(']', i);
      if (close == std::string::npos) return false;
      i = close + 1;
      j += 3;
      continue;
    }
    if (ascii_lower(label[i]) != ascii_lower(pattern[j])) return false;
    ++i;
    ++j;
  }
  return i == label.size() && j == pattern.size();
}

Outcome evaluate_related(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  out.locate = c.locate;
  const Graph& graph = ctx.graph();
  Candidates found = find_candidates(c, ctx);
  std::optional<Outcome> unresolved;
  for (std::uint32_t i : found.linked) {
    if (!c.where) return out;  // pass
    Outcome o = evaluate_condition(*c.where, ctx.on(i));
    if (o.verdict == Verdict::Pass) return out;
    const Resource& r = graph.resources()[i];
    if (o.verdict == Verdict::Unresolved && !unresolved) unresolved = o;
    if (r.decl.valid()) {
      out.related.push_back({r.decl, "a " + r.type + " that does not qualify" + (o.message.empty() ? "" : ": " + o.message)});
    }
  }
  if (unresolved || !found.maybe.empty()) {
    out.verdict = Verdict::Unresolved;
    out.reason = unresolved ? unresolved->reason : found.maybe;
    return out;
  }
  out.verdict = Verdict::Fail;
  out.message = ctx.expand(c.message);
  return out;
}

}  // namespace vl
