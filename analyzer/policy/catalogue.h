// The rule catalogue: the rules compiled in from policies/*.yaml, plus a user's own from --policies DIR,
// and the data tables from policies/data/.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "graph/doc_node.h"
#include "policy/data_tables.h"
#include "policy/rule.h"

namespace vl {

class Catalogue {
 public:
  // Loads the built-in catalogue and, when given, every *.yaml of `user_dir` (a user rule with a built-in
  // id replaces it). Errors (a broken YAML file, a missing field) are returned, one line each.
  static Catalogue load(const std::optional<std::filesystem::path>& user_dir, std::vector<std::string>& errors);
  // The same with several folders of user rules, read in order (--policies, the configuration's `policies`).
  static Catalogue load(const std::vector<std::filesystem::path>& user_dirs, std::vector<std::string>& errors);

  // A catalogue of exactly these rules over these data tables (the policy fuzzer, tools).
  static Catalogue of(std::vector<Rule> rules, DataTables data);

  // Overrides a rule's severity (the configuration's `severity`); false when no rule has that id or name.
  bool set_severity(std::string_view id_or_name, Severity severity);

  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* find(std::string_view id_or_name) const;
  const DataTables& data() const { return data_; }

 private:
  void add(Rule rule);

  std::vector<Rule> rules_;
  DataTables data_;
};

// The text of a file compiled in from policies/ ("data/roles.yaml"), as JSON (graph/doc_node.h), or empty.
std::string embedded_policy_file(std::string_view name);
// The texts (JSON) of the *.yaml files compiled in from a folder of policies/ ("data/azurerm/"), by name.
std::vector<std::string> embedded_policy_files(std::string_view folder);
// A built-in rule ("KV114.yaml") as the build wrote its tape (policy/embedded_tapes.h), or null.
const DocTape* embedded_policy_tape(std::string_view name);

// Reads one rule file; returns false and sets `error` when it is not a valid rule.
bool parse_rule(const std::string& text, const std::string& source, Rule& rule, std::string& error);
// The same for a rule already read (an embedded rule, compiled to a tape at build time). `defer_check`: its
// `check:` is parsed on first use (policy/rule_check.h), so the node's tape must outlive the rule.
bool parse_rule(const DocNode& node, const std::string& source, Rule& rule, std::string& error, bool defer_check = false);

}  // namespace vl
