#include "policy/yaml_doc.h"

#include <yaml-cpp/yaml.h>

#include "graph/plain_scalar.h"

namespace vl {

namespace {

// yaml-cpp's mark, kept in the span (graph/doc_node.h): position, line, column.
Span mark_of(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return Span{static_cast<FileId>(m.pos), static_cast<std::uint32_t>(m.line), static_cast<std::uint32_t>(m.column)};
}

Value convert(const YAML::Node& n, int depth) {
  if (depth > kMaxValueDepth) return Value::null(mark_of(n));
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      switch (plain_scalar(n.Scalar(), n.Tag() == "!")) {
        case PlainScalar::Bool: return Value::boolean(n.Scalar() == "true", mark_of(n));
        case PlainScalar::Integer: return Value::integer(std::stoll(n.Scalar()), mark_of(n));
        case PlainScalar::Text: break;
      }
      return Value::string(n.Scalar(), mark_of(n));
    case YAML::NodeType::Sequence: {
      Array items;
      for (const YAML::Node& item : n) items.push_back(convert(item, depth + 1));
      return Value::array(std::move(items), mark_of(n));
    }
    case YAML::NodeType::Map: {
      Object members;
      for (const auto& kv : n) {
        // A lookup compares keys as yaml-cpp converts them to text (a null key reads "null").
        std::string key = kv.first.IsNull() ? "null" : kv.first.Scalar();
        members.append(std::move(key), convert(kv.second, depth + 1), mark_of(kv.first));
      }
      return Value::object(std::move(members), mark_of(n));
    }
    default:
      return Value::null(mark_of(n));
  }
}

}  // namespace

DocNode yaml_document(const YAML::Node& node) {
  if (!node.IsDefined()) return DocNode();
  return DocNode(convert(node, 0), /*marks=*/true);
}

DocNode load_yaml_document(const std::string& text) { return yaml_document(YAML::Load(text)); }

}  // namespace vl
