// Reading a rule's `check:` from YAML into a Condition tree (the forms are listed in condition.h).
#include <yaml-cpp/yaml.h>

#include "policy/condition.h"
#include "policy/predicates.h"
#include "policy/yaml_doc.h"

namespace vl {

namespace {

std::string scalar_text(const DocNode& n) { return std::string(n.IsScalar() ? n.Scalar() : std::string_view()); }

bool parse_children(const DocNode& list, Condition& c, std::string& error) {
  if (!list.IsSequence() || list.size() == 0) {
    error = "`all`/`any` needs a list of conditions";
    return false;
  }
  for (const DocNode& item : list) {
    auto child = parse_condition(item, error);
    if (!child) return false;
    c.children.push_back(std::move(child));
  }
  return true;
}

void set_path(Condition& c, const std::string& path) {
  c.path = path;
  c.segments = split(c.path, '.');
}

bool parse_related(const DocNode& r, Condition& c, std::string& error) {
  c.kind = Condition::Kind::Related;
  if (r["type"].IsSequence()) {
    for (const DocNode& t : r["type"]) c.related_types.push_back(t.as<std::string>());
  } else if (r["type"]) {
    c.related_types.push_back(r["type"].as<std::string>());
  }
  if (c.related_types.empty()) {
    error = "`related` needs a `type`";
    return false;
  }
  const DocNode& via = r["via"];
  if (via && via.IsScalar()) {
    c.via_edge = via.as<std::string>();
    if (c.via_edge != "scope" && c.via_edge != "parent" && c.via_edge != "contains" && c.via_edge != "references" &&
        c.via_edge != "reaches") {
      error = "`related.via` must be scope, parent, contains, references, reaches or {property: path}";
      return false;
    }
  } else if (via && via["property"]) {
    c.via_edge = "references";
    if (via["property"].IsSequence()) {
      for (const DocNode& p : via["property"]) c.via_labels.push_back(p.as<std::string>());
    } else {
      c.via_labels.push_back(via["property"].as<std::string>());
    }
    if (c.via_labels.empty()) {
      error = "`related.via.property` needs a path";
      return false;
    }
    c.via_label = c.via_labels.front();
    if (via["through_containers"]) c.through_containers = via["through_containers"].as<bool>();
  } else {
    error = "`related` needs `via`";
    return false;
  }
  if (const DocNode& d = r["direction"]) {
    std::string s = d.as<std::string>();
    if (s == "incoming") c.direction = Condition::Direction::Incoming;
    else if (s == "outgoing") c.direction = Condition::Direction::Outgoing;
    else {
      error = "`related.direction` must be incoming or outgoing";
      return false;
    }
  }
  if (r["where"]) {
    c.where = parse_condition(r["where"], error);
    if (!c.where) return false;
  }
  if (const DocNode& u = r["unread_modules"]) {
    c.unread_modules = std::make_shared<const LazyRegex>(u.as<std::string>());
  }
  return true;
}

// The test of a `property:` leaf.
bool parse_test(const DocNode& node, Condition& c, std::string& error) {
  if (node["case_sensitive"]) c.case_sensitive = node["case_sensitive"].as<bool>();
  if (node["is"]) {
    c.test = Condition::Test::Is;
    c.expect_bool = node["is"].as<bool>();
  } else if (node["equals"]) {
    c.test = Condition::Test::Equals;
    c.values.push_back(node["equals"].as<std::string>());
  } else if (node["in"] || node["not_in"]) {
    c.test = node["in"] ? Condition::Test::In : Condition::Test::NotIn;
    for (const DocNode& v : node["in"] ? node["in"] : node["not_in"]) c.values.push_back(v.as<std::string>());
  } else if (node["contains_all"]) {
    c.test = Condition::Test::ContainsAll;
    for (const DocNode& v : node["contains_all"]) c.values.push_back(v.as<std::string>());
    if (c.values.empty()) {
      error = "`contains_all` needs a list of values";
      return false;
    }
  } else if (node["contains"]) {
    c.test = Condition::Test::Contains;
    c.values.push_back(node["contains"].as<std::string>());
  } else if (node["non_empty"]) {
    c.test = Condition::Test::NonEmpty;
    c.expect_bool = node["non_empty"].as<bool>();
  } else if (node["range"]) {
    c.test = Condition::Test::Range;
    if (node["range"]["min"]) c.min = node["range"]["min"].as<double>();
    if (node["range"]["max"]) c.max = node["range"]["max"].as<double>();
  } else if (node["pattern"]) {
    c.test = Condition::Test::Pattern;
    c.pattern = std::make_shared<const LazyRegex>(node["pattern"].as<std::string>(), c.case_sensitive);
  } else if (node["exists"]) {
    c.test = Condition::Test::Exists;
    c.expect_exists = node["exists"].as<bool>();
  } else {
    error = "property `" + c.path + "` needs a test: is, equals, in, not_in, contains, contains_all, non_empty, range, pattern or exists";
    return false;
  }
  if (const DocNode& a = node["absent"]) {
    if (a.IsMap()) {
      c.absent = Condition::Absent::Condition;
      c.absent_condition = parse_condition(a, error);
      if (!c.absent_condition) return false;
    } else {
      std::string s = a.as<std::string>();
      if (s == "pass") c.absent = Condition::Absent::Pass;
      else if (s == "fail") c.absent = Condition::Absent::Fail;
      else if (s == "unresolved") c.absent = Condition::Absent::Unresolved;
      else {
        error = "`absent` must be pass, fail, unresolved or a condition";
        return false;
      }
    }
  } else if ((c.test == Condition::Test::Exists && !c.expect_exists) || (c.test == Condition::Test::NonEmpty && !c.expect_bool)) {
    c.absent = Condition::Absent::Pass;
  }
  return true;
}

}  // namespace

std::unique_ptr<Condition> parse_condition(const DocNode& node, std::string& error) {
  if (!node.IsMap()) {
    error = "a condition must be a mapping";
    return nullptr;
  }
  auto c = std::make_unique<Condition>();
  if (node["locate"]) c->locate = node["locate"].as<bool>();  // every form: may it decide where a finding points?
  if (node["all"] || node["any"]) {
    c->kind = node["all"] ? Condition::Kind::All : Condition::Kind::Any;
    if (!parse_children(node["all"] ? node["all"] : node["any"], *c, error)) return nullptr;
    if (node["message"]) c->message = node["message"].as<std::string>();
    return c;
  }
  if (node["not"]) {
    c->kind = Condition::Kind::Not;
    auto child = parse_condition(node["not"], error);
    if (!child) return nullptr;
    c->children.push_back(std::move(child));
    if (node["message"]) c->message = node["message"].as<std::string>();
    return c;
  }
  if (node["message"]) c->message = node["message"].as<std::string>();
  if (node["absent_message"]) c->absent_message = node["absent_message"].as<std::string>();
  if (node["each"] || node["any_item"]) {
    const bool each = static_cast<bool>(node["each"]);
    c->kind = each ? Condition::Kind::Each : Condition::Kind::AnyItem;
    set_path(*c, (each ? node["each"] : node["any_item"]).as<std::string>());
    const DocNode& inner = each ? node["check"] : node["where"];
    if (!inner) {
      error = each ? "`each` needs a `check` for one item" : "`any_item` needs a `where` for one item";
      return nullptr;
    }
    auto child = parse_condition(inner, error);
    if (!child) return nullptr;
    if (each) c->children.push_back(std::move(child));
    else c->where = std::move(child);
    if (node["absent"]) {
      std::string s = node["absent"].as<std::string>();
      c->absent = s == "fail" ? Condition::Absent::Fail : s == "unresolved" ? Condition::Absent::Unresolved : Condition::Absent::Pass;
    } else {
      c->absent = each ? Condition::Absent::Pass : Condition::Absent::Fail;  // no items: none fails / none qualifies
    }
    return c;
  }
  if (node["verdict_of"]) {
    c->kind = Condition::Kind::VerdictOf;
    c->rule_id = node["verdict_of"].as<std::string>();
    return c;
  }
  if (node["role"]) {
    c->kind = Condition::Kind::Role;
    c->role_class = node["role"].as<std::string>();
    static const char* kClasses[] = {"privileged", "vaults_write", "role_assignments_write", "wildcard_data_actions",
                                     "key_vault_data"};
    bool known = false;
    for (const char* k : kClasses) known = known || c->role_class == k;
    if (!known) {
      error = "`role` must be privileged, vaults_write, role_assignments_write, wildcard_data_actions or key_vault_data";
      return nullptr;
    }
    return c;
  }
  if (node["predicate"]) {
    c->kind = Condition::Kind::Predicate;
    c->predicate = node["predicate"].as<std::string>();
    if (!find_predicate(c->predicate)) {
      error = "unknown predicate `" + c->predicate + "`";
      return nullptr;
    }
    for (const auto& kv : node["args"]) c->args[kv.first.as<std::string>()] = scalar_text(kv.second);
    return c;
  }
  if (const DocNode& r = node["related"]) {
    if (!parse_related(r, *c, error)) return nullptr;
    return c;
  }
  if (const DocNode& a = node["access"]) {
    if (!parse_access(a, *c, error)) return nullptr;
    return c;
  }
  if (node["api_version"]) {
    c->kind = Condition::Kind::ApiVersion;
    const DocNode& a = node["api_version"];
    if (a["at_least"]) c->at_least = a["at_least"].as<std::string>();
    if (a["below"]) c->below = a["below"].as<std::string>();
    if (c->at_least.empty() && c->below.empty()) {
      error = "`api_version` needs `at_least` or `below`";
      return nullptr;
    }
    return c;
  }
  if (!node["property"]) {
    error = "a condition needs `property`, `api_version`, `related`, `access`, `predicate`, `verdict_of`, `role`, `each`, "
            "`any_item`, `all`, `any` or `not`";
    return nullptr;
  }
  c->kind = Condition::Kind::Property;
  set_path(*c, node["property"].as<std::string>());
  if (!parse_test(node, *c, error)) return nullptr;
  return c;
}

std::unique_ptr<Condition> parse_condition(const YAML::Node& node, std::string& error) {
  const DocTree doc = yaml_document(node);
  return parse_condition(doc.root(), error);
}

std::string pattern_error(const Condition& c) {
  if (c.pattern) {
    if (std::string e = c.pattern->error(); !e.empty()) return "invalid pattern: " + e;
  }
  if (c.unread_modules) {
    if (std::string e = c.unread_modules->error(); !e.empty()) return "invalid `related.unread_modules` pattern: " + e;
  }
  for (const Condition* under : {c.absent_condition.get(), c.where.get(), c.when.get()}) {
    if (under) {
      if (std::string e = pattern_error(*under); !e.empty()) return e;
    }
  }
  for (const auto& child : c.children) {
    if (std::string e = pattern_error(*child); !e.empty()) return e;
  }
  return "";
}

}  // namespace vl
