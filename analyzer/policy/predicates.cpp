#include "policy/predicates.h"

#include <utility>

namespace vl {

Predicate find_predicate(std::string_view name) {
  static const std::pair<std::string_view, Predicate> kPredicates[] = {
      {"api_version_lifecycle", api_version_lifecycle},
  };
  for (const auto& [n, p] : kPredicates) {
    if (n == name) return p;
  }
  return nullptr;
}

}  // namespace vl
