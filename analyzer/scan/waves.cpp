#include "scan/waves.h"

#include <map>
#include <string>

#include "graph/budget.h"

namespace vl::scan {

namespace fs = std::filesystem;

void cap_variants(std::vector<UnitTask>& tasks, std::vector<Diagnostic>& out) {
  for (UnitTask& t : tasks) {
    if (t.variant_names.size() <= kMaxVariants) continue;
    out.push_back(Diagnostic{
        "KV001", Span{t.entry, 0, 0},
        std::to_string(t.variant_names.size()) + " parameter files (variants) evaluate this deployment unit; vaultlint evaluates the first " +
            std::to_string(kMaxVariants) + " and checks nothing of the others (" + t.variant_names[kMaxVariants] + ", ...)",
        {}, "Leave out parameter files that are not deployed, or split the template: vaultlint bounds the work of one unit."});
    t.variant_names.resize(kMaxVariants);
  }
}

std::vector<bool> named_by_others(const std::vector<UnitTask>& tasks) {
  std::map<fs::path, std::size_t> unit_of_entry;
  for (std::size_t u = 0; u < tasks.size(); ++u) unit_of_entry.emplace(tasks[u].entry_path, u);
  std::vector<bool> named(tasks.size(), false);
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    for (const fs::path& link : tasks[u].links) {
      auto it = unit_of_entry.find(link);
      if (it != unit_of_entry.end() && it->second != u) named[it->second] = true;
    }
  }
  return named;
}

Diagnostic not_admitted(const UnitTask& task, std::uint32_t variant, std::uint64_t cap) {
  std::string which = task.variant_names.size() > 1 ? " (variant " + task.variant_names[variant] + ")" : std::string();
  return Diagnostic{"KV001", Span{task.entry, 0, 0},
                    "not evaluated: the deployment units scanned before this one keep more than " + std::to_string(cap >> 20) +
                        " MB of evaluated values, the limit for one scan; nothing of this unit" + which + " is checked",
                    {},
                    "Scan fewer deployment units at once (one folder at a time), or make the units before it smaller: "
                    "vaultlint bounds the memory one scan may take."};
}

}  // namespace vl::scan
