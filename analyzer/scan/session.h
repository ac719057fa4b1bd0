// The scan driver: what a ScanSession keeps between runs, and the stages ScanSession::run (scan.cpp)
// calls in order: the files (inputs.cpp), the units (formats.cpp) and their lowering in two waves (lowering.cpp), the
// entry units and the groups linked together (groups.cpp), each group linked and evaluated
// (evaluate_group.cpp), and the groups' findings put together into one result (combine.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "frontends/arm/units.h"
#include "frontends/bicep/units.h"
#include "frontends/terraform/units.h"
#include "graph/lowered.h"
#include "graph/unit_task.h"
#include "graph/trim.h"
#include "scan/scan.h"
#include "source/discovery.h"
#include "source/loader.h"

namespace vl::scan {

// The absolute, lexically normal form of a path: how the session names files.
std::filesystem::path normal_path(const std::filesystem::path& p);

// A unit's lowering (one variant) kept between the runs of a session, with the files it read and the
// keys through which its resources may link to other units.
struct KeptLowering {
  LoweredUnit lowered;
  std::vector<std::string> reads;  // absolute paths, sorted
  // What it shares with other units, hashed once: the files it read, the ids it declares and those it
  // looks up (graph/graph.h: cross_unit_keys). A hash collision only joins two groups that need not be.
  std::vector<std::uint64_t> shares, looks_up;
  std::uint64_t generation = 0;    // the run that lowered it
  std::uint64_t retained = 0;      // the bytes its values keep (graph/retained.h), for the scan's bound
  bool transient = false;          // not a lowering (refused by the scan's bound, or read by another
                                   // unit's): never reused by a later run
  bool spent = false;              // evaluated as soon as lowered, its resources gone (early.cpp)
};

// What a group's graph and rules made before suppressions and merging, each with the work item it came
// from: a one-shot scan merges them across its groups (combine.cpp: combine_across) in the order one graph
// of the whole scan would have made them (resources in work order).
struct GroupFindings {
  std::vector<Finding> engine;              // in graph order
  std::vector<std::uint64_t> engine_work;   // by finding: its resource's work item (UINT64_MAX: a node linking made)
  std::vector<Finding> lowering;            // the lowerings' diagnostics, in work order
  std::vector<std::uint64_t> lowering_work; // by diagnostic: its work item
  std::vector<Suppression> suppressions;    // the lowerings' suppressions
  std::vector<std::uint64_t> vault_work;    // by vault: its first resource's work item
};

// The findings of a group of units linked and evaluated together (the whole scan, or one island of a
// session that links apart), with its units numbered from 0 in the order the group lists them.
struct GroupResult {
  std::vector<Finding> findings;  // merged and fingerprinted (empty when `raw` holds them)
  GroupFindings raw;              // a one-shot scan's: merged across the groups
  std::vector<VaultSummary> vaults;
  std::size_t resources = 0;
  bool parse_errors = false;
  Graph graph;
  std::vector<AccessEdge> access;  // indexes into `graph` (whole: the scan's; linking apart: dropped)
  std::vector<FileId> files;  // where its findings and vaults are (kNoFile for findings with no place; empty when raw)

  // A one-shot scan reads no group's graph once its findings are made.
  void let_go_of_graph() {
    graph = Graph{};
    std::vector<AccessEdge>().swap(access);
  }
};

// What a group is made of: its units (global unit numbers, ascending) and, for each, its work items.
struct Group {
  std::vector<std::uint32_t> units;
  std::vector<std::size_t> work;           // work items of those units, in work order
  std::vector<Diagnostic> file_diagnostics;  // KV001s about its files themselves
  std::vector<Suppression> suppressions;     // inline suppressions in its files
};

// What each format's unit builder read and parsed, kept between the runs of a session.
struct FormatCaches {
  arm::UnitCache arm;
  bicep::UnitCache bicep;
  tf::UnitCache terraform;
};

// What a ScanSession keeps (scan/scan.h): its files, parses, lowerings and group results, and the last
// run's result.
struct SessionState {
  ScanOptions options;
  const Catalogue& catalogue;
  bool link_apart = false;
  bool one_shot = false;  // run_once(): nothing is kept for a later run
  std::vector<std::filesystem::path> roots;
  std::shared_ptr<SourceSet> sources = std::make_shared<SourceSet>();
  std::unique_ptr<SourceLoader> loader;
  FormatCaches caches;
  std::set<std::filesystem::path> buffers;                // open editor buffers, by absolute path
  std::optional<std::vector<DiscoveredFile>> discovered;  // until rediscover()
  std::vector<DiscoveredFile> last_discovered;
  // What discovery could not use (unreadable files and folders, links outside the repository, a
  // .gitignore too large): KV001/KV002 at an empty stand-in of each, made once per discovery.
  std::vector<Diagnostic> discovery_diagnostics;
  std::map<std::string, std::shared_ptr<const KeptLowering>> lowerings;  // by unit key and variant
  std::unordered_map<std::uint64_t, std::shared_ptr<const GroupResult>> groups;  // by what they are made of
  std::unordered_map<std::string, std::uint64_t> changed_at;  // path -> the first run that saw the change
  std::uint64_t generation = 0;
  std::vector<FileId> superseded;  // versions of changed files: their texts go after the next run
  ScanSession::Stats stats;
  ScanResult result;             // the last run's
  std::uint64_t numbering = 0;   // the units of the last run, in order, hashed (linking apart)
  std::vector<std::shared_ptr<const GroupResult>> used;  // the groups of the last run (linking apart)
  mutable std::once_flag trim_once;  // trim_plan(): made once, by the first lowering a one-shot scan holds
  mutable TrimPlan trim;
  bool changed_everything = true;  // what the last run may have changed: everything, or these files'
  std::set<FileId> changed_files;  // findings (linking apart)

