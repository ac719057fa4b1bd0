#include "graph/doc_node.h"

#include <cctype>
#include <cstring>
#include <limits>
#include <sstream>

namespace vl {

namespace {

constexpr const char* kBadConversion = "bad conversion";

// yaml-cpp accepts a scalar in one case throughout, or capitalised (`true`, `TRUE`, `True`).
bool flexible_case(const std::string& s) {
  if (s.empty()) return true;
  auto lower = [](char c) { return !std::isalpha(static_cast<unsigned char>(c)) || std::islower(static_cast<unsigned char>(c)); };
  auto upper = [](char c) { return !std::isalpha(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)); };
  bool first_lower = lower(s[0]);
  bool rest_lower = true, rest_upper = true;
  for (std::size_t i = 1; i < s.size(); ++i) {
    rest_lower = rest_lower && lower(s[i]);
    rest_upper = rest_upper && upper(s[i]);
  }
  return first_lower ? rest_lower : (rest_lower || rest_upper);
}

// What yaml-cpp's stream conversion reads: the whole scalar (trailing white space allowed), in any base.
template <typename T>
bool stream_to(const std::string& input, T& out) {
  std::stringstream stream(input);
  stream.unsetf(std::ios::dec);
  return (stream >> std::noskipws >> out) && (stream >> std::ws).eof();
}

}  // namespace

std::string DocNode::mark_prefix() const {
  if (!tape_->marks) return "";
  const Span s = node().mark;
  std::ostringstream out;
  out << "yaml-cpp: error at line " << s.begin + 1 << ", column " << s.end + 1 << ": ";
  return out.str();
}

void DocNode::bad_conversion() const { throw DocError(mark_prefix() + kBadConversion); }

void DocNode::invalid() const {
  if (invalid_key_.empty()) {
    throw DocError("invalid node; this may result from using a map iterator as a sequence iterator, or vice-versa");
  }
  throw DocError("invalid node; first invalid key: \"" + invalid_key_ + "\"");
}

std::string_view DocNode::text() const {
  const DocTapeNode& n = node();
  if (n.kind == DocKind::Bool) return n.boolean ? "true" : "false";
  return tape_->text(n);
}

Value DocNode::scalar_value() const {
  if (!IsScalar()) return Value();
  const DocTapeNode& n = node();
  if (n.kind == DocKind::Bool) return Value::boolean(n.boolean, n.mark);
  if (n.kind == DocKind::Int) return Value::integer(n.integer, n.mark);
  return Value::string(std::string(text()), n.mark);
}

DocNode DocNode::operator[](std::string_view key) const {
  if (!tape_) invalid();
  if (IsScalar()) throw DocError(mark_prefix() + "operator[] call on a scalar (key: \"" + std::string(key) + "\")");
  const DocTapeNode& n = node();
  if (n.kind == DocKind::Object) {
    // Members are a key then its value: step over each value by its `next`, comparing keys in place.
    const DocTapeNode* nodes = tape_->nodes;
    const char* bytes = tape_->bytes;
    std::uint32_t at = index_ + 1;
    for (std::uint32_t i = 0; i < n.count; ++i) {
      const DocTapeNode& k = nodes[at];
      // The size and first byte rule out nearly every other key before a comparison is called.
      if (k.size == key.size() && (key.empty() || (bytes[k.text] == key[0] && std::memcmp(bytes + k.text, key.data(), key.size()) == 0))) {
        return DocNode(*tape_, at + 1);
      }
      at = nodes[at + 1].next;
    }
  }
  return undefined(key);
}

std::size_t DocNode::size() const {
  if (!tape_) invalid();
  return items();
}

std::string_view DocNode::Scalar() const {
  if (!tape_) invalid();
  return IsScalar() ? text() : std::string_view();
}

template <>
std::string DocNode::as<std::string>() const {
  if (!tape_) invalid();
  if (is(DocKind::Null)) return "null";
  if (!IsScalar()) bad_conversion();
  return std::string(text());
}

template <>
bool DocNode::as<bool>() const {
  if (!tape_) invalid();
  if (is(DocKind::Bool)) return node().boolean;
  if (!is(DocKind::String)) bad_conversion();
  const std::string s(text());
  if (s == "true") return true;  // nearly always
  if (s == "false") return false;
  if (!flexible_case(s)) bad_conversion();
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* const kNames[][2] = {{"y", "n"}, {"yes", "no"}, {"true", "false"}, {"on", "off"}};
  for (const auto& name : kNames) {
    if (lower == name[0]) return true;
    if (lower == name[1]) return false;
  }
  bad_conversion();
}

template <>
int DocNode::as<int>() const {
  if (!tape_) invalid();
  if (is(DocKind::Int)) {
    const std::int64_t i = node().integer;
    if (i < std::numeric_limits<int>::min() || i > std::numeric_limits<int>::max()) bad_conversion();
    return static_cast<int>(i);
  }
  if (!is(DocKind::String)) bad_conversion();
  int out = 0;
  if (!stream_to(std::string(text()), out)) bad_conversion();
  return out;
}

template <>
double DocNode::as<double>() const {
  if (!tape_) invalid();
  if (is(DocKind::Int)) return static_cast<double>(node().integer);
  if (!is(DocKind::String)) bad_conversion();
  const std::string s(text());
  double out = 0;
  if (stream_to(s, out)) return out;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF") {
    return std::numeric_limits<double>::infinity();
  }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -std::numeric_limits<double>::infinity();
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  bad_conversion();
}

DocItem DocNode::const_iterator::operator*() const {
  DocItem item;
  const DocTape& tape = *node_->tape_;
  if (node_->is(DocKind::Array)) {
    static_cast<DocNode&>(item) = DocNode(tape, at_);
  } else {
    item.first = DocNode(tape, at_);
    item.second = DocNode(tape, at_ + 1);
  }
  return item;
}

DocNode::const_iterator& DocNode::const_iterator::operator++() {
  const DocTapeNode* nodes = node_->tape_->nodes;
  at_ = node_->is(DocKind::Array) ? nodes[at_].next : nodes[at_ + 1].next;  // a map: past the member's value
  ++i_;
  return *this;
}

}  // namespace vl
