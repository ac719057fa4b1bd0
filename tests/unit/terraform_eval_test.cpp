// Terraform expressions: operators, conditionals (an unknown condition gives both answers as candidates),
// for expressions, splats, Terraform's conversions, the function library, try()/can(), and variable type
// conversion with optional() defaults.
#include <catch2/catch.hpp>

#include "terraform_test_support.h"

using namespace vl;
using namespace vl::tf;

TEST_CASE("terraform eval: arithmetic, comparison and logic with Terraform's conversions", "[terraform]") {
  tftest::Eval eval;
  CHECK(eval("1 + 2 * 3").as_int() == 7);
  CHECK(eval("7 / 2").as_number() == 3.5);
  CHECK(eval("8 / 2").is_int());
  CHECK(eval("7 % 3").as_int() == 1);
  CHECK(eval("\"5\" + 1").as_int() == 6);  // strings holding numbers convert
  CHECK(eval("-(2)").as_int() == -2);
  CHECK(eval("1 == \"1\"").as_bool() == false);  // equality is type-sensitive
  CHECK(eval("[1, \"a\"] == [1, \"a\"]").as_bool());
  CHECK(eval("3 >= 3 && !false").as_bool());
  CHECK(eval("false || \"true\"").as_bool());
  CHECK(eval("null == null").as_bool());
  CHECK(eval("1 / 0").is_unknown());
}

TEST_CASE("terraform eval: conditionals, and unknown conditions", "[terraform]") {
  tftest::Eval eval;
  CHECK(eval("true ? \"a\" : \"b\"").as_string() == "a");
  CHECK(eval("\"false\" ? 1 : 2").as_int() == 2);
  Value u = eval("timestamp() == \"\" ? true : false");
  REQUIRE(u.is_unknown());
  CHECK(u.unknown_info().candidates.size() == 2);
  Value same = eval("timestamp() == \"\" ? 1 : 1");
  CHECK(same.as_int() == 1);
  // A reference that cannot be resolved is an error: no candidates.
  CHECK(eval("var.x ? 1 : 2").unknown_info().candidates.empty());
}

TEST_CASE("terraform eval: collections, for expressions and splats", "[terraform]") {
  tftest::Eval eval;
  CHECK(eval("[for s in [\"a\", \"b\"] : upper(s)]").as_array().size() == 2);
  Value m = eval("{for k, v in {b = 2, a = 1} : k => v * 10 if v > 1}");
  REQUIRE(m.is_object());
  CHECK(m.as_object().size() == 1);
  CHECK(m.as_object().get("b").as_int() == 20);
  Value grouped = eval("{for s in [\"ab\", \"ac\", \"bc\"] : substr(s, 0, 1) => s...}");
  CHECK(grouped.as_object().get("a").as_array().size() == 2);
  // Maps iterate in key order.
  CHECK(eval("join(\",\", [for k, v in {z = 1, a = 2} : k])").as_string() == "a,z");
  CHECK(eval("[{n = 1}, {n = 2}][*].n").as_array()[1].as_int() == 2);
  CHECK(eval("{n = 3}[*].n").as_array()[0].as_int() == 3);
  CHECK(eval("null[*]").as_array().empty());
  CHECK(eval("[[1, 2], [3]].0[1]").as_int() == 2);
  CHECK(eval("{a = {b = \"c\"}}.a.b").as_string() == "c");
  CHECK(eval("{a = 1}[\"missing\"]").is_unknown());
}

