// From lowerings to groups: which units are entry points (numbered densely), which of them are linked and
// evaluated together, and each group evaluated (or its result reused from an earlier run).
#include <algorithm>
#include <numeric>

#include "scan/parallel.h"
#include "scan/session.h"

namespace vl::scan {

namespace fs = std::filesystem;

namespace {

// A unit whose entry file another unit reads as a module or linked template is part of that unit, not
// an entry point of its own (unless the two read each other).
std::vector<bool> entry_points(const std::vector<UnitTask>& tasks, const LoweringWork& lw) {
  std::map<FileId, std::set<std::size_t>> used_by;
  for (std::size_t w = 0; w < lw.work.size(); ++w) {
    for (FileId f : lw.items[w]->lowered.used_files) used_by[f].insert(lw.work[w].first);
  }
  auto users_of = [&](FileId f) { return used_by.count(f) ? used_by.at(f) : std::set<std::size_t>{}; };
  std::vector<bool> entry(tasks.size(), true);
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    if (tasks[u].pinned) continue;
    for (std::size_t by : users_of(tasks[u].entry)) {
      if (by != u && !users_of(tasks[by].entry).count(u)) entry[u] = false;
    }
  }
  return entry;
}

// A unit's entry relative to its repository (part of fingerprints): a plain prefix when it lies in it.
std::string unit_identity(const fs::path& entry, const fs::path& repository) {
  const std::string& e = entry.native();
  const std::string& r = repository.native();
  if (!r.empty() && e.size() > r.size() + 1 && e.compare(0, r.size(), r) == 0 && e[r.size()] == '/' &&
      e.find("/.", r.size()) == std::string::npos) {
    return e.substr(r.size() + 1);
  }
  fs::path rel = entry.lexically_relative(repository);
  return rel.empty() ? entry.generic_string() : rel.generic_string();
}

// Union-find over unit numbers.
struct Islands {
  std::vector<std::uint32_t> parent;
  explicit Islands(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

// Linking apart: the islands of units that share a file read or an id declared, or look up an id another
// declares, as groups; `group_of_unit` and `group_of_file` (by path) say where each unit and file went.
void group_islands(const LoweringWork& lw, const UnitNumbers& numbers, std::uint32_t n_units, std::vector<Group>& groups,
                   std::vector<std::uint32_t>& group_of_unit,
                   std::unordered_map<std::string, std::uint32_t>& group_of_file) {
  Islands islands(n_units);
  std::unordered_map<std::uint64_t, std::uint32_t> owner;  // a file read or an id declared -> a unit
  for (std::uint32_t u = 0; u < n_units; ++u) {
    for (std::size_t w : numbers.work_of_unit[u]) {
      for (std::uint64_t key : lw.items[w]->shares) {
        auto [it, inserted] = owner.emplace(key, u);
        if (!inserted) islands.join(it->second, u);
      }
    }
  }
  for (std::uint32_t u = 0; u < n_units; ++u) {
    for (std::size_t w : numbers.work_of_unit[u]) {
      for (std::uint64_t key : lw.items[w]->looks_up) {
        if (auto it = owner.find(key); it != owner.end()) islands.join(it->second, u);
      }
    }
  }
  std::unordered_map<std::uint32_t, std::uint32_t> group_of_root;
  for (std::uint32_t u = 0; u < n_units; ++u) {
    auto [it, inserted] = group_of_root.emplace(islands.find(u), static_cast<std::uint32_t>(groups.size()));
    if (inserted) groups.emplace_back();
    groups[it->second].units.push_back(u);
    group_of_unit[u] = it->second;
  }
  for (std::uint32_t u = 0; u < n_units; ++u) {
    for (std::size_t w : numbers.work_of_unit[u]) {
      for (const std::string& p : lw.items[w]->reads) group_of_file.emplace(p, group_of_unit[u]);
    }
  }
}

// What a group is made of: its lowerings (by key and the run that made them), hashed.
std::uint64_t group_signature(const Group& group, const LoweringWork& lw) {
  std::uint64_t signature = 0xcbf29ce484222325ull;
  for (std::size_t w : group.work) {
    for (std::uint64_t v : {lw.key_hashes[w], lw.items[w]->generation}) signature = (signature ^ v) * 0x100000001b3ull + (signature >> 29);
  }
  return signature;
}

}  // namespace

UnitInfo unit_info(const UnitTask& task, const fs::path& repository) {
  UnitInfo info;
  info.entry = task.entry;
  info.identity = unit_identity(task.entry_path, repository);
  for (const std::string& v : task.variant_names) {
    if (!v.empty()) info.variants.push_back(v);
  }
  return info;
}

UnitNumbers number_units(const std::vector<UnitTask>& tasks, const LoweringWork& lw, const fs::path& repository,
                         ScanResult& out) {
  std::vector<bool> entry = entry_points(tasks, lw);
  UnitNumbers numbers;
  std::vector<std::uint32_t> unit_number(tasks.size(), UINT32_MAX);
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    if (!entry[u]) {
      ++out.counts.modules;
      continue;
    }
    unit_number[u] = static_cast<std::uint32_t>(out.units.size());
    out.units.push_back(unit_info(tasks[u], repository));
    numbers.work_of_unit.emplace_back();
    ++out.counts.units;
  }
  numbers.unit_of_work.assign(lw.work.size(), UINT32_MAX);
  for (std::size_t w = 0; w < lw.work.size(); ++w) {
    std::uint32_t unit = unit_number[lw.work[w].first];
    numbers.unit_of_work[w] = unit;
    if (unit == UINT32_MAX) continue;
    numbers.work_of_unit[unit].push_back(w);
    UnitInfo& info = out.units[unit];
    if (info.entry != kNoFile && info.files.empty()) info.files.push_back(info.entry);
    for (FileId f : lw.items[w]->lowered.used_files) {
      if (std::find(info.files.begin(), info.files.end(), f) == info.files.end()) info.files.push_back(f);
    }
  }
  return numbers;
}

Groups form_groups(const SessionState& st, const LoweringWork& lw, const UnitNumbers& numbers, std::uint32_t n_units,
                   std::vector<Diagnostic> file_diagnostics, std::vector<Suppression> suppressions) {
  Groups out;
  std::vector<Group>& groups = out.groups;
  std::vector<std::uint32_t> group_of_unit(n_units, 0);
  std::unordered_map<std::string, std::uint32_t> group_of_file;  // by path
  if (!st.link_apart) {
    groups.resize(1);
    for (std::uint32_t u = 0; u < n_units; ++u) groups[0].units.push_back(u);
  } else {
    group_islands(lw, numbers, n_units, groups, group_of_unit, group_of_file);
  }
  for (std::size_t w = 0; w < lw.work.size(); ++w) {
    if (numbers.unit_of_work[w] != UINT32_MAX) groups[group_of_unit[numbers.unit_of_work[w]]].work.push_back(w);
  }
  // Diagnostics and suppressions of files no unit reads: a group of their own, with no units.
  const auto loose = static_cast<std::uint32_t>(groups.size());
  out.loose = loose;
  if (st.link_apart) groups.emplace_back();
  auto group_of_span = [&](FileId file) -> std::uint32_t {
    if (!st.link_apart) return 0;
    if (file == kNoFile || st.across_groups()) return loose;  // applied across the groups afterwards
    auto it = group_of_file.find(st.sources->get(file).path().string());
    return it == group_of_file.end() ? loose : it->second;
  };
  for (Diagnostic& d : file_diagnostics) groups[group_of_span(d.span.file)].file_diagnostics.push_back(std::move(d));
  for (Suppression& s : suppressions) groups[group_of_span(s.file)].suppressions.push_back(std::move(s));
  return out;
}

std::vector<std::shared_ptr<const GroupResult>> evaluate_groups(SessionState& st, const Groups& groups, LoweringWork& lw,
                                                                const UnitNumbers& numbers,
                                                                const std::vector<UnitInfo>& units) {
  const std::size_t n = groups.groups.size();
  std::vector<std::shared_ptr<const GroupResult>> results(n);
  std::vector<std::uint64_t> signatures(n, 0);
  std::vector<std::size_t> pending;  // the groups to evaluate now
  std::size_t evaluated_early = 0;
  for (std::size_t g = 0; g < n; ++g) {
    // A one-shot scan keeps nothing for a later run: it has no use for a signature.
    if (st.link_apart && !st.one_shot && g != groups.loose) signatures[g] = group_signature(groups.groups[g], lw);
    auto it = signatures[g] == 0 ? st.groups.end() : st.groups.find(signatures[g]);
    const Group& group = groups.groups[g];
    if (it != st.groups.end()) {
      results[g] = it->second;
    } else if (group.units.size() == 1 && lw.early[lw.work[group.work.front()].first]) {
      results[g] = std::move(lw.early[lw.work[group.work.front()].first]);  // evaluated as soon as lowered
      ++evaluated_early;
    } else {
      pending.push_back(g);
    }
  }
  // In parallel, the largest first (the scan waits for the last to finish). A one-shot scan linking apart
  // reads no group's graph afterwards: each group's lowerings and graph go as soon as its findings are
  // made, on the thread that made them.
  std::stable_sort(pending.begin(), pending.end(), [&](std::size_t a, std::size_t b) {
    return groups.groups[a].work.size() > groups.groups[b].work.size();
  });
  const bool let_go = st.one_shot && st.link_apart;
  // A group with more than its share of the work runs its rules on every thread too: otherwise the
  // others finish and wait for it.
  std::size_t total_work = 0;
  for (std::size_t g : pending) total_work += groups.groups[g].work.size();
  const unsigned jobs = st.options.jobs;
  parallel_for(pending.size(), jobs, [&](std::size_t k) {
    const Group& group = groups.groups[pending[k]];
    const unsigned inner = group.work.size() * jobs > total_work ? jobs : 1;
    auto unit_of_work = [&](std::size_t w) { return numbers.unit_of_work[w]; };
    auto result = std::make_shared<GroupResult>(evaluate_group(group, st.options, st.catalogue, units, unit_of_work,
                                                               lw.items, *st.sources, st.one_shot, inner,
                                                               st.across_groups()));
    if (let_go) {
      for (std::size_t w : group.work) lw.items[w].reset();
      result->let_go_of_graph();
    }
    results[pending[k]] = std::move(result);
  });
  std::unordered_map<std::uint64_t, std::shared_ptr<const GroupResult>> evaluated;
  for (std::size_t g = 0; g < n; ++g) {
    if (signatures[g] != 0) evaluated[signatures[g]] = results[g];
  }
  st.groups = std::move(evaluated);
  st.stats.groups = n;
  st.stats.groups_evaluated = pending.size() + evaluated_early;
  return results;
}

}  // namespace vl::scan
