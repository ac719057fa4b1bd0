#include "frontends/terraform/hcl/hcl_convert.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "frontends/terraform/hcl/hcl_parser.h"
#include "source/bytes.h"

namespace vl::tf {

bool node_is(TSNode n, const char* type) { return std::strcmp(ts_node_type(n), type) == 0; }

std::vector<TSNode> node_children(TSNode node, bool named_only) {
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (!named_only || ts_node_is_named(c)) out.push_back(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

namespace {

bool hex_value(std::string_view s, std::uint32_t& out) {
  out = 0;
  for (char c : s) {
    int digit = hex_digit(c);
    if (digit < 0) return false;
    out = (out << 4) | static_cast<std::uint32_t>(digit);
  }
  return true;
}


ExprPtr make(ExprKind kind, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  return e;
}

}  // namespace

std::string unescape_heredoc(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
    } else if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') {
      continue;  // CRLF files: the value holds \n, as Terraform's does
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_quoted(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char n = raw[++i];
      std::uint32_t cp;
      switch (n) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'u':
          if (i + 4 < raw.size() + 0 && hex_value(raw.substr(i + 1, 4), cp)) {
            append_utf8(out, cp);
            i += 4;
          } else {
            out += "\\u";
          }
          break;
        case 'U':
          if (i + 8 < raw.size() + 0 && hex_value(raw.substr(i + 1, 8), cp)) {
            append_utf8(out, cp);
            i += 8;
          } else {
            out += "\\U";
          }
          break;
        default:
          out += '\\';
          out += n;
      }
    } else if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}


class HclConverter::Impl {
 public:
  Impl(std::string_view src, FileId file) : src_(src), file_(file) {}
  // Every node gets this span (expressions parsed out of a JSON string or the command line).
  void fix_spans(Span at) {
    fixed_ = true;
    fixed_span_ = at;
  }

  Span span(TSNode n) const { return span(ts_node_start_byte(n), ts_node_end_byte(n)); }
  Span span(std::uint32_t b, std::uint32_t e) const {
    if (fixed_) return fixed_span_;
    return Span{file_, b, e};
  }
  std::string_view text(TSNode n) const {
    return src_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }

  void body(TSNode node, Body& out) {
    for (TSNode child : node_children(node, true)) {
      if (node_is(child, "attribute")) {
        out.attributes.push_back(attribute(child));
      } else if (node_is(child, "block")) {
        out.blocks.push_back(block(child));
      }
    }
  }

  Attribute attribute(TSNode node) {
    Attribute a;
    a.span = span(node);
    for (TSNode child : node_children(node, true)) {
      if (node_is(child, "identifier") && a.name.empty()) {
        a.name = std::string(text(child));
        a.name_span = span(child);
      } else if (node_is(child, "expression")) {
        a.value = expr(child);
      }
    }
    if (!a.value) a.value = make(ExprKind::Null, a.span);
    return a;
  }

  Block block(TSNode node) {
    Block b;
    b.span = span(node);
    std::uint32_t header_end = ts_node_end_byte(node);
    bool typed = false;
    for (TSNode child : node_children(node, true)) {
      if (node_is(child, "identifier")) {
        if (!typed) {
          b.type = std::string(text(child));
          b.type_span = span(child);
          typed = true;
        } else {
          b.labels.emplace_back(text(child));
          b.label_spans.push_back(span(child));
        }
      } else if (node_is(child, "string_lit")) {
        b.labels.push_back(string_literal(child));
        b.label_spans.push_back(span(child));
      } else if (node_is(child, "block_start")) {
        header_end = ts_node_end_byte(child);
      } else if (node_is(child, "body")) {
        body(child, *b.body);
      }
    }
    b.header = span(ts_node_start_byte(node), header_end);
    return b;
  }

