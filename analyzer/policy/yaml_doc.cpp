#include "policy/yaml_doc.h"

#include <yaml-cpp/yaml.h>

#include "graph/plain_scalar.h"

namespace vl {

namespace {

// yaml-cpp's mark, kept in the node (graph/doc_tape.h): position, line, column.
Span mark_of(const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  return Span{static_cast<FileId>(m.pos), static_cast<std::uint32_t>(m.line), static_cast<std::uint32_t>(m.column)};
}

void convert(const YAML::Node& n, int depth, DocTapeBuilder& out) {
  if (depth > kMaxValueDepth) return out.null(mark_of(n));
  switch (n.Type()) {
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      switch (plain_scalar(s, n.Tag() == "!")) {
        case PlainScalar::Bool: return out.boolean(s == "true", mark_of(n));
        case PlainScalar::Integer: {
          const std::uint32_t at = out.append_bytes(s);
          return out.integer(std::stoll(s), at, static_cast<std::uint32_t>(s.size()), mark_of(n));
        }
        case PlainScalar::Text: break;
      }
      return out.string(s, mark_of(n));
    }
    case YAML::NodeType::Sequence:
      out.begin_array(mark_of(n));
      for (const YAML::Node& item : n) convert(item, depth + 1, out);
      return out.end();
    case YAML::NodeType::Map:
      out.begin_object(mark_of(n));
      for (const auto& kv : n) {
        // A lookup compares keys as yaml-cpp converts them to text (a null key reads "null").
        out.key(kv.first.IsNull() ? std::string_view("null") : std::string_view(kv.first.Scalar()), mark_of(kv.first));
        convert(kv.second, depth + 1, out);
      }
      return out.end();
    default:
      return out.null(mark_of(n));
  }
}

}  // namespace

DocTree yaml_document(const YAML::Node& node) {
  if (!node.IsDefined()) return DocTree();
  DocTapeBuilder out(/*marks=*/true);
  convert(node, 0, out);
  return DocTree(out.finish());
}

DocTree load_yaml_document(const std::string& text) { return yaml_document(YAML::Load(text)); }

}  // namespace vl
