// Native HCL (`.tf`, `.tfvars`, `.terraform.lock.hcl`) through tree-sitter into the frontend's own
// representation (hcl_ast.h), with byte spans, unescaped strings and heredocs. A syntax error (an error
// node) is one KV001 at its position and the file is not used; nesting deeper than the limit is rejected
// before tree-sitter runs (hcl_prescan.h); parsing has a time limit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "frontends/terraform/hcl/hcl_ast.h"

namespace vl::tf {

struct ParseLimits {
  std::uint32_t max_depth = 256;
  // A parse that takes longer than this is abandoned (a KV001). The slowest file of the public corpus
  // parses in well under 0.1 s.
  std::uint64_t timeout_ms = 10'000;
};

ParsedFile parse_hcl_file(FileId file, std::string_view text, const ParseLimits& limits = {});

// One expression on its own (a `--var` value, a variable type written as a string in `.tf.json`). Every
// node gets the span `at`. Returns null and sets `error` when the text is not one expression.
ExprPtr parse_hcl_expression(std::string_view text, Span at, std::string& error);

// A string of `.tf.json`, which is a template there: `${...}` interpolations and `%{...}` directives.
// Every node gets the span `at` (the JSON string), since unescaping moved its bytes.
ExprPtr parse_json_template(std::string_view text, Span at);

}  // namespace vl::tf
