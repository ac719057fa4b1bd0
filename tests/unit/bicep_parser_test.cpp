// The Bicep parser: every declaration and expression construct, Bicep's operator precedence, new-line
// rules, error positions, recovery at the next declaration, and the nesting limit.
#include <catch2/catch.hpp>

#include "frontends/bicep/lexer.h"
#include "frontends/bicep/parser.h"

using namespace vl::bicep;

namespace {

const char* op_text(std::uint8_t op) {
  switch (static_cast<Tok>(op)) {
    case Tok::Plus: return "+";
    case Tok::Minus: return "-";
    case Tok::Asterisk: return "*";
    case Tok::Slash: return "/";
    case Tok::Modulo: return "%";
    case Tok::Less: return "<";
    case Tok::Greater: return ">";
    case Tok::LessEqual: return "<=";
    case Tok::GreaterEqual: return ">=";
    case Tok::Equals: return "==";
    case Tok::NotEquals: return "!=";
    case Tok::EqualsInsensitive: return "=~";
    case Tok::NotEqualsInsensitive: return "!~";
    case Tok::LogicalAnd: return "&&";
    case Tok::LogicalOr: return "||";
    case Tok::Coalesce: return "??";
    case Tok::Exclamation: return "!";
    default: return "?";
  }
}

// An S-expression of an expression tree, so tests can state structure compactly.
std::string show(const Expr* e) {
  if (!e) return "<null>";
  auto list = [&](const char* head, std::size_t from = 0) {
    std::string s = std::string("(") + head;
    for (std::size_t i = from; i < e->args.size(); ++i) s.append(" ").append(show(e->args[i]));
    return s + ")";
  };
  switch (e->kind) {
    case ExprKind::Null: return "null";
    case ExprKind::Bool: return e->integer ? "true" : "false";
    case ExprKind::Int: return std::to_string(e->integer);
    case ExprKind::String: return "'" + e->text + "'";
    case ExprKind::Interp: {
      std::string s = "(interp '" + e->strings[0] + "'";
      for (std::size_t i = 0; i < e->args.size(); ++i) s += " " + show(e->args[i]) + " '" + e->strings[i + 1] + "'";
      return s + ")";
    }
    case ExprKind::Ident: return e->text;
    case ExprKind::Array: return list("array");
    case ExprKind::Object: {
      std::string s = "(object";
      for (const ObjectItem& item : e->items) {
        if (item.kind == ObjectItem::Kind::Property) s += " " + show(item.key) + ":" + show(item.value);
        if (item.kind == ObjectItem::Kind::Spread) s += " " + show(item.value);
        if (item.kind == ObjectItem::Kind::Resource) s += " (resource " + item.resource->name + ")";
      }
      return s + ")";
    }
    case ExprKind::Property: return "(" + std::string(e->safe ? ".?" : ".") + " " + show(e->args[0]) + " " + e->text + ")";
    case ExprKind::Index: return std::string("(") + (e->safe ? "[?" : "[") + (e->from_end ? "^" : "") + " " + show(e->args[0]) + " " + show(e->args[1]) + ")";
    case ExprKind::Call: return list(("call " + e->text).c_str());
    case ExprKind::MethodCall: return "(method " + show(e->args[0]) + " " + e->text + list("", 1).substr(1);
    case ExprKind::ResourceAccess: return "(:: " + show(e->args[0]) + " " + e->text + ")";
    case ExprKind::NonNull: return "(! " + show(e->args[0]) + ")";
    case ExprKind::Unary: return std::string("(") + op_text(e->op) + "u " + show(e->args[0]) + ")";
    case ExprKind::Binary: return std::string("(") + op_text(e->op) + " " + show(e->args[0]) + " " + show(e->args[1]) + ")";
    case ExprKind::Ternary: return list("?:");
    case ExprKind::Lambda: {
      std::string s = "(lambda";
      for (const std::string& p : e->strings) s += " " + p;
      return s + " " + show(e->args[0]) + ")";
    }
    case ExprKind::For: return "(for " + e->strings[0] + (e->strings[1].empty() ? "" : "," + e->strings[1]) + " " + show(e->args[0]) + " " + show(e->args[1]) + ")";
    case ExprKind::IfBody: return list("if");
    case ExprKind::Paren: return show(e->args[0]);
    case ExprKind::Spread: return list("...");
    case ExprKind::Error: return "<error>";
  }
  return "<?>";
}

std::unique_ptr<SyntaxTree> ok(std::string_view text, bool params = false) {
  auto tree = parse(text, params);
  for (const SyntaxError& e : tree->errors) INFO(e.message << " at " << e.begin);
  CHECK(tree->errors.empty());
  return tree;
}

// The value expression of `var x = <text>`.
std::string expr(std::string_view text) {
  std::string src = "var x = " + std::string(text) + "\n";
  auto tree = parse(src);
  if (!tree->errors.empty()) return "error: " + tree->errors[0].message;
  REQUIRE(tree->decls.size() == 1);
  return show(tree->decls[0]->value);
}

}  // namespace

