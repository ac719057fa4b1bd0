// String functions, with the examples of learn.microsoft.com template-functions-string (ms.date
// 08/01/2025) and the edge cases: empty inputs, wrong types, unknowns, case rules, limits.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("base64(), base64ToString(), base64ToJson()", "[eval][string]") {
  CHECK(eval_json("base64('one, two, three')") == R"("b25lLCB0d28sIHRocmVl")");
  CHECK(eval_json("base64ToString(base64('one, two, three'))") == R"("one, two, three")");
  // Azure's JSON reader takes single-quoted strings: the documented example relies on it.
  CHECK(eval_json("base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))") == R"({"one":"a","two":"b"})");
  CHECK(eval_json("base64('')") == R"("")");
  CHECK(eval_json("base64('a')") == R"("YQ==")");
  CHECK(eval_json("base64('ab')") == R"("YWI=")");
  CHECK(eval_json("base64ToString('YQ==')") == R"("a")");
  CHECK(eval_json("base64ToString('w6k=')") == "\"\xC3\xA9\"");
  CHECK(eval_json("base64ToString('/w==')") == "\"\xEF\xBF\xBD\"");  // invalid UTF-8 becomes U+FFFD
  CHECK(eval_reason("base64ToString('YQ=')") == "base64ToString(): the text is not valid base64");
  CHECK(eval_reason("base64ToString('Y=Q=')") == "base64ToString(): the text is not valid base64");
  CHECK(eval_reason("base64(1)") == "base64(): argument 1 must be a string, got 1");
}

TEST_CASE("dataUri() and dataUriToString()", "[eval][string]") {
  CHECK(eval_json("dataUri('Hello')") == R"("data:text/plain;charset=utf8;base64,SGVsbG8=")");
  CHECK(eval_json("dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')") == R"("Hello, World!")");
  CHECK(eval_json("dataUriToString(dataUri('x y'))") == R"("x y")");
  CHECK(eval_json("dataUriToString('data:text/plain,a%20b')") == R"("a b")");
  CHECK(eval_reason("dataUriToString('hello')") == "dataUriToString(): 'hello' is not a data URI");
}

TEST_CASE("startsWith() and endsWith() ignore case", "[eval][string]") {
  CHECK(eval_json("startsWith('abcdef', 'ab')") == "true");
  CHECK(eval_json("startsWith('abcdef', 'A')") == "true");
  CHECK(eval_json("startsWith('abcdef', 'e')") == "false");
  CHECK(eval_json("endsWith('abcdef', 'ef')") == "true");
  CHECK(eval_json("endsWith('abcdef', 'F')") == "true");
  CHECK(eval_json("endsWith('abcdef', 'e')") == "false");
  CHECK(eval_json("startsWith('ab', 'abc')") == "false");
  CHECK(eval_json("endsWith('', '')") == "true");
  CHECK(eval_json("startsWith('\xC3\x89t\xC3\xA9', '\xC3\xA9T')") == "true");  // Été, éT
  CHECK(eval_reason("endsWith('a', 1)") == "endsWith(): argument 2 must be a string, got 1");
}

