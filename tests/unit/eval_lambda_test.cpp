// Lambda functions, with the examples of learn.microsoft.com template-functions-lambda and
// bicep-functions-lambda (index parameters, groupBy, mapValues), and the edge cases.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

namespace {

const char* kDogs = R"([
  {"name": "Evie", "age": 5, "interests": ["Ball", "Frisbee"]},
  {"name": "Casper", "age": 3, "interests": ["Other dogs"]},
  {"name": "Indy", "age": 2, "interests": ["Butter"]},
  {"name": "Kira", "age": 8, "interests": ["Rubs"]}])";

TestEnv dogs_env() {
  TestEnv env;
  env.set("dogs", kDogs);
  env.set_unknown("u");
  return env;
}

}  // namespace

TEST_CASE("filter()", "[eval][lambda]") {
  TestEnv env = dogs_env();
  CHECK(eval_json("filter(parameters('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))", env) ==
        R"([{"name":"Evie","age":5,"interests":["Ball","Frisbee"]},{"name":"Kira","age":8,"interests":["Rubs"]}])");
  CHECK(eval_json("filter(range(0, 10), lambda('i', greater(lambdaVariables('i'), 5)))") == "[6,7,8,9]");
  CHECK(eval_json("filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))") == "[0,2,4,6,8]");
  // with the index (Bicep: filter(dogs, (val, i) => i < 2 && substring(val.name, 0, 1) == 'C'))
  CHECK(eval_json("filter(parameters('dogs'), lambda('val', 'i', and(less(lambdaVariables('i'), 2), "
                  "equals(substring(lambdaVariables('val').name, 0, 1), 'C'))))", env) ==
        R"([{"name":"Casper","age":3,"interests":["Other dogs"]}])");
  CHECK(eval_json("filter(createArray(), lambda('x', true))") == "[]");
  CHECK(eval_json("filter(createArray(parameters('u'), 1), lambda('x', equals(lambdaVariables('x'), 1)))", env) == "<unknown>");
  CHECK(eval_json("filter(createArray(parameters('u'), 1), lambda('x', true))", env) == "[<unknown>,1]");
  CHECK(eval_reason("filter(createArray(1), lambda('x', 1))") == "filter(): the lambda must return a boolean, got 1");
  CHECK(eval_reason("filter(createArray(1), 1)") == "filter(): argument 2 must be a lambda, got 1");
  CHECK(eval_reason("filter('abc', lambda('x', true))") == "filter(): argument 1 must be an array, got 'abc'");
}

TEST_CASE("map()", "[eval][lambda]") {
  TestEnv env = dogs_env();
  CHECK(eval_json("map(parameters('dogs'), lambda('dog', lambdaVariables('dog').name))", env) ==
        R"(["Evie","Casper","Indy","Kira"])");
  CHECK(eval_json("map(parameters('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))", env) ==
        R"(["Hello Evie!","Hello Casper!","Hello Indy!","Hello Kira!"])");
  CHECK(eval_json("map(range(0, length(parameters('dogs'))), lambda('i', createObject('i', lambdaVariables('i'), 'dog', "
                  "parameters('dogs')[lambdaVariables('i')].name, 'greeting', format('Ahoy, {0}!', "
                  "parameters('dogs')[lambdaVariables('i')].name))))", env) ==
        R"([{"i":0,"dog":"Evie","greeting":"Ahoy, Evie!"},{"i":1,"dog":"Casper","greeting":"Ahoy, Casper!"},)"
        R"({"i":2,"dog":"Indy","greeting":"Ahoy, Indy!"},{"i":3,"dog":"Kira","greeting":"Ahoy, Kira!"}])");
  CHECK(eval_json("map(parameters('dogs'), lambda('x', 'i', createObject('index', lambdaVariables('i'), 'val', "
                  "lambdaVariables('x').name)))", env) ==
        R"([{"index":0,"val":"Evie"},{"index":1,"val":"Casper"},{"index":2,"val":"Indy"},{"index":3,"val":"Kira"}])");
  CHECK(eval_json("map(createArray(parameters('u'), 1), lambda('x', lambdaVariables('x')))", env) == "[<unknown>,1]");
  CHECK(eval_json("map(createArray(1, 2), lambda('x', lambda('y', 1)))") == "<unknown>");
  // nested lambdas see the outer lambda's variables
  CHECK(eval_json("map(createArray(1, 2), lambda('x', map(createArray(10), lambda('y', add(lambdaVariables('x'), "
                  "lambdaVariables('y'))))))") == "[[11],[12]]");
  CHECK(eval_reason("lambdaVariables('nope')") == "lambdaVariables('nope'): no such lambda variable");
}

