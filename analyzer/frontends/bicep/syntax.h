// The Bicep syntax tree: declarations, expressions and type expressions, each with the byte range it was
// written at. Nodes live in the tree's arena (a deque, so pointers stay valid) and are never mutated
// after parsing, so one parsed file is shared read-only by every unit and thread that instantiates it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "source/span.h"

namespace vl::bicep {

struct Decl;

enum class ExprKind : std::uint8_t {
  Null,
  Bool,         // integer: 0 or 1
  Int,          // integer
  String,       // text: the decoded value
  Interp,       // strings: the n+1 literal segments; args: the n holes
  Ident,        // text: the name
  Array,        // args: items (Spread nodes for `...x`)
  Object,       // items
  Property,     // a.b / a.?b: args[0] the object, text the member, safe
  Index,        // a[i] / a[?i] / a[^i]: args {object, index}, safe, from_end
  Call,         // f(x): text the name, args
  MethodCall,   // a.f(x): args[0] the object (a namespace such as sys/az, or a resource), text f, then the args
  ResourceAccess,  // a::b: args[0], text b
  NonNull,      // a!
  Unary,        // op: Exclamation or Minus; args[0]
  Binary,       // op: the operator token; args {left, right}
  Ternary,      // args {condition, then, else}
  Lambda,       // strings: parameter names; args[0]: the body
  For,          // strings {item, index (may be empty)}; args {iterable, body}
  IfBody,       // resource/module bodies `if (cond) {...}`: args {condition, object}
  Paren,        // (x): args[0]
  Spread,       // ...x in an array or object: args[0]
  Error,        // a part that did not parse (never evaluated: the file has a KV001)
};

struct Expr;

struct ObjectItem {
  enum class Kind : std::uint8_t { Property, Spread, Resource };
  Kind kind = Kind::Property;
  Expr* key = nullptr;       // Property: a String (identifier keys too) or an Interp
  Expr* value = nullptr;     // Property: the value; Spread: the spread expression
  Decl* resource = nullptr;  // a nested child resource declaration
};

struct Expr {
  ExprKind kind = ExprKind::Error;
  std::uint8_t op = 0;      // Unary/Binary: a Tok value
  bool safe = false;        // .? and [?
  bool from_end = false;    // [^i]
  std::uint32_t begin = 0;  // byte range in the file
  std::uint32_t end = 0;
  std::int64_t integer = 0;
  std::string text;
  std::vector<Expr*> args;
  std::vector<std::string> strings;
  std::vector<ObjectItem> items;
};

enum class TypeKind : std::uint8_t {
  Name,           // string, int, bool, object, array, a user type, `ns.type`: text
  Literal,        // 'a', 1, -1, true, null: literal
  Union,          // members
  Array,          // members[0][]
  Tuple,          // members
  Object,         // props
  Nullable,       // members[0]?
  NonNullable,    // members[0]!
  Resource,       // resource 'T@v' (outputs, parameters of old Bicep): text the type string
  Parameterized,  // resourceInput<'T@v'>, resourceOutput<...>: text the name, members the arguments
  Access,         // T.prop, T[0], T[*], T.*: members[0], text
  Paren,          // (T)
  Error,
};

struct TypeExpr;
struct Decorator {
  Expr* expr = nullptr;  // a Call (or a MethodCall such as sys.description(...))
  std::uint32_t begin = 0, end = 0;
};

struct TypeProp {
  std::string name;  // `*` for additional properties
  std::vector<Decorator> decorators;
  TypeExpr* type = nullptr;
};

struct TypeExpr {
  TypeKind kind = TypeKind::Error;
  std::uint32_t begin = 0, end = 0;
  std::string text;
  Expr* literal = nullptr;
  std::vector<TypeExpr*> members;
  std::vector<TypeProp> props;
};

enum class DeclKind : std::uint8_t {
  TargetScope,
  Metadata,
  Param,        // .bicep: param name Type [= default]
  ParamAssign,  // .bicepparam: param name = value
  Var,
  Type,
  Func,
  Import,       // import {a, b as c} from 'x' / import * as ns from 'x'
  Extension,    // extension x / import 'az@1.0.0' / provider
  Resource,
  Module,
  Output,
  Assert,
  Test,
  Using,        // .bicepparam: using 'main.bicep' / using none
  Extends,      // .bicepparam: extends 'base.bicepparam'
};

struct ImportedSymbol {
  std::string name;   // as exported
  std::string alias;  // as used here (the name when not renamed)
};

struct Decl {
  DeclKind kind = DeclKind::Metadata;
  std::uint32_t begin = 0, end = 0;          // the whole declaration (from its first decorator)
  std::uint32_t keyword_begin = 0, keyword_end = 0;  // `resource`, `param`, ...
  std::string name;
  std::uint32_t name_begin = 0, name_end = 0;
  std::vector<Decorator> decorators;
  TypeExpr* type = nullptr;   // param / var / output / type / func return
  Expr* value = nullptr;      // default, value or body (Object, IfBody or For for resources and modules)
  Expr* path = nullptr;       // resource type string, module / import / using / test / extends path
  bool existing = false;      // resource ... existing
  bool none = false;          // using none
  bool output_resource = false;  // output x resource 'T@v' = ...
  std::vector<std::pair<std::string, TypeExpr*>> func_params;
  std::vector<ImportedSymbol> imported;  // import {a, b as c}
  std::string wildcard_alias;            // import * as ns
};

struct SyntaxError {
  std::uint32_t begin = 0, end = 0;
  std::string message;
};

struct SyntaxTree {
  std::vector<Decl*> decls;            // top level, in order
  std::vector<SyntaxError> errors;     // lexical and syntax errors, in order
  std::vector<std::pair<std::uint32_t, std::uint32_t>> comments;  // [begin, end) of each comment
  bool params_file = false;            // parsed as .bicepparam

  // Arena.
  std::deque<Expr> exprs;
  std::deque<TypeExpr> types;
  std::deque<Decl> decl_pool;
};

}  // namespace vl::bicep
