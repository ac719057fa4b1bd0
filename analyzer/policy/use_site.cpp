#include "policy/use_site.h"

#include <cstddef>

namespace vl {

namespace {

bool within(Span inner, Span outer) {
  return inner.valid() && outer.valid() && inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

// `networkAcls.ipRules[2]` -> {"networkAcls", "ipRules", "[2]"}: names and indices, in order.
std::vector<std::string> steps_of(const std::string& path) {
  std::vector<std::string> out;
  std::string name;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.' || c == '[') {
      if (!name.empty()) out.push_back(name);
      name.clear();
      if (c == '[') {
        std::size_t close = path.find(']', i);
        if (close == std::string::npos) break;
        out.push_back(path.substr(i, close - i + 1));
        i = close;
      }
    } else {
      name += c;
    }
  }
  if (!name.empty()) out.push_back(name);
  return out;
}

}  // namespace

void move_to_use_site(const Value& body, const std::string& property, Span& location, std::vector<RelatedLocation>& related) {
  // Only a location outside the resource's own text moves: inside it, the finding already points where the
  // user wrote the value.
  if (!location.valid() || property.empty() || !body.span().valid() || within(location, body.span())) return;
  const Value* current = &body;
  const Member* holder = nullptr;  // the member whose text holds the path so far
  for (const std::string& step : steps_of(property)) {
    Span next;
    const Value* value = nullptr;
    const Member* m = nullptr;
    if (step.front() == '[') {
      if (!current->is_array()) return;
      const std::size_t i = std::stoul(step.substr(1, step.size() - 2));
      if (i >= current->as_array().size()) return;
      value = &current->as_array()[i];
      next = value->span();
    } else {
      if (!current->is_object()) return;
      m = current->as_object().find_member(step);
      if (!m) return;
      value = &m->value;
      next = m->key_span;
    }
    // The path leaves the text of the member that holds it: that member's value is an expression whose
    // value was written elsewhere, so it is where the resource uses what the finding is about.
    if (holder && next.valid() && !within(next, holder->span()) && !within(location, holder->span())) {
      bool known = false;
      for (const RelatedLocation& r : related) known = known || r.span == location;
      if (!known) related.push_back({location, "the value is set here"});
      location = holder->span();
      return;
    }
    if (m) holder = m;
    current = value;
  }
}

}  // namespace vl
