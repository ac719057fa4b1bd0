#include "graph/doc_tape.h"

namespace vl {

DocTapeBuilder::DocTapeBuilder(bool marks, std::size_t expected_nodes) : storage_(std::make_unique<DocTapeStorage>()) {
  storage_->tape.marks = marks;
  storage_->nodes.reserve(expected_nodes);
}

DocTapeNode& DocTapeBuilder::push(DocKind kind, Span mark, bool is_key) {
  if (!open_.empty()) {
    DocTapeNode& parent = storage_->nodes[open_.back()];
    // An array counts its items, an object its keys (each member's value follows its key).
    if (parent.kind == DocKind::Array || is_key) ++parent.count;
  }
  const auto at = static_cast<std::uint32_t>(storage_->nodes.size());
  DocTapeNode& n = storage_->nodes.emplace_back();
  n.kind = kind;
  n.next = at + 1;
  n.mark = mark;
  return n;
}

void DocTapeBuilder::open(DocKind kind, Span mark) {
  push(kind, mark);
  open_.push_back(static_cast<std::uint32_t>(storage_->nodes.size() - 1));
}

void DocTapeBuilder::end() {
  storage_->nodes[open_.back()].next = static_cast<std::uint32_t>(storage_->nodes.size());
  open_.pop_back();
}

void DocTapeBuilder::integer(std::int64_t i, std::uint32_t text, std::uint32_t size, Span mark) {
  DocTapeNode& n = push(DocKind::Int, mark);
  n.integer = i;
  n.text = text;
  n.size = size;
}

void DocTapeBuilder::string_at(std::uint32_t text, std::uint32_t size, Span mark) {
  DocTapeNode& n = push(DocKind::String, mark);
  n.text = text;
  n.size = size;
}

void DocTapeBuilder::string(std::string_view s, Span mark) {
  const std::uint32_t at = append_bytes(s);
  string_at(at, static_cast<std::uint32_t>(s.size()), mark);
}

void DocTapeBuilder::key_at(std::uint32_t text, std::uint32_t size, Span mark) {
  DocTapeNode& n = push(DocKind::String, mark, /*is_key=*/true);
  n.text = text;
  n.size = size;
}

void DocTapeBuilder::key(std::string_view s, Span mark) {
  const std::uint32_t at = append_bytes(s);
  key_at(at, static_cast<std::uint32_t>(s.size()), mark);
}

std::uint32_t DocTapeBuilder::append_bytes(std::string_view s) {
  const auto at = static_cast<std::uint32_t>(storage_->bytes.size());
  storage_->bytes.append(s);
  return at;
}

std::unique_ptr<const DocTapeStorage> DocTapeBuilder::finish() {
  std::vector<DocTapeNode>& nodes = storage_->nodes;
  if (!open_.empty() || nodes.empty() || nodes[0].next != nodes.size()) return nullptr;
  storage_->tape.nodes = nodes.data();
  storage_->tape.node_count = nodes.size();
  storage_->tape.bytes = storage_->bytes.data();
  return std::move(storage_);
}

}  // namespace vl
