// Terraform's object keys are case-sensitive, while the graph's Object looks keys up case-insensitively
// (as ARM property names are). These helpers give Terraform's view of an Object.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "graph/value.h"

namespace vl::tf {

// The value with every part's span set to `at`: JSON decoded from a string (jsondecode(), an azapi body
// written as jsonencode(...)) is written where that string is.
inline Value respan(const Value& v, Span at, int depth = 0) {
  if (depth > kMaxValueDepth) return Value::unknown("a value nested too deeply", at);
  if (v.is_array()) {
    Array items;
    for (const Value& item : v.as_array()) items.push_back(respan(item, at, depth + 1));
    return Value::array(std::move(items), at);
  }
  if (v.is_object()) {
    Object o;
    for (const Member& m : v.as_object().members()) o.append(m.key, respan(m.value, at, depth + 1), at, at);
    return Value::object(std::move(o), at);
  }
  return v.with_span(at);
}

// The member with exactly this key (the last one, as on lookup), or null.
inline const Member* find_exact(const Object& o, std::string_view key) {
  const auto& members = o.members();
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

// Replaces the member with exactly this key, or appends one.
inline void set_exact(Object& o, std::string key, Value value, Span key_span = {}, Span value_span = {}) {
  for (Member& m : o.members()) {
    if (m.key == key) {
      m.value = std::move(value);
      m.key_span = key_span;
      m.value_span = value_span;
      return;
    }
  }
  o.append(std::move(key), std::move(value), key_span, value_span);
}

// Builds an object whose later members replace earlier ones with the same key, in linear time (merge()
// and for expressions can build maps of many thousands of keys).
class ObjectBuilder {
 public:
  void set(std::string key, Value value, Span key_span = {}, Span value_span = {}) {
    auto it = index_.find(key);
    if (it != index_.end()) {
      Member& m = object_.members()[it->second];
      m.value = std::move(value);
      m.key_span = key_span;
      m.value_span = value_span;
      return;
    }
    index_.emplace(key, object_.size());
    object_.append(std::move(key), std::move(value), key_span, value_span);
  }
  bool has(const std::string& key) const { return index_.count(key) != 0; }
  std::size_t size() const { return object_.size(); }
  Object take() { return std::move(object_); }

 private:
  Object object_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace vl::tf
