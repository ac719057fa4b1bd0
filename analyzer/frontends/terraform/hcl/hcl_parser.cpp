#include "frontends/terraform/hcl/hcl_parser.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <tree_sitter/api.h>

#include "frontends/terraform/hcl/hcl_convert.h"
#include "frontends/terraform/hcl/hcl_prescan.h"
#include "frontends/terraform/hcl/hcl_strings.h"

extern "C" const TSLanguage* tree_sitter_hcl(void);

namespace vl::tf {

namespace {

// One parser per thread: units are lowered in parallel, and a TSParser is not thread-safe.
TSParser* thread_parser() {
  struct Holder {
    TSParser* parser = ts_parser_new();
    Holder() { ts_parser_set_language(parser, tree_sitter_hcl()); }
    ~Holder() { ts_parser_delete(parser); }
  };
  thread_local Holder holder;
  return holder.parser;
}

struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

struct ReadState {
  std::string_view text;
  std::chrono::steady_clock::time_point deadline;
  bool timed_out = false;
};

const char* read_text(void* payload, std::uint32_t byte_index, TSPoint, std::uint32_t* bytes_read) {
  auto* s = static_cast<ReadState*>(payload);
  if (byte_index >= s->text.size()) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = static_cast<std::uint32_t>(s->text.size() - byte_index);
  return s->text.data() + byte_index;
}

bool past_deadline(TSParseState* state) {
  auto* s = static_cast<ReadState*>(state->payload);
  if (std::chrono::steady_clock::now() > s->deadline) s->timed_out = true;
  return s->timed_out;
}

// Parses `text`; null (and timed_out set) when the time limit is reached.
TreePtr parse_tree(std::string_view text, std::uint64_t timeout_ms, bool& timed_out) {
  ReadState state{text, std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms), false};
  TSInput input{&state, read_text, TSInputEncodingUTF8, nullptr};
  TSParseOptions options{&state, past_deadline};
  TreePtr tree(ts_parser_parse_with_options(thread_parser(), nullptr, input, options));
  timed_out = state.timed_out || !tree;
  if (!tree) ts_parser_reset(thread_parser());
  return tree;
}

bool is(TSNode n, const char* type) { return node_is(n, type); }

ExprPtr make(ExprKind kind, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  return e;
}

// The first error or missing node, depth first; iterative, since an erroneous operator chain nests as
// deep as it is long.
bool find_error(TSNode root, TSNode& out) {
  if (!ts_node_has_error(root)) return false;
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  bool found = false;
  while (true) {
    TSNode n = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_missing(n) || ts_node_is_error(n)) {
      out = n;
      found = true;
      break;
    }
    if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    bool moved = false;
    while (!(moved = ts_tree_cursor_goto_next_sibling(&cursor))) {
      if (!ts_tree_cursor_goto_parent(&cursor)) break;
    }
    if (!moved) break;
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

std::string error_message(TSNode n, std::string_view text) {
  if (ts_node_is_missing(n)) return std::string("syntax error: missing `") + ts_node_type(n) + "`";
  std::uint32_t b = ts_node_start_byte(n);
  std::string_view rest = text.substr(b, std::min<std::size_t>(ts_node_end_byte(n) - b, 24));
  std::string shown(rest.substr(0, rest.find('\n')));
  return shown.empty() ? "syntax error" : "syntax error at `" + shown + "`";
}

// A UTF-8 BOM is blanked (same length, so offsets stay) before tree-sitter sees the bytes.
std::string_view without_bom(std::string_view text, std::string& copy) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    copy.assign(text);
    copy[0] = copy[1] = copy[2] = ' ';
    return copy;
  }
  return text;
}

}  // namespace

