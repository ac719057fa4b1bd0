// Which YAML scalars a policy document keeps typed: a plain (unquoted) `true`, `false` or decimal integer
// in canonical form. The rest, and anything quoted, stay text. Shared by the build-time compiler of the
// embedded policies (cmake/policy_json.cpp) and the reader of user rule files (policy/yaml_doc.cpp), so
// both give graph/doc_node.h the same document; only a fix's value (policy/fix_site.cpp) asks for the type.
#pragma once

#include <string_view>

namespace vl {

enum class PlainScalar { Text, Bool, Integer };

// `quoted`: the scalar was written in quotes (yaml-cpp's tag "!").
inline PlainScalar plain_scalar(std::string_view text, bool quoted) {
  if (quoted) return PlainScalar::Text;
  if (text == "true" || text == "false") return PlainScalar::Bool;
  std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
  // Canonical, so the text reads back the same: no leading zero, no "-0", within 17 digits.
  if (digits.empty() || digits.size() > 17 || (digits[0] == '0' && (digits.size() > 1 || text != digits))) {
    return PlainScalar::Text;
  }
  for (char c : digits) {
    if (c < '0' || c > '9') return PlainScalar::Text;
  }
  return PlainScalar::Integer;
}

}  // namespace vl
