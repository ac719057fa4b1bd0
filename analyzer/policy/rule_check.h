// A rule's `check:` condition (policy/condition.h). A built-in rule's check is parsed on first use, from
// the rule's static tape (policy/embedded_tapes.h): parsing every rule's conditions at start was a third of
// the instructions of a one-file scan (issue 23), which evaluates only the rules of the types it has. A
// test parses them all (policy_test.cpp), so a built-in check that does not parse fails the build's tests;
// at run time it would be an internal error. A user's rule is parsed as it is read, to report its errors.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "graph/doc_node.h"
#include "policy/condition.h"

namespace vl {

class RuleCheck {
 public:
  RuleCheck() = default;  // no check (a diagnostic rule)
  RuleCheck(std::unique_ptr<Condition> parsed) : parsed_(std::move(parsed)) {}  // NOLINT: as the pointer it replaced
  // The check at `node`, parsed on first use; the node's tape must outlive this (a static one). `source`
  // names the rule in the error of a check that does not parse.
  static RuleCheck deferred(const DocNode& node, std::string source);

  explicit operator bool() const { return parsed_ || deferred_; }
  // Throws std::logic_error for a deferred check that does not parse.
  const Condition* get() const;
  const Condition& operator*() const { return *get(); }
  const Condition* operator->() const { return get(); }

 private:
  struct Deferred {
    DocNode node;
    std::string source;
    std::once_flag once;
    std::unique_ptr<Condition> parsed;
    std::string error;
  };
  std::unique_ptr<Condition> parsed_;
  std::unique_ptr<Deferred> deferred_;  // behind a pointer: a Rule stays movable
};

}  // namespace vl
