// The fix stage: literals checked against the text, values written in each syntax, inserts laid out
// after the last member with its indentation (comments, trailing commas, one-line objects, HCL `=`
// alignment), several inserts into one object together, collisions refused, unified diffs, masked secrets.
#include <catch2/catch.hpp>

#include "fix/fix.h"
#include "fix/syntax.h"

using namespace vl;

namespace {

struct Fixture {
  SourceSet sources;
  std::vector<Finding> findings;

  FileId add(const std::string& name, const std::string& text) {
    return sources.add(std::make_unique<SourceFile>(name, "/w/" + name, text));
  }
  // A failing finding whose fix replaces the first `what` in the file (after `after`).
  Finding& replace(FileId file, const std::string& what, Value current, Value value, bool terraform = false,
                   const std::string& after = "") {
    const std::string& text = sources.get(file).text();
    auto at = static_cast<std::uint32_t>(text.find(what, text.find(after)));
    REQUIRE(at != std::string::npos);
    FixSite site;
    site.action = FixSite::Action::Replace;
    site.span = Span{file, at, static_cast<std::uint32_t>(at + what.size())};
    site.current = std::move(current);
    site.value = std::move(value);
    site.terraform = terraform;
    site.property = "p";
    return add_finding(file, site);
  }
  // A failing finding whose fix adds `key` to the object or block that starts at the first `opener`.
  Finding& insert(FileId file, const std::string& opener, const std::string& key, Value value, bool terraform = false) {
    const std::string& text = sources.get(file).text();
    std::size_t at = text.find(opener);
    REQUIRE(at != std::string::npos);
    std::size_t open = text.find('{', at);
    std::size_t close = fix::matching_close(*fix::syntax_of(sources.get(file).path()), text, open);
    REQUIRE(close != std::string::npos);
    FixSite site;
    site.action = FixSite::Action::Insert;
    site.span = Span{file, static_cast<std::uint32_t>(terraform ? at : open), static_cast<std::uint32_t>(close + 1)};
    site.key = key;
    site.value = std::move(value);
    site.terraform = terraform;
    site.property = key;
    return add_finding(file, site);
  }
  Finding& add_finding(FileId file, FixSite site) {
    Finding f;
    f.result = Verdict::Fail;
    f.location = Span{file, 0, 1};
    f.fix_sites.push_back(std::move(site));
    findings.push_back(std::move(f));
    return findings.back();
  }
  // The text of `file` after fixing every finding; `refused` collects the reasons of those refused.
  std::string fixed(FileId file, std::vector<std::string>* refused = nullptr) {
    std::vector<const Finding*> all;
    for (const Finding& f : findings) all.push_back(&f);
    fix::FixPlan plan = fix::plan(all, sources);
    for (const auto& item : plan.items) {
      if (!item.refused.empty() && refused) refused->push_back(item.refused);
    }
    std::vector<fix::TextEdit> edits;
    for (const fix::TextEdit& e : plan.edits) {
      if (e.file == file) edits.push_back(e);
    }
    return fix::apply(sources.get(file).text(), edits);
  }
};

}  // namespace

TEST_CASE("fix: values are written in the syntax of the file they land in") {
  CHECK(fix::render(fix::Syntax::Json, Value::string("Dis\"abled")) == "\"Dis\\\"abled\"");
  CHECK(fix::render(fix::Syntax::Bicep, Value::string("it's ${x}")) == "'it\\'s \\${x}'");
  CHECK(fix::render(fix::Syntax::Hcl, Value::string("a \"b\" ${c}")) == "\"a \\\"b\\\" $${c}\"");
  CHECK(fix::render(fix::Syntax::Hcl, Value::boolean(false)) == "false");
  CHECK(fix::render(fix::Syntax::Bicep, Value::integer(90)) == "90");
  CHECK(fix::render_key(fix::Syntax::Bicep, "enablePurgeProtection") == "enablePurgeProtection");
  CHECK(fix::render_key(fix::Syntax::Bicep, "odd-key") == "'odd-key'");
}

TEST_CASE("fix: literals and what is not one") {
  using fix::Syntax;
  auto lit = [](Syntax s, const char* t, bool arm = true) { return fix::read_literal(s, t, arm); };
  CHECK(lit(Syntax::Json, " false ")->as_bool() == false);
  CHECK(lit(Syntax::Json, "\"Enabled\"")->as_string() == "Enabled");
  CHECK_FALSE(lit(Syntax::Json, "\"[parameters('x')]\""));          // an ARM expression
  CHECK(lit(Syntax::Json, "\"[[not an expression]\"")->as_string() == "[[not an expression]");
  CHECK_FALSE(lit(Syntax::Json, "\"${var.x}\"", false));             // a .tf.json template
  CHECK(lit(Syntax::Bicep, "'Enabled'")->as_string() == "Enabled");
  CHECK_FALSE(lit(Syntax::Bicep, "'kv-${env}'"));
  CHECK_FALSE(lit(Syntax::Bicep, "any('False')"));
  CHECK_FALSE(lit(Syntax::Bicep, "'''multi'''"));
  CHECK(lit(Syntax::Bicep, "-3")->as_int() == -3);
  CHECK(lit(Syntax::Hcl, "\"Allow\"")->as_string() == "Allow");
  CHECK_FALSE(lit(Syntax::Hcl, "\"${var.action}\""));
  CHECK_FALSE(lit(Syntax::Hcl, "var.purge"));
  CHECK(lit(Syntax::Hcl, "null")->is_null());
}

