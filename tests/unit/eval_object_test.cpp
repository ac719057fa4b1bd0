// Object functions, with the examples of learn.microsoft.com template-functions-object (ms.date
// 08/01/2025) and the edge cases.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("createObject() builds an object - unknown values stay members", "[eval][object]") {
  TestEnv env;
  env.set_unknown("u");
  CHECK(eval_json("createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(), 'arrayProp', createArray('a', "
                  "'b', 'c'), 'objectProp', createObject('key1', 'value1'))") ==
        R"({"intProp":1,"stringProp":"abc","boolProp":true,"arrayProp":["a","b","c"],"objectProp":{"key1":"value1"}})");
  CHECK(eval_json("createObject()") == "{}");
  CHECK(eval_json("createObject('a', 1, 'A', 2)") == R"({"a":2})");
  CHECK(eval_json("createObject('a', parameters('u'))", env) == R"({"a":<unknown>})");
  CHECK(eval_json("length(createObject('a', parameters('u'), 'b', 1))", env) == "2");
  CHECK(eval_json("createObject(parameters('u'), 1)", env) == "<unknown>");
  CHECK(eval_reason("createObject('a')") == "createObject(): expects key/value pairs, got an odd number of arguments");
  CHECK(eval_reason("createObject(1, 'a')") == "createObject(): argument 1 must be a string key, got 1");
}

TEST_CASE("json() parses JSON text", "[eval][object]") {
  CHECK(eval_json("empty(json('null'))") == "true");
  CHECK(eval_json("json('null')") == "null");
  CHECK(eval_json("json('{\"a\": \"b\"}')") == R"({"a":"b"})");
  CHECK(eval_json("json('\"test\"')") == R"("test")");
  CHECK(eval_json("json('true')") == "true");
  CHECK(eval_json("json('3')") == "3");
  CHECK(eval_json("json('[1,2,3 ]')") == "[1,2,3]");
  CHECK(eval_json("json(concat('{\"a\": \"', 'demo value', '\"}'))") == R"({"a":"demo value"})");
  CHECK(eval_json("json('{''a'': ''it\\''s''}')") == R"({"a":"it's"})");  // single quotes, as Azure reads them
  CHECK(eval_json("json('{\"b\": 1, \"a\": 2}')") == R"({"b":1,"a":2})");  // written order kept
  CHECK(eval_json("json('1.5')") == "1.5");
  CHECK(eval_json("json('18446744073709551615')") == "1.8446744073709552E+19");
  CHECK(eval_json("json('[1, /* note */ 2]')") == "[1,2]");
  CHECK(eval_reason("json('{')").rfind("json(): the text is not valid JSON", 0) == 0);
  CHECK(eval_reason("json('''abc')") == "json(): the JSON text has an unterminated string");
  CHECK(eval_reason("json(1)") == "json(): argument 1 must be a string, got 1");
  CHECK(eval_reason("json(padLeft('', 600, '['))") == "json(): the JSON text is nested deeper than 512 levels");
  TestEnv small;
  CHECK(eval_expr("json('{\"a\": [1]}')", small).as_object().get("a").span() == kCallSpan);
  small.limits.max_collection_items = 2;
  CHECK(unknown_reason(eval_expr("json('[1,2,3]')", small)) == "json(): an array of 3 items is over the evaluation limit");
}

TEST_CASE("null() is null", "[eval][object]") {
  CHECK(eval_json("null()") == "null");
  CHECK(eval_json("empty(null())") == "true");
}

TEST_CASE("items() lists members sorted by key - objectKeys() in written order", "[eval][object]") {
  TestEnv env;
  env.set("entities", R"({"item002": {"enabled": false, "displayName": "Example item 2", "number": 200},
                          "item001": {"enabled": true, "displayName": "Example item 1", "number": 300}})");
  env.set("obj", R"({"b": 1, "a": 2, "C": 3})");
  CHECK(eval_json("items(parameters('entities'))", env) ==
        R"([{"key":"item001","value":{"enabled":true,"displayName":"Example item 1","number":300}},)"
        R"({"key":"item002","value":{"enabled":false,"displayName":"Example item 2","number":200}}])");
  CHECK(eval_json("items(parameters('entities'))[0].value.displayName", env) == R"("Example item 1")");
  CHECK(eval_json("items(parameters('obj'))", env) == R"([{"key":"a","value":2},{"key":"b","value":1},{"key":"C","value":3}])");
  CHECK(eval_json("items(createObject())") == "[]");
  CHECK(eval_reason("items(createArray())") == "items(): argument 1 must be an object, got [0 items]");

  CHECK(eval_json("objectKeys(createObject('a', 1, 'b', 2))") == R"(["a","b"])");
  CHECK(eval_json("objectKeys(parameters('obj'))", env) == R"(["b","a","C"])");
  CHECK(eval_json("objectKeys(createObject())") == "[]");
}

