// Tree-sitter's HCL nodes into the frontend's representation (hcl_ast.h): attributes and blocks with their
// spans, strings unescaped, templates split into literal chunks (the bytes between interpolations: the
// grammar drops whitespace from its literal nodes), interpolations and directives, heredocs with `<<-`
// indentation stripped. Expression nesting deeper than kMaxExprDepth becomes an error node. The work is
// defined in hcl_convert.cpp (structure and expressions) and hcl_templates.cpp (strings, templates,
// heredocs), on the state hcl_convert_impl.h declares.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include <tree_sitter/api.h>

#include "frontends/terraform/hcl/hcl_ast.h"

namespace vl::tf {

class HclConverter {
 public:
  HclConverter(std::string_view src, FileId file);
  ~HclConverter();
  HclConverter(const HclConverter&) = delete;
  HclConverter& operator=(const HclConverter&) = delete;

  // Every node gets the span `at` (expressions parsed out of a JSON string or the command line).
  void fix_spans(Span at);
  void body(TSNode node, Body& out);
  Attribute attribute(TSNode node);
  ExprPtr expr(TSNode node);  // an `expression` node, or any node that stands for one
  bool too_deep() const;      // an expression was nested deeper than kMaxExprDepth
  std::uint32_t too_deep_at() const;  // the byte offset of the first such expression

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

bool node_is(TSNode n, const char* type);
// A node's children (or its named ones) through a tree cursor: ts_node_child(n, i) walks from the first
// child each time, which is quadratic over the thousands of children of a long operator chain.
std::vector<TSNode> node_children(TSNode node, bool named_only);

}  // namespace vl::tf
