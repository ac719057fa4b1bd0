// Policy conditions (three-valued, with locations and messages), the KV141 predicate, and the catalogue.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <yaml-cpp/yaml.h>

#include "graph/json_value.h"
#include "policy/catalogue.h"
#include "policy/check_context.h"
#include "policy/predicates.h"

using namespace vl;

namespace {

constexpr FileId kFile = 3;

std::filesystem::path repository() { return VAULTLINT_SOURCE_DIR; }

// A vault whose body is the JSON text (spans into it), with the given API version.
Graph vault(const std::string& body_json, const std::string& api = "2026-02-01") {
  Graph g;
  Resource r;
  r.type = "Microsoft.KeyVault/vaults";
  r.api_version = Value::string(api, Span{kFile, 1000, 1012});
  r.name = Value::string("kv-test");
  r.decl = Span{kFile, 0, 1};
  r.body = parse_json_document(kFile, body_json).root;
  g.add(std::move(r));
  return g;
}

struct Check {
  std::unique_ptr<Condition> condition;
  explicit Check(const std::string& yaml) {
    std::string error;
    condition = parse_condition(YAML::Load(yaml), error);
    INFO(error);
    REQUIRE(condition);
  }
  Outcome on(const Graph& g, const std::string& as_of = "2026-11-25") const {
    static Catalogue catalogue = [] {
      std::vector<std::string> errors;
      return Catalogue::load(std::nullopt, errors);
    }();
    EngineOptions options{as_of};
    CheckContext ctx(g, 0, catalogue.data(), options);
    return evaluate_condition(*condition, ctx);
  }
};

}  // namespace

TEST_CASE("is: booleans, and booleans written as strings", "[policy]") {
  Check c("{property: properties.enablePurgeProtection, is: true, message: 'is {value}'}");
  CHECK(c.on(vault(R"({"properties": {"enablePurgeProtection": true}})")).verdict == Verdict::Pass);
  CHECK(c.on(vault(R"({"properties": {"enablePurgeProtection": "True"}})")).verdict == Verdict::Pass);
  Outcome o = c.on(vault(R"({"properties": {"enablePurgeProtection": "FALSE"}})"));
  CHECK(o.verdict == Verdict::Fail);
  CHECK(o.message == "is 'FALSE'");
  CHECK(o.location == (Span{kFile, 16, 48}));
  o = c.on(vault(R"({"properties": {"enablePurgeProtection": "yes"}})"));
  CHECK(o.verdict == Verdict::Unresolved);
  CHECK(o.reason == "enablePurgeProtection is 'yes', which is not a boolean");
}

TEST_CASE("absent and null: fail by default, pass or a nested condition when asked", "[policy]") {
  Check fail("{property: properties.x, is: true, absent_message: 'x is {value}'}");
  Outcome o = fail.on(vault(R"({"properties": {}})"));
  CHECK(o.verdict == Verdict::Fail);
  CHECK(o.message == "x is not set");
  CHECK_FALSE(o.location.valid());  // the engine points at the declaration
  CHECK(fail.on(vault(R"({"properties": {"x": null}})")).verdict == Verdict::Fail);
  Check pass("{property: properties.x, is: true, absent: pass}");
  CHECK(pass.on(vault(R"({"properties": {}})")).verdict == Verdict::Pass);
  Check nested("{property: properties.x, is: true, absent: {api_version: {at_least: '2026-02-01'}}}");
  CHECK(nested.on(vault(R"({})"), "2026-11-25").verdict == Verdict::Pass);
  CHECK(nested.on(vault(R"({})", "2025-05-01")).verdict == Verdict::Fail);
  CHECK(nested.on(vault(R"({})", "2026-03-01-preview")).verdict == Verdict::Pass);
}

TEST_CASE("createMode recover makes absent properties unresolved", "[policy]") {
  Check c("{property: properties.enablePurgeProtection, is: true}");
  Outcome o = c.on(vault(R"({"properties": {"createMode": "Recover"}})"));
  CHECK(o.verdict == Verdict::Unresolved);
  CHECK(o.reason.find("createMode is recover") == 0);
}

TEST_CASE("equals, in and not_in ignore case unless told", "[policy]") {
  Check in("{property: properties.p, in: [Disabled, SecuredByPerimeter]}");
  CHECK(in.on(vault(R"({"properties": {"p": "disabled"}})")).verdict == Verdict::Pass);
  CHECK(in.on(vault(R"({"properties": {"p": "Enabled"}})")).verdict == Verdict::Fail);
  Check strict("{property: properties.p, equals: Deny, case_sensitive: true}");
  CHECK(strict.on(vault(R"({"properties": {"p": "deny"}})")).verdict == Verdict::Fail);
  Check not_in("{property: properties.p, not_in: [Allow]}");
  CHECK(not_in.on(vault(R"({"properties": {"p": "Deny"}})")).verdict == Verdict::Pass);
  CHECK(in.on(vault(R"({"properties": {"p": ["Disabled"]}})")).verdict == Verdict::Unresolved);
}

