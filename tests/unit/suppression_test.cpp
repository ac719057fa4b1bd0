// Inline suppression comments: markers, rule ids, reasons, and the lines they cover.
#include <catch2/catch.hpp>

#include "source/suppression.h"

using namespace vl;

namespace {

std::optional<Suppression> parse(const std::string& text, const std::string& comment, SuppressionStyle style) {
  auto at = static_cast<std::uint32_t>(text.find(comment));
  return parse_suppression_comment(text, 0, at, at + static_cast<std::uint32_t>(comment.size()), style);
}

}  // namespace

TEST_CASE("next-line suppressions: ids, reason, the next line only", "[suppression]") {
  std::string text = "a\n  // vaultlint-disable-next-line KV122, KV121 -- enforced by policy\n  \"x\": 1\nb\n";
  auto s = parse(text, "// vaultlint-disable-next-line KV122, KV121 -- enforced by policy", SuppressionStyle::NextLine);
  REQUIRE(s);
  CHECK(s->rules == std::vector<std::string>{"KV122", "KV121"});
  CHECK(s->reason == "enforced by policy");
  CHECK(text.substr(s->begin, s->end - s->begin) == "  \"x\": 1\n");
  CHECK(s->covers(Span{0, static_cast<std::uint32_t>(text.find("\"x\"")), 0}));
  CHECK_FALSE(s->covers(Span{0, static_cast<std::uint32_t>(text.find('b')), 0}));
}

TEST_CASE("a suppression without a reason, or with a block comment", "[suppression]") {
  std::string text = "/* vaultlint-disable-next-line KV101 */\nline\n";
  auto s = parse(text, "/* vaultlint-disable-next-line KV101 */", SuppressionStyle::NextLine);
  REQUIRE(s);
  CHECK(s->rules == std::vector<std::string>{"KV101"});
  CHECK(s->reason.empty());
}

TEST_CASE("Terraform style covers its own line and the next", "[suppression]") {
  std::string text = "  purge_protection_enabled = false # vaultlint:ignore KV122 sandbox\nnext\nlast\n";
  auto s = parse(text, "# vaultlint:ignore KV122 sandbox", SuppressionStyle::SameOrNext);
  REQUIRE(s);
  CHECK(s->begin == 0);
  CHECK(text.substr(s->begin, s->end - s->begin) == "  purge_protection_enabled = false # vaultlint:ignore KV122 sandbox\nnext\n");
}

TEST_CASE("other comments are not suppressions", "[suppression]") {
  CHECK_FALSE(parse("// just a comment\n", "// just a comment", SuppressionStyle::NextLine));
  CHECK_FALSE(parse("// vaultlint-disable-next-lineKV1\n", "// vaultlint-disable-next-lineKV1", SuppressionStyle::NextLine));
  CHECK_FALSE(parse("# vaultlint-disable-next-line KV1\n", "# vaultlint-disable-next-line KV1", SuppressionStyle::SameOrNext));
  auto no_ids = parse("// vaultlint-disable-next-line purge-protection please\n",
                      "// vaultlint-disable-next-line purge-protection please", SuppressionStyle::NextLine);
  REQUIRE(no_ids);
  CHECK(no_ids->rules.empty());
}
