// The document tape (graph/doc_tape.h) and its strict JSON reader (graph/doc_json.cpp) read what the
// template reader (graph/json_value.h, a Value tree, which the policy documents were read with before)
// reads: the same shapes, keys in order, texts after escapes, numbers and literals; and they refuse what is
// not JSON.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/doc_node.h"
#include "graph/json_value.h"
#include "policy/catalogue.h"

using namespace vl;

namespace {

// Where a node read from the tape differs from the Value the template reader gives, or "".
std::string difference(const Value& v, const DocNode& d, const std::string& at) {
  if (v.is_null()) return d.IsNull() ? "" : at + ": not null";
  if (v.is_bool()) return d.scalar_value().is_bool() && d.as<bool>() == v.as_bool() ? "" : at + ": not the bool";
  if (v.is_int()) {
    return d.scalar_value().is_int() && d.scalar_value().as_int() == v.as_int() && d.Scalar() == std::to_string(v.as_int())
               ? ""
               : at + ": not the integer";
  }
  if (v.is_string()) return d.scalar_value().is_string() && d.Scalar() == v.as_string() ? "" : at + ": not the string";
  if (v.is_array()) {
    if (!d.IsSequence() || d.size() != v.as_array().size()) return at + ": not the array";
    std::size_t i = 0;
    for (const DocNode& item : d) {
      if (std::string e = difference(v.as_array()[i], item, at + "[" + std::to_string(i) + "]"); !e.empty()) return e;
      ++i;
    }
    return "";
  }
  if (v.is_object()) {
    if (!d.IsMap() || d.size() != v.as_object().size()) return at + ": not the object";
    std::size_t i = 0;
    for (const auto& kv : d) {
      const Member& m = v.as_object().members()[i++];
      if (kv.first.Scalar() != m.key) return at + ": key " + m.key;
      if (std::string e = difference(m.value, kv.second, at + "." + m.key); !e.empty()) return e;
    }
    return "";
  }
  const bool other = !d.IsScalar() && !d.IsMap() && !d.IsSequence() && !d.IsNull();  // a float: no scalar
  return v.is_float() && other ? "" : at + ": not the float";
}

std::string difference(std::string_view json) {
  const JsonDocument value = parse_json_document(kNoFile, json);
  const DocTree tape = compiled_document(json);
  if (!value.result.ok || !tape) return "did not read";
  return difference(value.root, tape.root(), "$");
}

}  // namespace

TEST_CASE("a tape reads keys and escapes and unicode and numbers and literals as the template reader", "[doc]") {
  for (const char* json : {
           R"({"a":1,"b":[true,false,null],"c":{"d":"e"},"":"empty key"})",
           R"(["tab\there","quote\" and \\ and \/","\u00e9\u4e2d","\ud83d\ude00 face","raw é 中 😀","\b\f\n\r"])",
           R"({"n":[0,-0,7,-12,123456789012345678,9223372036854775807,-9223372036854775808]})",
           R"({"floats":[2.5,-1e-3,18446744073709551615,99999999999999999999]})",
           R"({"x":{"x":{"x":[[],{},[{}]]}},"long":"a string long enough to be read eight bytes at a time \n then an escape"})",
           " \n\t{ \"spaced\" : [ 1 , \"two\" ] } \r\n",
       }) {
    INFO(json);
    CHECK(difference(json) == "");
  }
}

TEST_CASE("a tape keeps an integer's text and types and reads a float as no scalar", "[doc]") {
  const DocTree d = compiled_document(R"({"i":42,"neg":-0,"f":2.5,"e":1e3,"big":99999999999999999999,"s":"42"})");
  REQUIRE(d);
  CHECK(d["i"].Scalar() == "42");
  CHECK(d["i"].as<int>() == 42);
  CHECK(d["neg"].Scalar() == "0");  // as the Value tree gave it: to_string of the integer
  for (const char* key : {"f", "e", "big"}) {
    INFO(key);
    CHECK_FALSE(d[key].IsScalar());
    CHECK_THROWS_AS(d[key].as<std::string>(), DocError);
  }
  CHECK(d["s"].scalar_value().is_string());
  CHECK(d["s"].as<int>() == 42);
}

