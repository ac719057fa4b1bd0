// Which azurerm version a configuration runs with: the version `.terraform.lock.hcl` records, else the
// range the `required_providers` constraints of its modules allow, else unknown. It decides only how
// findings name the RBAC attribute (renamed in 4.42.0) and describe an omitted one (required from 5.0.0);
// the verdict does not depend on it (DESIGN section 7, "Defaults").
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vl::tf {

using Version = std::array<long, 3>;

std::optional<Version> parse_version(std::string_view text);

struct VersionRange {
  Version low{0, 0, 0};          // inclusive
  Version high{9999, 0, 0};      // exclusive
  std::string described;         // "4.57.0 (.terraform.lock.hcl)", ">= 4.81 (required_providers)", empty: unknown

  bool known() const { return !described.empty(); }
  bool entirely_below(const Version& v) const { return high <= v; }
  bool entirely_at_least(const Version& v) const { return low >= v; }

  // Narrows the range by one constraint such as `~> 4.0`, `>= 3.1, < 5`, `= 4.57.0`.
  void constrain(std::string_view constraints);
  // Exactly this version.
  void pin(const Version& v);
};

}  // namespace vl::tf
