// Certain fixes, as data and as places. A rule's YAML may say, per property it checks, which value makes
// it pass (`fix_edit:`); the engine then says, for each failing finding, where that value would be
// written: the literal that gave the property its value (in the template, or where the value came from:
// a parameter default, a parameter file, a .bicepparam, tfvars, a module call), or the object or block a
// missing property goes into. The fix stage (fix/) checks each place against the text and lays out the
// edits; a place the engine cannot name (an expression, a property set through a variable, a missing
// parent object) leaves the finding without a fix.
//
//   fix_edit:                        one entry per property the rule checks (a list, or one map)
//     - property: properties.enablePurgeProtection   the ARM path the finding is about (or apiVersion)
//       value: true                  what ARM JSON and Bicep write (and azapi bodies)
//       terraform: true              what an azurerm attribute is set to; absent: no azurerm edit
//       types: [...]                 optional: only for these resource types
//       when: {condition}            optional: only where this holds (rule-model syntax)
//       also_resolves: [KV112]       rules the edit makes pass as well: on the same resource, or on
//                                    another whose finding points at this one (KV202 on a role
//                                    assignment that reaches the vault, after KV101)
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graph/doc_node.h"
#include "graph/value.h"

namespace vl {

struct Condition;

struct FixEdit {
  std::string property;
  Value value;
  std::optional<Value> terraform;
  std::vector<std::string> types;
  std::shared_ptr<const Condition> when;
  std::vector<std::string> also_resolves;
};

// Reads `fix_edit:`; false and `error` when it is malformed.
bool parse_fix_edits(const DocNode& node, std::vector<FixEdit>& out, std::string& error);

// Where one certain edit goes.
struct FixSite {
  enum class Action { Replace, Insert };
  Action action = Action::Replace;
  // Replace: the written value (a literal, checked by the fix stage); for an API version that a type
  // string holds, just its text. Insert: the object (ARM, Bicep) or block (Terraform) to add a member to.
  Span span;
  Value current;             // Replace: what the resource's property is now
  std::string key;           // Insert: the member or attribute to add
  Value value;               // what to write
  bool terraform = false;    // key and value are an azurerm attribute's (HCL syntax, block container)
  std::string property;      // the property as the source names it, for titles
  std::vector<std::string> also_resolves;

  friend bool operator==(const FixSite& a, const FixSite& b) {
    return a.action == b.action && a.span == b.span && a.key == b.key && a.terraform == b.terraform;
  }
};

class CheckContext;
struct Rule;
struct Outcome;
// The site of the rule's certain edit for a failing outcome on the context's resource, if it has one.
std::optional<FixSite> fix_site(const Rule& rule, const CheckContext& ctx, const Outcome& outcome);

}  // namespace vl