TEST_CASE("shallowMerge() merges top-level members only", "[eval][object]") {
  TestEnv env;
  env.set("firstArray", R"([{"one": "a"}, {"two": "b"}, {"two": "c"}])");
  env.set("secondArray", R"([{"one": "a", "nested": {"a": 1, "nested": {"c": 3}}}, {"two": "b", "nested": {"b": 2}}])");
  env.set_unknown("u");
  CHECK(eval_json("shallowMerge(parameters('firstArray'))", env) == R"({"one":"a","two":"c"})");
  CHECK(eval_json("shallowMerge(parameters('secondArray'))", env) == R"({"one":"a","nested":{"b":2},"two":"b"})");
  CHECK(eval_json("shallowMerge(createArray())") == "{}");
  CHECK(eval_json("shallowMerge(createArray(createObject('a', 1), parameters('u')))", env) == "<unknown>");
  CHECK(eval_reason("shallowMerge(createArray(1))") == "shallowMerge(): every item must be an object, got 1");
}

TEST_CASE("tryGet() returns the member or item as written, or null", "[eval][object]") {
  TestEnv env;
  const std::string users = R"({"name": "John Doe", "age": 30})";
  env.set("users", users);
  env.set("colors", R"(["red", "green"])");
  env.set("withUnknown", "{}");
  env.set_unknown("u");
  CHECK(eval_json("tryGet(parameters('users'), 'region')", env) == "null");
  CHECK(eval_json("tryGet(parameters('users'), 'name')", env) == R"("John Doe")");
  CHECK(eval_json("tryGet(parameters('users'), 'NAME')", env) == R"("John Doe")");
  CHECK(eval_json("tryGet(parameters('colors'), 0)", env) == R"("red")");
  CHECK(eval_json("tryGet(parameters('colors'), 2)", env) == "null");
  CHECK(eval_json("tryGet(parameters('colors'), -1)", env) == "null");
  CHECK(eval_json("tryGet(null(), 'a')") == "null");
  CHECK(eval_json("tryGet(createObject('a', parameters('u'), 'b', 1), 'b')", env) == "1");
  CHECK(eval_json("tryGet(createObject('a', parameters('u')), 'a')", env) == "<unknown>");
  // A string has no members: null, as for a missing key (Bicep's `.?` on a string).
  CHECK(eval_json("tryGet('text', 0)") == "null");
  CHECK(eval_json("tryGet('text', 'a')") == "null");
  // More keys read further in (what `.?a.?b` compiles to); a missing step is null.
  env.set("nested", R"({"a": {"b": [10, {"c": "deep"}]}})");
  CHECK(eval_json("tryGet(parameters('nested'), 'a', 'b', 1, 'c')", env) == R"("deep")");
  CHECK(eval_json("tryGet(parameters('nested'), 'a', 'x', 'c')", env) == "null");
  CHECK(eval_json("tryGet(parameters('nested'), 'a', 'b', 5)", env) == "null");
  CHECK(eval_json("tryGet(parameters('nested'), 'a', 'b', 0, 'c')", env) == "null");
  CHECK(eval_json("tryGet(createObject('a', parameters('u')), 'a', 'b')", env) == "<unknown>");
  CHECK(unknown_reason(eval_expr("tryGet(parameters('nested'), 'a', 'b', 'c')", env)) ==
        "tryGet(): argument 4 must be an integer index for an array, got 'c'");
  CHECK(unknown_reason(eval_expr("tryGet(parameters('colors'), 'a')", env)) ==
        "tryGet(): argument 2 must be an integer index for an array, got 'a'");
  Value name = eval_expr("tryGet(parameters('users'), 'name')", env);
  CHECK(spanned(users, name.span()) == R"("John Doe")");
}
