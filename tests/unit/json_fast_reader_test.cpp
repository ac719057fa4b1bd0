// The JSON reader's fast path gives exactly the events nlohmann's path gives (offsets, strings, numbers,
// comments, errors), on the fixtures' JSON, on documents written to stress it, and on many small mutations
// of them: where it gives up, nlohmann reads.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "source/json_reader.h"

using namespace vl;

namespace {

class Recorder final : public JsonEvents {
 public:
  explicit Recorder(std::string_view text) : text_(text) {}
  std::string log;
  std::string wrong;  // a text said to be verbatim that is not the document's bytes between the quotes
  std::size_t verbatim = 0;
  void begin_object(std::uint32_t b) override { add("{", b, b); }
  void key(JsonText k, std::uint32_t b, std::uint32_t e) override { add(std::string("k").append(checked(k, b, e)), b, e); }
  void end_object(std::uint32_t e) override { add("}", e, e); }
  void begin_array(std::uint32_t b) override { add("[", b, b); }
  void end_array(std::uint32_t e) override { add("]", e, e); }
  void null(std::uint32_t b, std::uint32_t e) override { add("n", b, e); }
  void boolean(bool v, std::uint32_t b, std::uint32_t e) override { add(v ? "t" : "f", b, e); }
  void integer(std::int64_t v, std::uint32_t b, std::uint32_t e) override { add("i" + std::to_string(v), b, e); }
  void number(double v, std::uint32_t b, std::uint32_t e) override {
    char buf[64];
    std::memcpy(buf, &v, sizeof v);  // the exact bits
    std::ostringstream bits;
    for (std::size_t i = 0; i < sizeof v; ++i) bits << static_cast<int>(static_cast<unsigned char>(buf[i])) << '.';
    add("d" + bits.str(), b, e);
  }
  void string(JsonText v, std::uint32_t b, std::uint32_t e) override { add(std::string("s").append(checked(v, b, e)), b, e); }
  void restart() override {
    log.clear();
    wrong.clear();
    verbatim = 0;
  }

 private:
  std::string_view checked(JsonText t, std::uint32_t b, std::uint32_t e) {
    if (t.verbatim) {
      ++verbatim;
      if (e < b + 2 || text_.substr(b + 1, e - b - 2) != t.value) wrong += std::string(t.value) + "\n";
    }
    return t.value;
  }
  void add(const std::string& what, std::uint32_t b, std::uint32_t e) {
    log += what + "@" + std::to_string(b) + "-" + std::to_string(e) + "\n";
  }
  std::string_view text_;
};

std::string read_with(std::string_view text, bool exact, bool strict = false) {
  Recorder r(text);
  JsonReadLimits limits;
  limits.exact_only = exact;
  limits.strict = strict;
  JsonReadResult result = read_json(text, r, limits);
  CHECK(r.wrong == "");
  std::string out = r.log + (result.ok ? "ok" : "error " + std::to_string(result.error_offset) + " " + result.error);
  for (const JsonComment& c : result.comments) out += " c" + std::to_string(c.begin) + "-" + std::to_string(c.end);
  return out;
}

void same(std::string_view text) {
  INFO(std::string(text.substr(0, 300)));
  CHECK(read_with(text, false) == read_with(text, true));
  CHECK(read_with(text, false, true) == read_with(text, true, true));
}

}  // namespace

TEST_CASE("the fast JSON path reads the fixtures as nlohmann does", "[json]") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(VAULTLINT_SOURCE_DIR "/fixtures")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    same(text.str());
    ++files;
  }
  CHECK(files > 20);
}