  SessionState(ScanOptions o, const Catalogue& c, bool apart) : options(std::move(o)), catalogue(c), link_apart(apart) {}

  // A one-shot scan linking apart joins units only through ids (not through the files they share) and
  // merges the groups' findings afterwards; a session keeps each group's findings merged, to reuse them.
  bool across_groups() const { return one_shot && link_apart; }

  // What a one-shot scan drops from the lowerings it holds (scan/lowering.cpp: hold), worked out on first
  // use: it parses every rule's check, which a scan that holds nothing need not.
  const TrimPlan& trim_plan() const;

  void changed(const std::filesystem::path& abs, FileId before);
  bool still_valid(const KeptLowering& k) const;
};

// ---- the files (inputs.cpp) ----
// The loader's boundary: the roots after the first and the folders of --param-file files. False (with
// out.errors) when a parameter file does not exist.
bool open_boundary(SessionState& st, ScanResult& out);
// Discovers the scan's files when the session has not since the last rediscover(). False (with
// out.errors) when a path named is missing or unusable.
bool discover_files(SessionState& st, ScanResult& out);

// ---- the units (formats.cpp) ----
// Every format finds its units among the discovered files (Bicep first: it claims .bicepparam targets),
// in the order ARM, Terraform, Bicep; usage errors, warnings and counts go to `out`.
std::vector<UnitTask> all_unit_tasks(SessionState& st, ScanResult& out, std::vector<Diagnostic>& file_diagnostics,
                                     std::vector<Suppression>& suppressions);

// ---- lowering (lowering.cpp) ----
// Every (unit, variant) of the scan, in order, and what each lowered to (or a kept lowering reused).
struct LoweringWork {
  std::vector<std::pair<std::size_t, std::uint32_t>> work;  // (unit task, variant)
  std::vector<std::size_t> first_work;                      // a unit task's first work item
  std::vector<std::shared_ptr<const KeptLowering>> items;   // by work item
  std::vector<std::string> keys;                            // by work item: its unit key and variant
  std::vector<std::uint64_t> key_hashes;                    // those keys, hashed
  // By unit task: its findings, when a one-shot scan evaluated it as soon as it was lowered (early.cpp).
  std::vector<std::shared_ptr<const GroupResult>> early;
};

// ---- a unit evaluated as soon as it is lowered (early.cpp) ----
// A one-shot scan evaluates a unit that declares and looks up no id another unit could share as soon as
// all its variants are lowered, and lets its lowerings go: no other unit can join its group, so what it
// finds is final (it goes unused when another unit turns out to read it as a module). The scan's memory
// then holds the lowerings of units that may join others, not of all.
class EarlyGroups {
 public:
  EarlyGroups(const SessionState& st, const std::vector<UnitTask>& tasks, LoweringWork& lw);
  ~EarlyGroups();
  // Work item `w` is lowered; when it is its unit's last, evaluates the unit if it may. Called by the
  // thread that lowered it, before the lowering is charged to the scan's bound (retained may change).
  void lowered(std::size_t w);

