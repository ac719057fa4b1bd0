// Strings, templates and heredocs of tree-sitter's HCL into the frontend's representation (HclConverter,
// hcl_convert_impl.h): quoted strings unescaped, templates split into literal chunks (the bytes between
// interpolations: the grammar drops whitespace from its literal nodes), interpolations and `%{...}`
// directives with their strip markers, heredocs with `<<-` indentation stripped.
#include <algorithm>
#include <string>
#include <vector>

#include "frontends/terraform/hcl/hcl_convert_impl.h"
#include "frontends/terraform/hcl/hcl_strings.h"

namespace vl::tf {
// The text between the quotes of a string_lit, unescaped.
std::string HclConverter::Impl::string_literal(TSNode node) {
  std::uint32_t b = ts_node_start_byte(node) + 1, e = ts_node_end_byte(node);
  if (e > b && src_[e - 1] == '"') --e;
  if (e < b) e = b;
  return unescape_quoted(src_.substr(b, e - b));
}

ExprPtr HclConverter::Impl::quoted_template(TSNode node) {
  std::uint32_t b = ts_node_start_byte(node) + 1, e = ts_node_end_byte(node);
  if (e > b && src_[e - 1] == '"') --e;
  if (e < b) e = b;
  auto t = make(ExprKind::Template, span(node));
  std::vector<TSNode> parts = children(node);
  template_parts(parts, 0, parts.size(), b, e, false, 0, *t);
  return t;
}

ExprPtr HclConverter::Impl::heredoc(TSNode node) {
  auto t = make(ExprKind::Template, span(node));
  std::vector<TSNode> parts = children(node);
  // heredoc_start, heredoc_identifier, ..., heredoc_identifier
  std::size_t first_id = 0, last_id = 0;
  bool flush = false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (node_is(parts[i], "heredoc_start")) flush = text(parts[i]) == "<<-";
    if (node_is(parts[i], "heredoc_identifier")) {
      if (first_id == 0) first_id = i;
      last_id = i;
    }
  }
  if (first_id == 0 || last_id == first_id) return t;
  std::uint32_t begin = ts_node_end_byte(parts[first_id]);
  while (begin < src_.size() && src_[begin] != '\n') ++begin;
  if (begin < src_.size()) ++begin;
  std::uint32_t end = ts_node_start_byte(parts[last_id]);
  while (end > begin && src_[end - 1] != '\n') --end;
  std::uint32_t indent = 0;
  if (flush) {
    // `<<-` strips the smallest indentation of the lines (lines of only spaces do not count).
    indent = UINT32_MAX;
    std::uint32_t p = begin;
    while (p < end) {
      std::uint32_t q = p;
      while (q < end && (src_[q] == ' ' || src_[q] == '\t')) ++q;
      if (q < end && src_[q] != '\n' && src_[q] != '\r') indent = std::min(indent, q - p);
      while (q < end && src_[q] != '\n') ++q;
      p = q + 1;
    }
    if (indent == UINT32_MAX) indent = 0;
  }
  template_parts(parts, first_id + 1, last_id, begin, end, true, indent, *t);
  return t;
}

// Literal text of a template between `begin` and `end`, outside its interpolations and directives.
std::string HclConverter::Impl::literal_text(std::uint32_t begin, std::uint32_t end, bool heredoc, std::uint32_t indent,
                                             std::uint32_t content_begin) const {
  if (end <= begin) return "";
  if (!heredoc) return unescape_quoted(src_.substr(begin, end - begin));
  std::string raw;
  for (std::uint32_t p = begin; p < end; ++p) {
    bool at_line_start = p == content_begin || src_[p - 1] == '\n';
    if (at_line_start && indent > 0) {
      std::uint32_t skipped = 0;
      while (p < end && skipped < indent && (src_[p] == ' ' || src_[p] == '\t')) {
        ++p;
        ++skipped;
      }
      if (p >= end) break;
    }
    raw += src_[p];
  }
  return unescape_heredoc(raw);
}

