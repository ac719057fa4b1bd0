// A read-only YAML node, for the policy files and data tables: the build compiles the embedded YAML to
// JSON (cmake/policy_json.cpp), so a run reads it with a small JSON reader instead of parsing YAML (85% of
// a one-file scan's instructions went to yaml-cpp), and user rule files are read with yaml-cpp and
// converted (policy/yaml_doc.h). It answers as yaml-cpp's Node does for the calls the readers make: an
// object is a map (in order; a lookup finds the first equal key), an array a sequence, a string a scalar
// (every scalar: the compiled form keeps `true` and `1` as written, conversions happen on use), null a null
// node, a missing key an undefined node. Conversions, and the errors of a wrong shape, are yaml-cpp's, with
// its messages (DocError).
//
// A DocTree owns a document (graph/doc_tape.h); a DocNode is a view of one of its nodes (copying it
// copies a pointer and an index) and must not outlive the tree, which is why a temporary tree gives no
// nodes: keep the tree in a variable while its nodes are read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "graph/doc_tape.h"
#include "graph/value.h"

namespace vl {

// What yaml-cpp would throw, with its message ("yaml-cpp: error at line 3, column 7: bad conversion").
class DocError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One step of an iteration: a sequence's item (the node itself), or a map's member (first, second).
struct DocItem;

class DocNode {
 public:
  DocNode() = default;  // undefined
  DocNode(const DocTape& tape, std::uint32_t index) : tape_(&tape), index_(index) {}

  explicit operator bool() const { return tape_ != nullptr; }
  bool IsDefined() const { return tape_ != nullptr; }
  bool IsNull() const { return tape_ && node().kind == DocKind::Null; }
  // A plain true, false or canonical integer is kept typed (graph/plain_scalar.h), and reads as its text.
  bool IsScalar() const { return tape_ && (is(DocKind::String) || is(DocKind::Bool) || is(DocKind::Int)); }
  bool IsSequence() const { return tape_ && is(DocKind::Array); }
  bool IsMap() const { return tape_ && is(DocKind::Object); }
  // The typed value of a scalar (a bool, an integer or a string, policy/fix_site.cpp), with its mark as
  // its span; absent for other nodes.
  Value scalar_value() const;

  // Throws for an undefined node (yaml-cpp's InvalidNode) and a scalar (BadSubscript).
  DocNode operator[](std::string_view key) const;
  std::size_t size() const;        // items of a sequence or map; 0 for others; throws if undefined
  std::string_view Scalar() const;  // empty for a node that is not a scalar; throws if undefined

  template <typename T>
  T as() const;

  class const_iterator;
  const_iterator begin() const;
  const_iterator end() const;

 private:
  friend class const_iterator;
  const DocTapeNode& node() const { return tape_->nodes[index_]; }
  bool is(DocKind k) const { return node().kind == k; }
  std::size_t items() const {  // what an iteration visits
    return tape_ && (is(DocKind::Array) || is(DocKind::Object)) ? node().count : 0;
  }
  std::string_view text() const;  // a scalar's text ("true", "42", the string)
  static DocNode undefined(std::string_view key) {
    DocNode n;
    n.invalid_key_ = key;
    return n;
  }
  [[noreturn]] void bad_conversion() const;
  [[noreturn]] void invalid() const;
  std::string mark_prefix() const;

  const DocTape* tape_ = nullptr;  // null: undefined
  std::uint32_t index_ = 0;
  std::string invalid_key_;  // an undefined node: the key that was not found
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
  // `at`: the tape index of the item (a sequence) or of the key (a map) at position i.
  const_iterator(const DocNode* node, std::size_t i, std::uint32_t at) : node_(node), i_(i), at_(at) {}
  DocItem operator*() const;
  const_iterator& operator++();
  bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

 private:
  const DocNode* node_;
  std::size_t i_;
  std::uint32_t at_;
};

inline DocNode::const_iterator DocNode::begin() const { return const_iterator(this, 0, index_ + 1); }
inline DocNode::const_iterator DocNode::end() const { return const_iterator(this, items(), 0); }

// A document: owns its tape when it was read at run time, or views a static one (the build's rules);
// undefined root when there is none (a compiled text that does not read).
class DocTree {
 public:
  DocTree() = default;
  explicit DocTree(std::unique_ptr<const DocTapeStorage> read) : owned_(std::move(read)), tape_(owned_ ? &owned_->tape : nullptr) {}
  explicit DocTree(const DocTape& static_tape) : tape_(&static_tape) {}

  explicit operator bool() const { return tape_ != nullptr; }
  const DocTape* tape() const& { return tape_; }
  DocNode root() const& { return tape_ ? DocNode(*tape_, 0) : DocNode(); }
  DocNode root() const&& = delete;  // its nodes would outlive the tape
  DocNode operator[](std::string_view key) const& { return root()[key]; }
  DocNode operator[](std::string_view key) const&& = delete;

 private:
  std::unique_ptr<const DocTapeStorage> owned_;
  const DocTape* tape_ = nullptr;
};

// The compiled form of an embedded YAML file (JSON text, graph/doc_json.cpp) as a document, which keeps a
// copy of the text; no document if it cannot be read.
DocTree compiled_document(std::string_view json);

}  // namespace vl
