// Value: what a property evaluates to. Known (null, bool, int, float, string, array, object), unknown
// (with the reason and the span of what it depends on), or absent. Every value keeps the span where it
// was written, so a finding can point at the place that set it even when it came through a parameter,
// a parameter file or a variable. Arrays and objects are shared and immutable: copying a Value is cheap.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/span.h"
#include "source/text.h"

namespace vl {

class Value;
class Object;

// How deep recursive walks over values go; deeper values are treated as unknown or unequal.
inline constexpr int kMaxValueDepth = 512;
using Array = std::vector<Value>;

// Payloads only the evaluator understands (lambdas). They never reach the graph.
struct OpaquePayload {
  virtual ~OpaquePayload() = default;
};

struct UnknownInfo {
  std::string reason;             // "parameter `enablePurge` has no default and no parameter file"
  Span origin;                    // what it depends on
  std::vector<Value> candidates;  // the values it can take, when that is known (allowedValues); else empty
  std::string symbol;             // how the scan names the string it stands for (graph/symbol.h); else empty
  // reference(id): the id of the deployed resource it reads (its properties; with 'Full' the whole
  // resource, `reads_full`), so that what Azure computes from the id alone (`.vaultUri`) is still named.
  std::string reads;
  bool reads_full = false;
};

enum class Kind : std::uint8_t { Absent, Unknown, Null, Bool, Int, Float, String, Array, Object, Opaque };

class Value {
 public:
  Value() : i_(0) {}  // absent

  static Value null(Span s = {});
  static Value boolean(bool b, Span s = {});
  static Value integer(std::int64_t i, Span s = {});
  static Value number(double d, Span s = {});
  static Value string(std::string s, Span span = {});
  static Value array(Array items, Span s = {});
  static Value array(std::shared_ptr<const Array> items, Span s = {});
  static Value object(Object members, Span s = {});
  static Value object(std::shared_ptr<const Object> members, Span s = {});
  static Value unknown(std::string reason, Span origin = {});
  static Value unknown(std::shared_ptr<const UnknownInfo> info);
  static Value opaque(std::shared_ptr<const OpaquePayload> payload, Span s = {});

  Kind kind() const { return kind_; }
  bool is_absent() const { return kind_ == Kind::Absent; }
  bool is_unknown() const { return kind_ == Kind::Unknown; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_int() const { return kind_ == Kind::Int; }
  bool is_float() const { return kind_ == Kind::Float; }
  bool is_number() const { return kind_ == Kind::Int || kind_ == Kind::Float; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }
  bool is_opaque() const { return kind_ == Kind::Opaque; }
  // Known: neither absent nor unknown (null is known).
  bool is_known() const { return kind_ != Kind::Absent && kind_ != Kind::Unknown; }
  // Null is treated as absent by the rules: Azure or the provider applies its default.
  bool is_absent_or_null() const { return kind_ == Kind::Absent || kind_ == Kind::Null; }

  bool as_bool() const { return b_; }
  std::int64_t as_int() const { return i_; }
  double as_number() const { return kind_ == Kind::Int ? static_cast<double>(i_) : d_; }
  const std::string& as_string() const {
    return kind_ == Kind::String && p_ ? *static_cast<const std::string*>(p_.get()) : s_;
  }
  // How many parts the value has when its shared parts are counted as often as they occur (1 for a
  // scalar; saturating). Walks over a value cost this much; see kMaxExpandedParts (graph/budget.h).
  std::uint64_t expanded_parts() const { return kind_ == Kind::Array || kind_ == Kind::Object ? n_ : 1; }
  const Array& as_array() const;
  const Object& as_object() const;
  const UnknownInfo& unknown_info() const;
  std::shared_ptr<const Array> array_ptr() const;
  std::shared_ptr<const Object> object_ptr() const;
  std::shared_ptr<const UnknownInfo> unknown_ptr() const;
  std::shared_ptr<const OpaquePayload> opaque_ptr() const;
  // The buffer this value shares with its copies (a long string, an array, an object, an unknown's
  // details), or null: what a walk that counts memory counts once (graph/retained.h).
  const void* shared_payload() const { return p_.get(); }

  Span span() const { return span_; }
  void set_span(Span s) { span_ = s; }
  Value with_span(Span s) const {
    Value v = *this;
    v.span_ = s;
    return v;
  }

  // The first unknown value found inside this one (itself, or in an array item or object member), or null.
  // Values nested deeper than kMaxValueDepth count as unknown (functions such as reduce() can build them).
  const Value* find_unknown(int depth = 0) const;

  // Short, single-line rendering for messages: 'Enabled', false, 42, [3 items], {…}.
  std::string display() const;

 private:
  Kind kind_ = Kind::Absent;
  Span span_;
  union {
    bool b_;
    std::int64_t i_;
    double d_;
    std::uint64_t n_;  // arrays and objects: expanded_parts()
  };
  std::string s_;                  // a short string; a long one is shared, in p_, so copies cost nothing
  std::shared_ptr<const void> p_;
};

struct Member {
  std::string key;
  Span key_span;    // the key as written (ARM: from its opening quote; Bicep/Terraform: the name)
  Value value;
  Span value_span;  // where this member's value is written here (the expression), when that differs
                    // from value.span() (where the value itself was written: a parameter default, a file)

  Span written_value() const { return value_span.valid() ? value_span : value.span(); }
  // From the start of the key to the end of the value as written here: where findings point.
  Span span() const { return join(key_span, written_value()); }
};

// An object's members in written order. Keys compare case-insensitively (as ARM property names do).
class Object {
 public:
  const Member* find_member(std::string_view key) const;
  const Value* find(std::string_view key) const;
  // The member's value, or an absent value.
  Value get(std::string_view key) const;
  // Replaces a member with the same key (case-insensitively), or appends one.
  void set(std::string key, Value value, Span key_span = {}, Span value_span = {});
  // Appends without looking for an existing key (parsers: the last duplicate wins on lookup).
  void append(std::string key, Value value, Span key_span = {}, Span value_span = {});
  bool erase(std::string_view key);

  const std::vector<Member>& members() const { return members_; }
  std::vector<Member>& members() { return members_; }
  std::size_t size() const { return members_.size(); }
  bool empty() const { return members_.empty(); }
  void reserve(std::size_t n) { members_.reserve(n); }

 private:
  std::vector<Member> members_;
};

// Deep equality of two known values. Strings compare case-sensitively unless `ignore_case`; object keys
// always case-insensitively; integers and floats compare numerically.
bool deep_equals(const Value& a, const Value& b, bool ignore_case = false, int depth = 0);

}  // namespace vl