TEST_CASE("reduce()", "[eval][lambda]") {
  TestEnv env = dogs_env();
  const char* ages = "map(parameters('dogs'), lambda('dog', lambdaVariables('dog').age))";
  CHECK(eval_json(std::string("reduce(") + ages + ", 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))", env) == "18");
  CHECK(eval_json(std::string("reduce(") + ages + ", 1, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))", env) == "19");
  CHECK(eval_json(std::string("reduce(") + ages + ", 0, lambda('cur', 'next', 'i', if(equals(mod(lambdaVariables('i'), 2), 0), "
                  "add(lambdaVariables('cur'), lambdaVariables('next')), lambdaVariables('cur'))))", env) == "7");
  CHECK(eval_json("reduce(createArray(createObject('foo', 123), createObject('bar', 456), createObject('baz', 789)), "
                  "createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))") ==
        R"({"foo":123,"bar":456,"baz":789})");
  CHECK(eval_json("reduce(createArray(), 'init', lambda('a', 'b', 'x'))") == R"("init")");
  CHECK(eval_json("reduce(createArray(1, parameters('u')), 0, lambda('a', 'b', add(lambdaVariables('a'), lambdaVariables('b'))))", env) ==
        "<unknown>");
  CHECK(eval_json("reduce(createArray(1, parameters('u')), 0, lambda('a', 'b', 7))", env) == "7");
}

TEST_CASE("sort() is stable and follows the lambda", "[eval][lambda]") {
  TestEnv env = dogs_env();
  CHECK(eval_json("map(sort(parameters('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age))), "
                  "lambda('d', lambdaVariables('d').name))", env) == R"(["Indy","Casper","Evie","Kira"])");
  CHECK(eval_json("sort(createArray(3, 1, 2, 5, 4), lambda('a', 'b', greater(lambdaVariables('a'), lambdaVariables('b'))))") ==
        "[5,4,3,2,1]");
  CHECK(eval_json("map(sort(createArray(createObject('k', 1, 'n', 'a'), createObject('k', 0, 'n', 'b'), createObject('k', 1, "
                  "'n', 'c')), lambda('x', 'y', less(lambdaVariables('x').k, lambdaVariables('y').k))), lambda('e', "
                  "lambdaVariables('e').n))") == R"(["b","a","c"])");
  CHECK(eval_json("sort(createArray(), lambda('a', 'b', true))") == "[]");
  CHECK(eval_json("sort(createArray(1, 2, 3), lambda('a', 'b', true))") == "[3,2,1]");  // an inconsistent order still ends
  CHECK(eval_json("sort(createArray(2, parameters('u')), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))", env) ==
        "<unknown>");
  CHECK(eval_reason("sort(createArray(2, 1), lambda('a', 'b', 'yes'))") == "sort(): the lambda must return a boolean, got 'yes'");
}

TEST_CASE("toObject(), groupBy(), mapValues()", "[eval][lambda]") {
  TestEnv env = dogs_env();
  CHECK(eval_json("toObject(parameters('dogs'), lambda('entry', lambdaVariables('entry').name))", env) ==
        R"({"Evie":{"name":"Evie","age":5,"interests":["Ball","Frisbee"]},"Casper":{"name":"Casper","age":3,"interests":["Other dogs"]},)"
        R"("Indy":{"name":"Indy","age":2,"interests":["Butter"]},"Kira":{"name":"Kira","age":8,"interests":["Rubs"]}})");
  CHECK(eval_json("toObject(parameters('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry').age))", env) ==
        R"({"Evie":5,"Casper":3,"Indy":2,"Kira":8})");
  CHECK(eval_json("toObject(createArray('a', 'A', 'b'), lambda('x', lambdaVariables('x')), lambda('x', 1))") == R"({"a":1,"b":1})");
  CHECK(eval_reason("toObject(createArray(1), lambda('x', lambdaVariables('x')))") == "toObject(): the key lambda must return a string, got 1");
  CHECK(eval_json("toObject(createArray(parameters('u')), lambda('x', lambdaVariables('x')))", env) == "<unknown>");
  CHECK(eval_json("toObject(createArray('a'), lambda('x', lambdaVariables('x')), lambda('x', parameters('u')))", env) == R"({"a":<unknown>})");

  CHECK(eval_json("groupBy(createArray('foo', 'bar', 'baz'), lambda('x', substring(lambdaVariables('x'), 0, 1)))") ==
        R"({"f":["foo"],"b":["bar","baz"]})");
  CHECK(eval_json("groupBy(createArray(), lambda('x', 'k'))") == "{}");
  CHECK(eval_json("groupBy(createArray('a', 'A'), lambda('x', lambdaVariables('x')))") == R"({"a":["a","A"]})");

  CHECK(eval_json("mapValues(createObject('foo', 'foo', 'bar', 'bar'), lambda('val', toUpper(lambdaVariables('val'))))") ==
        R"({"foo":"FOO","bar":"BAR"})");
  CHECK(eval_json("mapValues(createObject('a', parameters('u'), 'b', 'x'), lambda('v', lambdaVariables('v')))", env) ==
        R"({"a":<unknown>,"b":"x"})");
  CHECK(eval_reason("mapValues(createArray(), lambda('v', 1))") == "mapValues(): argument 1 must be an object, got [0 items]");
}