TEST_CASE("range, pattern and exists", "[policy]") {
  Check range("{property: properties.days, range: {min: 7, max: 90}}");
  CHECK(range.on(vault(R"({"properties": {"days": 7}})")).verdict == Verdict::Pass);
  CHECK(range.on(vault(R"({"properties": {"days": 90.5}})")).verdict == Verdict::Fail);
  // A decimal integer written as a string is that number (DESIGN section 7); other text is unresolved.
  CHECK(range.on(vault(R"({"properties": {"days": "30"}})")).verdict == Verdict::Pass);
  CHECK(range.on(vault(R"({"properties": {"days": "3"}})")).verdict == Verdict::Fail);
  CHECK(range.on(vault(R"({"properties": {"days": "30.5"}})")).verdict == Verdict::Unresolved);
  CHECK(range.on(vault(R"({"properties": {"days": "thirty"}})")).verdict == Verdict::Unresolved);
  Check pattern("{property: properties.ip, pattern: '^10\\.'}");
  CHECK(pattern.on(vault(R"({"properties": {"ip": "10.0.0.0/8"}})")).verdict == Verdict::Pass);
  CHECK(pattern.on(vault(R"({"properties": {"ip": "0.0.0.0/0"}})")).verdict == Verdict::Fail);
  Check exists("{property: properties.a.b, exists: true}");
  CHECK(exists.on(vault(R"({"properties": {"a": {"b": 0}}})")).verdict == Verdict::Pass);
  CHECK(exists.on(vault(R"({"properties": {"a": 1}})")).verdict == Verdict::Fail);
  Check missing("{property: properties.a, exists: false}");
  CHECK(missing.on(vault(R"({"properties": {}})")).verdict == Verdict::Pass);
}

TEST_CASE("unknown values: unresolved with the reason, decided when every candidate agrees", "[policy]") {
  Graph g = vault(R"({"properties": {}})");
  Object props;
  props.append("p", Value::unknown("parameter `p` has no default", Span{kFile, 5, 8}), Span{kFile, 100, 103});
  Object body;
  body.append("properties", Value::object(props));
  g.resources()[0].body = Value::object(body);
  Check c("{property: properties.p, in: [Disabled]}");
  Outcome o = c.on(g);
  CHECK(o.verdict == Verdict::Unresolved);
  CHECK(o.reason == "p is not known: parameter `p` has no default");
  REQUIRE(o.related.size() == 1);
  CHECK(o.related[0].span == (Span{kFile, 5, 8}));

  auto with_candidates = [&](std::vector<std::string> values) {
    auto info = std::make_shared<UnknownInfo>();
    info->reason = "one of its allowed values";
    for (auto& v : values) info->candidates.push_back(Value::string(v));
    Object p;
    p.append("p", Value::unknown(info), Span{kFile, 100, 103});
    Object b;
    b.append("properties", Value::object(p));
    g.resources()[0].body = Value::object(b);
    return c.on(g).verdict;
  };
  CHECK(with_candidates({"Disabled", "disabled"}) == Verdict::Pass);
  CHECK(with_candidates({"Enabled"}) == Verdict::Fail);
  CHECK(with_candidates({"Enabled", "Disabled"}) == Verdict::Unresolved);
}

TEST_CASE("any/all/not are three-valued - `locate: false` leaves the location to another leaf", "[policy]") {
  Check any(R"(
any:
  - {property: properties.public, in: [Disabled], locate: false}
  - {property: properties.acls.action, equals: Deny, message: 'action {value}'}
)");
  CHECK(any.on(vault(R"({"properties": {"public": "Disabled", "acls": {"action": "Allow"}}})")).verdict == Verdict::Pass);
  Outcome o = any.on(vault(R"({"properties": {"public": "Enabled", "acls": {"action": "Allow"}}})"));
  CHECK(o.verdict == Verdict::Fail);
  CHECK(o.message == "action 'Allow'");
  CHECK(o.location.begin == 46);
  Check all(R"(
all:
  - {property: properties.a, is: true, absent: pass}
  - {property: properties.b, is: true, absent: pass}
)");
  CHECK(all.on(vault(R"({"properties": {"a": true, "b": "maybe"}})")).verdict == Verdict::Unresolved);
  CHECK(all.on(vault(R"({"properties": {"a": false, "b": "maybe"}})")).verdict == Verdict::Fail);
  Check negation("{not: {property: properties.a, is: true}}");
  CHECK(negation.on(vault(R"({"properties": {"a": false}})")).verdict == Verdict::Pass);
}