TEST_CASE("fix: one finding's edits in several files come in the order of their paths whatever order the files were read in") {
  // FileIds follow the order files were loaded in (parallel, so any order): b.bicep is read first here.
  Fixture fx;
  FileId b = fx.add("b.bicep", "param purge bool = false\n");
  FileId a = fx.add("a.bicep", "param purge bool = false\n");
  REQUIRE(b < a);
  Finding& f = fx.replace(b, "false", Value::boolean(false), Value::boolean(true));
  FixSite other = f.fix_sites[0];
  const std::string& text = fx.sources.get(a).text();
  other.span = Span{a, static_cast<std::uint32_t>(text.find("false")), static_cast<std::uint32_t>(text.find("false") + 5)};
  f.fix_sites.push_back(other);
  std::vector<const Finding*> all{&f};
  fix::FixPlan plan = fix::plan(all, fx.sources);
  REQUIRE(plan.edits.size() == 2);
  CHECK(plan.edits[0].file == a);
  CHECK(plan.edits[1].file == b);
}

TEST_CASE("fix: a replace checks the literal against the value the scan saw") {
  Fixture fx;
  FileId f = fx.add("main.bicep", "param purge bool = false\nvar x = toLower('ENABLED')\n");
  fx.replace(f, "false", Value::boolean(false), Value::boolean(true));
  fx.replace(f, "toLower('ENABLED')", Value::string("enabled"), Value::string("Disabled"));
  std::vector<std::string> refused;
  CHECK(fx.fixed(f, &refused) == "param purge bool = true\nvar x = toLower('ENABLED')\n");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].find("is an expression") != std::string::npos);

  Fixture other;
  FileId g = other.add("p.json", "{ \"parameters\": { \"purge\": { \"value\": true } } }");
  other.replace(g, "true", Value::boolean(false), Value::boolean(true));  // the scan saw something else
  refused.clear();
  CHECK(other.fixed(g, &refused) == other.sources.get(g).text());
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].find("is not the value the scan saw") != std::string::npos);

  Fixture same;
  FileId h = same.add("p.json", "{ \"parameters\": { \"purge\": { \"value\": true } } }");
  same.replace(h, "true", Value::boolean(true), Value::boolean(true));
  refused.clear();
  same.fixed(h, &refused);
  REQUIRE(refused.size() == 1);
  CHECK(refused[0] == "it is true already");
}

TEST_CASE("fix: an API version inside a Bicep type string is replaced as text") {
  Fixture fx;
  FileId f = fx.add("v.bicep", "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n}\n");
  fx.replace(f, "2023-07-01", Value::string("2023-07-01"), Value::string("2026-02-01"));
  CHECK(fx.fixed(f) == "resource kv 'Microsoft.KeyVault/vaults@2026-02-01' = {\n}\n");
}

TEST_CASE("fix: JSON inserts keep a comment on the last member's line, and trailing commas") {
  Fixture fx;
  FileId f = fx.add("t.json",
                    "{\n  \"properties\": {\n    \"tenantId\": \"x\", // the tenant\n    \"sku\": { \"name\": \"standard\" } // sku\n  }\n}\n");
  fx.insert(f, "\"properties\"", "enablePurgeProtection", Value::boolean(true));
  fx.insert(f, "\"properties\"", "publicNetworkAccess", Value::string("Disabled"));
  CHECK(fx.fixed(f) ==
        "{\n  \"properties\": {\n    \"tenantId\": \"x\", // the tenant\n    \"sku\": { \"name\": \"standard\" }, // sku\n"
        "    \"enablePurgeProtection\": true,\n    \"publicNetworkAccess\": \"Disabled\"\n  }\n}\n");

  Fixture trailing;
  FileId g = trailing.add("t.json", "{\n\t\"properties\": {\n\t\t\"a\": 1,\n\t}\n}\n");
  trailing.insert(g, "\"properties\"", "b", Value::integer(2));
  CHECK(trailing.fixed(g) == "{\n\t\"properties\": {\n\t\t\"a\": 1,\n\t\t\"b\": 2,\n\t}\n}\n");
}

