// The Terraform frontend's reading of HCL and of Terraform's JSON syntax: blocks, attributes and spans,
// strings, heredocs and templates, syntax errors (one KV001, at the error), the nesting pre-scan, and
// suppression comments.
#include <catch2/catch.hpp>

#include "frontends/terraform/hcl/hcl_prescan.h"
#include "terraform_test_support.h"

using namespace vl;
using namespace vl::tf;

namespace {

struct Parsed {
  SourceSet sources;
  ParsedFile file;
  explicit Parsed(const std::string& text, bool json = false) {
    FileId id = sources.add(std::make_unique<SourceFile>(json ? "x.tf.json" : "x.tf", "/nonexistent/x.tf", text));
    file = json ? parse_tf_json(id, sources.get(id).text(), false) : parse_hcl_file(id, sources.get(id).text());
  }
  std::string text(Span s) const { return sources.get(s.file).text().substr(s.begin, s.end - s.begin); }
};

}  // namespace

TEST_CASE("terraform parser: blocks, labels, attributes and their spans", "[terraform]") {
  Parsed p("# leading comment\nresource \"azurerm_key_vault\" \"kv\" {\n  name = \"kv-1\"\n  network_acls {\n    default_action = \"Deny\"\n  }\n}\n");
  REQUIRE(p.file.ok);
  REQUIRE(p.file.body.blocks.size() == 1);
  const Block& b = p.file.body.blocks[0];
  CHECK(b.type == "resource");
  CHECK(b.labels == std::vector<std::string>{"azurerm_key_vault", "kv"});
  CHECK(p.text(b.header) == "resource \"azurerm_key_vault\" \"kv\" {");
  const Attribute* name = b.body->attribute("name");
  REQUIRE(name);
  CHECK(p.text(name->name_span) == "name");
  CHECK(p.text(name->value->span) == "\"kv-1\"");
  REQUIRE(b.body->blocks.size() == 1);
  CHECK(b.body->blocks[0].type == "network_acls");
}