TEST_CASE("terraform eval: functions users write in vault modules", "[terraform]") {
  tftest::Eval eval;
  CHECK(eval("merge({a = 1, b = 1}, null, {b = 2})").as_object().get("b").as_int() == 2);
  CHECK(eval("lookup({a = 1}, \"b\", 5)").as_int() == 5);
  CHECK(eval("coalesce(null, \"\", \"x\")").as_string() == "x");
  CHECK(eval("concat([1], [2, 3])").as_array().size() == 3);
  CHECK(eval("length(\"h\u00e9llo\")").as_int() == 5);
  CHECK(eval("length({a = 1, b = 2})").as_int() == 2);
  CHECK(eval("tolist(toset([\"b\", \"a\", \"b\"]))").as_array()[0].as_string() == "a");
  CHECK(eval("format(\"%s-%03d-%v-%t\", \"kv\", 7, [1], true)").as_string() == "kv-007-[1]-true");
  CHECK(eval("lower(\"KV\")").as_string() == "kv");
  CHECK(eval("contains([\"a\"], \"a\")").as_bool());
  CHECK(eval("keys({b = 1, a = 2})").as_array()[0].as_string() == "a");
  CHECK(eval("values({b = 1, a = 2})").as_array()[0].as_int() == 2);
  CHECK(eval("element([\"a\", \"b\"], 3)").as_string() == "b");
  CHECK(eval("flatten([[1, [2]], 3])").as_array().size() == 3);
  CHECK(eval("distinct([1, 1, 2])").as_array().size() == 2);
  CHECK(eval("replace(\"a-b-c\", \"-\", \"_\")").as_string() == "a_b_c");
  CHECK(eval("replace(\"kv01\", \"/([a-z]+)(\\\\d+)/\", \"$2$1\")").as_string() == "01kv");
  CHECK(eval("substr(\"vaultlint\", 5, -1)").as_string() == "lint");
  CHECK(eval("split(\",\", \"a,b\")").as_array().size() == 2);
  CHECK(eval("jsondecode(jsonencode({b = [1, true], a = \"<x>\"})).b[1]").as_bool());
  CHECK(eval("jsonencode({b = 1, a = \"<\"})").as_string() == "{\"a\":\"\\u003c\",\"b\":1}");
  CHECK(eval("tostring(12)").as_string() == "12");
  CHECK(eval("tonumber(\"1.5\")").as_number() == 1.5);
  CHECK(eval("tobool(\"true\")").as_bool());
  CHECK(eval("startswith(\"kv-prod\", \"kv-\")").as_bool());
  CHECK(eval("endswith(\"kv-prod\", \"prod\")").as_bool());
  CHECK(eval("one([])").is_null());
  CHECK(eval("alltrue([true, \"true\"])").as_bool());
  CHECK(eval("anytrue([false])").as_bool() == false);
  CHECK(eval("regex(\"^kv-(\\\\w+)$\", \"kv-prod\")[0]").as_string() == "prod");
  CHECK(eval("strcontains(\"/providers/Microsoft.Authorization/roleDefinitions/x\", \"roleDefinitions\")").as_bool());
  CHECK(eval("sha256(\"a\")").as_string().size() == 64);
  CHECK(eval("range(3)").as_array().size() == 3);
  CHECK(eval("zipmap([\"a\"], [1]).a").as_int() == 1);
  CHECK(eval("max(1, 5, 3)").as_int() == 5);
}

TEST_CASE("terraform eval: unknown functions and errors are unknown values with reasons", "[terraform]") {
  tftest::Eval eval;
  Value u = eval("timestamp()");
  REQUIRE(u.is_unknown());
  CHECK(u.unknown_info().reason.find("anew") != std::string::npos);
  Value f = eval("file(\"x.json\")");
  REQUIRE(f.is_unknown());
  CHECK(f.unknown_info().reason.find("reads a file") != std::string::npos);
  CHECK(eval("notafunction(1)").is_unknown());
  CHECK(eval("provider::azurerm::parse_resource_id(\"x\")").is_unknown());
  CHECK(eval("length()").is_unknown());
  // Unknown arguments make unknown results; the reason travels.
  Value v = eval("upper(var.name)");
  REQUIRE(v.is_unknown());
}

TEST_CASE("terraform eval: try() skips errors, can() tells them apart", "[terraform]") {
  tftest::Eval eval;
  CHECK(eval("try({a = 1}.b, \"fallback\")").as_string() == "fallback");
  CHECK(eval("try(tonumber(\"x\"), 0)").as_int() == 0);
  CHECK(eval("can(regex(\"^a\", \"abc\"))").as_bool());
  CHECK(eval("can(regex(\"^z\", \"abc\"))").as_bool() == false);
  CHECK(eval("can([1][5])").as_bool() == false);
}

TEST_CASE("terraform eval: limits keep hostile input bounded", "[terraform]") {
  tftest::Eval eval;
  eval.shared.work_left = 1000;
  Value big = eval("[for i in range(100000) : [for j in range(100000) : i]]");
  CHECK(big.is_unknown());
  tftest::Eval eval2;
  Value wide = eval2("join(\"\", [for i in range(100000) : format(\"%0100d\", i)])");
  CHECK(wide.is_unknown());
}