TEST_CASE("fix: one-line and empty objects") {
  Fixture fx;
  FileId f = fx.add("t.json", "{ \"networkAcls\": { \"bypass\": \"AzureServices\" }, \"e\": {}, \"m\": {\n  }\n}\n");
  fx.insert(f, "\"networkAcls\"", "defaultAction", Value::string("Deny"));
  fx.insert(f, "\"e\"", "k", Value::boolean(true));
  fx.insert(f, "\"m\"", "k", Value::boolean(true));
  CHECK(fx.fixed(f) == "{ \"networkAcls\": { \"bypass\": \"AzureServices\", \"defaultAction\": \"Deny\" }, \"e\": { \"k\": true }, "
                       "\"m\": {\n  \"k\": true\n  }\n}\n");

  Fixture bicep;
  FileId b = bicep.add("m.bicep", "var o = {\n  a: 1 // one\n}\nvar s = { a: 'x' }\nvar t = {\n  a: {\n    b: 1\n  } }\n");
  bicep.insert(b, "var o", "c", Value::boolean(true));
  bicep.insert(b, "var s", "d", Value::string("y"));
  bicep.insert(b, "var t", "e", Value::integer(3));
  CHECK(bicep.fixed(b) == "var o = {\n  a: 1 // one\n  c: true\n}\nvar s = { a: 'x', d: 'y' }\nvar t = {\n  a: {\n    b: 1\n  }\n  e: 3 }\n");
}

TEST_CASE("fix: HCL attributes go after the last attribute, aligned as it is") {
  Fixture fx;
  FileId f = fx.add("main.tf",
                    "resource \"azurerm_key_vault\" \"kv\" {\n"
                    "  name     = \"kv\" # the name\n"
                    "  sku_name = \"standard\"\n"
                    "  tags = {\n    a = \"}\"\n  }\n"
                    "  description = <<EOT\n  } not the end\nEOT\n"
                    "  network_acls {\n    bypass = \"AzureServices\"\n  }\n"
                    "}\n");
  fx.insert(f, "resource", "purge", Value::boolean(true), true);
  fx.insert(f, "network_acls", "default_action", Value::string("Deny"), true);
  CHECK(fx.fixed(f) ==
        "resource \"azurerm_key_vault\" \"kv\" {\n"
        "  name     = \"kv\" # the name\n"
        "  sku_name = \"standard\"\n"
        "  tags = {\n    a = \"}\"\n  }\n"
        "  description = <<EOT\n  } not the end\nEOT\n"
        "  purge = true\n"
        "  network_acls {\n    bypass = \"AzureServices\"\n    default_action = \"Deny\"\n  }\n"
        "}\n");

  Fixture aligned;
  FileId g = aligned.add("main.tf", "resource \"a\" \"b\" {\n  name         = \"kv\"\n  sku_name     = \"x\"\n}\n");
  aligned.insert(g, "resource", "purge", Value::boolean(true), true);
  CHECK(aligned.fixed(g) == "resource \"a\" \"b\" {\n  name         = \"kv\"\n  sku_name     = \"x\"\n  purge        = true\n}\n");

  Fixture one_line;
  FileId h = one_line.add("main.tf", "resource \"a\" \"b\" { name = \"kv\" }\n");
  one_line.insert(h, "resource", "purge", Value::boolean(true), true);
  std::vector<std::string> refused;
  CHECK(one_line.fixed(h, &refused) == one_line.sources.get(h).text());
  REQUIRE(refused.size() == 1);
  CHECK(refused[0] == "the block is written on one line");
}

TEST_CASE("fix: edits that collide are refused, the later one") {
  Fixture fy;
  FileId g = fy.add("p.json", "{\"a\": false}");
  fy.replace(g, "false", Value::boolean(false), Value::boolean(true));
  fy.replace(g, "false", Value::boolean(false), Value::boolean(true));  // the same edit twice
  std::vector<std::string> refused;
  CHECK(fy.fixed(g, &refused) == "{\"a\": true}");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].find("collides") != std::string::npos);
}

TEST_CASE("fix: unified diffs") {
  CHECK(fix::unified_diff("a/x", "b/x", "same\n", "same\n").empty());
  std::string before, after;
  for (int i = 1; i <= 20; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += (i == 5 ? "five\n" : i == 18 ? "" : "line " + std::to_string(i) + "\n");
  }
  CHECK(fix::unified_diff("a/x", "b/x", before, after) ==
        "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+five\n line 6\n line 7\n line 8\n"
        "@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n");
  CHECK(fix::unified_diff("a/y", "b/y", "a\nb", "a\nc") ==
        "--- a/y\n+++ b/y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
}

TEST_CASE("fix: a dry run's text masks secrets byte for byte, so edits still apply") {
  const std::string text = "{\n  \"a\": false,\n  \"s\": \"hunter2\"\n}\n";
  const auto at = static_cast<std::uint32_t>(text.find("\"hunter2\""));
  std::vector<Span> secrets = {Span{3, at, at + 9}, Span{4, 0, 5}};  // the second is another file's
  std::string masked = fix::mask_spans(text, 3, secrets);
  CHECK(masked == "{\n  \"a\": false,\n  \"s\": *********\n}\n");
  const auto f = static_cast<std::uint32_t>(text.find("false"));
  CHECK(fix::apply(masked, {fix::TextEdit{3, f, f + 5, "true"}}) == "{\n  \"a\": true,\n  \"s\": *********\n}\n");
  CHECK(fix::mask_spans(text, 3, {}) == text);
}