TEST_CASE("bicep parser: precedence and associativity", "[bicep][parser]") {
  CHECK(expr("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(expr("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(expr("a || b && c") == "(|| a (&& b c))");
  CHECK(expr("a == b && c != d") == "(&& (== a b) (!= c d))");
  CHECK(expr("a < b == c >= d") == "(== (< a b) (>= c d))");
  CHECK(expr("a ?? b || c") == "(?? a (|| b c))");
  CHECK(expr("a ?? b ?? c") == "(?? (?? a b) c)");
  CHECK(expr("a ? b : c ? d : e") == "(?: a b (?: c d e))");
  CHECK(expr("a ?? b ? c : d") == "(?: (?? a b) c d)");
  CHECK(expr("!a.b") == "(!u (. a b))");
  CHECK(expr("-a[0] + 1") == "(+ (-u ([ a 0)) 1)");
  CHECK(expr("a =~ 'x' || a !~ 'y'") == "(|| (=~ a 'x') (!~ a 'y'))");
  CHECK(expr("(1 + 2) * 3") == "(* (+ 1 2) 3)");
  CHECK(expr("a % b / c") == "(/ (% a b) c)");
}

TEST_CASE("bicep parser: member, index, safe access, calls and namespaces", "[bicep][parser]") {
  CHECK(expr("a.b.c") == "(. (. a b) c)");
  CHECK(expr("a.?b.?c") == "(.? (.? a b) c)");
  CHECK(expr("a[?0][^1]") == "([^ ([? a 0) 1)");
  CHECK(expr("a!.b") == "(. (! a) b)");
  CHECK(expr("a.b!") == "(! (. a b))");
  CHECK(expr("kv::secret.name") == "(. (:: kv secret) name)");
  CHECK(expr("f(1, 'x')") == "(call f 1 'x')");
  CHECK(expr("f()") == "(call f)");
  CHECK(expr("sys.concat('a', 'b')") == "(method sys concat 'a' 'b')");
  CHECK(expr("az.resourceGroup().id") == "(. (method az resourceGroup) id)");
  CHECK(expr("kv.listKeys().keys[0]") == "([ (. (method kv listKeys) keys) 0)");
  // Arguments may start on new lines and the closing parenthesis may stand on its own.
  CHECK(expr("f(\n  1,\n  2\n)") == "(call f 1 2)");
}

TEST_CASE("bicep parser: strings, arrays, objects and spread", "[bicep][parser]") {
  CHECK(expr("'a${b}c${d.e}f'") == "(interp 'a' b 'c' (. d e) 'f')");
  CHECK(expr("'${'${x}'}'") == "(interp '' (interp '' x '') '')");
  CHECK(expr("[1, 2, 3]") == "(array 1 2 3)");
  CHECK(expr("[\n  1\n  2\n]") == "(array 1 2)");
  CHECK(expr("[]") == "(array)");
  CHECK(expr("[...a, 1]") == "(array (... a) 1)");
  CHECK(expr("{ a: 1, 'b c': 2 }") == "(object 'a':1 'b c':2)");
  CHECK(expr("{\n  a: 1\n  '${k}': 2\n  ...rest\n}") == "(object 'a':1 (interp '' k ''):2 (... rest))");
  CHECK(expr("{}") == "(object)");
  // Keywords are ordinary property names.
  CHECK(expr("{ resource: 1, if: 2, for: 3, param: 4 }") == "(object 'resource':1 'if':2 'for':3 'param':4)");
  CHECK(expr("'''\nmulti\n'''") == "'multi\n'");
}

TEST_CASE("bicep parser: ternaries across lines, lambdas and for expressions", "[bicep][parser]") {
  CHECK(expr("a\n  ? b\n  : c") == "(?: a b c)");
  CHECK(expr("a ? {\n  x: 1\n} : null") == "(?: a (object 'x':1) null)");
  CHECK(expr("map(xs, x => x.name)") == "(call map xs (lambda x (. x name)))");
  CHECK(expr("reduce(xs, 0, (acc, x) => acc + x)") == "(call reduce xs 0 (lambda acc x (+ acc x)))");
  CHECK(expr("sort(xs, (a, b) =>\n  a < b)") == "(call sort xs (lambda a b (< a b)))");
  CHECK(expr("() => 1") == "(lambda 1)");
  CHECK(expr("[for x in xs: x.id]") == "(for x xs (. x id))");
  CHECK(expr("[for (x, i) in range(0, 3): { i: i }]") == "(for x,i (call range 0 3) (object 'i':i))");
  CHECK(expr("[\n  for x in xs: x\n]") == "(for x xs x)");
  CHECK(expr("[for x in xs: if (x.on) { n: x }]") == "(for x xs (if (. x on) (object 'n':x)))");
}

TEST_CASE("bicep parser: declarations", "[bicep][parser]") {
  auto tree = ok(R"(targetScope = 'subscription'
metadata info = { owner: 'x' }
@description('d')
@sys.secure()
param a string
param b string = 'x'
param c string?
param d int[]?
param e 'x' | 'y' = 'x'
param f {
  @description('p')
  p: string
  q: int?
  *: bool
}
param g [string, int]
param h resourceInput<'Microsoft.KeyVault/vaults@2024-11-01'>.properties.networkAcls?
param i resourceOutput<'Microsoft.KeyVault/vaults@2024-11-01'>
param j (
  | 'a'
  | 'b')[]
var k = 1
var l int = 2
@export()
type t = { a: string, b: int? }
@export()
func fn(x string, y int) string => '${x}${y}'
import { t as tt, fn } from './lib.bicep'
import * as lib from './lib.bicep'
import {
  a as a1
  b as b1
} from 'br/public:avm/utl/types/avm-common-types:0.6.1'
extension microsoftGraphV1
extension 'br:mcr.microsoft.com/bicep/extensions/x:1.0' with { a: 1 } as x
import 'az@1.0.0'
resource kv 'Microsoft.KeyVault/vaults@2026-02-01' existing = {
  name: 'kv'
}
@batchSize(1)
module m './m.bicep' = [for i in range(0, 2): if (i > 0) {
  name: 'm${i}'
}]
module r 'br/public:avm/res/key-vault/vault:0.13.0' = if (true) {
  name: 'r'
}
module ts 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {
  name: 'ts'
}
output o string = kv.id
output res resource 'Microsoft.KeyVault/vaults@2026-02-01' = kv
output typed string[] = []
assert positive = k > 0
test smoke './main.bicep' = {
  params: {}
}
)");
  std::vector<DeclKind> kinds;
  for (const Decl* d : tree->decls) kinds.push_back(d->kind);
  CHECK(kinds == std::vector<DeclKind>{DeclKind::TargetScope, DeclKind::Metadata, DeclKind::Param, DeclKind::Param, DeclKind::Param,
                                       DeclKind::Param, DeclKind::Param, DeclKind::Param, DeclKind::Param, DeclKind::Param,
                                       DeclKind::Param, DeclKind::Param, DeclKind::Var, DeclKind::Var, DeclKind::Type,
                                       DeclKind::Func, DeclKind::Import, DeclKind::Import, DeclKind::Import, DeclKind::Extension,
                                       DeclKind::Extension, DeclKind::Extension, DeclKind::Resource, DeclKind::Module,
                                       DeclKind::Module, DeclKind::Module, DeclKind::Output, DeclKind::Output, DeclKind::Output,
                                       DeclKind::Assert, DeclKind::Test});
  const Decl& a = *tree->decls[2];
  CHECK(a.name == "a");
  CHECK(a.decorators.size() == 2);
  CHECK(tree->decls[4]->type->kind == TypeKind::Nullable);
  CHECK(tree->decls[6]->type->kind == TypeKind::Union);
  CHECK(tree->decls[16]->imported.size() == 2);
  CHECK(tree->decls[16]->imported[0].alias == "tt");
  CHECK(tree->decls[17]->wildcard_alias == "lib");
  CHECK(tree->decls[22]->existing);
  CHECK(tree->decls[22]->path->text == "Microsoft.KeyVault/vaults@2026-02-01");
  CHECK(tree->decls[23]->value->kind == ExprKind::For);
  CHECK(tree->decls[24]->value->kind == ExprKind::IfBody);
  CHECK(tree->decls[27]->output_resource);
}

TEST_CASE("bicep parser: resources with nested children, parent and scope", "[bicep][parser]") {
  auto tree = ok(R"(resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {
  name: 'kv'
  properties: {}
  resource secret 'secrets' = {
    name: 's'
  }
  @batchSize(1)
  resource keys 'keys@2026-02-01' = [for k in ['a']: {
    name: k
  }]
}
resource pe 'Microsoft.KeyVault/vaults/secrets@2026-02-01' = {
  parent: kv
  name: 'x'
}
resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: kv
  name: guid(kv.id)
}
resource cond 'Microsoft.KeyVault/vaults@2026-02-01' =
  if (false) {
  name: 'c'
}
)");
  REQUIRE(tree->decls.size() == 4);
  const Expr* body = tree->decls[0]->value;
  REQUIRE(body->kind == ExprKind::Object);
  int nested = 0;
  for (const ObjectItem& item : body->items) nested += item.kind == ObjectItem::Kind::Resource;
  CHECK(nested == 2);
  CHECK(tree->decls[3]->value->kind == ExprKind::IfBody);
}

