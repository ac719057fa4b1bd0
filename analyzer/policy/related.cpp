// `related:` conditions: whether a resource of some type is linked to this one by the graph's edges
// (computed once by Graph::link), in either direction, and, when it cannot be told, why. A related
// resource that might be linked but whose target the scan cannot know (a private endpoint pointing at a
// parameter, an assignment whose scope is unknown) makes the result unresolved rather than failed.
#include <algorithm>

#include <re2/re2.h>

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
  // A string that is nothing but an unknown (a parameter `vaultId` with no value) may be any id.
  if (text.rfind(kMarkOpen, 0) == 0 && text.find(kMarkClose) + kMarkClose.size() == text.size()) return true;
  if (!looks_like_id(text) || !iequals(type_of_id(text), self.type)) return false;
  return is_symbolic(text) || is_symbolic(self.id) || self.id.empty();
}

struct Candidates {
  std::vector<std::uint32_t> linked;
  std::string maybe;  // why a resource of the type might be linked though the scan cannot tell
  Span maybe_at;      // the resource that might be it, when there is one
};

void note_maybe(Candidates& out, const std::string& why, Span at = {}) {
  if (out.maybe.empty()) {
    out.maybe = why;
    out.maybe_at = at;
  }
}

bool label_matches_any(const std::string& label, const std::vector<std::string>& patterns) {
  for (const std::string& p : patterns) {
    if (label_matches(label, p)) return true;
  }
  return false;
}

// "a private endpoint" for Microsoft.Network/privateEndpoints: what messages call a resource of a type.
std::string type_phrase(const std::vector<std::string>& types) {
  std::string out;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i) out += i + 1 == types.size() ? " or " : ", ";
    out += types[i];
  }
  return out;
}

// A module or linked template the scan cannot read that receives this resource's id (a reference from its
// inputs) may deploy a related resource of any type: the answer is unresolved, not a failure.
void note_unread_modules(const Condition& c, const CheckContext& ctx, Candidates& out) {
  const Graph& g = ctx.graph();
  for (std::uint32_t e : g.edges_to(ctx.index())) {
    const Edge& edge = g.edges()[e];
    if (edge.kind != EdgeKind::References || edge.label == "dependsOn") continue;
    const Resource& m = g.resources()[edge.from];
    if (m.unread.empty()) continue;
    // The rule may say which modules could deploy its type, by their name or reference.
    if (c.unread_modules && !RE2::PartialMatch(m.symbolic_name + " " + m.unread, c.unread_modules->re())) continue;
    const char* what = m.format == SourceFormat::Arm ? "nested deployment `" : "module `";
    note_maybe(out, what + (m.symbolic_name.empty() ? shown_name(m) : m.symbolic_name) + "` receives its id but is not read (" + m.unread + "), and it may deploy a " +
                        type_phrase(c.related_types) + " for it",
               m.decl);
  }
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
    std::vector<std::uint32_t> ends{ctx.index()};
    if (c.through_containers && incoming) {
      for (std::uint32_t s : g.containers(ctx.index())) ends.push_back(s);
    }
    for (std::uint32_t end : ends) {
      const auto& edges = incoming ? g.edges_to(end) : g.edges_from(end);
      for (std::uint32_t e : edges) {
        const Edge& edge = g.edges()[e];
        if (edge.kind != kind) continue;
        if (!c.via_labels.empty() && !label_matches_any(edge.label, c.via_labels)) continue;
        add(incoming ? edge.from : edge.to);
      }
    }
  }

  // What might be linked but cannot be told, in this unit and variant.
  if (incoming) {
    note_unread_modules(c, ctx, out);
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
        if (kind != EdgeKind::References || c.via_labels.empty()) continue;
        // Its reference already names another resource of this type (a symbolic id that links): it is that
        // one's, not possibly this one's (two declarations of one vault would conflict at deployment).
        bool resolved = false;
        for (std::uint32_t e : g.edges_from(j)) {
          const Edge& edge = g.edges()[e];
          resolved = resolved || (edge.kind == EdgeKind::References && g.resources()[edge.to].is_type(self.type) &&
                                  label_matches_any(edge.label, c.via_labels));
        }
        if (resolved) continue;
        std::vector<Value> values;
        for (const std::string& label : c.via_labels) collect_values(r.body, split(label, '.'), 0, values);
        for (const Value& v : values) {
          if (v.is_unknown() && !symbol_of(v)) {
            note_maybe(out, r.type + " `" + shown_name(r) + "` points at a resource the scan cannot know: " + v.unknown_info().reason, r.decl);
          } else if (const std::string* text = id_text(v); text && might_mean(*text, self)) {
            note_maybe(out,
                       r.type + " `" + shown_name(r) + "` points at `" + shown_id(*text) + "`, which may be this one" +
                           (v.is_unknown() ? ": " + v.unknown_info().reason : ""),
                       r.decl);
          }
        }
      }
    }
  } else if (kind == EdgeKind::References && !c.via_labels.empty()) {
    std::vector<Value> values;
    for (const std::string& label : c.via_labels) collect_values(self.body, split(label, '.'), 0, values);
    for (const Value& v : values) {
      if (v.is_unknown() && !symbol_of(v)) note_maybe(out, "it points at a resource the scan cannot know: " + v.unknown_info().reason);
    }
  }
  return out;
}

}  // namespace

