#include "frontends/terraform/hcl/hcl_convert.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "frontends/terraform/hcl/hcl_convert_impl.h"
#include "frontends/terraform/hcl/hcl_parser.h"

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

void HclConverter::Impl::body(TSNode node, Body& out) {
  for (TSNode child : node_children(node, true)) {
    if (node_is(child, "attribute")) {
      out.attributes.push_back(attribute(child));
    } else if (node_is(child, "block")) {
      out.blocks.push_back(block(child));
    }
  }
}

Attribute HclConverter::Impl::attribute(TSNode node) {
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

Block HclConverter::Impl::block(TSNode node) {
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
ExprPtr HclConverter::Impl::expr(TSNode node) {
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

ExprPtr HclConverter::Impl::expr_inner(TSNode node) {
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
std::vector<TSNode> HclConverter::Impl::children(TSNode node) {
  std::vector<TSNode> out = node_children(node, false);
  std::erase_if(out, [](TSNode c) { return node_is(c, "comment"); });
  return out;
}

ExprPtr HclConverter::Impl::conditional(TSNode node) {
  auto e = make(ExprKind::Conditional, span(node));
  for (TSNode c : children(node)) {
    if (node_is(c, "expression")) e->items.push_back(expr(c));
  }
  while (e->items.size() < 3) e->items.push_back(make(ExprKind::Error, e->span));
  return e;
}

// An inlined term: a primary (or `( expression )`) followed by index / get_attr / splat steps; or an
// operation.
ExprPtr HclConverter::Impl::term(const std::vector<TSNode>& parts, Span whole) {
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

ExprPtr HclConverter::Impl::get_attr(ExprPtr base, TSNode step, Span s) {
  auto e = make(ExprKind::GetAttr, s);
  for (TSNode c : children(step)) {
    if (node_is(c, "identifier")) e->text = std::string(text(c));
  }
  e->items.push_back(std::move(base));
  return e;
}

ExprPtr HclConverter::Impl::index(ExprPtr base, TSNode step, Span s) {
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

ExprPtr HclConverter::Impl::splat(ExprPtr base, TSNode step, Span s) {
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

ExprPtr HclConverter::Impl::primary(TSNode node) {
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

ExprPtr HclConverter::Impl::literal(TSNode node) {
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

ExprPtr HclConverter::Impl::tuple(TSNode node) {
  auto e = make(ExprKind::Tuple, span(node));
  for (TSNode c : children(node)) {
    if (node_is(c, "expression")) e->items.push_back(expr(c));
  }
  return e;
}

ExprPtr HclConverter::Impl::object(TSNode node) {
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

ExprPtr HclConverter::Impl::call(TSNode node) {
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

ExprPtr HclConverter::Impl::for_expr(TSNode node) {
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

ExprPtr HclConverter::Impl::operation(TSNode node) {
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

HclConverter::HclConverter(std::string_view src, FileId file) : impl_(std::make_unique<Impl>(src, file)) {}
HclConverter::~HclConverter() = default;
void HclConverter::fix_spans(Span at) { impl_->fix_spans(at); }
void HclConverter::body(TSNode node, Body& out) { impl_->body(node, out); }
Attribute HclConverter::attribute(TSNode node) { return impl_->attribute(node); }
ExprPtr HclConverter::expr(TSNode node) { return impl_->expr(node); }
bool HclConverter::too_deep() const { return impl_->too_deep(); }
std::uint32_t HclConverter::too_deep_at() const { return impl_->too_deep_at(); }

}  // namespace vl::tf
