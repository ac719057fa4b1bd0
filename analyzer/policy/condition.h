// A rule's check: a tree of conditions over one resource, read from the rule's YAML. Leaves compare a
// property (is / equals / in / not_in / range / pattern / exists), compare the API version, or call a
// named C++ predicate; `all`, `any` and `not` combine them. Evaluation is three-valued: pass, fail, or
// unresolved (a value the scan cannot know), and the leaf that decides a failure says where it points
// and what the message is.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/value.h"

namespace YAML {
class Node;
}
namespace re2 {
class RE2;
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
};

struct Condition {
  enum class Kind { Property, ApiVersion, Predicate, Related, All, Any, Not };
  enum class Test { Is, Equals, In, NotIn, Range, Pattern, Exists };
  enum class Absent { Fail, Pass, Unresolved, Condition };

  Kind kind = Kind::Property;
  // Property
  std::string path;                  // "properties.networkAcls.defaultAction"
  std::vector<std::string> segments;
  Test test = Test::Exists;
  bool expect_bool = true;           // is:
  bool expect_exists = true;         // exists:
  std::vector<std::string> values;   // equals (one) / in / not_in
  bool case_sensitive = false;
  std::optional<double> min, max;    // range
  std::shared_ptr<re2::RE2> pattern;
  Absent absent = Absent::Fail;
  std::unique_ptr<Condition> absent_condition;
  std::string message, absent_message;
  bool locate = true;
  // ApiVersion
  std::string at_least, below;
  // Related: another resource of one of these types points at this one, by a graph edge (scope, parent,
  // references) or by a property holding this resource's id (`[*]` steps into arrays); optionally it
  // must itself satisfy `where`.
  std::vector<std::string> related_types;
  std::string via_edge;                  // scope | parent | references
  std::vector<std::string> via_property; // path segments, when it points by a property
  std::unique_ptr<Condition> where;
  // Predicate
  std::string predicate;
  std::map<std::string, std::string> args;
  // All / Any / Not
  std::vector<std::unique_ptr<Condition>> children;
};

// Reads a condition; on error returns null and sets `error`.
std::unique_ptr<Condition> parse_condition(const YAML::Node& node, std::string& error);

class CheckContext;
Outcome evaluate_condition(const Condition& c, const CheckContext& ctx);

}  // namespace vl
