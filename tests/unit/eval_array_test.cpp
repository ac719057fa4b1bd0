// Array and collection functions, with the examples of learn.microsoft.com template-functions-array
// (ms.date 08/01/2025) and the edge cases: empty inputs, wrong types, unknowns, case rules, limits.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("array() wraps a value in an array", "[eval][array]") {
  TestEnv env;
  env.set("objectToConvert", R"({"a": "b", "c": "d"})");
  CHECK(eval_json("array(1)", env) == "[1]");
  CHECK(eval_json("array('efgh')", env) == R"(["efgh"])");
  CHECK(eval_json("array(parameters('objectToConvert'))", env) == R"([{"a":"b","c":"d"}])");
  CHECK(eval_json("array(createArray(1, 2))", env) == "[1,2]");
  CHECK(eval_reason("array(null())") == "array(): argument 1 must be an int, string, array or object, got null");
}

TEST_CASE("createArray() holds its arguments, unknown ones too", "[eval][array]") {
  TestEnv env;
  env.set("objectToTest", R"({"one": "a", "two": "b", "three": "c"})");
  env.set("arrayToTest", R"(["one", "two", "three"])");
  env.set_unknown("u");
  CHECK(eval_json("createArray('a', 'b', 'c')", env) == R"(["a","b","c"])");
  CHECK(eval_json("createArray(1, 2, 3)", env) == "[1,2,3]");
  CHECK(eval_json("createArray(parameters('objectToTest'))", env) == R"([{"one":"a","two":"b","three":"c"}])");
  CHECK(eval_json("createArray(parameters('arrayToTest'))", env) == R"([["one","two","three"]])");
  CHECK(eval_json("createArray()", env) == "[]");
  CHECK(eval_json("createArray(parameters('u'), 1)", env) == "[<unknown>,1]");
  CHECK(eval_json("length(createArray(parameters('u')))", env) == "1");
}

TEST_CASE("concat() joins arrays or strings, never both", "[eval][array]") {
  TestEnv env;
  env.set("firstArray", R"(["1-1", "1-2", "1-3"])");
  env.set("secondArray", R"(["2-1", "2-2", "2-3"])");
  CHECK(eval_json("concat(parameters('firstArray'), parameters('secondArray'))", env) ==
        R"(["1-1","1-2","1-3","2-1","2-2","2-3"])");
  CHECK(eval_json("concat('prefix', '-', 'suffix')") == R"("prefix-suffix")");
  CHECK(eval_json("concat('vm', 1)") == R"("vm1")");  // concat('name', copyIndex()) is the common use
  CHECK(eval_json("concat('a')") == R"("a")");
  CHECK(eval_reason("concat(createArray(1), 'x')") == "concat(): arrays and strings cannot be mixed (argument 2)");
  CHECK(eval_reason("concat('a', null())") == "concat(): argument 2 must be a string or an array, got null");
}

TEST_CASE("contains(): strings case-sensitive, object keys case-insensitive, array items by equality",
          "[eval][array]") {
  TestEnv env;
  env.set("stringToTest", R"("OneTwoThree")");
  env.set("objectToTest", R"({"one": "a", "two": "b", "three": "c"})");
  env.set("arrayToTest", R"(["one", "two", "three"])");
  env.set_unknown("u");
  CHECK(eval_json("contains(parameters('stringToTest'), 'e')", env) == "true");
  CHECK(eval_json("contains(parameters('stringToTest'), 'z')", env) == "false");
  CHECK(eval_json("contains(parameters('objectToTest'), 'one')", env) == "true");
  CHECK(eval_json("contains(parameters('objectToTest'), 'a')", env) == "false");
  CHECK(eval_json("contains(parameters('arrayToTest'), 'three')", env) == "true");
  CHECK(eval_json("contains(parameters('arrayToTest'), 'four')", env) == "false");
  // case rules
  CHECK(eval_json("contains(parameters('stringToTest'), 'one')", env) == "false");
  CHECK(eval_json("contains(parameters('objectToTest'), 'ONE')", env) == "true");
  CHECK(eval_json("contains(parameters('arrayToTest'), 'Three')", env) == "false");
  // kinds
  CHECK(eval_json("contains('a1b', 1)") == "true");
  CHECK(eval_json("contains(createArray(1, 2), 2)") == "true");
  CHECK(eval_json("contains(createArray(1, 2), '2')") == "false");
  CHECK(eval_json("contains(createArray(createObject('a', 1)), createObject('A', 1))") == "true");
  CHECK(eval_json("contains(createArray(), 'a')") == "false");
  CHECK(eval_reason("contains(1, 1)") == "contains(): argument 1 must be an array, object or string, got 1");
  // unknowns
  CHECK(eval_json("contains(createArray(parameters('u')), 'a')", env) == "<unknown>");
  CHECK(eval_json("contains(createArray(parameters('u'), 'a'), 'a')", env) == "true");
  CHECK(eval_json("contains(createObject('a', parameters('u')), 'a')", env) == "true");
}