  // An `expression` node, or any node that stands for one.
  ExprPtr expr(TSNode node) {
    if (++depth_ > kMaxExprDepth) {
      --depth_;
      auto e = make(ExprKind::Error, span(node));
      e->text = "an expression nested more than " + std::to_string(kMaxExprDepth) + " levels deep";
      mark_too_deep(ts_node_start_byte(node));
      return e;
    }
    ExprPtr out = expr_inner(node);
    --depth_;
    return out;
  }

  bool too_deep() const { return too_deep_; }
  std::uint32_t too_deep_at() const { return too_deep_at_; }
  void mark_too_deep(std::uint32_t offset) {
    if (!too_deep_) too_deep_at_ = offset;
    too_deep_ = true;
  }

 private:
  ExprPtr expr_inner(TSNode node) {
    if (node_is(node, "expression")) {
      std::vector<TSNode> parts = children(node);
      if (parts.size() == 1 && node_is(parts[0], "conditional")) return conditional(parts[0]);
      return term(parts, span(node));
    }
    if (node_is(node, "conditional")) return conditional(node);
    std::vector<TSNode> one{node};
    return term(one, span(node));
  }

  // Children without comments (tree-sitter places comments anywhere).
  static std::vector<TSNode> children(TSNode node) {
    std::vector<TSNode> out = node_children(node, false);
    std::erase_if(out, [](TSNode c) { return node_is(c, "comment"); });
    return out;
  }

  ExprPtr conditional(TSNode node) {
    auto e = make(ExprKind::Conditional, span(node));
    for (TSNode c : children(node)) {
      if (node_is(c, "expression")) e->items.push_back(expr(c));
    }
    while (e->items.size() < 3) e->items.push_back(make(ExprKind::Error, e->span));
    return e;
  }

  // An inlined term: a primary (or `( expression )`) followed by index / get_attr / splat steps; or an
  // operation.
  ExprPtr term(const std::vector<TSNode>& parts, Span whole) {
    // Unary and binary chains (`!!!!x`, `a + a + ...`) nest through here without `expression` nodes.
    struct Depth {
      int& d;
      explicit Depth(int& x) : d(x) { ++d; }
      ~Depth() { --d; }
    } depth(depth_);
    if (depth_ > kMaxExprDepth) {
      if (!parts.empty()) mark_too_deep(ts_node_start_byte(parts[0]));
      return make(ExprKind::Error, whole);
    }
    if (parts.empty()) return make(ExprKind::Error, whole);
    std::size_t i = 0;
    ExprPtr base;
    if (node_is(parts[0], "(")) {
      std::size_t close = 1;
      while (close < parts.size() && !node_is(parts[close], ")")) ++close;
      auto p = make(ExprKind::Parens, span(ts_node_start_byte(parts[0]),
                                           ts_node_end_byte(parts[close < parts.size() ? close : parts.size() - 1])));
      p->items.push_back(parts.size() > 1 && node_is(parts[1], "expression") ? expr(parts[1]) : make(ExprKind::Error, whole));
      base = std::move(p);
      i = close + 1;
    } else {
      base = primary(parts[0]);
      i = 1;
    }
    std::uint32_t start = ts_node_start_byte(parts[0]);
    // Each step nests the expression one level deeper (a.b.c is GetAttr(GetAttr(a))).
    if (parts.size() - i + static_cast<std::size_t>(depth_) > static_cast<std::size_t>(kMaxExprDepth)) {
      mark_too_deep(start);
      return make(ExprKind::Error, whole);
    }
    for (; i < parts.size(); ++i) {
      TSNode step = parts[i];
      Span s = span(start, ts_node_end_byte(step));
      if (node_is(step, "get_attr")) {
        base = get_attr(std::move(base), step, s);
      } else if (node_is(step, "index")) {
        base = index(std::move(base), step, s);
      } else if (node_is(step, "splat")) {
        base = splat(std::move(base), step, s);
      }
    }
    return base;
  }

  ExprPtr get_attr(ExprPtr base, TSNode step, Span s) {
    auto e = make(ExprKind::GetAttr, s);
    for (TSNode c : children(step)) {
      if (node_is(c, "identifier")) e->text = std::string(text(c));
    }
    e->items.push_back(std::move(base));
    return e;
  }

