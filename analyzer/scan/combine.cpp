// One result from the groups a run evaluated: each group's findings and vaults with its units numbered
// as the scan numbers them.
#include <algorithm>
#include <tuple>

#include "scan/session.h"
#include "scan/stages.h"

namespace vl::scan {

void take_whole(SessionState& st, GroupResult& whole, ScanResult& out) {
  if (st.options.keep_graph || !st.one_shot) {
    out.graph = std::move(whole.graph);
    out.access = std::move(whole.access);
  }
  out.findings = std::move(whole.findings);
  out.vaults = std::move(whole.vaults);
  out.counts.resources = whole.resources;
  out.parse_errors = whole.parse_errors;
}

namespace {

// Where each of the groups' items goes in one graph of the whole scan: by work item, then by group and
// place in it (a work item is in one group only, so that is the group's own order).
struct Place {
  std::uint64_t work;
  std::uint32_t group;
  std::uint32_t index;
  bool operator<(const Place& o) const { return std::tie(work, group, index) < std::tie(o.work, o.group, o.index); }
};

template <typename ListOf, typename WorkOf>
std::vector<Place> places(const std::vector<std::shared_ptr<const GroupResult>>& results, ListOf list_of, WorkOf work_of) {
  std::vector<Place> out;
  for (std::size_t g = 0; g < results.size(); ++g) {
    const auto& work = work_of(*results[g]);
    for (std::size_t k = 0; k < list_of(*results[g]).size(); ++k) {
      out.push_back(Place{work[k], static_cast<std::uint32_t>(g), static_cast<std::uint32_t>(k)});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void combine_across(SessionState& st, const Groups& groups, const std::vector<std::shared_ptr<const GroupResult>>& results,
                    ScanResult& out) {
  // Evaluated just now by a scan that keeps nothing: what the groups made moves.
  auto mut = [&](std::size_t g) -> GroupResult& { return const_cast<GroupResult&>(*results[g]); };
  auto global = [&](std::uint32_t g, std::uint32_t local) {
    const std::vector<std::uint32_t>& units = groups.groups[g].units;
    return local < units.size() ? units[local] : local;
  };
  auto gather = [&](auto list_of, auto work_of) {
    std::vector<Finding> all;
    for (const Place& p : places(results, list_of, work_of)) {
      Finding& f = list_of(mut(p.group))[p.index];
      f.unit = global(p.group, f.unit);
      all.push_back(std::move(f));
    }
    return all;
  };
  std::vector<Finding> engine = gather([](auto& r) -> auto& { return r.raw.engine; },
                                       [](const GroupResult& r) -> const auto& { return r.raw.engine_work; });
  std::vector<Finding> lowering = gather([](auto& r) -> auto& { return r.raw.lowering; },
                                         [](const GroupResult& r) -> const auto& { return r.raw.lowering_work; });
  for (std::size_t g = 0; g < results.size(); ++g) {  // the moved-from shells: as large as the findings were
    std::vector<Finding>().swap(mut(g).raw.engine);
    std::vector<Finding>().swap(mut(g).raw.lowering);
  }
  const Group& loose = groups.groups[groups.loose];
  std::vector<Suppression> suppressions = loose.suppressions;
  for (const auto& r : results) {
    suppressions.insert(suppressions.end(), r->raw.suppressions.begin(), r->raw.suppressions.end());
    out.counts.resources += r->resources;
  }
  out.findings = finish_findings(std::move(engine), loose.file_diagnostics, std::move(lowering), std::move(suppressions),
                                 st.options, st.catalogue, out.units, *st.sources, out.parse_errors);
  for (const Place& p : places(results, [](auto& r) -> auto& { return r.vaults; },
                               [](const GroupResult& r) -> const auto& { return r.raw.vault_work; })) {
    out.vaults.push_back(std::move(mut(p.group).vaults[p.index]));
    out.vaults.back().unit = global(p.group, out.vaults.back().unit);
  }
  sort_vaults(out.vaults, *st.sources);
}

void combine_groups(SessionState& st, const Groups& groups, std::vector<std::shared_ptr<const GroupResult>> results,
                    const LoweringWork& lw, const UnitNumbers& numbers, std::uint64_t numbering_before,
                    ScanResult& previous, ScanResult& out) {
  for (const auto& r : results) {
    out.counts.resources += r->resources;
    out.parse_errors = out.parse_errors || r->parse_errors;
  }
  // Linking apart, the findings of the last run stay where no group changed: the files of groups that
  // went away or were evaluated now are dirty, and their findings come from the groups that hold them now.
  std::uint64_t numbering = 0x9e3779b97f4a7c15ull;
  for (std::size_t w = 0; w < lw.work.size(); ++w) {
    std::uint64_t v = lw.key_hashes[w] ^ (numbers.unit_of_work[w] == UINT32_MAX ? 0x5bd1e995ull : 0);  // modules are no units
    numbering = (numbering ^ v) * 0x100000001b3ull + (numbering >> 31);
  }
  std::set<const GroupResult*> now;
  for (const auto& r : results) now.insert(r.get());
  std::set<FileId> dirty;
  bool everything = numbering != numbering_before;
  for (const auto& r : st.used) {
    if (!now.count(r.get())) dirty.insert(r->files.begin(), r->files.end());
  }
  std::set<const GroupResult*> before;
  for (const auto& r : st.used) before.insert(r.get());
  for (const auto& r : results) {
    if (!before.count(r.get())) dirty.insert(r->files.begin(), r->files.end());
  }
  if (!everything) {
    out.findings = std::move(previous.findings);
    out.vaults = std::move(previous.vaults);
    std::erase_if(out.findings, [&](const Finding& f) { return dirty.count(f.location.file) > 0; });
    std::erase_if(out.vaults, [&](const VaultSummary& v) { return dirty.count(v.decl.file) > 0; });
  }
  const std::size_t kept_findings = out.findings.size(), kept_vaults = out.vaults.size();
  for (std::size_t g = 0; g < groups.groups.size(); ++g) {
    const GroupResult& r = *results[g];
    if (!everything && std::none_of(r.files.begin(), r.files.end(), [&](FileId f) { return dirty.count(f) > 0; })) continue;
    const std::vector<std::uint32_t>& units = groups.groups[g].units;
    auto global = [&](std::uint32_t local) { return local < units.size() ? units[local] : local; };
    for (const Finding& f : r.findings) {
      if (!everything && !dirty.count(f.location.file)) continue;
      out.findings.push_back(f);
      if (f.unit != UINT32_MAX) out.findings.back().unit = global(f.unit);
    }
    for (const VaultSummary& v : r.vaults) {
      if (!everything && !dirty.count(v.decl.file)) continue;
      out.vaults.push_back(v);
      out.vaults.back().unit = global(v.unit);
    }
  }
  // What stayed is in order: sort what came in and merge the two.
  sort_findings(out.findings, *st.sources, kept_findings);
  sort_vaults(out.vaults, *st.sources, kept_vaults);
  st.numbering = numbering;
  st.used = std::move(results);
  st.changed_everything = everything;
  st.changed_files = std::move(dirty);
}

}  // namespace vl::scan
