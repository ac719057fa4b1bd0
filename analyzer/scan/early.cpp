// A unit evaluated as soon as it is lowered (scan/session.h: EarlyGroups), and lowered again when it joins
// a group after all (lower_again).
#include <algorithm>

#include "scan/parallel.h"
#include "scan/session.h"

namespace vl::scan {

EarlyGroups::EarlyGroups(const SessionState& st, const std::vector<UnitTask>& tasks, LoweringWork& lw)
    : st_(st), tasks_(tasks), lw_(lw), left_(std::make_unique<std::atomic<std::uint32_t>[]>(tasks.size())) {
  for (std::size_t u = 0; u < tasks.size(); ++u) left_[u].store(static_cast<std::uint32_t>(tasks[u].variant_names.size()));
}

EarlyGroups::~EarlyGroups() = default;

void EarlyGroups::lowered(std::size_t w) {
  const std::size_t u = lw_.work[w].first;
  if (!lw_.items[w]->shares.empty()) {
    std::lock_guard<std::mutex> lock(mutex_);
    declared_.insert(lw_.items[w]->shares.begin(), lw_.items[w]->shares.end());
  }
  // The last variant's thread sees every other variant's lowering (acquire-release on the count).
  if (left_[u].fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  const UnitTask& task = tasks_[u];
  Group group;
  group.units = {0};
  bool looks_up = false;
  for (std::size_t v = lw_.first_work[u]; v < lw_.first_work[u] + task.variant_names.size(); ++v) {
    const KeptLowering& item = *lw_.items[v];
    if (!item.shares.empty()) return;  // other units may declare the same ids, or look them up
    looks_up = looks_up || !item.looks_up.empty();
    group.work.push_back(v);
  }
  if (looks_up) {
    // A unit lowered before declares what it looks up: the two are one group, surely. (One lowered at the
    // same time or after may too: then lower_again.) And while such units keep little, they keep their
    // lowerings: lowering a large unit again costs more than it saves.
    std::lock_guard<std::mutex> lock(mutex_);
    std::uint64_t bytes = 0;
    for (std::size_t v : group.work) {
      const auto& keys = lw_.items[v]->looks_up;
      if (std::any_of(keys.begin(), keys.end(), [&](std::uint64_t k) { return declared_.count(k) > 0; })) return;
      bytes += lw_.items[v]->retained;
    }
    if (kept_on_chance_ + bytes <= st_.options.kept_on_chance_bytes) {
      kept_on_chance_ += bytes;
      return;
    }
  }
  const std::vector<UnitInfo> units = {unit_info(task, st_.loader->repository())};
  auto result = std::make_shared<GroupResult>(evaluate_group(group, st_.options, st_.catalogue, units,
                                                             [](std::size_t) { return 0u; }, lw_.items, *st_.sources,
                                                             /*consume=*/true, /*jobs=*/1, /*raw=*/true));
  result->let_go_of_graph();
  for (std::size_t v : group.work) {
    // Made in this run and held by nobody else (a one-shot scan keeps no lowering): not const in fact. What
    // forms units and groups stays (the files it read, the ids it looks up); what it would have linked goes.
    auto& item = const_cast<KeptLowering&>(*lw_.items[v]);
    LoweredUnit spent;
    spent.used_files = std::move(item.lowered.used_files);
    item.lowered = std::move(spent);
    item.spent = true;
    // Charged to the scan's bound by this thread right after: nothing kept. A unit that looks up ids may
    // be lowered again, and a unit of several variants stays charged as it was (which variant finishes
    // last depends on the schedule): both are charged what they would keep.
    if (task.variant_names.size() == 1 && !looks_up) item.retained = 0;
  }
  lw_.early[u] = std::move(result);
}

void lower_again(const SessionState& st, std::vector<UnitTask>& tasks, const Groups& groups, LoweringWork& lw) {
  std::vector<std::size_t> again;  // work items, in work order
  for (const Group& group : groups.groups) {
    if (group.units.size() < 2) continue;
    for (std::size_t w : group.work) {
      if (!lw.items[w]->spent) continue;
      again.push_back(w);
      lw.early[lw.work[w].first].reset();
    }
  }
  std::sort(again.begin(), again.end());
  parallel_for(again.size(), st.options.jobs, [&](std::size_t k) {
    const std::size_t w = again[k];
    auto& item = const_cast<KeptLowering&>(*lw.items[w]);  // this run's, as above
    item.lowered = lower_in_budget(tasks[lw.work[w].first], lw.work[w].first, lw.work[w].second);
    hold(st, item.lowered, /*joins=*/true);
    item.spent = false;
  });
  let_go_of_frontends(tasks);
}

}  // namespace vl::scan
