// The policy readers' YAML nodes (graph/doc_node.h) answer as yaml-cpp does: for the same YAML, the same
// conversions, the same errors with the same messages, the same shapes; and the build's compiled JSON reads
// as the YAML it came from.
#include <catch2/catch.hpp>

#include <yaml-cpp/yaml.h>

#include <cmath>

#include "graph/doc_node.h"
#include "policy/yaml_doc.h"

using namespace vl;

namespace {

// What converting the value of `v:` gives, or the error's message. The readers look nodes up through const
// nodes (a non-const yaml-cpp lookup adds the missing key), so these do too.
template <typename T>
std::string yaml_cpp(const std::string& text) {
  try {
    std::ostringstream out;
    const YAML::Node root = YAML::Load(text);
    out << root["v"].as<T>();
    return out.str();
  } catch (const YAML::Exception& e) {
    return std::string("error: ") + e.what();
  }
}

template <typename T>
std::string ours(const std::string& text) {
  try {
    std::ostringstream out;
    const DocTree doc = load_yaml_document(text);
    out << doc["v"].as<T>();
    return out.str();
  } catch (const DocError& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

TEST_CASE("conversions and their errors are yaml-cpp's", "[doc]") {
  for (const char* scalar : {"true", "false", "True", "TRUE", "tRUE", "yes", "No", "on", "OFF", "y", "n", "1", "0", "0x1F",
                             "010", "-3", "2.5", "1e3", ".inf", "-.Inf", ".nan", "abc", "''", "~", "[1, 2]", "{a: 1}", " 7 "}) {
    const std::string text = std::string("x: 1\nv: ") + scalar + "\n";
    INFO(text);
    CHECK(ours<bool>(text) == yaml_cpp<bool>(text));
    CHECK(ours<int>(text) == yaml_cpp<int>(text));
    CHECK(ours<std::string>(text) == yaml_cpp<std::string>(text));
    if (std::string(scalar) != ".nan") CHECK(ours<double>(text) == yaml_cpp<double>(text));
  }
  CHECK(ours<bool>("x: 1\n") == yaml_cpp<bool>("x: 1\n"));  // a missing key
}

TEST_CASE("shapes, lookups and iteration are yaml-cpp's", "[doc]") {
  const std::string text = "m: {b: 1, a: 2, b: 3}\ns: [x, {k: v}, ~]\nn: ~\ne:\nq: 'quoted'\n";
  const YAML::Node y = YAML::Load(text);
  const DocTree doc = load_yaml_document(text);
  const DocNode d = doc.root();
  for (const char* key : {"m", "s", "n", "e", "q", "missing"}) {
    INFO(key);
    CHECK(static_cast<bool>(d[key]) == static_cast<bool>(y[key]));
    if (!y[key]) continue;
    CHECK(d[key].IsMap() == y[key].IsMap());
    CHECK(d[key].IsSequence() == y[key].IsSequence());
    CHECK(d[key].IsScalar() == y[key].IsScalar());
    CHECK(d[key].IsNull() == y[key].IsNull());
    CHECK(d[key].size() == y[key].size());
    CHECK(d[key].Scalar() == y[key].Scalar());
  }
  CHECK(d["m"]["b"].as<std::string>() == y["m"]["b"].as<std::string>());  // the first of equal keys
  std::vector<std::string> keys;
  for (const auto& kv : d["m"]) keys.push_back(kv.first.as<std::string>() + "=" + kv.second.as<std::string>());
  CHECK(keys == std::vector<std::string>{"b=1", "a=2", "b=3"});
  std::size_t items = 0;
  for (const DocNode& item : d["s"]) items += static_cast<bool>(item);
  CHECK(items == 3);
  for (const DocNode& item : d["q"]) CHECK_FALSE(item);  // a scalar has no items
  // A lookup below a missing key or on a scalar fails as yaml-cpp's does.
  std::string theirs, mine;
  try { (void)y["missing"]["x"]; } catch (const YAML::Exception& e) { theirs = e.what(); }
  try { (void)d["missing"]["x"]; } catch (const DocError& e) { mine = e.what(); }
  CHECK(mine == theirs);
  try { (void)y["q"]["x"]; } catch (const YAML::Exception& e) { theirs = e.what(); }
  try { (void)d["q"]["x"]; } catch (const DocError& e) { mine = e.what(); }
  CHECK(mine == theirs);
}

TEST_CASE("a compiled document reads as its YAML", "[doc]") {
  // What cmake/policy_json.cpp writes for `a: [1, true, ~]` and `b: {c: 'x'}`: plain true, false and
  // integers typed (graph/plain_scalar.h), the rest text; all read as yaml-cpp reads them.
  const DocTree doc = compiled_document(R"({"a":[1,true,null],"b":{"c":"x"}})");
  const DocNode d = doc.root();
  REQUIRE(d.IsMap());
  CHECK(d["a"].size() == 3);
  std::vector<std::string> a;
  for (const DocNode& item : d["a"]) a.push_back(item.as<std::string>());
  CHECK(a == std::vector<std::string>{"1", "true", "null"});
  CHECK(d["a"].IsSequence());
  CHECK(d["b"]["c"].as<std::string>() == "x");
  CHECK_FALSE(d["z"]);
  CHECK_FALSE(compiled_document("{not json"));
}

TEST_CASE("a plain true or false or integer keeps its type while quoted or unusual ones are text", "[doc]") {
  // A fix's value (policy/fix_site.cpp) is written with the property's type: `90` a number, `"90"` text.
  struct Case {
    const char* yaml;
    Kind kind;
  };
  for (const Case& c : {Case{"90", Kind::Int}, Case{"-3", Kind::Int}, Case{"0", Kind::Int}, Case{"true", Kind::Bool},
                        Case{"false", Kind::Bool}, Case{"'90'", Kind::String}, Case{"\"true\"", Kind::String},
                        Case{"007", Kind::String}, Case{"-0", Kind::String}, Case{"True", Kind::String},
                        Case{"123456789012345678", Kind::String}, Case{"2026-02-01", Kind::String}}) {
    INFO(c.yaml);
    const DocTree doc = load_yaml_document(std::string("v: ") + c.yaml + "\n");
    const DocNode v = doc["v"];
    CHECK(v.IsScalar());
    CHECK(v.scalar_value().kind() == c.kind);
    CHECK(v.as<std::string>() == YAML::Load(std::string("v: ") + c.yaml + "\n")["v"].as<std::string>());
  }
  const DocTree compiled = compiled_document(R"({"n":90,"b":false,"s":"90"})");
  CHECK(compiled["n"].scalar_value().kind() == Kind::Int);
  CHECK(compiled["n"].Scalar() == "90");
  CHECK(compiled["n"].as<int>() == 90);
  CHECK(compiled["b"].scalar_value().kind() == Kind::Bool);
  CHECK_FALSE(compiled["b"].as<bool>());
  CHECK(compiled["s"].scalar_value().kind() == Kind::String);
}