ParsedFile parse_hcl_file(FileId file, std::string_view text, const ParseLimits& limits) {
  ParsedFile out;
  out.file = file;
  PrescanResult pre = prescan_hcl(text, limits.max_depth);
  for (const HclComment& c : pre.comments) {
    if (auto s = parse_suppression_comment(text, file, c.begin, c.end, SuppressionStyle::SameOrNext)) {
      out.suppressions.push_back(std::move(*s));
    }
  }
  if (!pre.ok) {
    out.diagnostics.push_back(Diagnostic{"KV001", Span{file, pre.error_offset, pre.error_offset + 1}, pre.error, {}});
    return out;
  }
  std::string copy;
  std::string_view source = without_bom(text, copy);
  // tree-sitter reads `1e3` as a number and a name: it sees `1003` instead (same length, so offsets
  // stay), while the conversion reads the number from `source`.
  std::string rewritten;
  std::string_view parsed_text = source;
  if (!pre.exponent_bytes.empty()) {
    rewritten.assign(source);
    for (std::uint32_t at : pre.exponent_bytes) rewritten[at] = '0';
    parsed_text = rewritten;
  }
  bool timed_out = false;
  TreePtr tree = parse_tree(parsed_text, limits.timeout_ms, timed_out);
  if (!tree) {
    out.diagnostics.push_back(Diagnostic{"KV001", Span{file, 0, 0},
                                         "parsing took longer than " + std::to_string(limits.timeout_ms / 1000) +
                                             " s and was abandoned",
                                         {}});
    return out;
  }
  TSNode root = ts_tree_root_node(tree.get());
  TSNode error;
  if (find_error(root, error)) {
    std::uint32_t at = ts_node_start_byte(error);
    out.diagnostics.push_back(Diagnostic{"KV001", Span{file, at, at + 1}, error_message(error, text), {}});
    return out;
  }
  HclConverter conv(source, file);
  // The body (or a tfvars object); comments before it are children of the root too.
  TSNode top = ts_node_named_child(root, 0);
  for (TSNode c : node_children(root, true)) {
    if (is(c, "body") || is(c, "object")) top = c;
  }
  if (!ts_node_is_null(top) && is(top, "body")) conv.body(top, out.body);
  if (!ts_node_is_null(top) && is(top, "object")) {
    // A tfvars file written as one object: its members are the variables.
    ExprPtr obj = conv.expr(top);
    for (std::size_t i = 0; i + 1 < obj->items.size(); i += 2) {
      Attribute a;
      a.name = obj->items[i]->text;
      a.name_span = obj->items[i]->span;
      a.span = join(obj->items[i]->span, obj->items[i + 1]->span);
      a.value = std::move(obj->items[i + 1]);
      out.body.attributes.push_back(std::move(a));
    }
  }
  if (conv.too_deep()) {
    std::uint32_t at = conv.too_deep_at();
    out.diagnostics.push_back(Diagnostic{"KV001", Span{file, at, at + 1},
                                         "an expression is nested more than " + std::to_string(kMaxExprDepth) +
                                             " levels deep",
                                         {}});
    out.body = Body{};
    return out;
  }
  out.ok = true;
  return out;
}

ExprPtr parse_hcl_expression(std::string_view text, Span at, std::string& error) {
  std::string src = "x = " + std::string(text) + "\n";
  PrescanResult pre = prescan_hcl(src, 256);
  if (!pre.ok) {
    error = pre.error;
    return nullptr;
  }
  bool timed_out = false;
  TreePtr tree = parse_tree(src, 2000, timed_out);
  if (!tree) {
    error = "the expression took too long to parse";
    return nullptr;
  }
  TSNode root = ts_tree_root_node(tree.get());
  TSNode err;
  if (find_error(root, err)) {
    error = error_message(err, src);
    return nullptr;
  }
  TSNode body = ts_node_named_child(root, 0);
  if (ts_node_is_null(body) || !is(body, "body") || ts_node_named_child_count(body) != 1) {
    error = "not one expression";
    return nullptr;
  }
  TSNode attr = ts_node_named_child(body, 0);
  HclConverter conv(src, at.file);
  conv.fix_spans(at);
  Attribute a = conv.attribute(attr);
  if (conv.too_deep()) {
    error = "the expression is nested too deeply";
    return nullptr;
  }
  return std::move(a.value);
}

ExprPtr parse_json_template(std::string_view text, Span at) {
  if (text.find("${") == std::string_view::npos && text.find("%{") == std::string_view::npos) {
    auto e = make(ExprKind::String, at);
    e->text = unescape_heredoc(text);
    return e;
  }
  // A heredoc holds the string as it is (no escapes but $${ and %%{), with an identifier that no line
  // of the string can close.
  std::string id = "VLT";
  while (text.find(id) != std::string_view::npos) id += "X";
  std::string src = "x = <<" + id + "\n" + std::string(text) + "\n" + id + "\n";
  std::string error;
  ExprPtr e = parse_hcl_expression(std::string_view(src).substr(4, src.size() - 5), at, error);
  if (!e) {
    auto err = make(ExprKind::Error, at);
    err->text = "the template in this string cannot be read: " + error;
    return err;
  }
  // The heredoc added a final newline that the JSON string does not have.
  if (e->kind == ExprKind::Template && !e->items.empty() && e->items.back()->kind == ExprKind::String) {
    std::string& last = e->items.back()->text;
    if (!last.empty() && last.back() == '\n') last.pop_back();
    if (last.empty()) e->items.pop_back();
  }
  return e;
}

}  // namespace vl::tf