TEST_CASE("format() follows .NET composite formatting", "[eval][string]") {
  TestEnv env;
  env.set_unknown("u");
  CHECK(eval_json("format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)") ==
        R"("Hello, User. Formatted number: 8,175,133")");
  CHECK(eval_json("format('{0} {1}', true, false)") == R"("True False")");
  CHECK(eval_json("format('{{0}} {0}', 'x')") == R"("{0} x")");
  CHECK(eval_json("format('}}{{')") == R"("}{")");
  CHECK(eval_json("format('{1}{0}{1}', 'a', 'b')") == R"("bab")");
  CHECK(eval_json("format('{0:D3}', 7)") == R"("007")");
  CHECK(eval_json("format('{0:D3}', -7)") == R"("-007")");
  CHECK(eval_json("format('{0:N2}', 1234.5)") == R"("1,234.50")");
  CHECK(eval_json("format('{0:N}', -1234567)") == R"("-1,234,567.00")");
  CHECK(eval_json("format('{0:F1}', 3)") == R"("3.0")");
  CHECK(eval_json("format('{0:X}', 255)") == R"("FF")");
  CHECK(eval_json("format('{0:x4}', 255)") == R"("00ff")");
  CHECK(eval_json("format('{0:E2}', 1234.5)") == R"("1.23E+003")");
  CHECK(eval_json("format('{0:000}', 7)") == R"("007")");
  CHECK(eval_json("format('{0:#,##0.00}', 1234.5)") == R"("1,234.50")");
  CHECK(eval_json("format('{0:0.##}', 2.5)") == R"("2.5")");
  CHECK(eval_json("format('{0,5}|{1,-5}|', 'ab', 'cd')") == R"("   ab|cd   |")");
  CHECK(eval_json("format('{0}', 1.5)") == R"("1.5")");
  CHECK(eval_json("format('{0:N2}', 'text')") == R"("text")");  // strings ignore the specifier
  CHECK(eval_json("format('{0}', null())") == R"("")");
  CHECK(eval_json("format('no items')") == R"("no items")");
  CHECK(eval_reason("format('{1}', 'a')") == "format(): format item {1} has no argument");
  CHECK(eval_reason("format('{0', 'a')") == "format(): '{0' is not a valid format string");
  CHECK(eval_reason("format('a}b')") == "format(): 'a}b' is not a valid format string");
  CHECK(eval_reason("format('{x}', 'a')") == "format(): '{x}' is not a valid format string");
  CHECK(eval_reason("format('{0:P}', 1)") == "format(): the format specifier 'P' for 1 is not supported");
  CHECK(eval_reason("format('{0:D}', 1.5)") == "format(): the format specifier 'D' for 1.5 is not supported");
  CHECK(eval_reason("format('{0}', createArray(1))") == "format(): cannot format [1 item] (only strings, numbers and booleans)");
  CHECK(eval_json("format('{0}', parameters('u'))", env) == "<unknown>");
  CHECK(eval_json("format('{0}', 'x', parameters('u'))", env) == "<unknown>");  // an unknown argument is an unknown call
  env.limits.max_string_bytes = 100;
  CHECK(unknown_reason(eval_expr("format('{0,1000}', 'x')", env)) ==
        "format(): the result would be a string of 1000 bytes, over the evaluation limit");
}

TEST_CASE("join() and split()", "[eval][string]") {
  TestEnv env;
  env.set("arrayString", R"(["one", "two", "three"])");
  env.set_unknown("u");
  CHECK(eval_json("join(parameters('arrayString'), ',')", env) == R"("one,two,three")");
  CHECK(eval_json("join(parameters('arrayString'), ';')", env) == R"("one;two;three")");
  CHECK(eval_json("join(createArray(), ',')") == R"("")");
  CHECK(eval_json("join(createArray('a', 1, true), '-')") == R"("a-1-True")");
  CHECK(eval_reason("join(createArray(createArray()), ',')") == "join(): every item must be a string, got [0 items]");
  CHECK(eval_json("join(createArray('a', parameters('u')), ',')", env) == "<unknown>");

  CHECK(eval_json("split('one,two,three', ',')") == R"(["one","two","three"])");
  CHECK(eval_json("split('one;two,three', createArray(',', ';'))") == R"(["one","two","three"])");
  CHECK(eval_json("split('a,,b,', ',')") == R"(["a","","b",""])");
  CHECK(eval_json("split('', ',')") == R"([""])");
  CHECK(eval_json("split('abc', '')") == R"(["abc"])");
  CHECK(eval_json("split('aXbxc', 'x')") == R"(["aXb","c"])");  // case-sensitive
  CHECK(eval_json("split('a--b-c', createArray('-', '--'))") == R"(["a","","b","c"])");  // first delimiter listed wins
  CHECK(eval_json("split('a', createArray(parameters('u')))", env) == "<unknown>");
  CHECK(eval_reason("split('a', 1)") == "split(): argument 2 must be a string or an array of strings, got 1");
}

