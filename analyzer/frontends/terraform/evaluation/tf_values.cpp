#include "frontends/terraform/evaluation/tf_values.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

namespace vl::tf {

std::string type_name(const Value& v) {
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return "bool";
    case Kind::Int:
    case Kind::Float:
      return "number";
    case Kind::String:
      return "string";
    case Kind::Array:
      return "tuple";
    case Kind::Object:
      return "object";
    default:
      return "unknown";
  }
}

std::string number_text(const Value& v) {
  if (v.is_int()) return std::to_string(v.as_int());
  double d = v.as_number();
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<std::int64_t>(d));
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, p) : std::string("0");
}

bool as_text(const Value& v, std::string& out) {
  if (v.is_string()) {
    out = v.as_string();
    return true;
  }
  if (v.is_number()) {
    out = number_text(v);
    return true;
  }
  if (v.is_bool()) {
    out = v.as_bool() ? "true" : "false";
    return true;
  }
  return false;
}

bool as_number(const Value& v, Value& out) {
  if (v.is_number()) {
    out = v;
    return true;
  }
  if (!v.is_string()) return false;
  const std::string& s = v.as_string();
  if (s.empty()) return false;
  std::int64_t i = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ec == std::errc() && p == s.data() + s.size()) {
    out = Value::integer(i, v.span());
    return true;
  }
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return false;
  out = Value::number(d, v.span());
  return true;
}

bool as_boolean(const Value& v, bool& out) {
  if (v.is_bool()) {
    out = v.as_bool();
    return true;
  }
  if (v.is_string() && (v.as_string() == "true" || v.as_string() == "false")) {
    out = v.as_string() == "true";
    return true;
  }
  return false;
}

bool tf_equals(const Value& a, const Value& b, int depth) {
  if (depth > kMaxValueDepth) return false;
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::Null:
      return true;
    case Kind::Bool:
      return a.as_bool() == b.as_bool();
    case Kind::String:
      return a.as_string() == b.as_string();
    case Kind::Array: {
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!tf_equals(x[i], y[i], depth + 1)) return false;
      }
      return true;
    }
    case Kind::Object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return false;
      for (const Member& m : x.members()) {
        const Member* other = nullptr;
        for (const Member& n : y.members()) {
          if (n.key == m.key) other = &n;
        }
        if (!other || !tf_equals(m.value, other->value, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

std::vector<const Member*> sorted_members(const Object& o) {
  std::vector<const Member*> out;
  out.reserve(o.size());
  std::unordered_map<std::string_view, std::size_t> index;
  for (const Member& m : o.members()) {
    // Duplicate keys (a later merge() member): the last one wins, as on lookup.
    auto [it, inserted] = index.emplace(m.key, out.size());
    if (inserted) out.push_back(&m);
    else out[it->second] = &m;
  }
  std::stable_sort(out.begin(), out.end(), [](const Member* a, const Member* b) { return a->key < b->key; });
  return out;
}

const Value* first_unknown(const std::vector<Value>& args, bool deep) {
  for (const Value& a : args) {
    if (a.is_unknown()) return &a;
    if (deep) {
      if (const Value* u = a.find_unknown()) return u;
    }
  }
  return nullptr;
}

Value bounded_string(std::string s, Span at, const EvalShared& shared) {
  if (s.size() > shared.max_string_bytes) {
    return stopped(StopCause::Size, "a string longer than " + std::to_string(shared.max_string_bytes) + " bytes", at);
  }
  return Value::string(std::move(s), at);
}

namespace {

// A text that two values share exactly when tf_equals() holds for them (numbers by value, object keys
// sorted), so sets are built in linear time.
void identity_key(const Value& v, std::string& out, int depth) {
  if (depth > kMaxValueDepth) {
    out += '?';
    return;
  }
  switch (v.kind()) {
    case Kind::Null:
      out += 'n';
      return;
    case Kind::Bool:
      out += v.as_bool() ? "t" : "f";
      return;
    case Kind::Int:
    case Kind::Float:
      out += '#';
      out += number_text(v);
      out += ';';
      return;
    case Kind::String:
      out += 's';
      out += std::to_string(v.as_string().size());
      out += ':';
      out += v.as_string();
      return;
    case Kind::Array:
      out += '[';
      for (const Value& item : v.as_array()) identity_key(item, out, depth + 1);
      out += ']';
      return;
    case Kind::Object:
      out += '{';
      for (const Member* m : sorted_members(v.as_object())) {
        out += std::to_string(m->key.size());
        out += ':';
        out += m->key;
        identity_key(m->value, out, depth + 1);
      }
      out += '}';
      return;
    default:  // an unknown equals nothing, not even another unknown
      out += 'u';
      out += std::to_string(reinterpret_cast<std::uintptr_t>(v.unknown_ptr().get()));
      out += ';';
      return;
  }
}

}  // namespace

Array distinct_values(const Array& items) {
  Array out;
  std::unordered_set<std::string> seen;
  for (const Value& v : items) {
    std::string key;
    identity_key(v, key, 0);
    if (seen.insert(std::move(key)).second) out.push_back(v);
  }
  return out;
}

}  // namespace vl::tf
