// A rule's check: a tree of conditions read from the rule's YAML (condition_parse.cpp) and evaluated
// over one resource of the graph (condition_eval.cpp). Evaluation is three-valued: pass, fail, or
// unresolved (a value the scan cannot know), and the leaf that decides a failure says where it points
// and what the message is.
//
// Leaves:
//   property: PATH + a test      is / equals / in / not_in / range / pattern / exists / contains / non_empty
//                                 / contains_all (a list holding every one of the values)
//   api_version: {at_least, below}
//   predicate: NAME, args: {...}  a named check in C++ (policy/predicates/)
//   related: {type, via, direction, where}
//                                 another resource of a type is linked to this one: via an edge (scope,
//                                 parent, contains), a reference held at a property path
//                                 (via: {property: PATH} or {property: [PATH, ...]}, `[*]` for any
//                                 array item, a final `.**` for anything under it; `through_containers:
//                                 true` also counts a reference to a scope that holds this resource:
//                                 its resource group, subscription), or `reaches` (an
//                                 extension resource whose scope is this resource or a scope holding it);
//                                 direction incoming (it points here, the default) or outgoing (this one
//                                 points there); `where` filters what counts; `unread_modules: REGEX`
//                                 limits which unreadable modules receiving its id may deploy one
//   verdict_of: RULE              that rule's own verdict on this resource (KV202 asks KV101's)
//   role: CLASS                   the role an assignment grants is of that class (privileged,
//                                 vaults_write, role_assignments_write, wildcard_data_actions,
//                                 key_vault_data): role_lookup.cpp
//   access: {role, reaching, granted_at, where, when, named, point_at}
//                                 on a role assignment: it gives no access of this kind. It fails when the
//                                 assignment grants a role of the class `role` (any role when omitted),
//                                 granted at one of the levels `granted_at` (resource, resource_group,
//                                 subscription, management_group; any when omitted), reaching a resource of
//                                 the types `reaching` (vaults and Managed HSMs when omitted) that meets
//                                 `where`, while the assignment itself meets `when`, and (named: true) names
//                                 its role by display name. It points at the role property, or `point_at`.
//                                 Messages may use {role}, {how}, {scope}, {target} and {assignment}:
//                                 access_condition.cpp
// Combinations: all / any / not, and over the items of an array:
//   each: PATH, check: C           every item must satisfy C; one finding per item that does not
//   any_item: PATH, where: C       some item must satisfy C (one finding otherwise)
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/doc_node.h"
#include "graph/value.h"
#include "policy/lazy_regex.h"

namespace YAML {
class Node;
}

namespace vl {

enum class Verdict { Pass, Fail, Unresolved };
const char* verdict_name(Verdict v);

struct Outcome {
  Verdict verdict = Verdict::Pass;
  Span location;                // where a finding points; invalid: the resource declaration
  std::string message;          // from the deciding leaf (placeholders already expanded), may be empty
  std::string reason;           // why unresolved
  std::string property;         // the property path it is about, for fingerprints
  std::vector<RelatedLocation> related;
  bool locate = true;           // may this outcome decide where a finding points?
  std::vector<Span> redact;     // where a secret is written: reports never show it (policy/redaction.h)
  // `each`: one outcome per array item that did not pass; the rule then reports each of them as a
  // finding of its own (their `property` names the item) instead of this outcome.
  std::vector<Outcome> items;
};

struct Condition {
  enum class Kind { Property, ApiVersion, Predicate, Related, All, Any, Not, Each, AnyItem, VerdictOf, Role, Access };
  enum class Test { Is, Equals, In, NotIn, Range, Pattern, Exists, Contains, NonEmpty, ContainsAll };
  enum class Absent { Fail, Pass, Unresolved, Condition };
  enum class Direction { Incoming, Outgoing };

  Kind kind = Kind::Property;
  // Property (and the array of Each / AnyItem)
  std::string path;                  // "properties.networkAcls.defaultAction"
  std::vector<std::string> segments;
  Test test = Test::Exists;
  bool expect_bool = true;           // is: / non_empty:
  bool expect_exists = true;         // exists:
  std::vector<std::string> values;   // equals (one) / in / not_in / contains (one) / contains_all
  bool case_sensitive = false;
  std::optional<double> min, max;    // range
  std::shared_ptr<const LazyRegex> pattern;
  Absent absent = Absent::Fail;
  std::unique_ptr<Condition> absent_condition;
  std::string message, absent_message;
  bool locate = true;
  // ApiVersion
  std::string at_least, below;
  // Related
  std::vector<std::string> related_types;
  std::string via_edge;              // scope | parent | contains | references | reaches
  std::string via_label;             // references held at this property path (`[*]` for any item): the first
  std::vector<std::string> via_labels;  // of these (`via: {property: [a, b]}` lists several)
  bool through_containers = false;   // a reference to a scope holding this resource counts (via property)
  // A module the scan cannot read that receives this resource's id may deploy a related resource; when set,
  // only one whose name or reference (its source, registry path, URI) matches this (`unread_modules:`).
  std::shared_ptr<const LazyRegex> unread_modules;
  Direction direction = Direction::Incoming;
  std::unique_ptr<Condition> where;  // also AnyItem's test of one item
  // Predicate
  std::string predicate;
  std::map<std::string, std::string> args;
  // VerdictOf / Role
  std::string rule_id;
  std::string role_class;
  // Access (also role_class, related_types as `reaching`, and where)
  std::vector<std::string> granted_at;  // scope levels; empty: any
  std::unique_ptr<Condition> when;      // on the assignment itself
  bool named = false;                   // only roles written by display name
  std::string point_at;                 // the property findings point at; empty: the role property
  // All / Any / Not, and Each's check of one item
  std::vector<std::unique_ptr<Condition>> children;
};

// Reads a condition; on error returns null and sets `error`.
std::unique_ptr<Condition> parse_condition(const DocNode& node, std::string& error);
// The same from yaml-cpp (conditions written inline, in tests).
std::unique_ptr<Condition> parse_condition(const YAML::Node& node, std::string& error);
// Compiles every pattern in `c` and the conditions under it (they are otherwise compiled on first use:
// policy/lazy_regex.h); the first error, as a message, or "".
std::string pattern_error(const Condition& c);
// Reads the body of an `access:` condition into `c` (access_condition.cpp).
bool parse_access(const DocNode& node, Condition& c, std::string& error);

class CheckContext;
Outcome evaluate_condition(const Condition& c, const CheckContext& ctx);

// Parts of evaluation that live in files of their own.
Outcome evaluate_related(const Condition& c, const CheckContext& ctx);
Outcome evaluate_role(const Condition& c, const CheckContext& ctx);
Outcome evaluate_access(const Condition& c, const CheckContext& ctx);
// Whether a reference edge's label (`properties.connections[0].id`) matches a path written with `[*]`.
bool label_matches(const std::string& label, const std::string& pattern);

}  // namespace vl