TEST_CASE("invalid conditions are errors", "[policy]") {
  std::string error;
  CHECK_FALSE(parse_condition(YAML::Load("{property: a}"), error));
  CHECK(error.find("needs a test") != std::string::npos);
  CHECK_FALSE(parse_condition(YAML::Load("{predicate: no_such_thing}"), error));
  // A pattern is compiled on first use (policy/lazy_regex.h); pattern_error compiles every one under a condition.
  auto bad_pattern = parse_condition(YAML::Load("{all: [{property: a, exists: true}, {not: {property: b, pattern: '('}}]}"), error);
  REQUIRE(bad_pattern);
  CHECK(pattern_error(*bad_pattern).find("invalid pattern: missing )") == 0);
  auto good_pattern = parse_condition(YAML::Load("{property: a, pattern: '^x(y|z)$'}"), error);
  REQUIRE(good_pattern);
  CHECK(pattern_error(*good_pattern) == "");
  CHECK_FALSE(parse_condition(YAML::Load("{all: []}"), error));
  CHECK_FALSE(parse_condition(YAML::Load("{property: a, is: true, absent: maybe}"), error));
}

TEST_CASE("KV141 judges published, preview and retiring versions", "[policy][kv141]") {
  Check c("{predicate: api_version_lifecycle, args: {retires_before: '2026-02-01', retire_date: '2027-02-27', recommended: '2026-02-01'}}");
  CHECK(c.on(vault("{}", "2026-02-01")).verdict == Verdict::Pass);
  Outcome preview = c.on(vault("{}", "2026-03-01-preview"));
  CHECK(preview.verdict == Verdict::Fail);
  CHECK(preview.message.find("preview") != std::string::npos);
  Outcome unknown = c.on(vault("{}", "2099-01-01"));
  CHECK(unknown.message.find("not a published version") != std::string::npos);
  Outcome retiring = c.on(vault("{}", "2023-07-01"), "2026-11-25");
  CHECK(retiring.message.find("retires on 2027-02-27") != std::string::npos);
  CHECK(retiring.location == (Span{kFile, 1000, 1012}));
  Outcome retired = c.on(vault("{}", "2023-07-01"), "2027-02-27");
  CHECK(retired.message.find("retired since 2027-02-27") != std::string::npos);
}

TEST_CASE("the built-in catalogue loads, with its data tables", "[policy][catalogue]") {
  std::vector<std::string> errors;
  Catalogue c = Catalogue::load(std::nullopt, errors);
  CHECK(errors.empty());
  // The data tables are read on first use, so a run may never read one: every one of them is read here.
  CHECK(c.data().check() == "");
  // Every policies/KVnnn.yaml of the source tree is compiled in, complete, under its own id.
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(repository() / "policies")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().stem().string());
  }
  REQUIRE_FALSE(files.empty());
  CHECK(files.size() == c.rules().size());
  for (const std::string& id : files) {
    INFO(id);
    const Rule* r = c.find(id);
    REQUIRE(r);
    CHECK(r->id == id);
    // Its patterns are compiled on first use, so a run may never compile one: every one is compiled here.
    if (r->check) CHECK(pattern_error(*r->check) == "");
    CHECK_FALSE(r->message.empty());
    CHECK_FALSE(r->fix.empty());
    CHECK_FALSE(r->formats.empty());
    CHECK(r->source == "policies/" + id + ".yaml");
    if (!r->diagnostic) {
      CHECK(r->check);
      CHECK_FALSE(r->applies_to.empty());
    }
  }
  CHECK(c.find("purge-protection") == c.find("KV122"));
  const auto* versions = c.data().api_versions("microsoft.keyvault/VAULTS");
  REQUIRE(versions);
  CHECK(versions->back().version == "2026-03-01-preview");
  const RoleInfo* owner = c.data().role_by_id("8E3AF657-A8FF-443C-A75C-2FE8C4BCB635");
  REQUIRE(owner);
  CHECK(owner->privileged);
}

