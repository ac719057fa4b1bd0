// A file's text released after its frontend read it (issue 23): positions, lines, slices and the whole text
// are read back from disk and are what they were; a file read from memory (an editor's buffer) keeps its
// text. And a piece of a JSON file parsed on its own has the spans it has in the whole file.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "graph/json_value.h"
#include "source/source_file.h"

using namespace vl;

namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  std::filesystem::path p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

}  // namespace

TEST_CASE("a released file reads back the same positions, lines and bytes", "[source]") {
  const std::string text = "\xEF\xBB\xBF{\n  \"a\": \"\xC3\xA9t\xC3\xA9\",\r\n  \"b\": [1, 2]\n}\n";
  std::filesystem::path p = write_temp("vaultlint_release_test.json", text);
  SourceFile kept("k.json", p, text, /*on_disk=*/true);
  SourceFile released("r.json", p, text, /*on_disk=*/true);
  released.release();
  for (std::uint32_t offset = 0; offset <= text.size(); ++offset) {
    CHECK(released.position(offset).line == kept.position(offset).line);
    CHECK(released.position(offset).column == kept.position(offset).column);
    CHECK(released.utf16_position(offset).column == kept.utf16_position(offset).column);
  }
  for (std::uint32_t line = 0; line <= kept.line_count() + 1; ++line) {
    CHECK(released.line_text(line) == kept.line_text(line));
    CHECK(released.line_start(line) == kept.line_start(line));
  }
  CHECK(released.line_text(2) == "  \"a\": \"\xC3\xA9t\xC3\xA9\",");
  CHECK(released.slice(5, 8) == text.substr(5, 3));
  CHECK(*released.contents() == text);
  CHECK(released.text() == text);
  std::filesystem::remove(p);
}

TEST_CASE("a file read from memory keeps its text when released", "[source]") {
  SourceFile buffer("x.bicep", std::filesystem::temp_directory_path() / "vaultlint_no_such_file.bicep", "param a string\n");
  buffer.release();
  CHECK(buffer.text() == "param a string\n");
  CHECK(buffer.position(6).column == 7);
}

TEST_CASE("a piece of a JSON file parses with the file's own spans", "[json]") {
  const std::string text = R"({"x": 1, "inner": {"k": [true, "s"]}})";
  auto whole = parse_json_document(3, text);
  REQUIRE(whole.result.ok);
  const Value inner = whole.root.as_object().get("inner");
  const std::uint32_t b = inner.span().begin, e = inner.span().end;
  auto piece = parse_json_document_at(3, std::string_view(text).substr(b, e - b), b);
  REQUIRE(piece.result.ok);
  CHECK(piece.root.span() == inner.span());
  const Member* k = piece.root.as_object().find_member("k");
  REQUIRE(k);
  CHECK(k->key_span == inner.as_object().find_member("k")->key_span);
  CHECK(k->value.as_array()[1].span() == inner.as_object().get("k").as_array()[1].span());
}