TEST_CASE("bicep parser: .bicepparam files", "[bicep][parser]") {
  auto tree = ok(R"(using './main.bicep'
import { shared } from './shared.bicep'
var prefix = 'prod'
param name = '${prefix}-kv'
param purge = true
param tags = {
  env: prefix
}
)", true);
  REQUIRE(tree->decls.size() == 6);
  CHECK(tree->decls[0]->kind == DeclKind::Using);
  CHECK(tree->decls[0]->path->text == "./main.bicep");
  CHECK(tree->decls[3]->kind == DeclKind::ParamAssign);
  auto none = ok("using none\nparam a = 1\n", true);
  CHECK(none->decls[0]->none);
  CHECK_FALSE(parse("resource x 'T@v' = {}\n", true)->errors.empty());
}

TEST_CASE("bicep parser: syntax errors point at the token and parsing resumes", "[bicep][parser]") {
  std::string text = "param a string\nparam b = \nvar c = 1\nresource r 'T@v' = {\n  name: 'r'\n  properties: {\n    x: )\n  }\n}\noutput o int = c\n";
  auto tree = parse(text);
  REQUIRE(tree->errors.size() == 2);
  // `param b = ` lacks its type: the error is at `=`.
  CHECK(tree->errors[0].begin == text.find("= \n"));
  CHECK(tree->errors[1].begin == text.find(")"));
  // The declarations around the broken ones are still there.
  std::vector<std::string> names;
  for (const Decl* d : tree->decls) names.push_back(d->name);
  CHECK(names == std::vector<std::string>{"a", "c", "o"});

  CHECK(parse("var x = [1,\n2]\n")->errors.size() == 1);    // a new line right after a comma
  CHECK(parse("var x = f(1,)\n")->errors.size() == 1);       // a trailing comma in a call
  CHECK(parse("var x = 1 var y = 2\n")->errors.size() == 1);  // two declarations on one line
  CHECK(parse("var x = 99999999999999999999\n")->errors.size() == 1);
  CHECK(parse("param x string = \"a\"\n")->errors.size() == 1);
  CHECK(parse("garbage here\nparam ok string\n")->decls.size() == 1);
}