TEST_CASE("a user's rule file is validated", "[policy][catalogue]") {
  Rule rule;
  std::string error;
  CHECK_FALSE(parse_rule("id: X1\nname: x\nseverity: urgent\n", "x.yaml", rule, error));
  CHECK(error.find("severity") != std::string::npos);
  CHECK_FALSE(parse_rule("id: X1\nname: x\nseverity: low\napplies_to: [a]\n", "x.yaml", rule, error));
  CHECK(error.find("check") != std::string::npos);
  CHECK(parse_rule("id: X1\nname: x\nseverity: low\napplies_to: [a]\ncheck: {property: a, exists: true}\n", "x.yaml", rule, error));
  // A bad pattern anywhere in a user's rule is reported as the file is read, not when a resource meets it.
  CHECK_FALSE(parse_rule("id: X1\nname: x\nseverity: low\napplies_to: [a]\n"
                         "check: {any: [{property: a, exists: true}, {related: {type: b, via: references, unread_modules: '[a-'}}]}\n",
                         "x.yaml", rule, error));
  CHECK(error.find("x.yaml: invalid `related.unread_modules` pattern: missing ]") == 0);
  CHECK(rule.formats == std::vector<std::string>{"arm", "bicep", "terraform"});
  CHECK(parse_rule("id: X1\nname: x\nseverity: low\nkind: diagnostic\nformats: [bicep, arm]\n", "x.yaml", rule, error));
  CHECK(rule.formats == std::vector<std::string>{"bicep", "arm"});
  for (const char* bad : {"formats: [arm, cobol]", "formats: []", "formats: arm", "formats: [arm, arm]"}) {
    INFO(bad);
    CHECK_FALSE(parse_rule(std::string("id: X1\nname: x\nseverity: low\nkind: diagnostic\n") + bad + "\n", "x.yaml",
                           rule, error));
    CHECK(error.find("formats") != std::string::npos);
  }
}

TEST_CASE("every predicate file registers its predicate", "[policy][predicates]") {
  // policy/predicates/<name>.cpp registers <name> (policy/predicates.h); the registry must hold exactly
  // those, which also proves that the linker kept every self-registering file.
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(repository() / "analyzer" / "policy" / "predicates")) {
    if (entry.path().extension() == ".cpp") files.push_back(entry.path().stem().string());
  }
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  CHECK(predicate_names() == files);
  for (const std::string& name : files) CHECK(find_predicate(name));
  CHECK_FALSE(find_predicate("no_such_predicate"));
}

TEST_CASE("related: a resource of a type points at this one by an edge or a property", "[policy][related]") {
  const std::string kv = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
  auto build = [&](const std::string& pe_body, const std::string& setting_scope) {
    Graph g = vault("{}");
    g.resources()[0].id = kv;
    Resource pe;
    pe.type = "Microsoft.Network/privateEndpoints";
    pe.display_name = "pe";
    pe.decl = Span{kFile, 500, 501};
    pe.body = parse_json_document(kFile, pe_body).root;
    g.add(std::move(pe));
    Resource diag;
    diag.type = "Microsoft.Insights/diagnosticSettings";
    diag.scope_id = setting_scope;
    g.add(std::move(diag));
    g.link();
    return g;
  };
  Check endpoint(R"(
related:
  type: Microsoft.Network/privateEndpoints
  via: {property: "properties.privateLinkServiceConnections[*].properties.privateLinkServiceId"}
  where: {property: "properties.privateLinkServiceConnections", exists: true}
message: no endpoint
)");
  std::string pointing = R"({"properties": {"privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "/SUBSCRIPTIONS/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"}}]}})";
  CHECK(endpoint.on(build(pointing, "")).verdict == Verdict::Pass);
  Outcome none = endpoint.on(build(R"({"properties": {"privateLinkServiceConnections": [{"properties": {"privateLinkServiceId": "/other"}}]}})", ""));
  CHECK(none.verdict == Verdict::Fail);
  CHECK(none.message == "no endpoint");
  Graph unknown = build(R"({"properties": {}})", "");
  Object conn, props, body;
  conn.append("privateLinkServiceId", Value::unknown("parameter `target` has no default"));
  Object item;
  item.append("properties", Value::object(conn));
  props.append("privateLinkServiceConnections", Value::array(Array{Value::object(item)}));
  body.append("properties", Value::object(props));
  unknown.resources()[1].body = Value::object(body);
  Outcome maybe = endpoint.on(unknown);
  CHECK(maybe.verdict == Verdict::Unresolved);
  CHECK(maybe.reason.find("parameter `target` has no default") != std::string::npos);

  Check diagnostic("{related: {type: Microsoft.Insights/diagnosticSettings, via: scope}}");
  CHECK(diagnostic.on(build("{}", kv)).verdict == Verdict::Pass);
  CHECK(diagnostic.on(build("{}", "/elsewhere")).verdict == Verdict::Fail);
  std::string error;
  CHECK_FALSE(parse_condition(YAML::Load("{related: {type: x, via: sideways}}"), error));
}