TEST_CASE("empty() and length()", "[eval][array]") {
  TestEnv env;
  env.set("arrayToTest", R"(["one", "two", "three"])");
  env.set("objectToTest", R"({"propA": "one", "propB": "two", "propC": "three", "propD": {"propD-1": "sub", "propD-2": "sub"}})");
  env.set_unknown("u");
  CHECK(eval_json("empty(createArray())") == "true");
  CHECK(eval_json("empty(createObject())") == "true");
  CHECK(eval_json("empty('')") == "true");
  CHECK(eval_json("empty(null())") == "true");
  CHECK(eval_json("empty(' ')") == "false");
  CHECK(eval_json("empty(createObject('a', parameters('u')))", env) == "false");
  CHECK(eval_json("empty(parameters('u'))", env) == "<unknown>");
  CHECK(eval_reason("empty(1)") == "empty(): argument 1 must be an array, object or string, got 1");

  CHECK(eval_json("length(parameters('arrayToTest'))", env) == "3");
  CHECK(eval_json("length('One Two Three')") == "13");
  CHECK(eval_json("length(parameters('objectToTest'))", env) == "4");
  CHECK(eval_json("length(createArray(parameters('u'), parameters('u')))", env) == "2");
  CHECK(eval_json("length('\xC3\xA9')") == "1");          // é: one UTF-16 unit
  CHECK(eval_json("length('\xF0\x9F\x98\x80')") == "2");  // 😀: a surrogate pair, as .NET counts
  CHECK(eval_reason("length(true)") == "length(): argument 1 must be an array, object or string, got true");
}

TEST_CASE("first() and last() return the item as written", "[eval][array]") {
  TestEnv env;
  const std::string arr = R"(["one", "two", "three"])";
  env.set("arrayToTest", arr);
  CHECK(eval_json("first(parameters('arrayToTest'))", env) == R"("one")");
  CHECK(eval_json("first('One Two Three')") == R"("O")");
  CHECK(eval_json("last(parameters('arrayToTest'))", env) == R"("three")");
  CHECK(eval_json("last('One Two Three')") == R"("e")");
  CHECK(eval_json("first(createArray())") == "null");
  CHECK(eval_json("first('')") == R"("")");
  CHECK(eval_json("last('')") == R"("")");
  CHECK(eval_json("first('\xC3\xA9t\xC3\xA9')") == "\"\xC3\xA9\"");
  CHECK(eval_json("last('\xF0\x9F\x98\x80')") == "<unknown>");  // would be half a surrogate pair
  // The item keeps the span where it was written, so a finding points at the parameter value.
  Value v = eval_expr("last(parameters('arrayToTest'))", env);
  CHECK(v.span().file == kParamFile);
  CHECK(spanned(arr, v.span()) == R"("three")");
  // A computed character carries the call's span.
  CHECK(eval_expr("first('abc')", env).span() == kCallSpan);
}

