// Evaluation of Bicep expressions: operators with Bicep's semantics, interpolation, `??`, `.?`, loops,
// lambdas through the shared function library, user-defined functions, imports, parameters (defaults,
// nullable, candidates, --param) and the limits that keep hostile input bounded.
#include <catch2/catch.hpp>

#include "bicep_test_support.h"

using namespace vl;
using vl::test::BicepProject;
using vl::test::show;

namespace {

// The value of `expr` as a property of a probe resource, after `decls`.
std::string eval(const std::string& expr, const std::string& decls = "",
                 std::vector<std::pair<std::string, std::string>> cli = {}) {
  BicepProject p;
  p.write("main.bicep", decls + "\nresource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n    v: " +
                            expr + "\n  }\n}\n");
  LoweredUnit u = p.lower("main.bicep", {}, std::move(cli));
  const Resource* r = vl::test::find_resource(u, "probe");
  if (!r) return "<no probe>";
  return show(r->properties().as_object().get("v"));
}

}  // namespace

TEST_CASE("bicep eval: literals, arithmetic and comparison", "[bicep][eval]") {
  CHECK(eval("1 + 2 * 3") == "7");
  CHECK(eval("7 / 2") == "3");
  CHECK(eval("-7 % 3") == "-1");
  CHECK(eval("1 / 0").find("division by zero") != std::string::npos);
  CHECK(eval("9223372036854775807 + 1").find("overflows") != std::string::npos);
  CHECK(eval("'a' < 'b'") == "true");
  CHECK(eval("2 >= 3") == "false");
  CHECK(eval("'Abc' == 'abc'") == "false");
  CHECK(eval("'Abc' =~ 'abc'") == "true");
  CHECK(eval("'Abc' !~ 'abd'") == "true");
  CHECK(eval("[1, { a: 'x' }] == [1, { A: 'x' }]") == "true");
  CHECK(eval("!true") == "false");
  CHECK(eval("null") == "null");
  CHECK(eval("'''\n  raw ${x}\n'''") == R"("  raw ${x}\n")");
}

TEST_CASE("bicep eval: logic short-circuits around unknowns", "[bicep][eval]") {
  const std::string decls = "param u bool\n";
  CHECK(eval("false && u", decls) == "false");
  CHECK(eval("u && false", decls) == "false");
  CHECK(eval("true || u", decls) == "true");
  CHECK(eval("u || true", decls) == "true");
  CHECK(eval("u && true", decls).find("parameter `u` has no default") != std::string::npos);
}

TEST_CASE("bicep eval: coalescing, safe access and non-null assertions", "[bicep][eval]") {
  const std::string decls = "param o object = { a: { b: 1 }, n: null }\nparam arr array = [1, 2]\n";
  CHECK(eval("o.?missing ?? 'fallback'", decls) == R"("fallback")");
  CHECK(eval("o.n ?? 3", decls) == "3");
  CHECK(eval("o.a.?b", decls) == "1");
  CHECK(eval("o.?x.?y", decls) == "null");
  CHECK(eval("o.missing", decls).find("no property 'missing'") != std::string::npos);
  CHECK(eval("arr[?5]", decls) == "null");
  CHECK(eval("arr[^1]", decls) == "2");
  CHECK(eval("arr[5]", decls).find("outside an array") != std::string::npos);
  CHECK(eval("o['a'].b!", decls) == "1");
  CHECK(eval("null ?? null ?? 'z'") == R"("z")");
}

TEST_CASE("bicep eval: interpolation writes values as ARM's format() does", "[bicep][eval]") {
  CHECK(eval("'kv-${1}-${true}-${'x'}'") == R"("kv-1-True-x")");
  CHECK(eval("'${[1, 2]}'") == R"("[1,2]")");
  CHECK(eval("'a${'b${'c'}'}'") == R"("abc")");
  CHECK(eval("'${u}'", "param u string\n").find("parameter `u`") != std::string::npos);
}

TEST_CASE("bicep eval: ternaries, and unknown conditions with both answers", "[bicep][eval]") {
  CHECK(eval("1 > 0 ? 'yes' : 'no'") == R"("yes")");
  CHECK(eval("u ? 'same' : 'same'", "param u bool\n") == R"("same")");
  BicepProject p;
  p.write("main.bicep", "param u bool\nresource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n    v: u ? true : null\n  }\n}\n");
  LoweredUnit lowered = p.lower("main.bicep");
  Value v = vl::test::find_resource(lowered, "probe")->properties().as_object().get("v");
  REQUIRE(v.is_unknown());
  CHECK(v.unknown_info().candidates.size() == 2);
}