TEST_CASE("padLeft() pads to a total length", "[eval][string]") {
  TestEnv env;
  CHECK(eval_json("padLeft('123', 10, '0')") == R"("0000000123")");
  CHECK(eval_json("padLeft(123, 5)") == R"("  123")");
  CHECK(eval_json("padLeft('abc', 2)") == R"("abc")");
  CHECK(eval_json("padLeft('', 2, '\xC3\xA9')") == "\"\xC3\xA9\xC3\xA9\"");
  CHECK(eval_reason("padLeft('a', 3, 'xy')") == "padLeft(): argument 3 must be a single character, got 'xy'");
  CHECK(eval_reason("padLeft('a', -1)") == "padLeft(): the total length cannot be negative");
  CHECK(eval_reason("padLeft('a', 9223372036854775807)") ==
        "padLeft(): the result would be a string of 9223372036854775806 bytes, over the evaluation limit");
  CHECK(eval_json("padLeft('a', 5000000, 'x')") == "<unknown>");
  env.limits.max_string_bytes = 8;
  CHECK(eval_json("padLeft('a', 8, 'x')", env) == R"("xxxxxxxa")");
  CHECK(unknown_reason(eval_expr("padLeft('a', 9, 'x')", env)) ==
        "padLeft(): the result would be a string of 9 bytes, over the evaluation limit");
}

TEST_CASE("replace() replaces every occurrence, case-sensitively", "[eval][string]") {
  TestEnv env;
  CHECK(eval_json("replace('123-123-1234', '-', '')") == R"("1231231234")");
  CHECK(eval_json("replace('123-123-1234', '1234', 'xxxx')") == R"("123-123-xxxx")");
  CHECK(eval_json("replace('aAa', 'a', 'b')") == R"("bAb")");
  CHECK(eval_json("replace('aaa', 'aa', 'b')") == R"("ba")");
  CHECK(eval_json("replace('', 'a', 'b')") == R"("")");
  CHECK(eval_reason("replace('a', '', 'x')") == "replace(): the string to replace cannot be empty");
  env.limits.max_string_bytes = 20;
  CHECK(eval_json("replace('aaaa', 'a', 'bbbbb')", env) == R"("bbbbbbbbbbbbbbbbbbbb")");
  CHECK(unknown_reason(eval_expr("replace('aaaa', 'a', 'bbbbbb')", env)) ==
        "replace(): the result would be a string of 24 bytes, over the evaluation limit");
}

