// The predicate registry: filled by the files of policy/predicates/ during static initialisation (see
// predicates.h), read-only afterwards, so lookups from the parallel scan need no lock.
#include "policy/predicates.h"

#include <cstdio>
#include <cstdlib>
#include <map>

namespace vl {

namespace {

// Created on first use: a registration in another translation unit may run before this file's statics.
struct Registered {
  Predicate fn;
  ValueReads reads;
};

std::map<std::string, Registered, std::less<>>& registry() {
  static std::map<std::string, Registered, std::less<>> predicates;
  return predicates;
}

}  // namespace

PredicateRegistration::PredicateRegistration(std::string_view name, Predicate fn)
    : PredicateRegistration(name, fn, ValueReads{}) {}

PredicateRegistration::PredicateRegistration(std::string_view name, Predicate fn, ValueReads reads) {
  if (!registry().emplace(std::string(name), Registered{fn, reads}).second) {
    // Static initialisation cannot report an error any other way; two files claiming one name is a bug.
    std::fprintf(stderr, "vaultlint: the predicate `%.*s` is registered twice\n", static_cast<int>(name.size()),
                 name.data());
    std::abort();
  }
}

Predicate find_predicate(std::string_view name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : it->second.fn;
}

ValueReads predicate_value_reads(std::string_view name) {
  auto it = registry().find(name);
  return it == registry().end() ? ValueReads{} : it->second.reads;
}

std::vector<std::string> predicate_names() {
  std::vector<std::string> names;
  for (const auto& entry : registry()) names.push_back(entry.first);
  return names;
}

}  // namespace vl