// Fills `out` with the parts found among `nodes[from, to)` within [begin, end): literal chunks (the
// bytes between interpolations, since tree-sitter drops whitespace from template_literal nodes),
// interpolations and directives. Strip markers (`~`) trim the whitespace next to them.
void HclConverter::Impl::template_parts(const std::vector<TSNode>& nodes, std::size_t from, std::size_t to, std::uint32_t begin,
                                        std::uint32_t end, bool heredoc, std::uint32_t indent, Expr& out, std::uint32_t content_begin) {
  if (content_begin == UINT32_MAX) content_begin = begin;
  std::uint32_t pos = begin;
  bool strip_next = false;
  auto add_literal = [&](std::uint32_t b, std::uint32_t e, bool strip_end) {
    std::string lit = literal_text(b, e, heredoc, indent, content_begin);
    if (strip_next) lit.erase(0, lit.find_first_not_of(" \t\r\n") == std::string::npos ? lit.size() : lit.find_first_not_of(" \t\r\n"));
    if (strip_end) lit.erase(lit.find_last_not_of(" \t\r\n") + 1);
    strip_next = false;
    if (!lit.empty()) {
      auto s = make(ExprKind::String, span(b, e));
      s->text = std::move(lit);
      out.items.push_back(std::move(s));
    }
  };
  for (std::size_t i = from; i < to; ++i) {
    TSNode n = nodes[i];
    bool interp = node_is(n, "template_interpolation");
    bool directive = node_is(n, "template_directive");
    if (!interp && !directive) continue;
    std::uint32_t nb = ts_node_start_byte(n), ne = ts_node_end_byte(n);
    auto [strip_left, strip_right] = strip_markers(n);
    add_literal(pos, nb, strip_left);
    if (interp) {
      auto part = make(ExprKind::Interp, span(n));
      for (TSNode c : children(n)) {
        if (node_is(c, "expression")) part->items.push_back(expr(c));
      }
      if (part->items.empty()) part->items.push_back(make(ExprKind::String, span(n)));
      out.items.push_back(std::move(part));
    } else {
      out.items.push_back(directive_expr(ts_node_named_child(n, 0), heredoc, indent, content_begin));
    }
    strip_next = strip_right;
    pos = ne;
  }
  add_literal(pos, end, false);
}

// `${~ x ~}`, `%{~ if c ~}`: a marker right after the opening token trims the whitespace before the
// part, one right before the closing token the whitespace after it.
bool HclConverter::Impl::marker_after_start(TSNode n) {
  std::vector<TSNode> c = children(n);
  return c.size() > 1 && node_is(c[1], "strip_marker");
}

bool HclConverter::Impl::marker_before_end(TSNode n) {
  std::vector<TSNode> c = children(n);
  return c.size() > 2 && node_is(c[c.size() - 2], "strip_marker");
}

std::pair<bool, bool> HclConverter::Impl::strip_markers(TSNode n) {
  if (node_is(n, "template_interpolation")) return {marker_after_start(n), marker_before_end(n)};
  TSNode inner = ts_node_named_child(n, 0);  // template_if / template_for
  std::uint32_t count = ts_node_named_child_count(inner);
  if (count == 0) return {false, false};
  return {marker_after_start(ts_node_named_child(inner, 0)), marker_before_end(ts_node_named_child(inner, count - 1))};
}

ExprPtr HclConverter::Impl::directive_expr(TSNode node, bool heredoc, std::uint32_t indent, std::uint32_t content_begin) {
  std::vector<TSNode> parts = children(node);
  if (node_is(node, "template_if")) {
    auto e = make(ExprKind::TemplateIf, span(node));
    std::size_t else_at = parts.size(), end_at = parts.size();
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (node_is(parts[i], "template_else_intro")) else_at = i;
      if (node_is(parts[i], "template_if_end")) end_at = i;
    }
    ExprPtr cond;
    for (TSNode c : children(parts[0])) {
      if (node_is(c, "expression")) cond = expr(c);
    }
    e->items.push_back(cond ? std::move(cond) : make(ExprKind::Error, span(node)));
    std::size_t then_end = else_at < parts.size() ? else_at : end_at;
    auto then_t = make(ExprKind::Template, span(node));
    std::uint32_t then_close = then_end < parts.size() ? ts_node_start_byte(parts[then_end]) : ts_node_end_byte(node);
    template_parts(parts, 1, then_end, ts_node_end_byte(parts[0]), then_close, heredoc, indent, *then_t, content_begin);
    e->items.push_back(std::move(then_t));
    if (else_at < parts.size()) {
      auto else_t = make(ExprKind::Template, span(node));
      std::uint32_t else_close = end_at < parts.size() ? ts_node_start_byte(parts[end_at]) : ts_node_end_byte(node);
      template_parts(parts, else_at + 1, end_at, ts_node_end_byte(parts[else_at]), else_close, heredoc, indent, *else_t,
                     content_begin);
      e->items.push_back(std::move(else_t));
    }
    return e;
  }
  // template_for: template_for_start, parts..., template_for_end
  auto e = make(ExprKind::TemplateFor, span(node));
  std::vector<std::string> names;
  ExprPtr coll;
  for (TSNode c : children(parts[0])) {
    if (node_is(c, "identifier")) names.emplace_back(text(c));
    if (node_is(c, "expression")) coll = expr(c);
  }
  if (names.size() == 2) {
    e->text = names[0];
    e->text2 = names[1];
  } else if (names.size() == 1) {
    e->text2 = names[0];
  }
  e->items.push_back(coll ? std::move(coll) : make(ExprKind::Error, span(node)));
  std::size_t end_at = parts.size();
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (node_is(parts[i], "template_for_end")) end_at = i;
  }
  auto body = make(ExprKind::Template, span(node));
  std::uint32_t close = end_at < parts.size() ? ts_node_start_byte(parts[end_at]) : ts_node_end_byte(node);
  template_parts(parts, 1, end_at, ts_node_end_byte(parts[0]), close, heredoc, indent, *body, content_begin);
  e->items.push_back(std::move(body));
  return e;
}

}  // namespace vl::tf