TEST_CASE("bicep eval: arrays, objects, spread and for expressions", "[bicep][eval]") {
  CHECK(eval("[...[1, 2], 3]") == "[1,2,3]");
  CHECK(eval("{ a: 1, ...{ b: 2, a: 3 } }") == R"({"a":3,"b":2})");
  CHECK(eval("[for x in [1, 2, 3]: x * 2]") == "[2,4,6]");
  CHECK(eval("[for (x, i) in ['a', 'b']: '${i}:${x}']") == R"(["0:a","1:b"])");
  CHECK(eval("[for i in range(0, 2): [for j in range(0, 2): i + j]]") == "[[0,1],[1,2]]");
  CHECK(eval("{ '${'dyn'}': 1 }") == R"({"dyn":1})");
}

TEST_CASE("bicep eval: lambdas through the shared function library", "[bicep][eval]") {
  CHECK(eval("filter([1, 2, 3, 4], x => x % 2 == 0)") == "[2,4]");
  CHECK(eval("map(['a', 'b'], (x, i) => '${x}${i}')") == R"(["a0","b1"])");
  CHECK(eval("reduce([1, 2, 3], 10, (acc, x) => acc + x)") == "16");
  CHECK(eval("sort([3, 1, 2], (a, b) => a < b)") == "[1,2,3]");
  CHECK(eval("toObject(['a', 'bb'], k => k, k => length(k))") == R"({"a":1,"bb":2})");
  CHECK(eval("groupBy(['ab', 'ac', 'b'], s => substring(s, 0, 1))") == R"({"a":["ab","ac"],"b":["b"]})");
  CHECK(eval("map(items({ x: 1, y: 2 }), e => e.key)") == R"(["x","y"])");
  CHECK(eval("objectKeys({ x: 1, y: 2 })") == R"(["x","y"])");
  // A lambda sees the loop variables around it.
  CHECK(eval("[for n in [1, 2]: map([10], x => x + n)]") == "[[11],[12]]");
}

TEST_CASE("bicep eval: functions, namespaces and the synthetic scope", "[bicep][eval]") {
  CHECK(eval("sys.concat('a', 'b')") == R"("ab")");
  CHECK(eval("az.resourceGroup().name") == R"("rg")");
  CHECK(eval("resourceGroup('other').id") == R"("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other")");
  CHECK(eval("resourceGroup('sub', 'other').id") == R"("/subscriptions/sub/resourceGroups/other")");
  CHECK(eval("subscription().subscriptionId") == R"("00000000-0000-0000-0000-000000000000")");
  CHECK(eval("resourceId('Microsoft.KeyVault/vaults', 'kv')") ==
        R"("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv")");
  CHECK(eval("uniqueString('a')") == eval("uniqueString('a')"));
  CHECK(eval("any('x')") == R"("x")");
  CHECK(eval("utcNow()").find("differs at every deployment") != std::string::npos);
  CHECK(eval("readEnvironmentVariable('HOME')").find("machine that deploys") != std::string::npos);
  CHECK(eval("noSuchFunction(1)").find("unknown function") != std::string::npos);
  CHECK(eval("length([1, 2, 3])") == "3");
}

TEST_CASE("bicep eval: user-defined functions and imports", "[bicep][eval]") {
  CHECK(eval("name('x')", "func name(s string) string => 'kv-${s}'\n") == R"("kv-x")");
  CHECK(eval("outer(2)", "func inner(i int) int => i * 10\nfunc outer(i int) int => inner(i) + 1\n") == "21");
  CHECK(eval("loop(1)", "func loop(i int) int => loop(i)\n").find("nested deeper than") != std::string::npos);

  BicepProject p;
  p.write("lib.bicep", "@export()\nvar prefix = 'kv'\n@export()\nfunc named(s string) string => '${prefix}-${s}'\n");
  p.write("main.bicep",
          "import { prefix, named as n } from 'lib.bicep'\nimport * as lib from 'lib.bicep'\n"
          "resource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n"
          "    a: prefix\n    b: n('x')\n    c: lib.named('y')\n    d: lib.prefix\n  }\n}\n");
  LoweredUnit u = p.lower("main.bicep");
  const Object& props = vl::test::find_resource(u, "probe")->properties().as_object();
  CHECK(show(props.get("a")) == R"("kv")");
  CHECK(show(props.get("b")) == R"("kv-x")");
  CHECK(show(props.get("c")) == R"("kv-y")");
  CHECK(show(props.get("d")) == R"("kv")");
  // The imported value keeps the span where the library wrote it.
  CHECK(p.file_of(props.get("a").span()) == "lib.bicep");
}