TEST_CASE("terraform eval: variable types convert and optional() fills defaults", "[terraform]") {
  tftest::Eval eval;
  SourceSet sources;
  FileId id = sources.add(std::make_unique<SourceFile>("t.tf", "/nonexistent/t.tf",
                                                       "t = object({ a = optional(bool, true), b = optional(string), c = number, "
                                                       "n = optional(object({ d = optional(string, \"Deny\") }), {}) })\n"));
  ParsedFile f = parse_hcl_file(id, sources.get(id).text());
  REQUIRE(f.ok);
  std::shared_ptr<const TypeConstraint> type = parse_type(f.body.attributes[0].value.get());
  REQUIRE(type->kind == TypeConstraint::Kind::Object);
  TfEvaluator ev(nullptr, eval.shared);
  Value v = convert_to_type(eval("{c = \"42\", extra = 1}"), *type, ev);
  REQUIRE(v.is_object());
  CHECK(v.as_object().get("a").as_bool() == true);
  CHECK(v.as_object().get("b").is_null());
  CHECK(v.as_object().get("c").as_int() == 42);
  CHECK(v.as_object().get("n").as_object().get("d").as_string() == "Deny");
  CHECK_FALSE(v.as_object().find("extra"));
  Value missing = convert_to_type(eval("{a = false}"), *type, ev);
  CHECK(missing.is_unknown());  // c is required

  FileId sid = sources.add(std::make_unique<SourceFile>("s.tf", "/nonexistent/s.tf", "t = set(string)\nb = bool\n"));
  ParsedFile s = parse_hcl_file(sid, sources.get(sid).text());
  Value set = convert_to_type(eval("[\"b\", \"a\", \"b\"]"), *parse_type(s.body.attributes[0].value.get()), ev);
  CHECK(set.as_array().size() == 2);
  CHECK(convert_to_type(eval("\"true\""), *parse_type(s.body.attributes[1].value.get()), ev).as_bool());
  CHECK(convert_to_type(eval("\"yes\""), *parse_type(s.body.attributes[1].value.get()), ev).is_unknown());
}

TEST_CASE("terraform eval: cidrhost, cidrsubnet, cidrsubnets and cidrnetmask", "[terraform]") {
  tftest::Eval eval;
  auto text = [&](const std::string& e) {
    Value v = eval(e);
    return v.is_string() ? v.as_string() : v.is_unknown() ? "<unknown: " + v.unknown_info().reason + ">" : v.display();
  };
  // The examples of Terraform's documentation.
  CHECK(text(R"(cidrhost("10.12.112.0/20", 16))") == "10.12.112.16");
  CHECK(text(R"(cidrhost("10.12.112.0/20", 268))") == "10.12.113.12");
  CHECK(text(R"(cidrhost("fd00:fd12:3456:7890:00a2::/72", 34))") == "fd00:fd12:3456:7890::22");
  CHECK(text(R"(cidrhost("10.0.0.0/24", -1))") == "10.0.0.255");  // counted from the end
  CHECK(text(R"(cidrsubnet("172.16.0.0/12", 4, 2))") == "172.18.0.0/16");
  CHECK(text(R"(cidrsubnet("10.1.2.0/24", 4, 15))") == "10.1.2.240/28");
  CHECK(text(R"(cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162))") == "fd00:fd12:3456:7800:a200::/72");
  CHECK(text(R"(cidrnetmask("172.16.0.0/12"))") == "255.240.0.0");
  Value subnets = eval(R"(cidrsubnets("10.1.0.0/16", 4, 4, 8, 4))");
  REQUIRE(subnets.is_array());
  std::vector<std::string> got;
  for (const Value& s : subnets.as_array()) got.push_back(s.as_string());
  CHECK(got == std::vector<std::string>{"10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"});
  // Out of range, or not a prefix: unknown with the reason.
  CHECK(text(R"(cidrhost("10.0.0.0/30", 4))").find("outside the prefix's 2 host bits") != std::string::npos);
  CHECK(text(R"(cidrsubnet("10.0.0.0/30", 4, 0))").find("cannot extend a /30 prefix by 4 bits") != std::string::npos);
  CHECK(text(R"(cidrnetmask("fd00::/8"))").find("IPv4 prefixes only") != std::string::npos);
  CHECK(eval(R"(cidrhost("not a prefix", 1))").is_unknown());
}
