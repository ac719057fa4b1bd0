// The internal representation of HCL that the Terraform frontend evaluates: bodies of attributes and
// blocks, and expression trees, each node with its byte span. Native `.tf` files (through tree-sitter)
// and `.tf.json` files (through the JSON reader) both become this shape, so one evaluator serves both.
// A parsed file is immutable and shared between the deployment units that read it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/diagnostic.h"
#include "source/span.h"
#include "source/suppression.h"

namespace vl::tf {

enum class ExprKind : std::uint8_t {
  Null,
  Bool,         // boolean
  Number,       // number (integer when is_int)
  String,       // text: a literal string, or a literal chunk of a template
  Template,     // items: parts (String chunks, Interp, TemplateIf, TemplateFor)
  Interp,       // items[0]: the interpolated expression of a template part `${...}`
  TemplateIf,   // items: condition, then-template, [else-template]
  TemplateFor,  // text: key variable (may be empty), text2: value variable; items: collection, body template
  Tuple,        // items
  Object,       // items: key, value, key, value, ... (a bare identifier key is a String)
  Variable,     // text: a root name (var, local, each, azurerm_key_vault, ...)
  GetAttr,      // items[0].text
  Index,        // items[0][items[1]]
  Splat,        // items[0]: the source; items[1]: what to apply to each element (over SplatItem), or none
  SplatItem,    // the current element inside a splat's items[1]
  Call,         // text: function name; items: arguments; flag: the last argument is expanded (`...`)
  ForTuple,     // text/text2: key/value variables; items: collection, value, [condition]
  ForObject,    // text/text2: key/value variables; items: collection, key, value, [condition]; flag: grouping
  Conditional,  // items: condition, then, else
  Unary,        // text: operator (! or -); items[0]
  Binary,       // text: operator; items: left, right
  Parens,       // items[0]
  Error,        // text: what could not be read (evaluates to unknown)
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Null;
  Span span;
  std::string text;
  std::string text2;
  bool boolean = false;
  bool is_int = false;
  std::int64_t integer = 0;
  double number = 0;
  bool flag = false;
  bool has_cond = false;  // ForTuple / ForObject: the last item is the `if` condition
  std::vector<ExprPtr> items;

  const Expr* item(std::size_t i) const { return i < items.size() ? items[i].get() : nullptr; }
};

struct Block;

struct Attribute {
  std::string name;
  Span name_span;
  ExprPtr value;
  Span span;  // from the name to the end of the value
};

struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;

  const Attribute* attribute(std::string_view name) const;
};

struct Block {
  std::string type;
  Span type_span;
  std::vector<std::string> labels;
  std::vector<Span> label_spans;
  Span header;  // from the type to the `{` that opens the body: where findings about absent arguments point
  Span span;    // the whole block
  std::unique_ptr<Body> body = std::make_unique<Body>();
};

// One file as the frontend reads it. `ok` is false when it could not be parsed (a KV001 in
// `diagnostics`); its declarations are then not used at all.
struct ParsedFile {
  FileId file = kNoFile;
  bool ok = false;
  bool json = false;  // .tf.json / .tfvars.json: blocks that native syntax writes as blocks arrive as attributes
  bool override_file = false;  // override.tf, *_override.tf (and .tf.json): merged into declarations made elsewhere
  Body body;
  std::vector<Diagnostic> diagnostics;
  std::vector<Suppression> suppressions;
};

// Expression nesting (unary chains, operator chains, traversals) deeper than this is not converted: tree-
// sitter handles long chains iteratively, but recursive evaluation of them would not be bounded.
inline constexpr int kMaxExprDepth = 512;

inline const Attribute* Body::attribute(std::string_view name) const {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace vl::tf