  ExprPtr index(ExprPtr base, TSNode step, Span s) {
    auto e = make(ExprKind::Index, s);
    e->items.push_back(std::move(base));
    TSNode inner = ts_node_named_child(step, 0);
    if (node_is(inner, "new_index")) {
      ExprPtr key;
      for (TSNode c : children(inner)) {
        if (node_is(c, "expression")) key = expr(c);
      }
      e->items.push_back(key ? std::move(key) : make(ExprKind::Error, s));
    } else {
      // legacy_index `.0`
      std::string_view t = text(inner);
      auto k = make(ExprKind::Number, span(inner));
      k->is_int = true;
      k->integer = 0;
      for (char c : t.substr(t.find('.') + 1)) {
        if (c >= '0' && c <= '9' && k->integer < (1LL << 40)) k->integer = k->integer * 10 + (c - '0');
      }
      k->number = static_cast<double>(k->integer);
      e->items.push_back(std::move(k));
    }
    return e;
  }

  ExprPtr splat(ExprPtr base, TSNode step, Span s) {
    auto e = make(ExprKind::Splat, s);
    e->items.push_back(std::move(base));
    TSNode inner = ts_node_named_child(step, 0);  // attr_splat or full_splat
    ExprPtr each = make(ExprKind::SplatItem, s);
    bool any = false;
    if (ts_node_child_count(inner) > static_cast<std::uint32_t>(kMaxExprDepth)) {
      mark_too_deep(ts_node_start_byte(inner));
      return e;
    }
    for (TSNode c : children(inner)) {
      if (node_is(c, "get_attr")) {
        each = get_attr(std::move(each), c, s);
        any = true;
      } else if (node_is(c, "index")) {
        each = index(std::move(each), c, s);
        any = true;
      }
    }
    if (any) e->items.push_back(std::move(each));
    return e;
  }

  ExprPtr primary(TSNode node) {
    Span s = span(node);
    if (node_is(node, "literal_value")) return literal(ts_node_named_child(node, 0));
    if (node_is(node, "template_expr")) {
      TSNode t = ts_node_named_child(node, 0);
      return node_is(t, "heredoc_template") ? heredoc(t) : quoted_template(t);
    }
    if (node_is(node, "collection_value")) {
      TSNode c = ts_node_named_child(node, 0);
      return node_is(c, "tuple") ? tuple(c) : object(c);
    }
    if (node_is(node, "variable_expr")) {
      auto e = make(ExprKind::Variable, s);
      e->text = std::string(text(node));
      return e;
    }
    if (node_is(node, "function_call")) return call(node);
    if (node_is(node, "for_expr")) return for_expr(ts_node_named_child(node, 0));
    if (node_is(node, "operation")) return operation(ts_node_named_child(node, 0));
    if (node_is(node, "expression")) return expr(node);
    auto e = make(ExprKind::Error, s);
    e->text = std::string(ts_node_type(node));
    return e;
  }

  ExprPtr literal(TSNode node) {
    Span s = span(node);
    if (node_is(node, "numeric_lit")) {
      auto e = make(ExprKind::Number, s);
      std::string t(text(node));
      if (t.rfind("0x", 0) == 0) {
        e->is_int = true;
        e->integer = static_cast<std::int64_t>(std::strtoll(t.c_str() + 2, nullptr, 16));
        e->number = static_cast<double>(e->integer);
      } else if (t.find_first_of(".eE") == std::string::npos && t.size() < 18) {
        e->is_int = true;
        e->integer = std::strtoll(t.c_str(), nullptr, 10);
        e->number = static_cast<double>(e->integer);
      } else {
        e->number = std::strtod(t.c_str(), nullptr);
        if (!std::isfinite(e->number)) {
          e->kind = ExprKind::Error;
          e->text = "a number too large to represent";
        }
      }
      return e;
    }
    if (node_is(node, "bool_lit")) {
      auto e = make(ExprKind::Bool, s);
      e->boolean = text(node) == "true";
      return e;
    }
    if (node_is(node, "null_lit")) return make(ExprKind::Null, s);
    if (node_is(node, "string_lit")) {
      auto e = make(ExprKind::String, s);
      e->text = string_literal(node);
      return e;
    }
    return make(ExprKind::Error, s);
  }

