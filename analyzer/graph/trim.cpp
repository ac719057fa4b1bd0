#include "graph/trim.h"

#include <algorithm>

#include "graph/value_node.h"

namespace vl {

namespace {

void drop_values(Resource& r, const TrimPlan& plan) {
  if (!r.body.is_object()) return;
  const ValueReads reads = r.type == kOutputNodeType ? plan.outputs : plan.parameters;
  const Value secure = r.body.as_object().get("secure");
  if (secure.is_bool() && secure.as_bool() ? reads.secure : reads.plain) return;
  const Object& before = r.body.as_object();
  if (!before.find_member("defaultValue") && !before.find_member("value")) return;
  Object body;
  body.reserve(before.members().size());
  for (const Member& m : before.members()) {
    const bool dropped = iequals(m.key, "defaultValue") || iequals(m.key, "value");
    // written_value() stays what it was: the member's value span, else the value's own span.
    body.append(m.key, dropped ? Value::null(m.value.span()) : m.value, m.key_span, m.value_span);
  }
  r.body = Value::object(std::move(body), r.body.span());
}

bool body_read(const Resource& r, const std::vector<std::string>& types) {
  return std::binary_search(types.begin(), types.end(), to_lower(r.type));
}

}  // namespace

void trim(std::vector<Resource>& resources, const TrimPlan& plan) {
  for (Resource& r : resources) {
    if (r.is_value_node()) {
      drop_values(r, plan);
    } else if (r.unread.empty() && !body_read(r, plan.body_types) && !(r.body.is_object() && r.body.as_object().members().empty())) {
      r.body = Value::object(Object{}, r.body.span());
    }
  }
}

}  // namespace vl
