// Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) into the same representation as native HCL, read
// with the position-tracking JSON reader. Strings are templates there (`"${var.x}"`), except where
// Terraform takes them literally (variable defaults, tfvars values); a variable's `type` is an expression
// written as a string. Nested blocks arrive as object-valued attributes, which the evaluator and the
// mapping read like blocks; `dynamic` is turned into blocks, since it must be expanded.
#pragma once

#include <string_view>

#include "frontends/terraform/hcl/hcl_ast.h"

namespace vl::tf {

// `tfvars`: every member of the top-level object is a variable value, taken literally.
ParsedFile parse_tf_json(FileId file, std::string_view text, bool tfvars);

}  // namespace vl::tf