TEST_CASE("a candidate null is judged as an absent property, by the rule's absent: choice", "[policy]") {
  Check rbac("{property: properties.rbac, is: true, absent: {api_version: {at_least: '2026-02-01'}}}");
  auto with = [&](const std::string& api) {
    Graph g = vault("{}", api);
    auto info = std::make_shared<UnknownInfo>();
    info->reason = "if() of an unknown condition";
    info->candidates = {Value::boolean(true), Value::null()};
    Object p, b;
    p.append("rbac", Value::unknown(info), Span{kFile, 100, 104});
    b.append("properties", Value::object(p));
    g.resources()[0].body = Value::object(b);
    return rbac.on(g).verdict;
  };
  CHECK(with("2026-02-01") == Verdict::Pass);
  CHECK(with("2023-07-01") == Verdict::Unresolved);
}

TEST_CASE("API versions are read a type at a time as the whole table gives them", "[policy][catalogue]") {
  // Compiled form: each type's object is found and read alone; a type written twice (any case) has both lists.
  const std::string compiled = R"({"types":[{"type":"A/b","versions":[{"version":"1","preview":false}]},)"
                               R"({"type":"c/d","source":"{x}","versions":[{"version":"2-preview","preview":true}]},)"
                               R"({"type":"a/B","versions":[{"version":"3","preview":false}]}]})";
  // Another shape (white space): read whole, with the same answers.
  const std::string spaced = R"({ "types": [ {"type": "A/b", "versions": [{"version": "1", "preview": false}]},)"
                             R"( {"type": "c/d", "versions": [{"version": "2-preview", "preview": true}]},)"
                             R"( {"type": "a/B", "versions": [{"version": "3", "preview": false}]} ] })";
  for (const std::string& text : {compiled, spaced}) {
    INFO(text);
    DataTables tables;
    tables.add("data/api-versions.yaml", text);
    const std::vector<ApiVersionInfo>* ab = tables.api_versions("a/b");
    REQUIRE(ab);
    REQUIRE(ab->size() == 2);
    CHECK((*ab)[0].version == "1");
    CHECK((*ab)[1].version == "3");
    const std::vector<ApiVersionInfo>* cd = tables.api_versions("C/D");
    REQUIRE(cd);
    CHECK(cd->front().preview);
    CHECK(tables.api_versions("e/f") == nullptr);
    CHECK(tables.check() == "");
  }
}

TEST_CASE("a data table is read on first use, and a broken one says so", "[policy][catalogue]") {
  DataTables tables;
  tables.add("data/roles.yaml", R"({"roles":[{"name":"Reader","id":"ACDD72A7-3385-48EF-BD42-F606FBA81AE7",)"
                                R"("privileged":false,"vaults_write":false,"role_assignments_write":false,)"
                                R"("wildcard_data_actions":false,"actions":["*/read"],"dataActions":[]}]})");
  tables.add("data/azurerm/key-vault.yaml", "not read by the tables");
  const RoleInfo* reader = tables.role_by_id("acdd72a7-3385-48ef-bd42-f606fba81ae7");
  REQUIRE(reader);
  CHECK(reader->name == "Reader");
  CHECK(tables.check() == "");
  CHECK(tables.api_versions("Microsoft.KeyVault/vaults") == nullptr);

  DataTables broken;
  CHECK(broken.load("data/api-versions.yaml", R"({"types":[{"type":"a/b","versions":[{"version":"1"}]}]})")
            .starts_with("data/api-versions.yaml: "));
}

TEST_CASE("a built-in rule's check is parsed on first use, and one that does not parse is an internal error", "[policy][catalogue]") {
  const DocTree good = compiled_document(R"({"property":"properties.enablePurgeProtection","is":true})");
  const DocTree bad = compiled_document(R"({"property":"properties.x","is":true,"absent":"sometimes"})");
  const RuleCheck deferred = RuleCheck::deferred(good.root(), "policies/KV999.yaml");
  REQUIRE(deferred);
  CHECK(deferred->kind == Condition::Kind::Property);
  CHECK(deferred->path == "properties.enablePurgeProtection");
  CHECK(deferred.get() == deferred.get());  // parsed once
  const RuleCheck broken = RuleCheck::deferred(bad.root(), "policies/KV998.yaml");
  REQUIRE(broken);
  CHECK_THROWS_WITH(broken.get(), Catch::Matchers::StartsWith("policies/KV998.yaml: `absent` must be"));
  CHECK_FALSE(RuleCheck());
}
