// A rule of the catalogue, as its YAML file in policies/ declares it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "policy/condition.h"
#include "policy/fix_site.h"
#include "policy/rule_check.h"
#include "policy/severity.h"

namespace vl {

struct Rule {
  std::string id;          // KV122: a contract, never renumbered
  std::string name;        // purge-protection
  Severity severity = Severity::Medium;
  std::string control;     // rbac | network | recovery | empty
  std::string checklist;   // the control and checklist row it enforces
  bool diagnostic = false; // reported by frontends about their input (KV001, KV002), not checked here
  bool enabled_by_default = true;
  // Resource types (case-insensitive), or the node kinds `parameter` and `output` (graph/value_node.h).
  std::vector<std::string> applies_to;
  bool related_parent = false;  // `related_location: parent` (else `none`): findings name the parent (a secret's vault)
  // The source formats it applies to (arm, bicep, terraform; all three when the file says nothing).
  // Not used to select rules: it tells tests/e2e/catalogue_test.py which formats need fixtures.
  std::vector<std::string> formats;
  std::string summary, description, message, fix;
  // The fix for resources whose properties the source names otherwise (Terraform azurerm attributes);
  // {attribute} is the source attribute of the property the finding is about. Empty: `fix` serves all.
  std::string fix_terraform;
  std::string snippet_arm, snippet_bicep, snippet_terraform;
  // The certain edits (policy/fix_site.h): per property, the value that makes the rule pass.
  std::vector<FixEdit> fix_edits;
  RuleCheck check;  // empty for a diagnostic rule
  std::string source;      // "policies/KV122.yaml" or the user's file

  bool applies(const std::string& type) const;
};

}  // namespace vl