TEST_CASE("indexOf() and lastIndexOf(): strings case-insensitive, arrays case-sensitive", "[eval][array]") {
  TestEnv env;
  env.set("names", R"(["one", "two", "three"])");
  env.set("numbers", "[4, 5, 6]");
  env.set("collection", R"([["one", "two", "three"], [4, 5, 6]])");
  env.set("duplicates", "[1, 2, 3, 1]");
  env.set_unknown("u");
  // template-functions-array#indexof
  CHECK(eval_json("lastIndexOf(parameters('names'), 'two')", env) == "1");
  CHECK(eval_json("indexOf(parameters('names'), 'one')", env) == "0");
  CHECK(eval_json("lastIndexOf(parameters('names'), 'Three')", env) == "-1");
  CHECK(eval_json("lastIndexOf(parameters('numbers'), 4)", env) == "0");
  CHECK(eval_json("indexOf(parameters('numbers'), 6)", env) == "2");
  CHECK(eval_json("lastIndexOf(parameters('numbers'), '5')", env) == "-1");
  CHECK(eval_json("indexOf(parameters('collection'), parameters('numbers'))", env) == "1");
  CHECK(eval_json("indexOf(parameters('duplicates'), 1)", env) == "0");
  CHECK(eval_json("lastIndexOf(parameters('duplicates'), 1)", env) == "3");
  // template-functions-string#indexof
  CHECK(eval_json("indexOf('test', 't')") == "0");
  CHECK(eval_json("lastIndexOf('test', 't')") == "3");
  CHECK(eval_json("indexOf('abcdef', 'CD')") == "2");
  CHECK(eval_json("lastIndexOf('abcdef', 'AB')") == "0");
  CHECK(eval_json("indexOf('abcdef', 'z')") == "-1");
  // positions count UTF-16 units; case-insensitivity reaches beyond ASCII
  CHECK(eval_json("indexOf('\xF0\x9F\x98\x80" "a', 'A')") == "2");
  CHECK(eval_json("indexOf('x\xC3\x89T\xC3\x89', '\xC3\xA9t')") == "1");  // xÉTÉ, ét
  CHECK(eval_json("indexOf('abc', '')") == "0");
  CHECK(eval_reason("lastIndexOf('abc', '')").find("differs between .NET versions") != std::string::npos);
  // unknowns: an unknown item before the match leaves the answer open
  CHECK(eval_json("indexOf(createArray(parameters('u'), 'a'), 'a')", env) == "<unknown>");
  CHECK(eval_json("indexOf(createArray('a', parameters('u')), 'a')", env) == "0");
  CHECK(eval_json("lastIndexOf(createArray(parameters('u'), 'a'), 'a')", env) == "1");
  CHECK(eval_reason("indexOf('abc', 1)") == "indexOf(): argument 2 must be a string, got 1");
}

TEST_CASE("skip() and take() clamp their counts", "[eval][array]") {
  TestEnv env;
  env.set("testArray", R"(["one", "two", "three"])");
  CHECK(eval_json("skip(parameters('testArray'), 2)", env) == R"(["three"])");
  CHECK(eval_json("skip('one two three', 4)") == R"("two three")");
  CHECK(eval_json("take(parameters('testArray'), 2)", env) == R"(["one","two"])");
  CHECK(eval_json("take('one two three', 2)") == R"("on")");
  CHECK(eval_json("skip(parameters('testArray'), -1)", env) == R"(["one","two","three"])");
  CHECK(eval_json("skip(parameters('testArray'), 10)", env) == "[]");
  CHECK(eval_json("take(parameters('testArray'), 0)", env) == "[]");
  CHECK(eval_json("take(parameters('testArray'), 100)", env) == R"(["one","two","three"])");
  CHECK(eval_json("take('abc', -5)") == R"("")");
  CHECK(eval_json("skip('', 1)") == R"("")");
  CHECK(eval_json("take('\xF0\x9F\x98\x80', 1)") == "<unknown>");
  CHECK(eval_reason("take('abc', '1')") == "take(): argument 2 must be an integer, got '1'");
}