TEST_CASE("bicep parser: nesting deeper than the limit is an error, not a crash", "[bicep][parser]") {
  std::string deep = "var x = " + std::string(100000, '[') + std::string(100000, ']') + "\nvar y = 1\n";
  auto tree = parse(deep);
  REQUIRE_FALSE(tree->errors.empty());
  CHECK(tree->errors[0].message.find("nesting deeper than") != std::string::npos);
  CHECK(tree->decls.back()->name == "y");  // recovered after the deep declaration
  std::string parens = "var x = " + std::string(50000, '(') + "1" + std::string(50000, ')') + "\n";
  CHECK_FALSE(parse(parens)->errors.empty());
  std::string unary = "var x = " + std::string(50000, '!') + "true\n";
  CHECK_FALSE(parse(unary)->errors.empty());
  std::string chain = "var x = a";
  for (int i = 0; i < 50000; ++i) chain += ".b[0]!";
  CHECK_FALSE(parse(chain + "\n")->errors.empty());
  std::string types = "param x " + std::string(50000, '(') + "string" + std::string(50000, ')') + "\n";
  CHECK_FALSE(parse(types)->errors.empty());
  // Just under the limit parses.
  std::string ok_depth = "var x = " + std::string(100, '[') + std::string(100, ']') + "\n";
  CHECK(parse(ok_depth)->errors.empty());
}