TEST_CASE("terraform parser: strings, escapes, heredocs and template directives", "[terraform]") {
  tftest::Eval eval;
  CHECK(eval(R"("a\"b\\c\n\u00e9")").as_string() == "a\"b\\c\n\xC3\xA9");
  CHECK(eval(R"("$${literal} %%{literal}")").as_string() == "${literal} %{literal}");
  CHECK(eval(R"("a # not a comment // nor this")").as_string() == "a # not a comment // nor this");
  CHECK(eval("\"x ${1 + 1} y\"").as_string() == "x 2 y");
  CHECK(eval("\"%{ if true }yes%{ else }no%{ endif }\"").as_string() == "yes");
  CHECK(eval("\"%{ for s in [\"a\", \"b\"] }${s},%{ endfor }\"").as_string() == "a,b,");
  CHECK(eval("\"a ${~ \"b\" ~} c\"").as_string() == "abc");
  // A template that is one interpolation is that value, unconverted.
  CHECK(eval("\"${true}\"").is_bool());
  CHECK(eval("<<EOT\nline one\n  line two\nEOT").as_string() == "line one\n  line two\n");
  CHECK(eval("<<-EOT\n    indented ${\"x\"}\n      more\n    EOT").as_string() == "indented x\n  more\n");
}

TEST_CASE("terraform parser: a syntax error is one KV001 where tree-sitter finds it", "[terraform]") {
  Parsed p("resource \"a\" \"b\" {\n  name = \n}\n");
  CHECK_FALSE(p.file.ok);
  REQUIRE(p.file.diagnostics.size() == 1);
  CHECK(p.file.diagnostics[0].rule == "KV001");
  CHECK(p.file.body.blocks.empty());
}

TEST_CASE("terraform parser: deep nesting is rejected before tree-sitter sees it", "[terraform]") {
  std::string deep = "x = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  Parsed p(deep);
  CHECK_FALSE(p.file.ok);
  REQUIRE(p.file.diagnostics.size() == 1);
  CHECK(p.file.diagnostics[0].message.find("nesting deeper than 256") != std::string::npos);
  // Nesting inside strings and heredocs counts too, and brackets inside strings do not.
  CHECK(prescan_hcl("x = \"" + std::string(300, '{') + "\"\n").ok);
  CHECK_FALSE(prescan_hcl("x = \"${\"${\"${1}\"}\"}\"\n", 4).ok);
  // Long operator chains are not bracket nesting, but they are bounded too.
  std::string chain = "x = 1";
  for (int i = 0; i < 3000; ++i) chain += " + 1";
  Parsed c(chain + "\n");
  CHECK_FALSE(c.file.ok);
  // Unary chains, traversal chains and erroneous chains as long as the file allows: a KV001 at the
  // expression, neither a stack overflow nor quadratic time.
  for (const std::string& hostile : {"x = " + std::string(50000, '!') + "true\n", "x = a" + [] {
                                       std::string s;
                                       for (int i = 0; i < 50000; ++i) s += ".b";
                                       return s;
                                     }() + "\n",
                                     "x = 1" + [] {
                                       std::string s;
                                       for (int i = 0; i < 50000; ++i) s += " + 1";
                                       return s;
                                     }() + " +\n"}) {
    Parsed h(hostile);
    CHECK_FALSE(h.file.ok);
    REQUIRE(h.file.diagnostics.size() == 1);
    CHECK(h.file.diagnostics[0].span.begin >= 4);
  }
  Parsed j("{\"locals\": {\"x\": \"${" + std::string(5000, '!') + "true}\"}}", true);
  CHECK_FALSE(j.file.ok);
  REQUIRE(j.file.diagnostics.size() == 1);
  CHECK(j.file.diagnostics[0].message.find("template") != std::string::npos);
}

TEST_CASE("terraform parser: comments and suppressions, never inside strings", "[terraform]") {
  PrescanResult r = prescan_hcl("a = \"# no\" # yes\n// also\n/* block */ b = <<EOT\n# heredoc text\nEOT\n");
  REQUIRE(r.comments.size() == 3);
  Parsed p("x = 1 # vaultlint:ignore KV122 sandbox vault\n# vaultlint:ignore KV101\ny = 2\n");
  REQUIRE(p.file.suppressions.size() == 2);
  CHECK(p.file.suppressions[0].rules == std::vector<std::string>{"KV122"});
  CHECK(p.file.suppressions[0].reason == "sandbox vault");
  CHECK(p.file.suppressions[1].reason.empty());
}

TEST_CASE("terraform parser: .tf.json becomes the same representation", "[terraform]") {
  Parsed p(R"json({
  "variable": { "n": { "type": "list(string)", "default": ["${not a template}"] } },
  "resource": { "azurerm_key_vault": { "kv": {
    "name": "kv-${var.n[0]}",
    "network_acls": { "default_action": "Deny" },
    "dynamic": { "access_policy": { "for_each": "${var.n}", "content": { "object_id": "${access_policy.value}" } } }
  } } }
})json",
           true);
  REQUIRE(p.file.ok);
  REQUIRE(p.file.body.blocks.size() == 2);
  const Block& var = p.file.body.blocks[0];
  CHECK(var.type == "variable");
  CHECK(var.body->attribute("type")->value->kind == ExprKind::Call);
  // Variable defaults are literal in JSON syntax.
  CHECK(var.body->attribute("default")->value->items[0]->kind == ExprKind::String);
  const Block& kv = p.file.body.blocks[1];
  CHECK(kv.labels == std::vector<std::string>{"azurerm_key_vault", "kv"});
  CHECK(p.text(kv.header).rfind("\"kv\"", 0) == 0);
  CHECK(kv.body->attribute("name")->value->kind == ExprKind::Template);
  REQUIRE(kv.body->blocks.size() == 1);
  CHECK(kv.body->blocks[0].type == "dynamic");
  CHECK(kv.body->blocks[0].body->blocks[0].type == "content");
}

TEST_CASE("terraform parser: broken JSON is a KV001 at the error", "[terraform]") {
  Parsed p("{\"resource\": [1, }", true);
  CHECK_FALSE(p.file.ok);
  REQUIRE(p.file.diagnostics.size() == 1);
  CHECK(p.file.diagnostics[0].span.begin == 17);  // the `}` where a value should be
}