TEST_CASE("union() of arrays keeps first occurrences - of objects merges deeply, last wins", "[eval][array]") {
  TestEnv env;
  env.set("firstObject", R"({"one": "a", "two": "b", "three": "c1"})");
  env.set("secondObject", R"({"three": "c2", "four": "d", "five": "e"})");
  env.set("firstArray", R"(["one", "two", "three"])");
  env.set("secondArray", R"(["three", "four"])");
  env.set("deepFirst", R"({"property": {"one": "a", "two": "b", "three": "c1"}, "nestedArray": [1, 2]})");
  env.set("deepSecond", R"({"property": {"three": "c2", "four": "d", "five": "e"}, "nestedArray": [3, 4]})");
  env.set("deepFirstArray", R"([["one", "two"], ["three"]])");
  env.set("deepSecondArray", R"([["three"], ["four", "two"]])");
  env.set_unknown("u");
  CHECK(eval_json("union(parameters('firstObject'), parameters('secondObject'))", env) ==
        R"({"one":"a","two":"b","three":"c2","four":"d","five":"e"})");
  CHECK(eval_json("union(parameters('firstArray'), parameters('secondArray'))", env) == R"(["one","two","three","four"])");
  // template-functions-array#union, the deep merge example: nested objects merge, nested arrays do not
  CHECK(eval_json("union(parameters('deepFirst'), parameters('deepSecond'))", env) ==
        R"({"property":{"one":"a","two":"b","three":"c2","four":"d","five":"e"},"nestedArray":[3,4]})");
  CHECK(eval_json("union(parameters('deepFirstArray'), parameters('deepSecondArray'))", env) ==
        R"([["one","two"],["three"],["four","two"]])");
  CHECK(eval_json("union(createObject('a', 1), createObject('b', 2))") == R"({"a":1,"b":2})");
  CHECK(eval_json("union(createObject('a', 1), createObject('b', 2), createObject('a', 3))") == R"({"a":3,"b":2})");
  CHECK(eval_json("union(createObject('Key', 1), createObject('KEY', 2))") == R"({"Key":2})");  // keys ignore case
  CHECK(eval_json("union(createArray('a', 'A'), createArray('a'))") == R"(["a","A"])");        // items do not
  CHECK(eval_json("union(createArray(1, 1), createArray())") == "[1]");
  CHECK(eval_json("union(createArray(1), createArray(1.0))") == "[1]");
  CHECK(eval_json("union(createObject('a', createObject('x', 1)), createObject('a', 2))") == R"({"a":2})");
  // unknowns: an unknown member stays a member; an unknown item may duplicate another one
  CHECK(eval_json("union(createObject('a', parameters('u')), createObject('b', 1))", env) == R"({"a":<unknown>,"b":1})");
  CHECK(eval_json("union(createObject('a', createObject('x', 1)), createObject('a', parameters('u')))", env) ==
        R"({"a":<unknown>})");
  CHECK(eval_json("union(createArray(parameters('u')), createArray('a'))", env) == "<unknown>");
  CHECK(eval_json("union(createArray('a'), createArray(createArray(parameters('u'), 1)))", env) ==
        R"(["a",[<unknown>,1]])");  // an array of two items is never 'a'
  // a single object is returned as written
  const std::string obj = R"({"k": "v"})";
  env.set("obj", obj);
  Value single = eval_expr("union(parameters('obj'))", env);
  CHECK(spanned(obj, single.span()) == obj);
  CHECK(eval_reason("union(createArray(1), createObject())") == "union(): arrays and objects cannot be mixed");
  CHECK(eval_reason("union('a', 'b')") == "union(): argument 1 must be an array or object, got 'a'");
}

TEST_CASE("intersection() keeps what every argument has", "[eval][array]") {
  TestEnv env;
  env.set("firstObject", R"({"one": "a", "two": "b", "three": "c"})");
  env.set("secondObject", R"({"one": "a", "two": "z", "three": "c"})");
  env.set("firstArray", R"(["one", "two", "three"])");
  env.set("secondArray", R"(["two", "three"])");
  env.set_unknown("u");
  CHECK(eval_json("intersection(parameters('firstObject'), parameters('secondObject'))", env) == R"({"one":"a","three":"c"})");
  CHECK(eval_json("intersection(parameters('firstArray'), parameters('secondArray'))", env) == R"(["two","three"])");
  CHECK(eval_json("intersection(createObject('A', 1), createObject('a', 1))") == R"({"A":1})");
  CHECK(eval_json("intersection(createArray('a'), createArray('A'))") == "[]");
  CHECK(eval_json("intersection(createArray(1, 1, 2), createArray(1, 2), createArray(2, 1))") == "[1,2]");
  CHECK(eval_json("intersection(createArray('a', 'b'), createArray('b', parameters('u')))", env) == "<unknown>");
  CHECK(eval_json("intersection(createArray('a'), createArray('a', parameters('u')))", env) == R"(["a"])");
  CHECK(eval_json("intersection(createObject('a', parameters('u')), createObject('a', 1))", env) == "<unknown>");
  CHECK(eval_json("intersection(createObject('a', parameters('u')), createObject('b', 1))", env) == "{}");
}

