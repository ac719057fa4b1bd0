// A unit evaluated as soon as it is lowered (scan/session.h: EarlyGroups).
#include "scan/session.h"

namespace vl::scan {

EarlyGroups::EarlyGroups(const SessionState& st, const std::vector<UnitTask>& tasks, LoweringWork& lw)
    : st_(st), tasks_(tasks), lw_(lw), left_(std::make_unique<std::atomic<std::uint32_t>[]>(tasks.size())) {
  for (std::size_t u = 0; u < tasks.size(); ++u) left_[u].store(static_cast<std::uint32_t>(tasks[u].variant_names.size()));
}

EarlyGroups::~EarlyGroups() = default;

void EarlyGroups::lowered(std::size_t w) {
  const std::size_t u = lw_.work[w].first;
  // The last variant's thread sees every other variant's lowering (acquire-release on the count).
  if (left_[u].fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  const UnitTask& task = tasks_[u];
  Group group;
  group.units = {0};
  for (std::size_t v = lw_.first_work[u]; v < lw_.first_work[u] + task.variant_names.size(); ++v) {
    const KeptLowering& item = *lw_.items[v];
    if (!item.shares.empty() || !item.looks_up.empty()) return;  // may be one group with others
    group.work.push_back(v);
  }
  const std::vector<UnitInfo> units = {unit_info(task, st_.loader->repository())};
  auto result = std::make_shared<GroupResult>(evaluate_group(group, st_.options, st_.catalogue, units,
                                                             [](std::size_t) { return 0u; }, lw_.items, *st_.sources,
                                                             /*consume=*/true, /*jobs=*/1, /*raw=*/true));
  result->graph = Graph{};
  std::vector<AccessEdge>().swap(result->access);
  for (std::size_t v : group.work) {
    // Made in this run and held by nobody else (a one-shot scan keeps no lowering): not const in fact. What
    // forms units and groups stays (the files it read); what it would have linked goes.
    auto& item = const_cast<KeptLowering&>(*lw_.items[v]);
    LoweredUnit spent;
    spent.used_files = std::move(item.lowered.used_files);
    item.lowered = std::move(spent);
    // Charged to the scan's bound by this thread right after: nothing kept. A unit of several variants
    // stays charged as it was (which variant finishes last depends on the schedule).
    if (task.variant_names.size() == 1) item.retained = 0;
  }
  lw_.early[u] = std::move(result);
}

}  // namespace vl::scan
