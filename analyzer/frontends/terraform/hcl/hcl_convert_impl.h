// The converter's working state, internal to it (hcl_convert.h is its interface): one Impl per file or
// expression converted. The small accessors are inline here; the conversion is defined by what it reads:
// hcl_convert.cpp (bodies, attributes, blocks and expressions) and hcl_templates.cpp (strings, templates
// with their interpolations and directives, heredocs).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <tree_sitter/api.h>

#include "frontends/terraform/hcl/hcl_convert.h"

namespace vl::tf {

class HclConverter::Impl {
 public:
  Impl(std::string_view src, FileId file) : src_(src), file_(file) {}

  // Every node gets this span (expressions parsed out of a JSON string or the command line).
  void fix_spans(Span at) {
    fixed_ = true;
    fixed_span_ = at;
  }

  // ---- structure and expressions (hcl_convert.cpp) ------------------------------------------------

  void body(TSNode node, Body& out);
  Attribute attribute(TSNode node);
  Block block(TSNode node);
  // An `expression` node, or any node that stands for one.
  ExprPtr expr(TSNode node);

  bool too_deep() const { return too_deep_; }
  std::uint32_t too_deep_at() const { return too_deep_at_; }
  void mark_too_deep(std::uint32_t offset) {
    if (!too_deep_) too_deep_at_ = offset;
    too_deep_ = true;
  }

 private:
  static ExprPtr make(ExprKind kind, Span span) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = span;
    return e;
  }
  Span span(TSNode n) const { return span(ts_node_start_byte(n), ts_node_end_byte(n)); }
  Span span(std::uint32_t b, std::uint32_t e) const {
    if (fixed_) return fixed_span_;
    return Span{file_, b, e};
  }
  std::string_view text(TSNode n) const {
    return src_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }
  // Children without comments (tree-sitter places comments anywhere).
  static std::vector<TSNode> children(TSNode node);

  ExprPtr expr_inner(TSNode node);
  ExprPtr conditional(TSNode node);
  // An inlined term: a primary (or `( expression )`) followed by index / get_attr / splat steps; or an
  // operation.
  ExprPtr term(const std::vector<TSNode>& parts, Span whole);
  ExprPtr get_attr(ExprPtr base, TSNode step, Span s);
  ExprPtr index(ExprPtr base, TSNode step, Span s);
  ExprPtr splat(ExprPtr base, TSNode step, Span s);
  ExprPtr primary(TSNode node);
  ExprPtr literal(TSNode node);
  ExprPtr tuple(TSNode node);
  ExprPtr object(TSNode node);
  ExprPtr call(TSNode node);
  ExprPtr for_expr(TSNode node);
  ExprPtr operation(TSNode node);

  // ---- strings, templates and heredocs (hcl_templates.cpp) ----------------------------------------

  // The text between the quotes of a string_lit, unescaped.
  std::string string_literal(TSNode node);
  ExprPtr quoted_template(TSNode node);
  ExprPtr heredoc(TSNode node);
  // Literal text of a template between `begin` and `end`, outside its interpolations and directives.
  std::string literal_text(std::uint32_t begin, std::uint32_t end, bool heredoc, std::uint32_t indent,
                           std::uint32_t content_begin) const;
  // Fills `out` with the parts found among `nodes[from, to)` within [begin, end): literal chunks (the
  // bytes between interpolations, since tree-sitter drops whitespace from template_literal nodes),
  // interpolations and directives. Strip markers (`~`) trim the whitespace next to them.
  void template_parts(const std::vector<TSNode>& nodes, std::size_t from, std::size_t to, std::uint32_t begin,
                      std::uint32_t end, bool heredoc, std::uint32_t indent, Expr& out,
                      std::uint32_t content_begin = UINT32_MAX);
  // `${~ x ~}`, `%{~ if c ~}`: a marker right after the opening token trims the whitespace before the
  // part, one right before the closing token the whitespace after it.
  static bool marker_after_start(TSNode n);
  static bool marker_before_end(TSNode n);
  static std::pair<bool, bool> strip_markers(TSNode n);
  ExprPtr directive_expr(TSNode node, bool heredoc, std::uint32_t indent, std::uint32_t content_begin);

  std::string_view src_;
  FileId file_;
  bool fixed_ = false;
  Span fixed_span_;
  int depth_ = 0;
  bool too_deep_ = false;
  std::uint32_t too_deep_at_ = 0;  // where the first too-deep expression starts
};

}  // namespace vl::tf