bool label_matches(const std::string& label, const std::string& pattern) {
  // `a.b.**`: a.b itself or anything under it (`properties.**`: every property, never dependsOn).
  if (pattern.size() >= 3 && pattern.compare(pattern.size() - 3, 3, ".**") == 0) {
    const std::string prefix = pattern.substr(0, pattern.size() - 3);
    for (std::size_t p = 0; p <= label.size(); ++p) {
      if ((p == label.size() || label[p] == '.' || label[p] == '[') && label_matches(label.substr(0, p), prefix)) return true;
    }
    return false;
  }
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
  const Resource& self = ctx.resource();
  Candidates found = find_candidates(c, ctx);
  std::optional<Outcome> unresolved;
  std::string only_if;  // a qualifying resource exists only under a condition the scan cannot know
  std::string near_miss;  // the first linked resource that does not qualify, and why
  for (std::uint32_t i : found.linked) {
    const Resource& r = graph.resources()[i];
    Outcome o;
    if (c.where) o = evaluate_condition(*c.where, ctx.on(i));
    if (o.verdict == Verdict::Pass) {
      // Deployed only under an unknown condition (not the one this resource itself stands under): it may
      // not exist.
      if (r.conditional && !(self.conditional && self.condition_reason == r.condition_reason)) {
        if (only_if.empty()) {
          only_if = r.type + " `" + shown_name(r) + "` qualifies, but it is deployed only under a condition the scan cannot know" +
                    (r.condition_reason.empty() ? "" : ": " + r.condition_reason);
        }
        if (r.decl.valid()) out.related.push_back({r.decl, "a " + r.type + " deployed only under a condition"});
        continue;
      }
      // It points at what satisfies it (a `not:` around it then reports there, or names it).
      out.related.clear();
      out.location = r.decl;
      if (r.decl.valid()) out.related.push_back({r.decl, r.type + " `" + shown_name(r) + "`"});
      return out;
    }
    if (o.verdict == Verdict::Unresolved && !unresolved) {
      unresolved = o;
      unresolved->reason = r.type + " `" + shown_name(r) + "` may qualify: " + o.reason;
    }
    if (near_miss.empty()) {
      near_miss = r.type + " `" + shown_name(r) + "` is linked to it" + (o.message.empty() ? " but does not qualify" : ", but " + o.message);
    }
    if (r.decl.valid()) {
      out.related.push_back({r.decl, "a " + r.type + " that does not qualify" + (o.message.empty() ? "" : ": " + o.message)});
    }
  }
  if (unresolved || !only_if.empty() || !found.maybe.empty()) {
    out.verdict = Verdict::Unresolved;
    out.reason = unresolved ? unresolved->reason : !only_if.empty() ? only_if : found.maybe;
    if (!unresolved && only_if.empty() && found.maybe_at.valid()) out.related.push_back({found.maybe_at, "it may be this one"});
    return out;
  }
  out.verdict = Verdict::Fail;
  out.message = ctx.expand(c.message);
  if (!near_miss.empty() && !out.message.empty()) out.message += " (" + near_miss + ")";
  return out;
}

}  // namespace vl
