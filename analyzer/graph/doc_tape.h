// The storage under graph/doc_node.h: a whole YAML or JSON document as one flat vector of nodes in
// document order (a container, then everything in it), with every text (strings, keys, integers as
// written) as a range of one byte buffer. Reading a rule walks it without copying: a lookup steps over
// a member's value by its `next` index and compares the key's bytes where they lie. It replaced a Value
// tree, whose reading and per-lookup copies were a third of a one-file scan (issue 23).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/span.h"

namespace vl {

enum class DocKind : std::uint8_t { Null, Bool, Int, Float, String, Array, Object };

struct DocTapeNode {
  DocKind kind = DocKind::Null;
  bool boolean = false;
  std::uint32_t next = 0;   // the index after this node and everything in it
  std::uint32_t count = 0;  // an array's items, an object's members
  std::uint32_t text = 0;   // a string's, a key's or an integer's text: bytes [text, text + size)
  std::uint32_t size = 0;
  union {
    std::int64_t integer = 0;
    double number;
  };
  Span mark;  // yaml-cpp's mark (file: position, begin: line, end: column) when the tape has marks
};

// A document: its nodes (nodes[0] is the root) and the bytes their texts are ranges of. An object's
// members are its key (a String node) followed by the member's value. A view: the build's rules are
// static tapes (cmake/policy_json.cpp writes them as C++), a read document's is a DocTapeStorage.
struct DocTape {
  const DocTapeNode* nodes = nullptr;
  std::size_t node_count = 0;
  const char* bytes = nullptr;
  bool marks = false;  // the nodes carry yaml-cpp marks, which error messages give

  std::string_view text(const DocTapeNode& n) const { return std::string_view(bytes + n.text, n.size); }
};

// A tape read at run time, with what it views.
struct DocTapeStorage {
  DocTape tape;  // set by DocTapeBuilder::finish
  std::vector<DocTapeNode> nodes;
  std::string bytes;
};

// Appends nodes in document order; containers are opened and closed around what they hold.
class DocTapeBuilder {
 public:
  explicit DocTapeBuilder(bool marks, std::size_t expected_nodes = 0);

  std::string& bytes() { return storage_->bytes; }  // texts may be written here first and added by range

  void null(Span mark = {}) { push(DocKind::Null, mark); }
  void boolean(bool b, Span mark = {}) { push(DocKind::Bool, mark).boolean = b; }
  void integer(std::int64_t i, std::uint32_t text, std::uint32_t size, Span mark = {});
  void number(double d, Span mark = {}) { push(DocKind::Float, mark).number = d; }
  // A text already in bytes(), or one to copy there.
  void string_at(std::uint32_t text, std::uint32_t size, Span mark = {});
  void string(std::string_view s, Span mark = {});
  // An object's next member's key: the next value added is its value.
  void key_at(std::uint32_t text, std::uint32_t size, Span mark = {});
  void key(std::string_view s, Span mark = {});
  void begin_array(Span mark = {}) { open(DocKind::Array, mark); }
  void begin_object(Span mark = {}) { open(DocKind::Object, mark); }
  void end();

  std::uint32_t append_bytes(std::string_view s);
  // The finished document; null unless exactly one root was added and every container was closed.
  std::unique_ptr<const DocTapeStorage> finish();

 private:
  DocTapeNode& push(DocKind kind, Span mark, bool is_key = false);
  void open(DocKind kind, Span mark);

  std::unique_ptr<DocTapeStorage> storage_;
  std::vector<std::uint32_t> open_;  // the containers not yet ended
};

}  // namespace vl
