// Lowering every (unit, variant) of a run: in parallel (results land in input order), reusing a
// session's lowering from an earlier run while none of the files it read has changed. Each lowering runs
// with its unit's budget (shared by the unit's variants, of which at most kMaxVariants run), every place
// where a limit stopped it is a KV001 (graph/budget.h), and what all of them keep is bounded in scan
// order (scan/scan_memory.h). Units go in two waves (scan/waves.h).
#include <algorithm>
#include <functional>
#include <optional>

#include "graph/budget.h"
#include "graph/provenance.h"
#include "graph/retained.h"
#include "scan/parallel.h"
#include "scan/scan_memory.h"
#include "scan/session.h"
#include "scan/waves.h"

namespace vl::scan {

namespace fs = std::filesystem;

namespace {

// The work items, and the lowerings a session kept that are still valid.
LoweringWork plan_work(const SessionState& st, const std::vector<UnitTask>& tasks) {
  LoweringWork lw;
  lw.first_work.resize(tasks.size());
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    lw.first_work[u] = lw.work.size();
    for (std::uint32_t v = 0; v < tasks[u].variant_names.size(); ++v) lw.work.emplace_back(u, v);
  }
  lw.items.resize(lw.work.size());
  lw.early.resize(tasks.size());
  lw.keys.resize(lw.work.size());
  lw.key_hashes.resize(lw.work.size());
  for (std::size_t w = 0; w < lw.work.size(); ++w) {
    lw.keys[w] = tasks[lw.work[w].first].key + '\x1f' + std::to_string(lw.work[w].second);
    lw.key_hashes[w] = std::hash<std::string>{}(lw.keys[w]);
    auto it = st.lowerings.find(lw.keys[w]);
    if (!tasks[lw.work[w].first].key.empty() && it != st.lowerings.end() && st.still_valid(*it->second)) lw.items[w] = it->second;
  }
  return lw;
}

// The files a lowering read, absolute and sorted; linking apart, also what it shares with other units
// and what it looks up in them, hashed.
void record_reads(const SessionState& st, const UnitTask& task, KeptLowering& kept) {
  std::vector<std::string>& reads = kept.reads;
  if (task.entry != kNoFile) reads.push_back(st.sources->get(task.entry).path().string());
  for (const fs::path& p : task.inputs) reads.push_back(normal_path(p).string());
  for (FileId f : kept.lowered.used_files) reads.push_back(st.sources->get(f).path().string());
  std::sort(reads.begin(), reads.end());
  reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
  if (st.link_apart) {
    std::hash<std::string> hash;
    // A one-shot scan merges findings across groups: units that only share files need not be one.
    if (!st.one_shot) {
      for (const std::string& p : reads) kept.shares.push_back(hash("f\x1f" + p));
    }
    // A built-in role is resolved from the roles table before any unit's role definitions are looked at
    // (policy/role_lookup.cpp: resolve_role): its GUID joins no units, whoever also names it.
    auto built_in_role = [&](const std::string& key) {
      std::string_view guid = role_definition_guid(key);
      return !guid.empty() && st.catalogue.data().role_by_id(std::string(guid)) != nullptr;
    };
    for (const Resource& r : kept.lowered.resources) {
      CrossUnitKeys keys_of = cross_unit_keys(r);
      for (const std::string& id : keys_of.declared) {
        if (!built_in_role(id)) kept.shares.push_back(hash("i\x1f" + id));
      }
      for (const std::string& id : keys_of.queried) {
        if (!built_in_role(id)) kept.looks_up.push_back(hash("i\x1f" + id));
      }
    }
    for (auto* list : {&kept.shares, &kept.looks_up}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
  }
}

}  // namespace

LoweredUnit lower_in_budget(const UnitTask& task, std::size_t unit, std::uint32_t variant, std::vector<std::string>* reads) {
  LoweredUnit out;
  {
    LoadRecorder recorder;
    UnitBudget budget(BudgetLimits{}.share(task.variant_names.size()));
    BudgetScope installed(budget);
    out = task.lower(static_cast<std::uint32_t>(unit), variant);
    for (Diagnostic& d : stop_diagnostics(budget, Span{task.entry, 0, 0})) out.diagnostics.push_back(std::move(d));
    if (reads) *reads = recorder.paths();
  }
  // While the frontend's syntax is at hand, the indexes work out what the graph will ask of the
  // unit's parameters and outputs (graph/provenance.h); then the frontend may let that syntax go.
  remember_value_nodes(out);
  out.resources.shrink_to_fit();  // 640 bytes a resource: a doubling vector's slack adds up
  return out;
}

void hold(const SessionState& st, LoweredUnit& lowered, bool joins) {
  // A unit that joins nothing is evaluated at once (scan/early.cpp): trimming it would only cost time.
  if (st.across_groups() && (joins || st.options.trim_every_lowering)) trim(lowered.resources, st.trim_plan());
}

namespace {

// Lowers work item `w` (one variant of a unit) into lw.items, lowering number `number` of the scan's
// memory bound; tells `early` (when evaluating units early) before the bound is charged.
void lower_one(const SessionState& st, const UnitTask& task, LoweringWork& lw, std::size_t w, ScanMemory& memory,
               std::size_t number, EarlyGroups* early) {
  const std::size_t unit = lw.work[w].first;
  const std::uint32_t variant = lw.work[w].second;
  std::shared_ptr<const KeptLowering>& slot = lw.items[w];
  auto kept = std::make_shared<KeptLowering>();
  kept->generation = st.generation;
  struct Finish {  // even when the lowering throws, or the lowerings after it would wait forever
    ScanMemory& memory;
    std::size_t number;
    const KeptLowering& kept;
    ~Finish() { memory.finish(number, kept.retained); }
  } finish{memory, number, *kept};
  if (!memory.admit(number)) {
    kept->lowered.diagnostics.push_back(not_admitted(task, variant, memory.cap()));
    kept->transient = true;
    slot = std::move(kept);
    if (task.done) task.done(variant);
    if (early) early->lowered(w);
    return;
  }
  kept->lowered = lower_in_budget(task, unit, variant, &kept->reads);
  if (task.done) task.done(variant);
  record_reads(st, task, *kept);  // before hold(): the ids in every value form groups as they did
  hold(st, kept->lowered, !kept->shares.empty() || !kept->looks_up.empty());
  kept->retained = retained_bytes(kept->lowered);
  slot = std::move(kept);
  if (early) early->lowered(w);
}

// Lowers the work items of `units` that no kept lowering covers, in parallel; returns how many.
std::size_t lower_wave(const SessionState& st, const std::vector<UnitTask>& tasks, LoweringWork& lw, ScanMemory& memory,
                       const std::vector<std::size_t>& units, EarlyGroups* early) {
  std::vector<std::size_t> wave;  // its work items, in work order
  for (std::size_t u : units) {
    for (std::size_t w = lw.first_work[u]; w < lw.first_work[u] + tasks[u].variant_names.size(); ++w) wave.push_back(w);
  }
  const std::size_t first_number = memory.extend(wave.size());
  std::vector<std::size_t> fresh;  // positions in `wave` to lower; a reused lowering keeps what it kept
  for (std::size_t i = 0; i < wave.size(); ++i) {
    if (lw.items[wave[i]]) {
      memory.finish(first_number + i, lw.items[wave[i]]->retained);
    } else {
      fresh.push_back(i);
    }
  }
  parallel_for(fresh.size(), st.options.jobs, [&](std::size_t k) {
    const std::size_t w = wave[fresh[k]];
    lower_one(st, tasks[lw.work[w].first], lw, w, memory, first_number + fresh[k], early);
  });
  return fresh.size();
}

// Leaves out of the second wave the units the first wave read (as modules or linked templates): they
// are part of the unit that read them, with nothing of their own. A unit left out as part of another
// still names its own links: they are read through it too (the module of a module a loop never reached
// is no more an entry point than the module is), until no more is left out.
void leave_out_read_units(const SessionState& st, const std::vector<UnitTask>& tasks, LoweringWork& lw,
                          const std::vector<std::size_t>& first_wave, std::vector<std::size_t>& second_wave) {
  std::set<FileId> read_by_first_wave;
  for (std::size_t u : first_wave) {
    for (std::size_t w = lw.first_work[u]; w < lw.first_work[u] + tasks[u].variant_names.size(); ++w) {
      read_by_first_wave.insert(lw.items[w]->lowered.used_files.begin(), lw.items[w]->lowered.used_files.end());
    }
  }
  std::map<fs::path, FileId> entry_of_path;
  for (const UnitTask& t : tasks) entry_of_path.emplace(t.entry_path, t.entry);
  for (bool left_out = true; left_out;) {
    left_out = false;
    std::erase_if(second_wave, [&](std::size_t u) {
      if (tasks[u].pinned || !read_by_first_wave.count(tasks[u].entry)) return false;
      std::vector<FileId> named_files;
      for (const fs::path& link : tasks[u].links) {
        auto it = entry_of_path.find(link);
        if (it != entry_of_path.end() && it->second != tasks[u].entry) named_files.push_back(it->second);
      }
      read_by_first_wave.insert(named_files.begin(), named_files.end());
      for (std::size_t w = lw.first_work[u]; w < lw.first_work[u] + tasks[u].variant_names.size(); ++w) {
        auto part = std::make_shared<KeptLowering>();  // part of the unit that read it: nothing of its own
        part->transient = true;
        part->generation = st.generation;
        part->lowered.used_files = named_files;
        lw.items[w] = std::move(part);
        if (tasks[u].done) tasks[u].done(lw.work[w].second);
      }
      left_out = true;
      return true;
    });
  }
}

}  // namespace

LoweringWork lower_units(SessionState& st, std::vector<UnitTask>& tasks, std::vector<Diagnostic>& file_diagnostics) {
  cap_variants(tasks, file_diagnostics);
  LoweringWork lw = plan_work(st, tasks);
  ScanMemory memory(kScanRetainedBytes, BudgetLimits{}.bytes);
  // In two waves, so that a template or module another one names is not also lowered on its own when
  // that one's lowering read it: first the units no other names literally, then the others that none
  // of those read (a unit a parameter file targets is an entry point of its own whoever reads it).
  const std::vector<bool> named = named_by_others(tasks);
  std::vector<std::size_t> first_wave, second_wave;
  for (std::size_t u = 0; u < tasks.size(); ++u) (named[u] ? second_wave : first_wave).push_back(u);
  std::optional<EarlyGroups> early;
  if (st.across_groups()) early.emplace(st, tasks, lw);
  EarlyGroups* evaluate = early ? &*early : nullptr;
  std::size_t lowered_now = lower_wave(st, tasks, lw, memory, first_wave, evaluate);
  leave_out_read_units(st, tasks, lw, first_wave, second_wave);
  lowered_now += lower_wave(st, tasks, lw, memory, second_wave, evaluate);
  // The closures hold what the frontends read (Bicep's syntax trees): done with, unless a unit evaluated
  // early may have to be lowered again (early.cpp: lower_again).
  if (!early) let_go_of_frontends(tasks);
  std::map<std::string, std::shared_ptr<const KeptLowering>> lowerings;  // units that no longer exist go
  for (std::size_t w = 0; w < lw.work.size(); ++w) {
    if (!tasks[lw.work[w].first].key.empty() && !lw.items[w]->transient) lowerings[lw.keys[w]] = lw.items[w];
  }
  if (!st.one_shot) st.lowerings = std::move(lowerings);
  st.stats.lowered = lowered_now;
  st.stats.reused = lw.work.size() - lowered_now;
  return lw;
}

void let_go_of_frontends(std::vector<UnitTask>& tasks) {
  for (UnitTask& t : tasks) {
    t.lower = nullptr;
    t.done = nullptr;
  }
}

}  // namespace vl::scan
