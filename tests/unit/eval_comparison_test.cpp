// Comparison functions, with the examples of learn.microsoft.com template-functions-comparison
// (ms.date 08/01/2025) and the edge cases.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("coalesce() returns the first non-null argument as written", "[eval][comparison]") {
  TestEnv env;
  const std::string obj = R"({"null1": null, "null2": null, "string": "default", "int": 1, "object": {"first": "default"}, "array": [1]})";
  env.set("objectToTest", obj);
  env.set_unknown("u");
  CHECK(eval_json("coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').string)", env) == R"("default")");
  CHECK(eval_json("coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').int)", env) == "1");
  CHECK(eval_json("coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').object)", env) == R"({"first":"default"})");
  CHECK(eval_json("coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2, parameters('objectToTest').array)", env) == "[1]");
  CHECK(eval_json("empty(coalesce(parameters('objectToTest').null1, parameters('objectToTest').null2))", env) == "true");
  CHECK(eval_json("coalesce('', 'x')") == R"("")");  // empty strings are not null
  CHECK(eval_json("coalesce(null(), parameters('u'), 'x')", env) == "<unknown>");
  CHECK(eval_json("coalesce('x', parameters('u'))", env) == R"("x")");
  CHECK(eval_json("coalesce(null(), createArray(parameters('u')))", env) == "[<unknown>]");
  Value v = eval_expr("coalesce(null(), parameters('objectToTest').string)", env);
  CHECK(spanned(obj, v.span()) == R"("default")");
}

TEST_CASE("equals() compares deeply and case-sensitively", "[eval][comparison]") {
  TestEnv env;
  env.set_unknown("u");
  CHECK(eval_json("equals(1, 1)") == "true");
  CHECK(eval_json("equals('demo', 'Demo')") == "false");  // "the comparison is case-sensitive"
  CHECK(eval_json("equals('demo', 'demo')") == "true");
  CHECK(eval_json("equals(createArray('a', 'b'), createArray('a', 'b'))") == "true");
  CHECK(eval_json("equals(createObject('a', 'b'), createObject('a', 'b'))") == "true");
  CHECK(eval_json("not(equals(1, 2))") == "true");
  CHECK(eval_json("equals(1, '1')") == "false");
  CHECK(eval_json("equals(1, 1.0)") == "true");
  CHECK(eval_json("equals(null(), null())") == "true");
  CHECK(eval_json("equals(createObject('A', 1), createObject('a', 1))") == "true");  // keys ignore case
  CHECK(eval_json("equals(createArray(parameters('u')), createArray(1))", env) == "<unknown>");
  CHECK(eval_json("equals(createArray(parameters('u')), createArray(1, 2))", env) == "false");
  CHECK(eval_json("equals(createObject('a', parameters('u')), createObject('b', 1))", env) == "false");
}

TEST_CASE("greater(), greaterOrEquals(), less(), lessOrEquals()", "[eval][comparison]") {
  // The documented examples: 1 vs 2, and 'A' vs 'a' ('A' is greater).
  CHECK(eval_json("greater(1, 2)") == "false");
  CHECK(eval_json("greater('A', 'a')") == "true");
  CHECK(eval_json("greaterOrEquals(1, 2)") == "false");
  CHECK(eval_json("greaterOrEquals('A', 'a')") == "true");
  CHECK(eval_json("less(1, 2)") == "true");
  CHECK(eval_json("less('A', 'a')") == "false");
  CHECK(eval_json("lessOrEquals(1, 2)") == "true");
  CHECK(eval_json("lessOrEquals('A', 'a')") == "false");
  // culture order: letters compare ignoring case first, digits before letters
  CHECK(eval_json("less('apple', 'Banana')") == "true");
  CHECK(eval_json("greater('b', 'a')") == "true");
  CHECK(eval_json("greater('abc', 'ab')") == "true");
  CHECK(eval_json("less('9', 'a')") == "true");
  CHECK(eval_json("lessOrEquals('abc', 'abc')") == "true");
  CHECK(eval_json("less('2024-01-01', '2024-02-01')") == "true");
  CHECK(eval_json("greater(2, 1.5)") == "true");
  CHECK(eval_json("less(-9223372036854775807, 9223372036854775807)") == "true");
  CHECK(eval_reason("greater('a-b', 'ab')") ==
        "greater(): the order of these strings depends on .NET culture rules for punctuation or non-ASCII text");
  CHECK(eval_reason("greater(1, 'a')") == "greater(): can only compare two integers or two strings, got 1 and 'a'");
}