TEST_CASE("the fast JSON path reads edge cases as nlohmann does", "[json]") {
  for (const char* text : {
           "", " ", "{}", "[]", "\xEF\xBB\xBF{\"a\":1}", "\xEF\xBB{}", " \xEF\xBB\xBF{}", "{\"a\":1,}", "[1,2,]", "{\"a\" : [ ]}",
           "0", "-0", "01", "1.", ".5", "-", "1e5", "1E+5", "1e-400", "1e400", "-1e400", "123456789012345678",
           "1234567890123456789", "12345678901234567890", "-9223372036854775808", "-9223372036854775809",
           "18446744073709551615", "18446744073709551616", "0.1", "3.14159265358979323846", "2.5e-3", "1.7976931348623157e308",
           "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u20AC\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83dx\"",
           "\"\\u12\"", "\"\\x\"", "\"\\u0000\"", "\"raw\ttab\"", "\"\xC3\xA9\"", "\"\xC3\"", "\"\xE0\x80\x80\"", "\"\xED\xA0\x80\"",
           "\"\xF0\x9F\x98\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xFF\"", "\"\x7F\"", "\"unterminated", "{\"a\" 1}", "{\"a\":}",
           "{,}", "[1 2]", "true", "tru", "nul", "falsey", "null null", "{\"a\":1} x", "{\"a\":1}\n\n",
           "// c\n{\"a\": /* in */ 1 // end\n}", "{\"a\":[{\"b\":[[],{}]}],\"a\":2}", "[\"\\\\\"]", "{\"k\\u0041\":\"v\"}"}) {
    same(text);
  }
}

TEST_CASE("the fast JSON path reads mutated documents as nlohmann does", "[json]") {
  const std::string base =
      "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
      "  \"parameters\": {\"n\": {\"type\": \"int\", \"defaultValue\": -12, \"allowed\": [1.5e3, 0, true, null]}},\n"
      "  \"resources\": [{\"type\": \"Microsoft.KeyVault/vaults\", \"name\": \"[concat('kv-', \\\"x\\\")]\",\n"
      "    \"properties\": {\"s\": \"\xC3\xA9\\u00e9\\ud83d\\ude00\", \"list\": [ ], \"o\": { }}}]\n}\n";
  const std::string alphabet = "{}[]\",:\\/-+.0123456789eEtrufalsn \n\t\x01\x80\xC3\xED\xF0u";
  std::mt19937 random(23);
  for (int i = 0; i < 3000; ++i) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int k = 0; k < edits; ++k) {
      std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0: text[at] = alphabet[random() % alphabet.size()]; break;
        case 1: text.erase(at, 1); break;
        default: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
      }
    }
    same(text);
  }
}

// The fast path looks at eight string bytes at a time: every special byte (quote, backslash, control
// character, the first byte of a UTF-8 sequence or a stray one) at every place of a word and beside it.
TEST_CASE("the fast JSON path finds a special byte at every place of a word", "[json]") {
  for (const char* special : {"\\\"", "\\\\", "\\n", "\\u00e9", "\x01", "\x1f", "\x7f", "\x80", "\xC3\xA9", "\xF0\x9F\x98\x80",
                              "\xFF", " ", "~", "!", "#", "[", "]"}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string text = "[\"" + std::string(at, 'a') + special + std::string(19 - at, 'b') + "\", \"" +
                         std::string(at, 'c') + "\"]";
      same(text);
    }
  }
}

TEST_CASE("a string without an escape comes as the document's own bytes", "[json]") {
  const std::string text = "{\"plain key\": \"a value long enough not to fit a short string\", \"k\": [\"\xC3\xA9t\xC3\xA9\", \"esc\\n\"]}";
  Recorder r(text);
  REQUIRE(read_json(text, r).ok);
  CHECK(r.wrong == "");
  CHECK(r.verbatim == 4);  // every key and string but the escaped one
}

TEST_CASE("strict JSON refuses comments and trailing commas and reads the rest as the lenient reader", "[json]") {
  for (const char* text : {"// c\n{}", "{\"a\": /* in */ 1}", "{\"a\":1,}", "[1,2,]"}) {
    INFO(text);
    Recorder r(text);
    JsonReadLimits strict;
    strict.strict = true;
    CHECK_FALSE(read_json(text, r, strict).ok);
  }
  const std::string doc = "{\"a\": [1, -0, 2.5, \"x\\ty\", true, null, {}], \"b\": 18446744073709551616}";
  JsonReadLimits strict;
  strict.strict = true;
  Recorder lenient_events(doc), strict_events(doc);
  REQUIRE(read_json(doc, lenient_events).ok);
  REQUIRE(read_json(doc, strict_events, strict).ok);
  CHECK(strict_events.log == lenient_events.log);
  std::string deep = std::string(257, '[') + std::string(257, ']');
  Recorder deep_events(deep);
  CHECK_FALSE(read_json(deep, deep_events, strict).ok);  // as deep as a template may be, no deeper
  deep = std::string(256, '[') + std::string(256, ']');
  CHECK(read_json(deep, deep_events, strict).ok);
}
