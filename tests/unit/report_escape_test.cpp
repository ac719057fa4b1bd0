// Untrusted text in reports (escape.h) and the shard arithmetic of selections (scan/selection.h).
#include <catch2/catch.hpp>

#include "report/escape.h"
#include "scan/selection.h"

using namespace vl;

TEST_CASE("visible: control characters are shown, valid UTF-8 is kept", "[report][escape]") {
  CHECK(visible("kv-a\n::error::x") == "kv-a\\n::error::x");
  CHECK(visible("a\rb\tc") == "a\\rb\tc");
  CHECK(visible("\x1b[31mred") == "\\x1b[31mred");
  CHECK(visible(std::string("nul\0byte", 8)) == "nul\\x00byte");
  CHECK(visible("del\x7f") == "del\\x7f");
  CHECK(visible("日本語 🔐 é") == "日本語 🔐 é");
  CHECK(visible("c1\xC2\x85 ls\xE2\x80\xA8") == "c1\\u0085 ls\\u2028");
}

TEST_CASE("visible: invalid UTF-8 becomes U+FFFD, byte by byte", "[report][escape]") {
  CHECK(visible("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(visible("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");        // overlong '/'
  CHECK(visible("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(visible("\xF0\x9F\x94") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated emoji
}

TEST_CASE("xml_escape: entities, tabs, and newlines only where asked", "[report][escape]") {
  CHECK(xml_escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  CHECK(xml_escape("a\tb") == "a&#9;b");
  CHECK(xml_escape("one\ntwo") == "one\\ntwo");
  CHECK(xml_escape("one\ntwo\x1b", true) == "one\ntwo\\x1b");
}

TEST_CASE("file URIs and relative references are percent-encoded", "[report][escape]") {
  CHECK(file_uri("/tmp/a b/100%/x,y:z.json") == "file:///tmp/a%20b/100%25/x,y:z.json");
  CHECK(file_uri("/tmp/日本.json") == "file:///tmp/%E6%97%A5%E6%9C%AC.json");
  CHECK(relative_uri("c:dir/x #1.json") == "c%3Adir/x%20%231.json");
}

TEST_CASE("shards: I/N parsing and a stable, spread hash", "[scan][shard]") {
  auto s = scan::parse_shard("2/4");
  REQUIRE(s);
  CHECK(s->index == 2);
  CHECK(s->count == 4);
  for (const char* bad : {"0/4", "5/4", "4", "1/0", "a/2", "1/2x", "/2", "1/", "-1/2"}) {
    INFO(bad);
    CHECK_FALSE(scan::parse_shard(bad));
  }
  CHECK(scan::shard_of("infra/main.json", 1) == 1);
  CHECK(scan::shard_of("infra/main.json", 7) == scan::shard_of("infra/main.json", 7));
  int counts[4] = {0, 0, 0, 0};
  for (int i = 0; i < 400; ++i) counts[scan::shard_of("unit-" + std::to_string(i) + ".json", 4) - 1]++;
  for (int c : counts) CHECK(c > 60);  // each shard gets a fair part (100 expected)
}