TEST_CASE("a tape refuses what is not strict JSON", "[doc]") {
  for (const char* json : {"", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "// c\n{}", "{} {}", "\"\\x\"", "\"\\ud800\"",
                           "\"\\udc00\"", "\"\\u12\"", "\"a\nb\"", "01", "-", "1.", "1e", "tru", "nul", "[1 2]",
                           "{1:2}", "\"open", "1e999"}) {
    INFO(json);
    CHECK_FALSE(compiled_document(json));
  }
  std::string deep(300, '[');
  deep += std::string(300, ']');
  CHECK_FALSE(compiled_document(deep));  // deeper than the template reader allows
  CHECK(compiled_document(std::string(200, '[') + std::string(200, ']')));
}

TEST_CASE("a lookup finds the first equal key and steps over nested values", "[doc]") {
  const DocTree d = compiled_document(R"({"a":{"k":[1,{"k":2}]},"k":"outer","k":"second","b":[]})");
  REQUIRE(d);
  CHECK(d["k"].as<std::string>() == "outer");
  CHECK(d["b"].IsSequence());
  CHECK(d["b"].size() == 0);
  CHECK(d["a"]["k"].size() == 2);
  CHECK_FALSE(d["a"]["missing"]);
  std::vector<std::string> keys;
  for (const auto& kv : d.root()) keys.push_back(kv.first.as<std::string>());
  CHECK(keys == std::vector<std::string>{"a", "k", "k", "b"});
  std::string error;
  try {
    (void)d["missing"].as<std::string>();
  } catch (const DocError& e) {
    error = e.what();
  }
  CHECK(error == "invalid node; first invalid key: \"missing\"");
}

TEST_CASE("every embedded policy document reads as the template reader reads it", "[doc][catalogue]") {
  // The build's compiled JSON (cmake/policy_json.cpp) for every rule and data table.
  const auto dir = std::filesystem::path(VAULTLINT_SOURCE_DIR) / "policies";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = std::filesystem::relative(entry.path(), dir).generic_string();
    const std::string json = embedded_policy_file(name);
    INFO(name);
    REQUIRE_FALSE(json.empty());
    CHECK(difference(json) == "");
    ++files;
  }
  CHECK(files > 30);
}

TEST_CASE("every built-in rule's and whole-read table's build-time tape is the tape its compiled JSON reads as", "[doc][catalogue]") {
  // policy/embedded_tapes.h: written by cmake/policy_tapes.cpp, with the texts placed anew.
  const auto dir = std::filesystem::path(VAULTLINT_SOURCE_DIR) / "policies";
  std::vector<std::string> names{"data/roles.yaml", "data/secrets.yaml"};  // the tables read whole
  std::size_t rules = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().filename().string());
  }
  for (const std::string& name : names) {
    INFO(name);
    const DocTape* built = embedded_policy_tape(name);
    const DocTree read = compiled_document(embedded_policy_file(name));
    REQUIRE(built);
    REQUIRE(read);
    const DocTape& r = *read.tape();
    REQUIRE(built->node_count == r.node_count);
    CHECK_FALSE(built->marks);
    for (std::size_t i = 0; i < r.node_count; ++i) {
      const DocTapeNode& a = built->nodes[i];
      const DocTapeNode& b = r.nodes[i];
      INFO("node " << i);
      REQUIRE(a.kind == b.kind);
      CHECK(a.boolean == b.boolean);
      CHECK(a.next == b.next);
      CHECK(a.count == b.count);
      CHECK(built->text(a) == r.text(b));
      if (a.kind == DocKind::Int) CHECK(a.integer == b.integer);
    }
    ++rules;
  }
  CHECK(rules > 25);
  CHECK_FALSE(embedded_policy_tape("data/api-versions.yaml"));  // read a type at a time from its JSON
}
