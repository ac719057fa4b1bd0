#include "policy/condition.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include "policy/check_context.h"
#include "policy/predicates.h"

namespace vl {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Pass:
      return "pass";
    case Verdict::Fail:
      return "fail";
    case Verdict::Unresolved:
      return "unresolved";
  }
  return "";
}

// ---- reading -------------------------------------------------------------------------------------

namespace {

std::string scalar_text(const YAML::Node& n) { return n.IsScalar() ? n.Scalar() : ""; }

bool parse_children(const YAML::Node& list, Condition& c, std::string& error) {
  if (!list.IsSequence() || list.size() == 0) {
    error = "`all`/`any` needs a list of conditions";
    return false;
  }
  for (const YAML::Node& item : list) {
    auto child = parse_condition(item, error);
    if (!child) return false;
    c.children.push_back(std::move(child));
  }
  return true;
}

}  // namespace

std::unique_ptr<Condition> parse_condition(const YAML::Node& node, std::string& error) {
  if (!node.IsMap()) {
    error = "a condition must be a mapping";
    return nullptr;
  }
  auto c = std::make_unique<Condition>();
  if (node["all"] || node["any"]) {
    c->kind = node["all"] ? Condition::Kind::All : Condition::Kind::Any;
    if (!parse_children(node["all"] ? node["all"] : node["any"], *c, error)) return nullptr;
    return c;
  }
  if (node["not"]) {
    c->kind = Condition::Kind::Not;
    auto child = parse_condition(node["not"], error);
    if (!child) return nullptr;
    c->children.push_back(std::move(child));
    return c;
  }
  if (node["locate"]) c->locate = node["locate"].as<bool>();
  if (node["message"]) c->message = node["message"].as<std::string>();
  if (node["absent_message"]) c->absent_message = node["absent_message"].as<std::string>();
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
  if (const YAML::Node& r = node["related"]) {
    c->kind = Condition::Kind::Related;
    if (r["type"].IsSequence()) {
      for (const YAML::Node& t : r["type"]) c->related_types.push_back(t.as<std::string>());
    } else if (r["type"]) {
      c->related_types.push_back(r["type"].as<std::string>());
    }
    if (c->related_types.empty()) {
      error = "`related` needs a `type`";
      return nullptr;
    }
    const YAML::Node& via = r["via"];
    if (via && via.IsScalar()) {
      c->via_edge = via.as<std::string>();
      if (c->via_edge != "scope" && c->via_edge != "parent" && c->via_edge != "references") {
        error = "`related.via` must be scope, parent, references or {property: path}";
        return nullptr;
      }
    } else if (via && via["property"]) {
      c->via_property = split(via["property"].as<std::string>(), '.');
    } else {
      error = "`related` needs `via`";
      return nullptr;
    }
    if (r["where"]) {
      c->where = parse_condition(r["where"], error);
      if (!c->where) return nullptr;
    }
    return c;
  }
  if (node["api_version"]) {
    c->kind = Condition::Kind::ApiVersion;
    const YAML::Node& a = node["api_version"];
    if (a["at_least"]) c->at_least = a["at_least"].as<std::string>();
    if (a["below"]) c->below = a["below"].as<std::string>();
    if (c->at_least.empty() && c->below.empty()) {
      error = "`api_version` needs `at_least` or `below`";
      return nullptr;
    }
    return c;
  }
  if (!node["property"]) {
    error = "a condition needs `property`, `api_version`, `related`, `predicate`, `all`, `any` or `not`";
    return nullptr;
  }
  c->kind = Condition::Kind::Property;
  c->path = node["property"].as<std::string>();
  c->segments = split(c->path, '.');
  if (node["case_sensitive"]) c->case_sensitive = node["case_sensitive"].as<bool>();
  if (node["is"]) {
    c->test = Condition::Test::Is;
    c->expect_bool = node["is"].as<bool>();
  } else if (node["equals"]) {
    c->test = Condition::Test::Equals;
    c->values.push_back(node["equals"].as<std::string>());
  } else if (node["in"] || node["not_in"]) {
    c->test = node["in"] ? Condition::Test::In : Condition::Test::NotIn;
    for (const YAML::Node& v : node["in"] ? node["in"] : node["not_in"]) c->values.push_back(v.as<std::string>());
  } else if (node["range"]) {
    c->test = Condition::Test::Range;
    if (node["range"]["min"]) c->min = node["range"]["min"].as<double>();
    if (node["range"]["max"]) c->max = node["range"]["max"].as<double>();
  } else if (node["pattern"]) {
    c->test = Condition::Test::Pattern;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(c->case_sensitive);
    c->pattern = std::make_shared<RE2>(node["pattern"].as<std::string>(), options);
    if (!c->pattern->ok()) {
      error = "invalid pattern: " + c->pattern->error();
      return nullptr;
    }
  } else if (node["exists"]) {
    c->test = Condition::Test::Exists;
    c->expect_exists = node["exists"].as<bool>();
  } else {
    error = "property `" + c->path + "` needs a test: is, equals, in, not_in, range, pattern or exists";
    return nullptr;
  }
  if (const YAML::Node& a = node["absent"]) {
    if (a.IsMap()) {
      c->absent = Condition::Absent::Condition;
      c->absent_condition = parse_condition(a, error);
      if (!c->absent_condition) return nullptr;
    } else {
      std::string s = a.as<std::string>();
      if (s == "pass") c->absent = Condition::Absent::Pass;
      else if (s == "fail") c->absent = Condition::Absent::Fail;
      else if (s == "unresolved") c->absent = Condition::Absent::Unresolved;
      else {
        error = "`absent` must be pass, fail, unresolved or a condition";
        return nullptr;
      }
    }
  } else if (c->test == Condition::Test::Exists && !c->expect_exists) {
    c->absent = Condition::Absent::Pass;
  }
  return c;
}

