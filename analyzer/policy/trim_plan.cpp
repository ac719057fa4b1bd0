#include "policy/trim_plan.h"

#include <algorithm>

#include "graph/value_node.h"
#include "policy/catalogue.h"
#include "policy/predicates.h"
#include "source/text.h"

namespace vl {

namespace {

// Types whose bodies code reads beyond what the rules name. Add to this list with the code that reads.
constexpr const char* kReadByCode[] = {
    // policy/role_lookup.cpp: a custom role's permissions and name, found by GUID or display name.
    "Microsoft.Authorization/roleDefinitions",
    // scan/vault_access.cpp (who reaches a vault), policy/access_paths.cpp, vault_reader_identity.cpp.
    "Microsoft.Authorization/roleAssignments",
    "Microsoft.Authorization/roleEligibilityScheduleRequests",
    "Microsoft.Authorization/roleAssignmentScheduleRequests",
    // The vault summaries, legacy_access_policies.cpp, vault_reader_identity.cpp.
    "Microsoft.KeyVault/vaults",
    "Microsoft.KeyVault/managedHSMs",
    "Microsoft.KeyVault/vaults/accessPolicies",
    // vault_reader_identity.cpp: a workload's settings in its config children.
    "Microsoft.Web/sites/config",
    "Microsoft.Web/sites/slots/config",
};

void add(ValueReads& to, ValueReads reads) {
  to.plain = to.plain || reads.plain;
  to.secure = to.secure || reads.secure;
}

// What `c` reads of a value node's values.
ValueReads value_reads(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::Predicate:
      return predicate_value_reads(c.predicate);
    case Condition::Kind::All:
    case Condition::Kind::Any:
    case Condition::Kind::Not: {
      ValueReads out{false, false};
      for (const auto& child : c.children) add(out, value_reads(*child));
      return out;
    }
    default:  // a property test, another rule's verdict, ...: anything
      return ValueReads{};
  }
}

// The types `c` and the conditions under it relate to.
void related_types(const Condition& c, std::vector<std::string>& out) {
  for (const std::string& t : c.related_types) out.push_back(to_lower(t));
  for (const auto& child : c.children) related_types(*child, out);
  for (const Condition* sub : {c.where.get(), c.when.get(), c.absent_condition.get()}) {
    if (sub) related_types(*sub, out);
  }
}

}  // namespace

TrimPlan trim_plan(const Catalogue& catalogue, const std::set<std::string>& enabled) {
  TrimPlan plan;
  plan.parameters = plan.outputs = ValueReads{false, false};
  for (const char* t : kReadByCode) plan.body_types.push_back(to_lower(t));
  for (const Rule& rule : catalogue.rules()) {
    for (const std::string& t : rule.applies_to) plan.body_types.push_back(to_lower(t));
    if (rule.diagnostic || !rule.check) continue;
    related_types(*rule.check, plan.body_types);
    if (!enabled.count(rule.id)) continue;
    const bool parameters = rule.applies(std::string(kParameterNodeType));
    const bool outputs = rule.applies(std::string(kOutputNodeType));
    if (!parameters && !outputs) continue;
    const ValueReads reads = value_reads(*rule.check);
    if (parameters) add(plan.parameters, reads);
    if (outputs) add(plan.outputs, reads);
  }
  std::sort(plan.body_types.begin(), plan.body_types.end());
  plan.body_types.erase(std::unique(plan.body_types.begin(), plan.body_types.end()), plan.body_types.end());
  return plan;
}

}  // namespace vl
