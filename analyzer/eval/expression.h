// The ARM template expression language: the text between `[` and `]` of a template string. Literals
// (strings in single quotes with '' as escape, integers), function calls (optionally namespaced, for
// user-defined functions: `ns.fn(...)`), property access (`.name`) and index access (`[expr]`).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vl {

struct Expr {
  enum class Kind : std::uint8_t { String, Int, Float, Bool, Null, Call, Property, Index };

  Kind kind = Kind::Null;
  std::uint32_t offset = 0;  // where it starts in the expression text
  std::string text;          // String: the value; Call: the function name; Property: the member name
  std::string ns;            // Call: the namespace of a user-defined function (`ns.fn(...)`), else empty
  std::int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  // Call: the arguments. Property: [object]. Index: [object, index].
  std::vector<std::unique_ptr<Expr>> args;
};

using ExprPtr = std::shared_ptr<const Expr>;

struct ExprParseResult {
  ExprPtr expr;               // null on error
  std::string error;          // what is wrong
  std::uint32_t error_offset = 0;
};

// Parses an expression (the text inside the brackets, without them).
ExprParseResult parse_expression(std::string_view text);

// What a template string is: a literal, an expression (`[...]`), or a literal written with the `[[`
// escape (its first bracket dropped).
struct TemplateString {
  bool is_expression = false;
  std::string_view text;  // the expression text (without brackets), or the literal
};
TemplateString classify_template_string(std::string_view s);

}  // namespace vl