TEST_CASE("bicep eval: parameters", "[bicep][eval]") {
  CHECK(eval("p", "param p string = 'def'\n") == R"("def")");
  CHECK(eval("p", "param p string?\n") == "null");
  CHECK(eval("p", "param p string\n").find("has no default and no .bicepparam file gives it a value") != std::string::npos);
  CHECK(eval("p", "param p int = 1\n", {{"p", "42"}}) == "42");
  CHECK(eval("p", "param p bool = true\n", {{"P", "False"}}) == "false");
  CHECK(eval("p", "param p string = q\nparam q string = 'from-q'\n") == R"("from-q")");
  CHECK(eval("p", "param p string = p\n").find("depends on itself") != std::string::npos);

  BicepProject p;
  p.write("main.bicep", "@allowed([\n  'a'\n  'b'\n])\nparam choice string\nparam flag bool\n"
                        "resource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n    a: choice\n    b: flag\n  }\n}\n");
  LoweredUnit u = p.lower("main.bicep");
  const Object& props = vl::test::find_resource(u, "probe")->properties().as_object();
  CHECK(props.get("a").unknown_info().candidates.size() == 2);
  CHECK(props.get("b").unknown_info().candidates.size() == 2);
  // Supplied values (a .bicepparam's) win over defaults and keep their own spans.
  LoweredUnit supplied = p.lower("main.bicep", {{"choice", Value::string("b", Span{77, 1, 2})}});
  Value a = vl::test::find_resource(supplied, "probe")->properties().as_object().get("a");
  CHECK(a.as_string() == "b");
  CHECK(a.span().file == 77);
}

TEST_CASE("bicep eval: variables, cycles and limits", "[bicep][eval]") {
  CHECK(eval("b", "var a = 'x'\nvar b = '${a}y'\n") == R"("xy")");
  BicepProject p;
  p.write("main.bicep", "var a = b\nvar b = a\nresource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n    v: a\n  }\n}\n");
  LoweredUnit u = p.lower("main.bicep");
  CHECK(vl::test::has_diagnostic(u, "KV001", "depends on itself"));

  BicepProject big;
  big.write("main.bicep", "var xs = [for i in range(0, 900): i]\nresource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n    v: xs\n  }\n}\n");
  CHECK(vl::test::has_diagnostic(big.lower("main.bicep"), "KV001", "over ARM's limit of 800"));

  // Work that multiplies through nested loops stops at the unit's budget, with a KV001.
  BicepProject hostile;
  hostile.write("main.bicep",
                "var a = [for i in range(0, 800): [for j in range(0, 800): [for k in range(0, 800): k]]]\n"
                "resource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n    v: a\n  }\n}\n");
  LoweredUnit h = hostile.lower("main.bicep", {}, {}, nullptr, 100'000);
  CHECK(vl::test::has_diagnostic(h, "KV001", "evaluation stopped"));
}

TEST_CASE("bicep eval: loadTextContent and loadJsonContent read inside the repository only", "[bicep][eval]") {
  BicepProject p;
  p.write("data/config.json", R"({"vault": {"purge": true, "names": ["a", "b"]}})");
  p.write("data/note.txt", "hello");
  p.write("main.bicep",
          "var cfg = loadJsonContent('data/config.json')\n"
          "resource probe 'Test.Probe/values@2020-01-01' = {\n  name: 'probe'\n  properties: {\n"
          "    a: cfg.vault.purge\n    b: loadTextContent('data/note.txt')\n    c: loadJsonContent('data/config.json', '$.vault.names[1]')\n"
          "    d: loadTextContent('../../../../../../etc/hostname')\n  }\n}\n");
  LoweredUnit u = p.lower("main.bicep");
  const Object& props = vl::test::find_resource(u, "probe")->properties().as_object();
  CHECK(show(props.get("a")) == "true");
  CHECK(p.file_of(props.get("a").span()) == "config.json");  // the value was written in the JSON file
  CHECK(show(props.get("b")) == R"("hello")");
  CHECK(show(props.get("c")) == R"("b")");
  CHECK(props.get("d").is_unknown());
  CHECK(vl::test::has_diagnostic(u, "KV002", "outside the repository"));
}