TEST_CASE("range() builds integers within ARM's bounds", "[eval][array]") {
  CHECK(eval_json("range(5, 3)") == "[5,6,7]");
  CHECK(eval_json("range(0, 0)") == "[]");
  CHECK(eval_json("range(-2, 3)") == "[-2,-1,0]");
  CHECK(eval_json("length(range(0, 10000))") == "10000");
  CHECK(eval_reason("range(0, 10001)") == "range(): the count must be from 0 to 10000, got 10001");
  CHECK(eval_reason("range(0, -1)") == "range(): the count must be from 0 to 10000, got -1");
  CHECK(eval_reason("range(2147483647, 1)") == "range(): the start plus the count must be no greater than 2147483647");
  CHECK(eval_json("range(2147483646, 1)") == "[2147483646]");
  CHECK(eval_json("range(9223372036854775807, 1)") == "<unknown>");
}

TEST_CASE("flatten() removes one level of arrays", "[eval][array]") {
  TestEnv env;
  env.set_unknown("u");
  CHECK(eval_json("flatten(createArray(createArray(1, 2), createArray(), createArray(createArray(3))))") == "[1,2,[3]]");
  CHECK(eval_json("flatten(createArray())") == "[]");
  CHECK(eval_reason("flatten(createArray(1))") == "flatten(): every item must be an array, got 1");
  CHECK(eval_json("flatten(createArray(createArray(1), parameters('u')))", env) == "<unknown>");
}

TEST_CASE("indexFromEnd() and tryIndexFromEnd() count from the end, 1-based", "[eval][array]") {
  TestEnv env;
  env.set("items", R"(["apple", "banana", "orange", "grape"])");
  CHECK(eval_json("indexFromEnd(parameters('items'), 2)", env) == R"("orange")");
  CHECK(eval_json("tryIndexFromEnd(parameters('items'), 2)", env) == R"("orange")");
  CHECK(eval_json("tryIndexFromEnd(parameters('items'), 5)", env) == "null");
  CHECK(eval_json("tryIndexFromEnd(parameters('items'), 0)", env) == "null");
  CHECK(eval_json("indexFromEnd(parameters('items'), 4)", env) == R"("apple")");
  CHECK(eval_reason("indexFromEnd(createArray(1), 2)") ==
        "indexFromEnd(): index 2 from the end is outside an array of 1 items (the deployment would fail)");
}

TEST_CASE("collection functions respect the evaluation limits", "[eval][array]") {
  TestEnv env;
  env.limits.max_collection_items = 5;
  CHECK(unknown_reason(eval_expr("concat(range(0, 3), range(0, 3))", env)) ==
        "concat(): the result would hold 6 items, over the evaluation limit");
  CHECK(unknown_reason(eval_expr("range(0, 6)", env)) == "range(): the result would hold 6 items, over the evaluation limit");
  CHECK(eval_json("union(range(0, 3), range(3, 3))", env) == "<unknown>");
  env.limits.max_string_bytes = 10;
  CHECK(unknown_reason(eval_expr("concat('abcdef', 'ghijk')", env)) ==
        "concat(): the result would be a string of 11 bytes, over the evaluation limit");
}

TEST_CASE("walks over values that share their items are bounded", "[eval][array]") {
  // Sixty levels of createArray(x, x): 2^60 leaves when expanded, a few hundred bytes when shared.
  TestEnv env;
  const std::string dag = "reduce(range(0, 60), 'x', lambda('a', 'b', createArray(lambdaVariables('a'), lambdaVariables('a'))))";
  CHECK(unknown_reason(eval_expr("string(" + dag + ")", env)) ==
        "string(): the value is too large or nested too deeply to write as a string");
  CHECK(unknown_reason(eval_expr("equals(" + dag + ", " + dag + ")", env)) ==
        "equals(): the values are too large or nested too deeply to compare");
  CHECK(eval_json("union(" + dag + ", " + dag + ")", env) == "<unknown>");
  CHECK(eval_json("contains(" + dag + ", 'x')", env) == "<unknown>");
  CHECK(eval_json("length(" + dag + ")", env) == "2");
  // Deep nesting stops at kMaxNesting instead of exhausting the stack.
  const std::string deep = "reduce(range(0, 1000), 'x', lambda('a', 'b', createArray(lambdaVariables('a'))))";
  CHECK(eval_json("string(" + deep + ")", env) == "<unknown>");
  CHECK(eval_json("equals(" + deep + ", " + deep + ")", env) == "<unknown>");
}