TEST_CASE("string() writes scalars as ARM does and collections as compact JSON", "[eval][string]") {
  TestEnv env;
  env.set("testObject", R"({"valueA": 10, "valueB": "Example Text"})");
  env.set("testArray", R"(["a", "b", "c"])");
  env.set_unknown("u");
  CHECK(eval_json("string(parameters('testObject'))", env) == R"("{\"valueA\":10,\"valueB\":\"Example Text\"}")");
  CHECK(eval_json("string(parameters('testArray'))", env) == R"("[\"a\",\"b\",\"c\"]")");
  CHECK(eval_json("string(5)") == R"("5")");
  CHECK(eval_json("string(true)") == R"("True")");
  CHECK(eval_json("string(null())") == R"("")");
  CHECK(eval_json("string(1.5)") == R"("1.5")");
  CHECK(eval_json("string(json('[1.0, 1e20, 0.00001, null, false]'))") == R"("[1.0,1E+20,1E-05,null,false]")");
  CHECK(eval_json("string(createArray('x\"y\\z'))") == R"("[\"x\\\"y\\\\z\"]")");
  CHECK(eval_json("string(createObject('a', parameters('u')))", env) == "<unknown>");
  CHECK(eval_expr("string('abc')", env).span() == kCallSpan);
}

TEST_CASE("substring() fails outside the string", "[eval][string]") {
  CHECK(eval_json("substring('one two three', 4, 3)") == R"("two")");
  CHECK(eval_json("substring('abc', 1)") == R"("bc")");
  CHECK(eval_json("substring('abc')") == R"("abc")");
  CHECK(eval_json("substring('abc', 3, 0)") == R"("")");
  CHECK(eval_json("substring('\xF0\x9F\x98\x80" "ab', 2, 1)") == R"("a")");
  CHECK(eval_reason("substring('1234567890', 0, 11)") ==
        "substring(): the index and length must refer to a location within the string (index 0, length 11, string "
        "length 10; the deployment would fail)");
  CHECK(eval_json("substring('abc', -1, 1)") == "<unknown>");
  CHECK(eval_json("substring('abc', 4)") == "<unknown>");
  CHECK(eval_json("substring('abc', 1, -1)") == "<unknown>");
  CHECK(eval_json("substring('\xF0\x9F\x98\x80', 1, 1)") == "<unknown>");
}

TEST_CASE("toLower(), toUpper() and trim()", "[eval][string]") {
  CHECK(eval_json("toLower('One Two Three')") == R"("one two three")");
  CHECK(eval_json("toUpper('One Two Three')") == R"("ONE TWO THREE")");
  CHECK(eval_json("toLower('\xC3\x80\xC3\x89\xC3\x8E')") == "\"\xC3\xA0\xC3\xA9\xC3\xAE\"");  // ÀÉÎ -> àéî
  CHECK(eval_json("toUpper('stra\xC3\x9F" "e')") == "\"STRA\xC3\x9F" "E\"");                // ß has no single upper case
  CHECK(eval_json("toUpper('\xD0\xB4\xCE\xB1')") == "\"\xD0\x94\xCE\x91\"");                 // дα -> ДΑ
  CHECK(eval_json("toUpper('\xE6\x97\xA5-1')") == "\"\xE6\x97\xA5-1\"");                     // 日 has no case
  CHECK(eval_reason("toUpper('\xC7\x86')") == "toUpper(): no case mapping known for character U+01C6");
  CHECK(eval_json("trim('    one two three   ')") == R"("one two three")");
  CHECK(eval_json("trim('\t\xC2\xA0x y\xE3\x80\x80')") == R"("x y")");
  CHECK(eval_json("trim('   ')") == R"("")");
}

TEST_CASE("uri(), uriComponent(), uriComponentToString()", "[eval][string]") {
  // template-functions-string#uri
  CHECK(eval_json("uri('http://contoso.org/firstpath', 'myscript.sh')") == R"("http://contoso.org/myscript.sh")");
  CHECK(eval_json("uri('http://contoso.org/firstpath/', 'myscript.sh')") == R"("http://contoso.org/firstpath/myscript.sh")");
  CHECK(eval_json("uri('http://contoso.org/firstpath/', '/myscript.sh')") == R"("http://contoso.org/firstpath/myscript.sh")");
  CHECK(eval_json("uri('http://contoso.org/firstpath/azuredeploy.json', 'myscript.sh')") ==
        R"("http://contoso.org/firstpath/myscript.sh")");
  CHECK(eval_json("uri('http://contoso.org/firstpath/azuredeploy.json/', 'myscript.sh')") ==
        R"("http://contoso.org/firstpath/azuredeploy.json/myscript.sh")");
  CHECK(eval_json("uri('http://contoso.com/resources/', 'nested/azuredeploy.json')") ==
        R"("http://contoso.com/resources/nested/azuredeploy.json")");
  // RFC 3986 resolution
  CHECK(eval_json("uri('https://a.example/b/c/d', '../e?x=1')") == R"("https://a.example/b/e?x=1")");
  CHECK(eval_json("uri('https://a.example/b/c', '/root')") == R"("https://a.example/root")");
  CHECK(eval_json("uri('HTTPS://A.Example:443', 'x')") == R"("https://a.example/x")");
  CHECK(eval_json("uri('https://a.example/b', 'https://other.example/c')") == R"("https://other.example/c")");
  CHECK(eval_reason("uri('nested/', 'x')") == "uri(): 'nested/' is not an absolute URI");

  CHECK(eval_json("uriComponent('http://contoso.com/resources/nested/azuredeploy.json')") ==
        R"("http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json")");
  CHECK(eval_json("uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')") ==
        R"("http://contoso.com/resources/nested/azuredeploy.json")");
  CHECK(eval_json("uriComponent('a b~\xC3\xA4')") == R"("a%20b~%C3%A4")");
  CHECK(eval_json("uriComponentToString('%C3%A4%2')") == "\"\xC3\xA4%2\"");
}
