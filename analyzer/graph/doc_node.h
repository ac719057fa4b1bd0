// A read-only YAML node over a Value, for the policy files and data tables: the build compiles the
// embedded YAML to JSON (cmake/policy_json.cpp), so a run reads it with the JSON reader instead of parsing
// YAML (85% of a one-file scan's instructions went to yaml-cpp), and user rule files are read with yaml-cpp
// and converted (policy/yaml_doc.h). It answers as yaml-cpp's Node does for the calls the readers make: an
// object is a map (in order; a lookup finds the first equal key), an array a sequence, a string a scalar
// (every scalar: the compiled form keeps `true` and `1` as written, conversions happen on use), null a null
// node, a missing key an undefined node. Conversions, and the errors of a wrong shape, are yaml-cpp's, with
// its messages (DocError).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "graph/value.h"

namespace vl {

// What yaml-cpp would throw, with its message ("yaml-cpp: error at line 3, column 7: bad conversion").
class DocError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DocNode;

// One step of an iteration: a sequence's item (the node itself), or a map's member (first, second).
struct DocItem;

class DocNode {
 public:
  DocNode() = default;  // undefined
  // `marks`: the spans hold yaml-cpp marks (file: position, begin: line, end: column; policy/yaml_doc.h),
  // which error messages give; a compiled document has none.
  explicit DocNode(Value v, bool marks = false) : value_(std::move(v)), defined_(true), marks_(marks) {
    if (value_.is_bool()) text_ = value_.as_bool() ? "true" : "false";
    if (value_.is_int()) text_ = std::to_string(value_.as_int());
  }

  explicit operator bool() const { return defined_; }
  bool IsDefined() const { return defined_; }
  bool IsNull() const { return defined_ && value_.is_null(); }
  // A plain true, false or canonical integer is kept typed (graph/plain_scalar.h), and reads as its text.
  bool IsScalar() const { return defined_ && (value_.is_string() || value_.is_bool() || value_.is_int()); }
  // The typed value of a scalar: a bool, an integer or a string (policy/fix_site.cpp).
  const Value& scalar_value() const { return value_; }
  bool IsSequence() const { return defined_ && value_.is_array(); }
  bool IsMap() const { return defined_ && value_.is_object(); }

  // Throws for an undefined node (yaml-cpp's InvalidNode) and a scalar (BadSubscript).
  DocNode operator[](std::string_view key) const;
  std::size_t size() const;           // items of a sequence or map; 0 for others; throws if undefined
  const std::string& Scalar() const;  // empty for a node that is not a scalar; throws if undefined

  template <typename T>
  T as() const;

  class const_iterator;
  const_iterator begin() const;
  const_iterator end() const;

 private:
  friend struct DocItem;
  static DocNode undefined(std::string key) {
    DocNode n;
    n.invalid_key_ = std::move(key);
    return n;
  }
  [[noreturn]] void bad_conversion() const;
  [[noreturn]] void invalid() const;
  std::string mark_prefix() const;

  Value value_;
  bool defined_ = false;
  bool marks_ = false;
  std::string invalid_key_;  // an undefined node: the key that was not found
  std::string text_;         // a typed scalar's text
};

template <>
std::string DocNode::as<std::string>() const;
template <>
bool DocNode::as<bool>() const;
template <>
int DocNode::as<int>() const;
template <>
double DocNode::as<double>() const;

struct DocItem : DocNode {
  DocNode first, second;
};

class DocNode::const_iterator {
 public:
  const_iterator(const DocNode* node, std::size_t i) : node_(node), i_(i) {}
  DocItem operator*() const;
  const_iterator& operator++() {
    ++i_;
    return *this;
  }
  bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

 private:
  const DocNode* node_;
  std::size_t i_;
};

inline DocNode::const_iterator DocNode::begin() const { return const_iterator(this, 0); }
inline DocNode::const_iterator DocNode::end() const {
  std::size_t n = value_.is_array() ? value_.as_array().size() : value_.is_object() ? value_.as_object().size() : 0;
  return const_iterator(this, defined_ ? n : 0);
}

// The compiled form of an embedded YAML file (JSON text) as a node; undefined if it cannot be read.
DocNode compiled_document(std::string_view json);

}  // namespace vl
