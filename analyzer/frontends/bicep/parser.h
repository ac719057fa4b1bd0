// The Bicep parser: a newline-aware recursive descent over the lexer's tokens, shaped like the Bicep
// compiler's own (declarations end at a new line; arrays, objects and argument lists take new lines or
// commas; `?` and `:` of a ternary may start a line). A syntax error abandons the declaration it is in
// and parsing resumes at the next line that starts a declaration outside any brackets, so the rest of the
// file is still analysed; each abandoned declaration is one error. Nesting deeper than kMaxNesting is an
// error rather than a stack overflow.
#pragma once

#include <memory>
#include <string_view>

#include "frontends/bicep/syntax.h"

namespace vl::bicep {

inline constexpr int kMaxNesting = 256;
// The syntax errors reported per file: the first ones, the last of them saying how many more there were.
inline constexpr std::size_t kMaxSyntaxErrors = 20;

// Parses a .bicep file, or a .bicepparam file when `params_file`.
std::unique_ptr<SyntaxTree> parse(std::string_view text, bool params_file = false);

}  // namespace vl::bicep
