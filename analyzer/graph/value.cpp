#include "graph/value.h"

#include <cstdio>

#include "graph/budget.h"

namespace vl {

namespace {
const Array kEmptyArray;
const Object kEmptyObject;
const UnknownInfo kNoUnknown;

// Strings longer than this are shared between copies of a Value rather than copied.
constexpr std::size_t kSharedStringBytes = 64;

std::uint64_t add_parts(std::uint64_t a, std::uint64_t b) {
  constexpr std::uint64_t kSaturated = std::uint64_t{1} << 62;
  return a >= kSaturated || b >= kSaturated || a + b >= kSaturated ? kSaturated : a + b;
}

std::string parts_text(std::uint64_t parts) {
  return parts >= (std::uint64_t{1} << 62) ? "more than 4 quintillion" : std::to_string(parts);
}

// A container made while a budget is installed: its bytes are charged, and one too large to walk is a stop.
bool container_fits(std::uint64_t parts, std::size_t items, std::size_t item_bytes, Span s, Value& refused) {
  UnitBudget* budget = UnitBudget::current();
  if (!budget) return true;
  budget->charge_bytes(items * item_bytes, s);
  if (parts <= kMaxExpandedParts) return true;
  refused = stopped(StopCause::Size,
                    "a value of " + parts_text(parts) + " parts once its shared parts are expanded, over the limit of " +
                        std::to_string(kMaxExpandedParts) + " (its parts refer to each other over and over)",
                    s);
  return false;
}

}  // namespace

Value Value::null(Span s) {
  Value v;
  v.kind_ = Kind::Null;
  v.span_ = s;
  return v;
}

Value Value::boolean(bool b, Span s) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  v.span_ = s;
  return v;
}

Value Value::integer(std::int64_t i, Span s) {
  Value v;
  v.kind_ = Kind::Int;
  v.i_ = i;
  v.span_ = s;
  return v;
}

Value Value::number(double d, Span s) {
  Value v;
  v.kind_ = Kind::Float;
  v.d_ = d;
  v.span_ = s;
  return v;
}

Value Value::string(std::string str, Span s) {
  Value v;
  v.kind_ = Kind::String;
  if (UnitBudget* budget = UnitBudget::current()) budget->charge_bytes(str.size(), s);
  if (str.size() > kSharedStringBytes) {
    v.p_ = std::make_shared<const std::string>(std::move(str));
  } else {
    v.s_ = std::move(str);
  }
  v.span_ = s;
  return v;
}

Value Value::array(Array items, Span s) { return array(std::make_shared<const Array>(std::move(items)), s); }

Value Value::array(std::shared_ptr<const Array> items, Span s) {
  std::uint64_t parts = 1;
  for (const Value& item : *items) parts = add_parts(parts, item.expanded_parts());
  Value refused;
  if (!container_fits(parts, items->size(), sizeof(Value), s, refused)) return refused;
  Value v;
  v.kind_ = Kind::Array;
  v.n_ = parts;
  v.p_ = std::move(items);
  v.span_ = s;
  return v;
}

Value Value::object(Object members, Span s) {
  return object(std::make_shared<const Object>(std::move(members)), s);
}

Value Value::object(std::shared_ptr<const Object> members, Span s) {
  std::uint64_t parts = 1;
  for (const Member& m : members->members()) parts = add_parts(parts, m.value.expanded_parts());
  Value refused;
  if (!container_fits(parts, members->size(), sizeof(Member), s, refused)) return refused;
  Value v;
  v.kind_ = Kind::Object;
  v.n_ = parts;
  v.p_ = std::move(members);
  v.span_ = s;
  return v;
}

Value Value::unknown(std::string reason, Span origin) {
  auto info = std::make_shared<UnknownInfo>();
  info->reason = std::move(reason);
  info->origin = origin;
  return unknown(std::move(info));
}

Value Value::unknown(std::shared_ptr<const UnknownInfo> info) {
  Value v;
  v.kind_ = Kind::Unknown;
  v.span_ = info->origin;
  v.p_ = std::move(info);
  return v;
}

Value Value::opaque(std::shared_ptr<const OpaquePayload> payload, Span s) {
  Value v;
  v.kind_ = Kind::Opaque;
  v.p_ = std::move(payload);
  v.span_ = s;
  return v;
}

const Array& Value::as_array() const {
  return kind_ == Kind::Array ? *static_cast<const Array*>(p_.get()) : kEmptyArray;
}

const Object& Value::as_object() const {
  return kind_ == Kind::Object ? *static_cast<const Object*>(p_.get()) : kEmptyObject;
}

