// Logical functions, with the examples of learn.microsoft.com template-functions-logical and the
// decisions made despite unknowns.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("and(), or(), not()", "[eval][logical]") {
  TestEnv env;
  env.set_unknown("u");
  CHECK(eval_json("and(bool('true'), bool('false'))") == "false");
  CHECK(eval_json("or(bool('true'), bool('false'))") == "true");
  CHECK(eval_json("not(bool('true'))") == "false");
  CHECK(eval_json("and(true, true, true)") == "true");
  CHECK(eval_json("or(false, false, false)") == "false");
  CHECK(eval_json("and(false, parameters('u'))", env) == "false");
  CHECK(eval_json("and(parameters('u'), false)", env) == "false");
  CHECK(eval_json("and(true, parameters('u'))", env) == "<unknown>");
  CHECK(eval_json("or(parameters('u'), true)", env) == "true");
  CHECK(eval_json("or(false, parameters('u'))", env) == "<unknown>");
  CHECK(unknown_reason(eval_expr("or(false, parameters('u'))", env)) == "parameter 'u' has no value in this test");
  CHECK(eval_reason("and(1, true)") == "and(): argument 1 must be a boolean, got 1");
  CHECK(eval_reason("not('true')") == "not(): argument 1 must be a boolean, got 'true'");
  CHECK(eval_json("not(parameters('u'))", env) == "<unknown>");
}

TEST_CASE("bool(), true(), false()", "[eval][logical]") {
  CHECK(eval_json("bool('true')") == "true");
  CHECK(eval_json("bool('false')") == "false");
  CHECK(eval_json("bool(1)") == "true");
  CHECK(eval_json("bool(0)") == "false");
  CHECK(eval_json("bool(' TRUE ')") == "true");
  CHECK(eval_json("bool(true)") == "true");
  CHECK(eval_reason("bool('yes')") == "bool(): 'yes' is not 'true' or 'false'");
  CHECK(eval_reason("bool(createArray())") == "bool(): argument 1 must be a string or an integer, got [0 items]");
  CHECK(eval_json("true()") == "true");
  CHECK(eval_json("false()") == "false");
}

TEST_CASE("if() returns the chosen value as written", "[eval][logical]") {
  TestEnv env;
  const std::string s = R"("from a parameter")";
  env.set("s", s);
  env.set_unknown("u");
  CHECK(eval_json("if(equals('a', 'a'), 'yes', 'no')") == R"("yes")");
  CHECK(eval_json("if(equals('a', 'b'), 'yes', 'no')") == R"("no")");
  CHECK(eval_json("if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))") == R"({"test":"value1"})");
  CHECK(eval_json("if(true, 'a', parameters('u'))", env) == R"("a")");
  CHECK(eval_json("if(false, 'a', parameters('u'))", env) == "<unknown>");
  CHECK(eval_json("if(parameters('u'), 'a', 'b')", env) == "<unknown>");
  CHECK(eval_json("if(parameters('u'), 'a', 'a')", env) == R"("a")");
  CHECK(eval_json("if(parameters('u'), createArray(1), createArray(1))", env) == "[1]");
  CHECK(eval_json("if(parameters('u'), parameters('u'), parameters('u'))", env) == "<unknown>");
  CHECK(eval_reason("if('x', 1, 2)") == "if(): argument 1 must be a boolean, got 'x'");
  Value v = eval_expr("if(true, parameters('s'), 'x')", env);
  CHECK(spanned(s, v.span()) == s);
}

TEST_CASE("if() with an unknown condition is unknown but one of its two values", "[eval][logical]") {
  TestEnv env;
  env.set_unknown("flag");
  Value v = eval_expr("if(parameters('flag'), 'Disabled', 'Enabled')", env);
  REQUIRE(v.is_unknown());
  CHECK(v.unknown_info().reason == "parameter 'flag' has no value in this test");
  REQUIRE(v.unknown_info().candidates.size() == 2);
  CHECK(v.unknown_info().candidates[0].as_string() == "Disabled");
  CHECK(v.unknown_info().candidates[1].as_string() == "Enabled");
}