 private:
  const SessionState& st_;
  const std::vector<UnitTask>& tasks_;
  LoweringWork& lw_;
  std::unique_ptr<std::atomic<std::uint32_t>[]> left_;  // by unit task: its variants not yet lowered
  std::mutex mutex_;
  std::unordered_set<std::uint64_t> declared_;  // the ids the units lowered so far declare (hashed)
  std::uint64_t kept_on_chance_ = 0;  // what units that only look up ids keep (retained bytes)
};
// Lowers every (unit, variant) in parallel, in two waves, reusing a session's lowering from an earlier
// run while none of the files it read has changed; keeps the lowerings for the next run (unless one-shot)
// and counts them in st.stats.
LoweringWork lower_units(SessionState& st, std::vector<UnitTask>& tasks, std::vector<Diagnostic>& file_diagnostics);
// Drops from a lowering that a one-shot scan holds for its group what its rules never read (graph/trim.h);
// `lowered` is held when it shares or looks up ids (`joins`), or lowered again for a group. A session
// keeps everything, for the graph and later runs.
void hold(const SessionState& st, LoweredUnit& lowered, bool joins);
// One variant of a unit lowered under the unit's budget (its limits KV001s), with what the graph will ask
// of its values worked out (graph/provenance.h); `reads`: the files the lowering read, absolute.
LoweredUnit lower_in_budget(const UnitTask& task, std::size_t unit, std::uint32_t variant,
                            std::vector<std::string>* reads = nullptr);
// The frontends' closures (and what they hold: syntax trees, documents) go.
void let_go_of_frontends(std::vector<UnitTask>& tasks);

// ---- units and groups (groups.cpp) ----
// The entry units, numbered densely, and the work items of each.
struct UnitNumbers {
  std::vector<std::uint32_t> unit_of_work;               // UINT32_MAX: a module's own work item
  std::vector<std::vector<std::size_t>> work_of_unit;
};
// What the scan says of a unit: its entry, identity (relative to the repository) and variants.
UnitInfo unit_info(const UnitTask& task, const std::filesystem::path& repository);
// Fills out.units and out.counts (units, modules): a unit whose entry another reads is no entry point.
UnitNumbers number_units(const std::vector<UnitTask>& tasks, const LoweringWork& lw, const std::filesystem::path& repository,
                         ScanResult& out);
// The groups linked and evaluated together: everything, or (linking apart) the islands of units that share
// a file or a proven id, and a last group of no units for the files no unit reads. File diagnostics and
// suppressions go with their file's group.
struct Groups {
  std::vector<Group> groups;
  std::uint32_t loose = 0;  // the group of files no unit reads (== groups.size() when not linking apart)
};
Groups form_groups(const SessionState& st, const LoweringWork& lw, const UnitNumbers& numbers, std::uint32_t n_units,
                   std::vector<Diagnostic> file_diagnostics, std::vector<Suppression> suppressions);
// (early.cpp) A unit that only looks up ids is evaluated early too, on the chance that no unit declares them (a
// shared workspace or subnet, built-in roles): when one does after all, its group needs its lowerings
// again. Lowers them again (in parallel), drops those units' early findings, and lets the frontends go.
void lower_again(const SessionState& st, std::vector<UnitTask>& tasks, const Groups& groups, LoweringWork& lw);
// Evaluates each group, or reuses its result when it is made of the same lowerings as before (linking
// apart); keeps the results in st.groups and counts them in st.stats. The groups are evaluated in parallel;
// a one-shot scan linking apart lets go of each group's lowerings (in lw.items) and graph on the way.
std::vector<std::shared_ptr<const GroupResult>> evaluate_groups(SessionState& st, const Groups& groups, LoweringWork& lw,
                                                                const UnitNumbers& numbers,
                                                                const std::vector<UnitInfo>& units);

// ---- one group (evaluate_group.cpp) ----
// The second half of the pipeline for one group: link its resources into one graph, evaluate the rules,
// turn diagnostics into findings, apply suppressions, merge variants and instances, fingerprint.
// `consume`: the lowerings are this run's alone (a one-shot scan): their resources move into the graph.
// `jobs`: the threads its rules may run on (a group much larger than the others is the scan's critical path).
// `raw`: the findings stay in `raw`, unsuppressed and unmerged, for combine_across.
// `unit_of_work`: a work item's unit, numbered as in `all_units` (of which the group has `group.units`).
GroupResult evaluate_group(const Group& group, const ScanOptions& options, const Catalogue& catalogue,
                           const std::vector<UnitInfo>& all_units,
                           const std::function<std::uint32_t(std::size_t)>& unit_of_work,
                           const std::vector<std::shared_ptr<const KeptLowering>>& items, const SourceSet& sources,
                           bool consume, unsigned jobs = 1, bool raw = false);
// Suppressions applied, KV003s for bad ones, disabled rules dropped, --strict applied, variants and
// instances merged, fingerprints: the findings as reports show them. `engine` holds the rules made in
// graph order, `file_diagnostics` and `lowering` (with `units`' numbers) follow them. Sets `parse_errors`
// when a KV001 was made, shown or not.
std::vector<Finding> finish_findings(std::vector<Finding> engine, const std::vector<Diagnostic>& file_diagnostics,
                                     std::vector<Finding> lowering, std::vector<Suppression> suppressions,
                                     const ScanOptions& options, const Catalogue& catalogue,
                                     const std::vector<UnitInfo>& units, const SourceSet& sources, bool& parse_errors);

// ---- one result (combine.cpp) ----
// The whole scan's one group: its graph (when kept), findings and vaults become the result's.
void take_whole(SessionState& st, GroupResult& whole, ScanResult& out);
// A one-shot scan: the groups' raw findings (from file diagnostics and suppressions in the group of no
// units, groups.loose) finished as one graph of the whole scan would have, and their vaults in its order.
void combine_across(SessionState& st, const Groups& groups, const std::vector<std::shared_ptr<const GroupResult>>& results,
                    ScanResult& out);
// Linking apart: each group's findings and vaults with its units numbered as the scan numbers them; the
// findings of the last run (`previous`) stay where no group changed. Records what changed in `st`.
void combine_groups(SessionState& st, const Groups& groups, std::vector<std::shared_ptr<const GroupResult>> results,
                    const LoweringWork& lw, const UnitNumbers& numbers, std::uint64_t numbering_before,
                    ScanResult& previous, ScanResult& out);

}  // namespace vl::scan
