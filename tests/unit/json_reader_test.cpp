// The position-tracking JSON reader: exact byte spans for keys and values, lenient input (comments,
// trailing commas, BOM, CRLF), errors with offsets, and the depth limit.
#include <catch2/catch.hpp>

#include "graph/json_value.h"
#include "source/source_file.h"

using namespace vl;

namespace {
std::string_view slice(std::string_view text, Span s) { return text.substr(s.begin, s.end - s.begin); }
}  // namespace

TEST_CASE("spans of keys and values are exact", "[json]") {
  std::string text = R"({ "a" : 12, "b": [true, null, -3.5e2], "c": "x\"y", "d": {} })";
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  const Object& o = doc.root.as_object();
  REQUIRE(o.size() == 4);
  CHECK(slice(text, doc.root.span()) == text);
  CHECK(slice(text, o.members()[0].key_span) == "\"a\"");
  CHECK(slice(text, o.members()[0].value.span()) == "12");
  CHECK(o.members()[0].value.as_int() == 12);
  const Array& b = o.get("b").as_array();
  CHECK(slice(text, o.get("b").span()) == "[true, null, -3.5e2]");
  CHECK(slice(text, b[0].span()) == "true");
  CHECK(slice(text, b[1].span()) == "null");
  CHECK(slice(text, b[2].span()) == "-3.5e2");
  CHECK(b[2].as_number() == -350.0);
  CHECK(slice(text, o.get("c").span()) == R"("x\"y")");
  CHECK(o.get("c").as_string() == "x\"y");
  CHECK(slice(text, o.get("d").span()) == "{}");
}

TEST_CASE("a number at the very end of the input keeps its last digit", "[json]") {
  std::string text = "[1,23]";
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  CHECK(slice(text, doc.root.as_array()[1].span()) == "23");
  auto bare = parse_json_document(0, "42");
  REQUIRE(bare.result.ok);
  CHECK(bare.root.span().end == 2);
}

TEST_CASE("strings ending in escaped backslashes find their opening quote", "[json]") {
  std::string text = R"({"k": "a\\", "m": "\\\""})";
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  CHECK(slice(text, doc.root.as_object().get("k").span()) == R"("a\\")");
  CHECK(slice(text, doc.root.as_object().get("m").span()) == R"("\\\"")");
}

TEST_CASE("comments and trailing commas are accepted, offsets unchanged", "[json]") {
  std::string text = "{\n  // a comment, with \"quotes\"\n  \"a\": 1, /* block\n comment */ \"b\": [1, 2,],\n}\n";
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  CHECK(doc.result.comments.size() == 2);
  CHECK(slice(text, Span{0, doc.result.comments[0].begin, doc.result.comments[0].end}) ==
        "// a comment, with \"quotes\"");
  CHECK(slice(text, doc.root.as_object().get("b").span()) == "[1, 2,]");
  CHECK(doc.root.as_object().get("b").as_array().size() == 2);
}

TEST_CASE("comment markers inside strings are text", "[json]") {
  std::string text = R"({"url": "https://example.com/*x*/", "n": 1})";
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  CHECK(doc.root.as_object().get("url").as_string() == "https://example.com/*x*/");
  CHECK(doc.result.comments.empty());
}

TEST_CASE("a UTF-8 BOM and CRLF line ends", "[json]") {
  std::string text = "\xEF\xBB\xBF{\r\n  \"a\": \"\xC3\xA9t\xC3\xA9\",\r\n  \"b\": true\r\n}\r\n";
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  const Member* b = doc.root.as_object().find_member("b");
  REQUIRE(b);
  SourceFile file("x.json", "/x.json", text);
  Position p = file.position(b->key_span.begin);
  CHECK(p.line == 3);
  CHECK(p.column == 3);
  Position first = file.position(doc.root.span().begin);
  CHECK(first.line == 1);
  CHECK(first.column == 1);  // the BOM is not a column
  CHECK(file.line_text(2) == "  \"a\": \"\xC3\xA9t\xC3\xA9\",");
}

TEST_CASE("columns count code points - LSP positions count UTF-16 units", "[json][position]") {
  std::string text = "{\"\xC3\xA9\xF0\x9F\x98\x80\": 1}";  // {"é😀": 1}
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  SourceFile file("x.json", "/x.json", text);
  Span v = doc.root.as_object().members()[0].value.span();
  CHECK(file.position(v.begin).column == 8);          // { " é 😀 " : space -> 7 code points before
  CHECK(file.utf16_position(v.begin).column == 8);    // 😀 is two UTF-16 units
  CHECK(file.utf16_position(v.begin).line == 0);
}

TEST_CASE("a syntax error has the offset of the bad token", "[json]") {
  std::string text = "{\n  \"resources\": [\n    { \"apiVersion\": }\n  ]\n}\n";
  auto doc = parse_json_document(0, text);
  REQUIRE_FALSE(doc.result.ok);
  SourceFile file("x.json", "/x.json", text);
  Position p = file.position(doc.result.error_offset);
  CHECK(p.line == 3);
  CHECK(p.column == 21);
  CHECK(doc.result.error.find("unexpected '}'") != std::string::npos);
}

TEST_CASE("truncated input and invalid UTF-8 are errors, not crashes", "[json]") {
  CHECK_FALSE(parse_json_document(0, "{\"a\": [1, 2").result.ok);
  CHECK_FALSE(parse_json_document(0, "{\"a\": \"\xFF\"}").result.ok);
  CHECK_FALSE(parse_json_document(0, "").result.ok);
  CHECK_FALSE(parse_json_document(0, "/* unterminated").result.ok);
}

TEST_CASE("nesting deeper than the limit is rejected before parsing", "[json]") {
  std::string deep(300, '[');
  deep += std::string(300, ']');
  auto doc = parse_json_document(0, deep);
  REQUIRE_FALSE(doc.result.ok);
  CHECK(doc.result.error_offset == 256);
  CHECK(doc.result.error.find("deeper than 256") != std::string::npos);
  std::string ok(200, '[');
  ok += std::string(200, ']');
  CHECK(parse_json_document(0, ok).result.ok);
}

TEST_CASE("duplicate keys: the last one wins on lookup", "[json]") {
  auto doc = parse_json_document(0, R"({"a": 1, "A": 2})");
  REQUIRE(doc.result.ok);
  CHECK(doc.root.as_object().get("a").as_int() == 2);
}

TEST_CASE("raw control characters inside strings are read as Azure reads them", "[json]") {
  std::string text = "{\"a\": \"one\ntwo\\n\\u00e9\\ud83d\\ude00\", \"b\tkey\": \"x\\\"\ty\", \"c\": 1}";
  auto doc = parse_json_document(0, text);
  REQUIRE(doc.result.ok);
  const Object& o = doc.root.as_object();
  CHECK(o.get("a").as_string() == "one\ntwo\n\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(slice(text, o.get("a").span()) == "\"one\ntwo\\n\\u00e9\\ud83d\\ude00\"");
  CHECK(o.members()[1].key == "b\tkey");
  CHECK(o.get("b\tkey").as_string() == "x\"\ty");
  CHECK(o.get("c").as_int() == 1);
  // Outside a string a control character is still an error.
  CHECK_FALSE(parse_json_document(0, "{\"a\": \x01 1}").result.ok);
}