// ---- evaluation ----------------------------------------------------------------------------------

namespace {

struct Lookup {
  Value value;                 // absent when the path is not there
  const Member* member = nullptr;  // the member holding it, when present
  const Value* unknown = nullptr;  // an unknown on the way
};

Lookup look_up(const Value& body, const std::vector<std::string>& segments) {
  Lookup out;
  const Value* current = &body;
  const Member* m = nullptr;
  for (const std::string& seg : segments) {
    if (current->is_unknown()) {
      out.unknown = current;
      out.value = *current;
      return out;
    }
    if (!current->is_object()) return out;
    m = current->as_object().find_member(seg);
    if (!m) return out;  // absent: the finding points at the resource, not at an ancestor
    current = &m->value;
  }
  out.member = m;
  out.value = *current;
  if (current->is_unknown()) out.unknown = current;
  return out;
}

// The test on a known, non-null value: Pass, Fail, or Unresolved (with `why`, which calls the property
// `name`) when the value is not of a kind the test can judge.
Verdict test_value(const Condition& c, const Value& v, std::string& why, const std::string& name) {
  switch (c.test) {
    case Condition::Test::Exists:
      return c.expect_exists ? Verdict::Pass : Verdict::Fail;
    case Condition::Test::Is: {
      bool b;
      if (v.is_bool()) {
        b = v.as_bool();
      } else if (v.is_string() && (iequals(v.as_string(), "true") || iequals(v.as_string(), "false"))) {
        b = iequals(v.as_string(), "true");  // Azure reads "true"/"false" as booleans
      } else {
        why = name + " is " + v.display() + ", which is not a boolean";
        return Verdict::Unresolved;
      }
      return b == c.expect_bool ? Verdict::Pass : Verdict::Fail;
    }
    case Condition::Test::Equals:
    case Condition::Test::In:
    case Condition::Test::NotIn: {
      if (!v.is_string()) {
        if (v.is_array() || v.is_object()) {
          why = name + " is " + v.display() + ", not a string";
          return Verdict::Unresolved;
        }
      }
      std::string text = v.is_string() ? v.as_string() : v.display();
      bool found = false;
      for (const std::string& want : c.values) {
        found = found || (c.case_sensitive ? text == want : iequals(text, want));
      }
      bool pass = c.test == Condition::Test::NotIn ? !found : found;
      return pass ? Verdict::Pass : Verdict::Fail;
    }
    case Condition::Test::Range: {
      double d;
      if (v.is_number()) {
        d = v.as_number();
      } else {
        why = name + " is " + v.display() + ", not a number";
        return Verdict::Unresolved;
      }
      bool ok = (!c.min || d >= *c.min) && (!c.max || d <= *c.max);
      return ok ? Verdict::Pass : Verdict::Fail;
    }
    case Condition::Test::Pattern: {
      if (!v.is_string()) {
        why = name + " is " + v.display() + ", not a string";
        return Verdict::Unresolved;
      }
      return RE2::PartialMatch(v.as_string(), *c.pattern) ? Verdict::Pass : Verdict::Fail;
    }
  }
  return Verdict::Unresolved;
}

bool recovering(const Resource& r) {
  const Value mode = r.properties().as_object().get("createMode");
  return mode.is_string() && iequals(mode.as_string(), "recover");
}

// The path as messages show it: without the `properties.` that every ARM resource body starts with, or
// as the source names it (a Terraform attribute).
std::string shown_path(const Condition& c, const CheckContext& ctx) { return ctx.property_name(c.path); }
// The property's last name (or its source attribute), for short explanations.
std::string leaf_name(const Condition& c, const CheckContext& ctx) {
  return ctx.resource().source_attribute(c.path) ? ctx.property_name(c.path) : c.segments.back();
}

// What an absent (or null) property yields: the rule's `absent:` choice, unresolved when createMode
// recover restores settings the template does not state.
Outcome absent_outcome(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  if (recovering(ctx.resource()) && c.absent != Condition::Absent::Pass) {
    out.verdict = Verdict::Unresolved;
    out.reason = "createMode is recover: the vault is restored with its previous " + leaf_name(c, ctx) +
                 ", which the template does not state";
    return out;
  }
  switch (c.absent) {
    case Condition::Absent::Pass:
      out.verdict = Verdict::Pass;
      return out;
    case Condition::Absent::Fail:
      out.verdict = Verdict::Fail;
      break;
    case Condition::Absent::Unresolved:
      out.verdict = Verdict::Unresolved;
      out.reason = shown_path(c, ctx) + " is not set";
      return out;
    case Condition::Absent::Condition: {
      Outcome inner = evaluate_condition(*c.absent_condition, ctx);
      out.verdict = inner.verdict;
      out.reason = inner.reason;
      out.related = inner.related;
      break;
    }
  }
  if (out.verdict == Verdict::Fail) {
    out.message = ctx.expand_property(c.path, c.absent_message.empty() ? c.message : c.absent_message, "not set");
  }
  return out;
}

Outcome evaluate_property(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  out.property = c.path;
  out.locate = c.locate;
  Lookup found = look_up(ctx.resource().body, c.segments);
  if (found.member) out.location = found.member->span();

  if (found.unknown) {
    const UnknownInfo& info = found.unknown->unknown_info();
    if (!info.candidates.empty()) {
      // The value is one of a known set (allowedValues): decide when they all agree.
      int passes = 0, fails = 0;
      for (const Value& candidate : info.candidates) {
        std::string why;
        Verdict v = candidate.is_absent_or_null() ? absent_outcome(c, ctx).verdict : test_value(c, candidate, why, leaf_name(c, ctx));
        passes += v == Verdict::Pass;
        fails += v == Verdict::Fail;
      }
      const int n = static_cast<int>(info.candidates.size());
      if (passes == n) {
        out.verdict = Verdict::Pass;
        return out;
      }
      if (fails == n) {
        out.verdict = Verdict::Fail;
        std::string shown;
        for (const Value& candidate : info.candidates) shown += (shown.empty() ? "" : " or ") + candidate.display();
        out.message = ctx.expand_property(c.path, c.message, shown);
        if (info.origin.valid()) out.related.push_back({info.origin, "the values it can take come from here"});
        return out;
      }
    }
    out.verdict = Verdict::Unresolved;
    out.reason = shown_path(c, ctx) + " is not known: " + info.reason;
    if (info.origin.valid()) out.related.push_back({info.origin, "it depends on this"});
    return out;
  }

  if (found.value.is_absent_or_null()) {
    Outcome absent = absent_outcome(c, ctx);
    absent.property = out.property;
    absent.locate = out.locate;
    absent.location = out.location;
    return absent;
  }

  std::string why;
  out.verdict = test_value(c, found.value, why, leaf_name(c, ctx));
  if (out.verdict == Verdict::Unresolved) {
    out.reason = why;
    return out;
  }
  if (out.verdict == Verdict::Fail) {
    out.message = ctx.expand_property(c.path, c.message, found.value.display());
    Span written = found.member ? found.member->written_value() : Span{};
    if (found.value.span().valid() && written.valid() && !(found.value.span() == written)) {
      out.related.push_back({found.value.span(), "the value is set here"});
    }
  }
  return out;
}

// Compares API versions (YYYY-MM-DD with an optional -preview suffix) by their date.
std::string version_date(const std::string& v) { return v.substr(0, 10); }

Outcome evaluate_api_version(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  out.property = "apiVersion";
  out.locate = c.locate;
  const Value& v = ctx.resource().api_version;
  if (!v.is_string()) {
    out.verdict = Verdict::Unresolved;
    out.reason = "the API version is not known";
    return out;
  }
  std::string date = version_date(v.as_string());
  bool ok = (c.at_least.empty() || date >= version_date(c.at_least)) && (c.below.empty() || date < version_date(c.below));
  out.verdict = ok ? Verdict::Pass : Verdict::Fail;
  if (!ok) out.message = ctx.expand(c.message);
  return out;
}

// Every value at a path whose segments may end in `[*]` (each item of that array).
void collect_values(const Value& at, const std::vector<std::string>& segments, std::size_t i, std::vector<Value>& out) {
  if (i == segments.size()) {
    out.push_back(at);
    return;
  }
  if (at.is_unknown()) {
    out.push_back(at);
    return;
  }
  std::string_view seg = segments[i];
  bool each = seg.size() > 3 && seg.substr(seg.size() - 3) == "[*]";
  if (each) seg.remove_suffix(3);
  const Value* next = at.as_object().find(seg);
  if (!next) return;
  if (!each) {
    collect_values(*next, segments, i + 1, out);
  } else if (next->is_unknown()) {
    out.push_back(*next);
  } else {
    for (const Value& item : next->as_array()) collect_values(item, segments, i + 1, out);
  }
}

Outcome evaluate_related(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  out.locate = c.locate;
  const Graph& graph = ctx.graph();
  const Resource& self = ctx.resource();
  auto of_type = [&](const Resource& r) {
    for (const std::string& t : c.related_types) {
      if (iequals(r.type, t)) return true;
    }
    return false;
  };
  std::vector<std::uint32_t> candidates;
  bool maybe = false;  // a resource of the type whose target cannot be known
  std::string maybe_reason;
  if (!c.via_edge.empty()) {
    EdgeKind kind = c.via_edge == "scope" ? EdgeKind::Scope : c.via_edge == "parent" ? EdgeKind::Parent : EdgeKind::References;
    for (std::uint32_t from : graph.incoming(ctx.index(), kind)) {
      if (of_type(graph.resources()[from])) candidates.push_back(from);
    }
  } else {
    for (std::uint32_t i = 0; i < graph.resources().size(); ++i) {
      const Resource& r = graph.resources()[i];
      if (i == ctx.index() || !of_type(r) || (r.unit == self.unit && r.variant != self.variant)) continue;
      std::vector<Value> values;
      collect_values(r.body, c.via_property, 0, values);
      for (const Value& v : values) {
        if (v.is_string() && !self.id.empty() && iequals(v.as_string(), self.id)) {
          candidates.push_back(i);
          break;
        }
        if (v.is_unknown() && !maybe) {
          maybe = true;
          maybe_reason = r.type + " `" + r.display_name + "` points at a resource the scan cannot know: " + v.unknown_info().reason;
        }
      }
    }
  }
  std::optional<Outcome> unresolved;
  for (std::uint32_t i : candidates) {
    if (!c.where) return out;  // pass
    CheckContext related_ctx(graph, i, ctx.data(), ctx.options());
    Outcome o = evaluate_condition(*c.where, related_ctx);
    if (o.verdict == Verdict::Pass) return out;
    const Resource& r = graph.resources()[i];
    if (o.verdict == Verdict::Unresolved && !unresolved) unresolved = o;
    out.related.push_back({r.decl, "a " + r.type + " that does not qualify" + (o.message.empty() ? "" : ": " + o.message)});
  }
  if (unresolved || maybe) {
    out.verdict = Verdict::Unresolved;
    out.reason = unresolved ? unresolved->reason : maybe_reason;
    return out;
  }
  out.verdict = Verdict::Fail;
  out.message = ctx.expand(c.message);
  return out;
}

}  // namespace