const UnknownInfo& Value::unknown_info() const {
  return kind_ == Kind::Unknown ? *static_cast<const UnknownInfo*>(p_.get()) : kNoUnknown;
}

std::shared_ptr<const Array> Value::array_ptr() const {
  if (kind_ != Kind::Array) return std::make_shared<const Array>();
  return std::static_pointer_cast<const Array>(p_);
}

std::shared_ptr<const Object> Value::object_ptr() const {
  if (kind_ != Kind::Object) return std::make_shared<const Object>();
  return std::static_pointer_cast<const Object>(p_);
}

std::shared_ptr<const UnknownInfo> Value::unknown_ptr() const {
  if (kind_ != Kind::Unknown) return nullptr;
  return std::static_pointer_cast<const UnknownInfo>(p_);
}

std::shared_ptr<const OpaquePayload> Value::opaque_ptr() const {
  if (kind_ != Kind::Opaque) return nullptr;
  return std::static_pointer_cast<const OpaquePayload>(p_);
}

const Value* Value::find_unknown(int depth) const {
  if (depth > kMaxValueDepth && (kind_ == Kind::Array || kind_ == Kind::Object)) {
    static const Value too_deep = Value::unknown("a value nested more than 512 levels deep");
    return &too_deep;
  }
  switch (kind_) {
    case Kind::Unknown:
      return this;
    case Kind::Array:
      for (const Value& item : as_array()) {
        if (const Value* u = item.find_unknown(depth + 1)) return u;
      }
      return nullptr;
    case Kind::Object:
      for (const Member& m : as_object().members()) {
        if (const Value* u = m.value.find_unknown(depth + 1)) return u;
      }
      return nullptr;
    default:
      return nullptr;
  }
}

std::string Value::display() const {
  switch (kind_) {
    case Kind::Absent:
      return "(not set)";
    case Kind::Unknown:
      return "(unknown)";
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return b_ ? "true" : "false";
    case Kind::Int:
      return std::to_string(i_);
    case Kind::Float: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", d_);
      return buf;
    }
    case Kind::String: {
      const std::string& text = as_string();
      std::string shown = "'";
      if (text.size() > 60) {
        std::size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a whole code point
        shown.append(text, 0, cut).append("...");
      } else {
        shown.append(text);
      }
      shown.push_back('\'');
      return shown;
    }
    case Kind::Array: {
      std::size_t n = as_array().size();
      std::string out = std::to_string(n);
      out.insert(out.begin(), '[');
      out.append(n == 1 ? " item]" : " items]");
      return out;
    }
    case Kind::Object:
      return as_object().empty() ? "{}" : "{...}";
    case Kind::Opaque:
      return "(lambda)";
  }
  return "";
}

const Member* Object::find_member(std::string_view key) const {
  // From the end: with duplicate keys the last one wins, as in most JSON readers.
  for (auto it = members_.rbegin(); it != members_.rend(); ++it) {
    if (iequals(it->key, key)) return &*it;
  }
  return nullptr;
}

const Value* Object::find(std::string_view key) const {
  const Member* m = find_member(key);
  return m ? &m->value : nullptr;
}

Value Object::get(std::string_view key) const {
  const Value* v = find(key);
  return v ? *v : Value();
}

void Object::set(std::string key, Value value, Span key_span, Span value_span) {
  for (Member& m : members_) {
    if (iequals(m.key, key)) {
      m.value = std::move(value);
      if (key_span.valid()) m.key_span = key_span;
      m.value_span = value_span;
      return;
    }
  }
  members_.push_back(Member{std::move(key), key_span, std::move(value), value_span});
}

void Object::append(std::string key, Value value, Span key_span, Span value_span) {
  members_.push_back(Member{std::move(key), key_span, std::move(value), value_span});
}

bool Object::erase(std::string_view key) {
  for (auto it = members_.begin(); it != members_.end(); ++it) {
    if (iequals(it->key, key)) {
      members_.erase(it);
      return true;
    }
  }
  return false;
}

bool deep_equals(const Value& a, const Value& b, bool ignore_case, int depth) {
  if (depth > kMaxValueDepth) return false;
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::Absent:
    case Kind::Null:
      return true;
    case Kind::Bool:
      return a.as_bool() == b.as_bool();
    case Kind::String:
      return ignore_case ? iequals(a.as_string(), b.as_string()) : a.as_string() == b.as_string();
    case Kind::Array: {
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!deep_equals(x[i], y[i], ignore_case, depth + 1)) return false;
      }
      return true;
    }
    case Kind::Object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return false;
      for (const Member& m : x.members()) {
        const Value* other = y.find(m.key);
        if (!other || !deep_equals(m.value, *other, ignore_case, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace vl
