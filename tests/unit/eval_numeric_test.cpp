// Numeric functions, with the examples of learn.microsoft.com template-functions-numeric (ms.date
// 08/01/2025) and the edge cases: 64-bit overflow, division by zero, conversions.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("add(), sub(), mul(), div(), mod()", "[eval][numeric]") {
  CHECK(eval_json("add(5, 3)") == "8");
  CHECK(eval_json("sub(7, 3)") == "4");
  CHECK(eval_json("mul(mul(5, 3), 3)") == "45");
  CHECK(eval_json("div(8, 3)") == "2");
  CHECK(eval_json("mod(7, 3)") == "1");
  CHECK(eval_json("div(-7, 2)") == "-3");  // truncated toward zero, as in .NET
  CHECK(eval_json("mod(-7, 2)") == "-1");  // the remainder has the dividend's sign
  CHECK(eval_json("add(4294967296, 4294967296)") == "8589934592");
  CHECK(eval_reason("div(1, 0)") == "div(): division by zero (the deployment would fail)");
  CHECK(eval_reason("mod(1, 0)") == "mod(): division by zero (the deployment would fail)");
  CHECK(eval_reason("add(9223372036854775807, 1)") == "add(): the result overflows a 64-bit integer");
  CHECK(eval_reason("sub(-9223372036854775808, 1)") == "sub(): the result overflows a 64-bit integer");
  CHECK(eval_reason("mul(4611686018427387904, 2)") == "mul(): the result overflows a 64-bit integer");
  CHECK(eval_reason("div(-9223372036854775808, -1)") == "div(): the result overflows a 64-bit integer");
  CHECK(eval_json("mod(-9223372036854775808, -1)") == "0");
  CHECK(eval_reason("add('1', 2)") == "add(): argument 1 must be an integer, got '1'");
  CHECK(eval_reason("add(1.5, 2)") == "add(): argument 1 must be an integer, got 1.5");
}

TEST_CASE("int() and float() convert", "[eval][numeric]") {
  CHECK(eval_json("int('4')") == "4");
  CHECK(eval_json("int(' -12 ')") == "-12");
  CHECK(eval_json("int('+7')") == "7");
  CHECK(eval_json("int(4)") == "4");
  CHECK(eval_json("int(json('4.0'))") == "4");
  CHECK(eval_reason("int('4.0')") == "int(): '4.0' is not an integer");
  CHECK(eval_reason("int('')") == "int(): '' is not an integer");
  CHECK(eval_reason("int('99999999999999999999')") == "int(): '99999999999999999999' is not an integer");
  CHECK(eval_reason("int(json('4.5'))") == "int(): 4.5 is not a whole number that fits 64 bits");
  CHECK(eval_json("float('3.0')") == "3.0");
  CHECK(eval_json("float(3)") == "3.0");
  CHECK(eval_json("float('-0.25')") == "-0.25");
  CHECK(eval_reason("float('abc')") == "float(): 'abc' is not a number");
}

TEST_CASE("min() and max() of an array or of the arguments", "[eval][numeric]") {
  TestEnv env;
  const std::string nums = "[0, 3, 2, 5, 4]";
  env.set("arrayToTest", nums);
  env.set_unknown("u");
  CHECK(eval_json("max(parameters('arrayToTest'))", env) == "5");
  CHECK(eval_json("max(0,3,2,5,4)") == "5");
  CHECK(eval_json("min(parameters('arrayToTest'))", env) == "0");
  CHECK(eval_json("min(0,3,2,5,4)") == "0");
  CHECK(eval_json("max(7)") == "7");
  CHECK(eval_json("max(1, 2.5)") == "2.5");
  CHECK(eval_json("min(-1, -9223372036854775808)") == "-9223372036854775808");
  CHECK(eval_reason("max(createArray())") == "max(): the array is empty");
  CHECK(eval_reason("max(createArray(1, 'a'))") == "max(): the array holds 'a', not only integers");
  CHECK(eval_reason("min(1, 'a')") == "min(): argument 2 must be an integer, got 'a'");
  CHECK(eval_json("max(createArray(1, parameters('u')))", env) == "<unknown>");
  Value v = eval_expr("max(parameters('arrayToTest'))", env);
  CHECK(spanned(nums, v.span()) == "5");
}