Outcome evaluate_condition(const Condition& c, const CheckContext& ctx) {
  switch (c.kind) {
    case Condition::Kind::Property:
      return evaluate_property(c, ctx);
    case Condition::Kind::ApiVersion:
      return evaluate_api_version(c, ctx);
    case Condition::Kind::Related:
      return evaluate_related(c, ctx);
    case Condition::Kind::Predicate: {
      Outcome out = find_predicate(c.predicate)(c, ctx);
      out.locate = out.locate && c.locate;
      return out;
    }
    case Condition::Kind::Not: {
      Outcome inner = evaluate_condition(*c.children[0], ctx);
      if (inner.verdict == Verdict::Pass) inner.verdict = Verdict::Fail;
      else if (inner.verdict == Verdict::Fail) inner.verdict = Verdict::Pass;
      if (!c.message.empty()) inner.message = ctx.expand(c.message);
      return inner;
    }
    case Condition::Kind::All:
    case Condition::Kind::Any: {
      const bool all = c.kind == Condition::Kind::All;
      std::vector<Outcome> outcomes;
      outcomes.reserve(c.children.size());
      for (const auto& child : c.children) outcomes.push_back(evaluate_condition(*child, ctx));
      // all: the first failure decides; any: the first pass decides. Otherwise unresolved wins.
      const Verdict decisive = all ? Verdict::Fail : Verdict::Pass;
      for (const Outcome& o : outcomes) {
        if (o.verdict == decisive) {
          if (all) return o;
          Outcome pass;
          pass.verdict = Verdict::Pass;
          return pass;
        }
      }
      for (const Outcome& o : outcomes) {
        if (o.verdict == Verdict::Unresolved) return o;
      }
      if (all) {
        Outcome pass;
        pass.verdict = Verdict::Pass;
        return pass;
      }
      // any: every child failed; the first one allowed to locate the finding decides it.
      for (const Outcome& o : outcomes) {
        if (o.locate) return o;
      }
      Outcome fail = outcomes.front();
      fail.location = Span{};
      return fail;
    }
  }
  return Outcome{};
}

}  // namespace vl
