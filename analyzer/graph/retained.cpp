#include "graph/retained.h"

#include <vector>

namespace vl {

namespace {

std::uint64_t heap_string(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

}  // namespace

std::uint64_t retained_bytes(const Value& root, std::unordered_set<const void*>& seen) {
  // Iterative: values may nest deeply. Each shared buffer is entered once, so the walk is linear in the
  // memory counted, not in the value's expanded size.
  std::uint64_t total = 0;
  std::vector<const Value*> todo{&root};
  while (!todo.empty()) {
    const Value& v = *todo.back();
    todo.pop_back();
    const void* shared = v.shared_payload();
    if (shared && !seen.insert(shared).second) continue;
    switch (v.kind()) {
      case Kind::String:
        total += shared ? v.as_string().capacity() + 64 : heap_string(v.as_string());
        break;
      case Kind::Array:
        total += 64 + v.as_array().capacity() * sizeof(Value);
        for (const Value& item : v.as_array()) todo.push_back(&item);
        break;
      case Kind::Object:
        total += 64 + v.as_object().members().capacity() * sizeof(Member);
        for (const Member& m : v.as_object().members()) {
          total += heap_string(m.key);
          todo.push_back(&m.value);
        }
        break;
      case Kind::Unknown: {
        const UnknownInfo& info = v.unknown_info();
        total += 64 + heap_string(info.reason) + heap_string(info.symbol);
        for (const Value& c : info.candidates) todo.push_back(&c);
        break;
      }
      default:
        break;
    }
  }
  return total;
}

std::uint64_t retained_bytes(const LoweredUnit& unit) {
  std::unordered_set<const void*> seen;
  std::uint64_t total = 0;
  for (const Resource& r : unit.resources) {
    total += sizeof(Resource) + heap_string(r.type) + heap_string(r.symbolic_name) + heap_string(r.display_name) +
             heap_string(r.id) + heap_string(r.condition_reason) + heap_string(r.instance) + heap_string(r.logical_id) +
             heap_string(r.scope_id) + heap_string(r.scope_unknown);
    for (const std::string& d : r.depends_on) total += sizeof(std::string) + heap_string(d);
    total += retained_bytes(r.api_version, seen) + retained_bytes(r.name, seen) + retained_bytes(r.body, seen);
  }
  for (const Diagnostic& d : unit.diagnostics) total += sizeof(Diagnostic) + heap_string(d.message) + heap_string(d.fix);
  return total;
}

}  // namespace vl
