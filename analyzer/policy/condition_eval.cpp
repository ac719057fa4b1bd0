// Evaluating a Condition tree over one resource: property tests, API versions, the combinations, and the
// tests over array items (each, any_item) and other rules' verdicts. Related resources and roles are in
// related.cpp and role_lookup.cpp.
#include <charconv>

#include <re2/re2.h>

#include "policy/catalogue.h"
#include "policy/check_context.h"
#include "policy/condition.h"
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

Outcome evaluate_kind(const Condition& c, const CheckContext& ctx);

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

// A decimal integer written as a string: "30", "-1" (nothing else: no spaces, no fraction).
bool decimal_integer(const std::string& s, std::int64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
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
      std::int64_t i = 0;
      if (v.is_number()) {
        d = v.as_number();
      } else if (v.is_string() && decimal_integer(v.as_string(), i)) {
        d = static_cast<double>(i);  // "30": Azure's deserializer reads the number (DESIGN section 7)
      } else {
        why = name + " is " + v.display() + ", not a number";
        return Verdict::Unresolved;
      }
      bool ok = (!c.min || d >= *c.min) && (!c.max || d <= *c.max);
      return ok ? Verdict::Pass : Verdict::Fail;
    }
    case Condition::Test::Contains: {
      if (!v.is_array()) {
        why = name + " is " + v.display() + ", not a list";
        return Verdict::Unresolved;
      }
      const Value* unknown = nullptr;
      for (const Value& item : v.as_array()) {
        if (item.is_string() && (c.case_sensitive ? item.as_string() == c.values[0] : iequals(item.as_string(), c.values[0]))) {
          return Verdict::Pass;
        }
        if (item.is_unknown() && !unknown) unknown = &item;
      }
      if (unknown) {
        why = name + " holds a value the scan cannot know: " + unknown->unknown_info().reason;
        return Verdict::Unresolved;
      }
      return Verdict::Fail;
    }
    case Condition::Test::ContainsAll: {
      if (!v.is_array()) {
        why = name + " is " + v.display() + ", not a list";
        return Verdict::Unresolved;
      }
      const Value* unknown = nullptr;
      bool all = true;
      for (const std::string& want : c.values) {
        bool found = false;
        for (const Value& item : v.as_array()) {
          found = found || (item.is_string() && (c.case_sensitive ? item.as_string() == want : iequals(item.as_string(), want)));
          if (item.is_unknown() && !unknown) unknown = &item;
        }
        all = all && found;
      }
      if (all) return Verdict::Pass;
      if (unknown) {
        why = name + " holds a value the scan cannot know: " + unknown->unknown_info().reason;
        return Verdict::Unresolved;
      }
      return Verdict::Fail;
    }
    case Condition::Test::NonEmpty: {
      bool non_empty = v.is_array() ? !v.as_array().empty() : v.is_object() ? !v.as_object().empty()
                                                           : v.is_string() ? !v.as_string().empty() : true;
      return non_empty == c.expect_bool ? Verdict::Pass : Verdict::Fail;
    }
    case Condition::Test::Pattern: {
      if (!v.is_string()) {
        why = name + " is " + v.display() + ", not a string";
        return Verdict::Unresolved;
      }
      return RE2::PartialMatch(v.as_string(), c.pattern->re()) ? Verdict::Pass : Verdict::Fail;
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
  Lookup found = look_up(ctx.root(), c.segments);
  if (found.member) out.location = found.member->span();

  if (found.unknown && c.test == Condition::Test::Exists && found.member) {
    // Whether a property is set does not depend on its value: one set to a value the scan cannot compute
    // is set (DESIGN section 4; KV301, KV302). An unknown on the way to it leaves that open, below.
    out.verdict = c.expect_exists ? Verdict::Pass : Verdict::Fail;
    if (out.verdict == Verdict::Fail) out.message = ctx.expand_property(c.path, c.message, "set");
    return out;
  }
  if (found.unknown) {
    const UnknownInfo& info = found.unknown->unknown_info();
    // Whether a property is set: written with a value the scan cannot compute, it is set (DESIGN section 4).
    // Not when what is unknown is an object above it, or the value may be null (its candidates say).
    if (c.test == Condition::Test::Exists && found.member && info.candidates.empty()) {
      out.verdict = c.expect_exists ? Verdict::Pass : Verdict::Fail;
      if (out.verdict == Verdict::Fail) out.message = ctx.expand_property(c.path, c.message, "set");
      return out;
    }
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

// The array at the condition's path, and where it was found.
struct Items {
  const Array* array = nullptr;
  Lookup found;
};

Items items_of(const Condition& c, const CheckContext& ctx) {
  Items out;
  out.found = look_up(ctx.root(), c.segments);
  if (out.found.value.is_array()) out.array = &out.found.value.as_array();
  return out;
}

// Neither a known list nor absent: unresolved, with the reason.
Outcome not_a_list(const Condition& c, const CheckContext& ctx, const Items& items) {
  Outcome out;
  out.verdict = Verdict::Unresolved;
  out.property = c.path;
  out.locate = c.locate;
  if (items.found.member) out.location = items.found.member->span();
  if (items.found.unknown) {
    const UnknownInfo& info = items.found.unknown->unknown_info();
    out.reason = ctx.property_name(c.path) + " is not known: " + info.reason;
    if (info.origin.valid()) out.related.push_back({info.origin, "it depends on this"});
  } else {
    out.reason = ctx.property_name(c.path) + " is " + items.found.value.display() + ", not a list";
  }
  return out;
}

// No list at all: the rule's `absent:` choice (each: nothing fails; any_item: nothing qualifies).
Outcome no_items(const Condition& c, const Items& items) {
  Outcome out;
  out.property = c.path;
  out.locate = c.locate;
  if (items.found.member) out.location = items.found.member->span();
  out.verdict = c.absent == Condition::Absent::Fail         ? Verdict::Fail
                : c.absent == Condition::Absent::Unresolved ? Verdict::Unresolved
                                                            : Verdict::Pass;
  if (out.verdict == Verdict::Unresolved) out.reason = c.path + " is not set";
  return out;
}

// each: every item must pass `check`; each item that does not is an outcome of its own, pointing at the
// item, with the item's index in its property path (so every finding has an identity of its own).
Outcome evaluate_each(const Condition& c, const CheckContext& ctx) {
  Items items = items_of(c, ctx);
  if (!items.array) {
    if (items.found.value.is_absent_or_null()) return no_items(c, items);
    return not_a_list(c, ctx, items);
  }
  Outcome out;
  out.property = c.path;
  out.locate = c.locate;
  for (std::size_t i = 0; i < items.array->size(); ++i) {
    const Value& item = (*items.array)[i];
    Outcome o;
    if (item.is_unknown()) {
      o.verdict = Verdict::Unresolved;
      o.reason = ctx.property_name(c.path) + "[" + std::to_string(i) + "] is not known: " + item.unknown_info().reason;
    } else {
      o = evaluate_condition(*c.children[0], ctx.within(item));
    }
    if (o.verdict == Verdict::Pass) continue;
    const std::string item_path = c.path + "[" + std::to_string(i) + "]";
    o.property = o.property.empty() ? item_path : item_path + "." + o.property;
    if (!o.location.valid() || !o.locate) o.location = item.span();
    o.locate = true;
    if (o.verdict == Verdict::Fail && !c.message.empty()) o.message = ctx.expand(c.message, item.display());
    if (out.verdict != Verdict::Fail) out.verdict = o.verdict;
    out.items.push_back(std::move(o));
  }
  return out;
}

// any_item: some item must pass `where`; otherwise one outcome for the whole list.
Outcome evaluate_any_item(const Condition& c, const CheckContext& ctx) {
  Items items = items_of(c, ctx);
  if (!items.array) {
    if (items.found.value.is_absent_or_null()) {
      Outcome out = no_items(c, items);
      if (out.verdict == Verdict::Fail) out.message = ctx.expand(c.absent_message.empty() ? c.message : c.absent_message);
      return out;
    }
    return not_a_list(c, ctx, items);
  }
  std::optional<Outcome> unresolved;
  for (const Value& item : *items.array) {
    Outcome o;
    if (item.is_unknown()) {
      o.verdict = Verdict::Unresolved;
      o.reason = "an item of " + ctx.property_name(c.path) + " is not known: " + item.unknown_info().reason;
    } else {
      o = evaluate_condition(*c.where, ctx.within(item));
    }
    if (o.verdict == Verdict::Pass) return Outcome{};
    if (o.verdict == Verdict::Unresolved && !unresolved) unresolved = o;
  }
  if (unresolved) {
    unresolved->property = c.path;
    return *unresolved;
  }
  Outcome out;
  out.verdict = Verdict::Fail;
  out.property = c.path;
  out.locate = c.locate;
  if (items.found.member) out.location = items.found.member->span();
  out.message = ctx.expand(c.message);
  return out;
}

// Another rule's verdict on this resource: its check as that rule evaluates it.
Outcome evaluate_verdict_of(const Condition& c, const CheckContext& ctx) {
  const Rule* rule = ctx.rule(c.rule_id);
  Outcome out;
  if (!rule || !rule->check) {
    out.verdict = Verdict::Unresolved;
    out.reason = "rule " + c.rule_id + " is not in the catalogue";
    return out;
  }
  if (!rule->applies(ctx.resource().type)) {
    out.verdict = Verdict::Unresolved;
    out.reason = "rule " + c.rule_id + " does not apply to " + ctx.resource().type;
    return out;
  }
  if (ctx.resource().existing) {
    // A reference to a resource deployed elsewhere: the scan holds its name, not its settings.
    out.verdict = Verdict::Unresolved;
    out.reason = "`" + ctx.display_name() + "` is declared `existing`: its settings are not in the scan";
    return out;
  }
  if (ctx.depth() > 4) {
    out.verdict = Verdict::Unresolved;
    out.reason = "rules ask each other about related resources too deeply";
    return out;
  }
  out = evaluate_condition(*rule->check, ctx.on(ctx.index()));
  out.locate = c.locate && out.locate;
  if (!c.message.empty() && out.verdict == Verdict::Fail) out.message = ctx.expand(c.message);
  return out;
}

}  // namespace

Outcome evaluate_condition(const Condition& c, const CheckContext& ctx) {
  Outcome out = evaluate_kind(c, ctx);
  if (!c.locate) out.locate = false;  // `locate: false` on any form
  return out;
}

Outcome evaluate_kind(const Condition& c, const CheckContext& ctx) {
  switch (c.kind) {
    case Condition::Kind::Property:
      return evaluate_property(c, ctx);
    case Condition::Kind::ApiVersion:
      return evaluate_api_version(c, ctx);
    case Condition::Kind::Related:
      return evaluate_related(c, ctx);
    case Condition::Kind::Role:
      return evaluate_role(c, ctx);
    case Condition::Kind::Access:
      return evaluate_access(c, ctx);
    case Condition::Kind::Each:
      return evaluate_each(c, ctx);
    case Condition::Kind::AnyItem:
      return evaluate_any_item(c, ctx);
    case Condition::Kind::VerdictOf:
      return evaluate_verdict_of(c, ctx);
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
      // any: every child failed; the first one allowed to locate the finding decides it, and the related
      // locations of the others (each alternative that failed explains the finding) come with it.
      std::size_t decides = 0;
      while (decides < outcomes.size() && !outcomes[decides].locate) ++decides;
      Outcome fail = outcomes[decides < outcomes.size() ? decides : 0];
      if (decides == outcomes.size()) fail.location = Span{};
      if (!c.message.empty()) fail.message = ctx.expand(c.message);
      for (std::size_t k = 0; k < outcomes.size(); ++k) {
        if (k == decides) continue;
        for (const RelatedLocation& r : outcomes[k].related) {
          bool seen = false;
          for (const RelatedLocation& have : fail.related) seen = seen || have.span == r.span;
          if (!seen) fail.related.push_back(r);
        }
      }
      return fail;
    }
  }
  return Outcome{};
}

}  // namespace vl
