// The ARM expression parser: literals, calls, accessors, namespaces, errors with their offsets, limits.
#include <catch2/catch.hpp>

#include "eval/expression.h"

using namespace vl;

TEST_CASE("literals and escapes", "[expression]") {
  auto r = parse_expression("'it''s'");
  REQUIRE(r.expr);
  CHECK(r.expr->kind == Expr::Kind::String);
  CHECK(r.expr->text == "it's");
  r = parse_expression("-42");
  REQUIRE(r.expr);
  CHECK(r.expr->kind == Expr::Kind::Int);
  CHECK(r.expr->integer == -42);
  r = parse_expression("true");
  REQUIRE(r.expr);
  CHECK(r.expr->kind == Expr::Kind::Bool);
  CHECK(r.expr->boolean);
}

TEST_CASE("calls, properties and indexes nest", "[expression]") {
  auto r = parse_expression("  concat( parameters('a') , variables('b')[0].name )  ");
  REQUIRE(r.expr);
  const Expr& call = *r.expr;
  CHECK(call.kind == Expr::Kind::Call);
  CHECK(call.text == "concat");
  REQUIRE(call.args.size() == 2);
  const Expr& prop = *call.args[1];
  CHECK(prop.kind == Expr::Kind::Property);
  CHECK(prop.text == "name");
  CHECK(prop.args[0]->kind == Expr::Kind::Index);
  CHECK(prop.args[0]->args[1]->integer == 0);
}

TEST_CASE("namespaced user-defined function calls", "[expression]") {
  auto r = parse_expression("naming.vault('prod').length");
  REQUIRE(r.expr);
  CHECK(r.expr->kind == Expr::Kind::Property);
  const Expr& call = *r.expr->args[0];
  CHECK(call.ns == "naming");
  CHECK(call.text == "vault");
  r = parse_expression("resourceGroup().location");
  REQUIRE(r.expr);
  CHECK(r.expr->args[0]->ns.empty());
}

TEST_CASE("syntax errors say what and where", "[expression]") {
  auto r = parse_expression("concat('a', ");
  CHECK_FALSE(r.expr);
  CHECK(r.error == "unexpected end of expression");
  CHECK(r.error_offset == 12);
  r = parse_expression("concat('a' 'b')");
  CHECK_FALSE(r.expr);
  CHECK(r.error == "expected ',' or ')'");
  r = parse_expression("'unterminated");
  CHECK(r.error == "unterminated string literal");
  r = parse_expression("foo");
  CHECK(r.error.find("unknown identifier 'foo'") == 0);
  r = parse_expression("a() b()");
  CHECK(r.error == "unexpected 'b'");
  r = parse_expression("x.()");
  CHECK_FALSE(r.expr);
  r = parse_expression("99999999999999999999");
  CHECK(r.error == "invalid integer literal");
}

TEST_CASE("deep nesting is an error, not a stack overflow", "[expression]") {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "f(";
  deep += "1";
  for (int i = 0; i < 5000; ++i) deep += ")";
  auto r = parse_expression(deep);
  CHECK_FALSE(r.expr);
  CHECK(r.error.find("nested deeper") != std::string::npos);
  std::string indexes = "a()";
  for (int i = 0; i < 5000; ++i) indexes += "[[[";
  CHECK_FALSE(parse_expression(indexes).expr);
}

TEST_CASE("template strings: expression, escaped literal, literal", "[expression]") {
  CHECK(classify_template_string("[parameters('a')]").is_expression);
  CHECK(classify_template_string("[parameters('a')]").text == "parameters('a')");
  auto escaped = classify_template_string("[[not an expression]");
  CHECK_FALSE(escaped.is_expression);
  CHECK(escaped.text == "[not an expression]");
  auto plain = classify_template_string("[test] value");
  CHECK_FALSE(plain.is_expression);
  CHECK(plain.text == "[test] value");
  CHECK_FALSE(classify_template_string("[").is_expression);
  CHECK(classify_template_string("[]").is_expression);
}