  // The text between the quotes of a string_lit, unescaped.
  std::string string_literal(TSNode node) {
    std::uint32_t b = ts_node_start_byte(node) + 1, e = ts_node_end_byte(node);
    if (e > b && src_[e - 1] == '"') --e;
    if (e < b) e = b;
    return unescape_quoted(src_.substr(b, e - b));
  }

  ExprPtr quoted_template(TSNode node) {
    std::uint32_t b = ts_node_start_byte(node) + 1, e = ts_node_end_byte(node);
    if (e > b && src_[e - 1] == '"') --e;
    if (e < b) e = b;
    auto t = make(ExprKind::Template, span(node));
    std::vector<TSNode> parts = children(node);
    template_parts(parts, 0, parts.size(), b, e, false, 0, *t);
    return t;
  }

  ExprPtr heredoc(TSNode node) {
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
  std::string literal_text(std::uint32_t begin, std::uint32_t end, bool heredoc, std::uint32_t indent,
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
  void template_parts(const std::vector<TSNode>& nodes, std::size_t from, std::size_t to, std::uint32_t begin,
                      std::uint32_t end, bool heredoc, std::uint32_t indent, Expr& out, std::uint32_t content_begin = UINT32_MAX) {
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
  static bool marker_after_start(TSNode n) {
    std::vector<TSNode> c = children(n);
    return c.size() > 1 && node_is(c[1], "strip_marker");
  }
  static bool marker_before_end(TSNode n) {
    std::vector<TSNode> c = children(n);
    return c.size() > 2 && node_is(c[c.size() - 2], "strip_marker");
  }
  static std::pair<bool, bool> strip_markers(TSNode n) {
    if (node_is(n, "template_interpolation")) return {marker_after_start(n), marker_before_end(n)};
    TSNode inner = ts_node_named_child(n, 0);  // template_if / template_for
    std::uint32_t count = ts_node_named_child_count(inner);
    if (count == 0) return {false, false};
    return {marker_after_start(ts_node_named_child(inner, 0)), marker_before_end(ts_node_named_child(inner, count - 1))};
  }

  ExprPtr directive_expr(TSNode node, bool heredoc, std::uint32_t indent, std::uint32_t content_begin) {
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

  ExprPtr tuple(TSNode node) {
    auto e = make(ExprKind::Tuple, span(node));
    for (TSNode c : children(node)) {
      if (node_is(c, "expression")) e->items.push_back(expr(c));
    }
    return e;
  }

  ExprPtr object(TSNode node) {
    auto e = make(ExprKind::Object, span(node));
    for (TSNode elem : children(node)) {
      if (!node_is(elem, "object_elem")) continue;
      TSNode key = ts_node_child_by_field_name(elem, "key", 3);
      TSNode val = ts_node_child_by_field_name(elem, "val", 3);
      if (ts_node_is_null(key) || ts_node_is_null(val)) continue;
      ExprPtr k = expr(key);
      // A naked identifier as a key is the literal name, not a variable.
      if (k->kind == ExprKind::Variable) {
        k->kind = ExprKind::String;
      }
      e->items.push_back(std::move(k));
      e->items.push_back(expr(val));
    }
    return e;
  }

  ExprPtr call(TSNode node) {
    auto e = make(ExprKind::Call, span(node));
    for (TSNode c : children(node)) {
      if (node_is(c, "identifier")) e->text = std::string(text(c));
      if (node_is(c, "function_arguments")) {
        for (TSNode a : children(c)) {
          if (node_is(a, "expression")) e->items.push_back(expr(a));
          if (node_is(a, "ellipsis")) e->flag = true;
        }
      }
    }
    return e;
  }

  ExprPtr for_expr(TSNode node) {
    bool object = node_is(node, "for_object_expr");
    auto e = make(object ? ExprKind::ForObject : ExprKind::ForTuple, span(node));
    std::vector<ExprPtr> exprs;
    ExprPtr cond;
    for (TSNode c : children(node)) {
      if (node_is(c, "for_intro")) {
        std::vector<std::string> names;
        ExprPtr coll;
        for (TSNode i : children(c)) {
          if (node_is(i, "identifier")) names.emplace_back(text(i));
          if (node_is(i, "expression")) coll = expr(i);
        }
        if (names.size() == 2) {
          e->text = names[0];
          e->text2 = names[1];
        } else if (names.size() == 1) {
          e->text2 = names[0];
        }
        exprs.insert(exprs.begin(), coll ? std::move(coll) : make(ExprKind::Error, span(c)));
      } else if (node_is(c, "expression")) {
        exprs.push_back(expr(c));
      } else if (node_is(c, "ellipsis")) {
        e->flag = true;
      } else if (node_is(c, "for_cond")) {
        for (TSNode i : children(c)) {
          if (node_is(i, "expression")) cond = expr(i);
        }
      }
    }
    std::size_t want = object ? 3 : 2;
    while (exprs.size() < want) exprs.push_back(make(ExprKind::Error, e->span));
    e->items = std::move(exprs);
    if (cond) {
      e->items.push_back(std::move(cond));
      e->has_cond = true;
    }
    return e;
  }

  ExprPtr operation(TSNode node) {
    std::vector<TSNode> parts = children(node);
    if (node_is(node, "unary_operation")) {
      auto e = make(ExprKind::Unary, span(node));
      e->text = parts.empty() ? "!" : std::string(text(parts[0]));
      std::vector<TSNode> rest(parts.begin() + (parts.empty() ? 0 : 1), parts.end());
      e->items.push_back(term(rest, span(node)));
      return e;
    }
    // binary_operation: left term parts, the operator, right term parts. Parentheses are tokens of their
    // own in the parts, so the operator is the first unparenthesised anonymous token after a part.
    auto e = make(ExprKind::Binary, span(node));
    int paren = 0;
    std::size_t op = parts.size();
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (node_is(parts[i], "(")) ++paren;
      else if (node_is(parts[i], ")")) --paren;
      else if (i > 0 && paren == 0 && !ts_node_is_named(parts[i])) {
        op = i;
        break;
      }
    }
    if (op >= parts.size()) return make(ExprKind::Error, span(node));
    e->text = std::string(text(parts[op]));
    std::vector<TSNode> left(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(op));
    std::vector<TSNode> right(parts.begin() + static_cast<std::ptrdiff_t>(op) + 1, parts.end());
    e->items.push_back(term(left, span(node)));
    e->items.push_back(term(right, span(node)));
    return e;
  }

  std::string_view src_;
  FileId file_;
  bool fixed_ = false;
  Span fixed_span_;
  int depth_ = 0;
  bool too_deep_ = false;
  std::uint32_t too_deep_at_ = 0;  // where the first too-deep expression starts
};

HclConverter::HclConverter(std::string_view src, FileId file) : impl_(std::make_unique<Impl>(src, file)) {}
HclConverter::~HclConverter() = default;
void HclConverter::fix_spans(Span at) { impl_->fix_spans(at); }
void HclConverter::body(TSNode node, Body& out) { impl_->body(node, out); }
Attribute HclConverter::attribute(TSNode node) { return impl_->attribute(node); }
ExprPtr HclConverter::expr(TSNode node) { return impl_->expr(node); }
bool HclConverter::too_deep() const { return impl_->too_deep(); }
std::uint32_t HclConverter::too_deep_at() const { return impl_->too_deep_at(); }

}  // namespace vl::tf
