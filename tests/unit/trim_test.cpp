// What a one-shot scan drops from the lowerings it holds (graph/trim.h), and the plan the catalogue makes
// of what its rules read (policy/trim_plan.h). That trimming changes no report is proved by
// scan_across_groups_test.cpp, which trims every lowering and compares with one whole graph.
#include <catch2/catch.hpp>

#include <algorithm>

#include <yaml-cpp/yaml.h>

#include "graph/json_value.h"
#include "graph/trim.h"
#include "graph/value_node.h"
#include "policy/catalogue.h"
#include "policy/trim_plan.h"

using namespace vl;

namespace {

constexpr FileId kFile = 3;

const Catalogue& built_in() {
  static const Catalogue c = [] {
    std::vector<std::string> errors;
    return Catalogue::load(std::nullopt, errors);
  }();
  return c;
}

std::set<std::string> all_ids(const Catalogue& c) {
  std::set<std::string> out;
  for (const Rule& r : c.rules()) out.insert(r.id);
  return out;
}

bool reads_body_of(const TrimPlan& plan, const std::string& type) {
  std::string lower = type;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return std::binary_search(plan.body_types.begin(), plan.body_types.end(), lower);
}

Resource resource(const std::string& type, const std::string& body_json) {
  Resource r;
  r.type = type;
  r.body = parse_json_document(kFile, body_json).root;
  return r;
}

Resource value_node(bool output, bool secure) {
  ValueNodeSpec spec;
  spec.output = output;
  spec.name = output ? "out" : "param";
  spec.name_span = Span{kFile, 10, 13};
  spec.secure = secure;
  spec.has_default = !output;
  spec.default_value = Value::string("default", Span{kFile, 20, 29});
  spec.default_written = Span{kFile, 20, 29};
  spec.value = Value::object(Object{}, Span{kFile, 40, 60});
  spec.value_written = Span{kFile, 40, 60};
  return make_value_node(std::move(spec), SourceFormat::Bicep, "main.bicep#");
}

Rule user_rule(const std::string& id, std::vector<std::string> applies_to, const std::string& check) {
  Rule r;
  r.id = id;
  r.name = id;
  r.applies_to = std::move(applies_to);
  std::string error;
  r.check = RuleCheck(parse_condition(YAML::Load(check), error));
  REQUIRE(error.empty());
  return r;
}

}  // namespace

TEST_CASE("the built-in rules read no deployment's body and no output's value") {
  const TrimPlan plan = trim_plan(built_in(), all_ids(built_in()));
  CHECK_FALSE(reads_body_of(plan, "Microsoft.Resources/deployments"));
  CHECK_FALSE(reads_body_of(plan, "Microsoft.Network/virtualNetworks"));
  // Applied to (KV111), related to (KV114, KV131), read by the engine's code (role_lookup.cpp).
  CHECK(reads_body_of(plan, "Microsoft.KeyVault/vaults"));
  CHECK(reads_body_of(plan, "Microsoft.Network/privateEndpoints"));
  CHECK(reads_body_of(plan, "Microsoft.Insights/diagnosticSettings"));
  CHECK(reads_body_of(plan, "Microsoft.Authorization/roleDefinitions"));
  // KV305 reads where an output's value is written; KV304 what a secure parameter holds.
  CHECK_FALSE(plan.outputs.plain);
  CHECK_FALSE(plan.outputs.secure);
  CHECK_FALSE(plan.parameters.plain);
  CHECK(plan.parameters.secure);
}

TEST_CASE("a disabled rule reads no value but its types stay read") {
  std::set<std::string> enabled = all_ids(built_in());
  enabled.erase("KV304");
  const TrimPlan plan = trim_plan(built_in(), enabled);
  CHECK_FALSE(plan.parameters.secure);
  CHECK(reads_body_of(plan, "Microsoft.KeyVault/vaults/secrets"));  // KV304's other type; KV301 too
}

TEST_CASE("a user's rule that tests an output's value, or relates to deployments, keeps them") {
  std::vector<Rule> rules;
  rules.push_back(user_rule("X001", {"output"}, "{property: value, exists: true}"));
  rules.push_back(user_rule("X002", {"Microsoft.Web/sites"},
                            "{related: {type: Microsoft.Resources/deployments, via: {property: 'properties.**'}}}"));
  const Catalogue c = Catalogue::of(std::move(rules), DataTables{});
  const TrimPlan plan = trim_plan(c, {"X001", "X002"});
  CHECK(plan.outputs.plain);
  CHECK(plan.outputs.secure);
  CHECK_FALSE(plan.parameters.plain);  // no rule applies to parameters
  CHECK(reads_body_of(plan, "microsoft.resources/deployments"));
  CHECK(reads_body_of(plan, "Microsoft.Web/sites"));
}

TEST_CASE("trim empties unread bodies and values and keeps where they were written") {
  TrimPlan plan;
  plan.parameters = ValueReads{false, true};
  plan.outputs = ValueReads{false, false};
  plan.body_types = {"microsoft.keyvault/vaults"};
  std::vector<Resource> rs;
  rs.push_back(resource("Microsoft.KeyVault/vaults", R"({"properties": {"enablePurgeProtection": true}})"));
  rs.push_back(resource("Microsoft.Resources/deployments", R"({"properties": {"parameters": {"id": {"value": "x"}}}})"));
  rs.push_back(resource("Microsoft.Resources/deployments", R"({"properties": {"parameters": {"id": {"value": "y"}}}})"));
  rs.back().unread = "module `br:x` is not in the Bicep module cache";
  rs.push_back(value_node(/*output=*/true, /*secure=*/false));
  rs.push_back(value_node(/*output=*/false, /*secure=*/false));
  rs.push_back(value_node(/*output=*/false, /*secure=*/true));
  const Span deployment_span = rs[1].body.span();
  trim(rs, plan);

  CHECK(rs[0].properties().as_object().get("enablePurgeProtection").is_bool());
  CHECK(rs[1].body.is_object());
  CHECK(rs[1].body.as_object().members().empty());
  CHECK(rs[1].body.span() == deployment_span);
  CHECK_FALSE(rs[2].body.as_object().members().empty());  // unread: the ids it receives count

  const Member* out = rs[3].body.as_object().find_member("value");
  REQUIRE(out);
  CHECK(out->value.is_null());
  CHECK(out->written_value() == (Span{kFile, 40, 60}));
  CHECK(rs[3].body.as_object().get("name").as_string() == "out");

  const Member* plain_default = rs[4].body.as_object().find_member("defaultValue");
  REQUIRE(plain_default);
  CHECK(plain_default->value.is_null());
  CHECK(plain_default->written_value() == (Span{kFile, 20, 29}));

  const Member* secure_default = rs[5].body.as_object().find_member("defaultValue");
  REQUIRE(secure_default);
  CHECK(secure_default->value.as_string() == "default");
  CHECK(rs[5].body.as_object().get("value").is_object());
}
