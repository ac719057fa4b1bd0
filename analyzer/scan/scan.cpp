#include "scan/scan.h"

#include <chrono>

#include "policy/trim_plan.h"
#include "scan/session.h"

namespace vl {

namespace fs = std::filesystem;

namespace scan {

fs::path normal_path(const fs::path& p) { return fs::absolute(p).lexically_normal(); }

void SessionState::changed(const fs::path& abs, FileId before) {
  changed_at[abs.string()] = generation + 1;
  FileId id = loader->invalidate(abs);
  for (FileId old : {before, id}) {
    if (old != kNoFile) superseded.push_back(old);
  }
}

const TrimPlan& SessionState::trim_plan() const {
  std::call_once(trim_once, [this] { trim = vl::trim_plan(catalogue, options.enabled_rules); });
  return trim;
}

bool SessionState::still_valid(const KeptLowering& k) const {
  for (const std::string& p : k.reads) {
    auto it = changed_at.find(p);
    if (it != changed_at.end() && it->second > k.generation) return false;
  }
  return true;
}

}  // namespace scan

// The session's state is the driver's (scan/session.h); scan.h names it only as ScanSession::State.
struct ScanSession::State : scan::SessionState {
  using SessionState::SessionState;
};

ScanSession::ScanSession(ScanOptions options, const Catalogue& catalogue, bool link_apart)
    : state_(std::make_unique<State>(std::move(options), catalogue, link_apart)) {
  scan::SessionState& st = *state_;
  st.roots = st.options.paths.empty() ? std::vector<fs::path>{fs::current_path()} : st.options.paths;
  st.loader = std::make_unique<SourceLoader>(*st.sources, find_repository(st.roots.front()), st.options.max_file_size);
  for (const auto& [path, text] : st.options.overlays) {
    st.loader->overlay(path, text);
    st.buffers.insert(scan::normal_path(path));
  }
}

ScanSession::~ScanSession() = default;

const ScanOptions& ScanSession::options() const { return state_->options; }
ScanSession::Stats ScanSession::last_stats() const { return state_->stats; }
bool ScanSession::changed_everything() const { return !state_->link_apart || state_->changed_everything; }
const std::set<FileId>& ScanSession::changed_files() const { return state_->changed_files; }
SourceLoader& ScanSession::loader() { return *state_->loader; }

void ScanSession::set_buffer(const fs::path& path, std::string text) {
  fs::path abs = scan::normal_path(path);
  FileId before = state_->loader->overlay(abs, std::move(text));
  state_->changed(abs, before);
  if (state_->buffers.insert(abs).second) rediscover();
}

void ScanSession::close_buffer(const fs::path& path) {
  fs::path abs = scan::normal_path(path);
  FileId before = state_->loader->remove_overlay(abs);
  state_->changed(abs, before);
  if (state_->buffers.erase(abs)) rediscover();
}

void ScanSession::file_changed(const fs::path& path) {
  fs::path abs = scan::normal_path(path);
  if (state_->loader->has_overlay(abs)) return;  // the editor's buffer wins over the disk
  state_->changed(abs, kNoFile);
}

void ScanSession::rediscover() { state_->discovered.reset(); }

std::size_t ScanSession::refresh_from_disk() {
  std::vector<fs::path> changed = state_->loader->changed_on_disk();
  for (const fs::path& p : changed) state_->changed(p, kNoFile);
  rediscover();
  return changed.size();
}

const ScanResult& ScanSession::run() {
  scan::SessionState& st = *state_;
  std::vector<FileId> superseded = std::move(st.superseded);
  st.superseded.clear();
  run(st.result);
  // Whatever read the old versions of changed files was read again, and their findings were made
  // again: their texts can go. (A run that stopped early keeps them for the next one.)
  if (st.result.errors.empty() && st.link_apart) {
    for (FileId id : superseded) st.sources->release(id);
  } else {
    st.superseded.insert(st.superseded.end(), superseded.begin(), superseded.end());
  }
  return st.result;
}

ScanResult ScanSession::take_result() { return std::move(state_->result); }

ScanResult ScanSession::run_once() {
  state_->one_shot = true;
  run(state_->result);
  return take_result();
}

// The pipeline: the files, the units, their lowering, the entry units and their groups, each group linked
// and evaluated, one result. Each stage is a function of scan/session.h.
void ScanSession::run(ScanResult& out) {
  scan::SessionState& st = *state_;
  ++st.generation;
  st.stats = {};
  auto clock = std::chrono::steady_clock::now();
  auto lap = [&clock](double& into) {
    auto now = std::chrono::steady_clock::now();
    into += std::chrono::duration<double, std::milli>(now - clock).count();
    clock = now;
  };
  // What the last run found stays in `previous` so that a run linking apart changes only what changed.
  ScanResult previous = std::move(out);
  out = ScanResult{};
  out.sources = st.sources;
  // Only a run that gets to the end keeps its numbering: after one that stopped, everything is new.
  const std::uint64_t numbering_before = st.numbering;
  st.numbering = 0;
  st.changed_everything = true;
  st.changed_files.clear();

  // The loader's boundary first: every read, discovery's included (.gitignore files), goes through it.
  if (!scan::open_boundary(st, out)) return;
  if (st.loader) st.loader->forget_resolved_folders();  // a folder may have become a link since the last run
  if (!st.discovered && !scan::discover_files(st, out)) return;
  // Every format finds its units among the discovered files.
  std::vector<Diagnostic> file_diagnostics = st.discovery_diagnostics;
  std::vector<Suppression> suppressions;
  std::vector<UnitTask> tasks = scan::all_unit_tasks(st, out, file_diagnostics, suppressions);
  if (!out.errors.empty()) return;
  // The units hold what they read; a one-shot scan has no next run to discover for (each path's
  // std::filesystem::path is half a kilobyte: 5 MB on 10,000 files).
  if (st.one_shot) std::vector<DiscoveredFile>().swap(*st.discovered);
  lap(st.stats.units_ms);

  scan::LoweringWork lowered = scan::lower_units(st, tasks, file_diagnostics);
  scan::UnitNumbers numbers = scan::number_units(tasks, lowered, st.loader->repository(), out);
  if (st.one_shot) {
    // What only a module's or linked template's own unit made is never reported: it goes now, before the
    // graph is built.
    for (std::size_t w = 0; w < lowered.work.size(); ++w) {
      if (numbers.unit_of_work[w] == UINT32_MAX) {
        lowered.items[w] = std::make_shared<scan::KeptLowering>();
        lowered.early[lowered.work[w].first].reset();  // a module's findings, evaluated early: unused
      }
    }
  }
  lap(st.stats.lower_ms);

  const auto n_units = static_cast<std::uint32_t>(out.units.size());
  scan::Groups groups = scan::form_groups(st, lowered, numbers, n_units, std::move(file_diagnostics), std::move(suppressions));
  if (st.across_groups()) scan::lower_again(st, tasks, groups, lowered);
  std::vector<std::shared_ptr<const scan::GroupResult>> results = scan::evaluate_groups(st, groups, lowered, numbers, out.units);
  lap(st.stats.rules_ms);

  if (!st.link_apart) {
    scan::take_whole(st, const_cast<scan::GroupResult&>(*results[0]), out);  // evaluated just now, not kept
  } else if (st.across_groups()) {
    scan::combine_across(st, groups, results, out);
  } else {
    scan::combine_groups(st, groups, std::move(results), lowered, numbers, numbering_before, previous, out);
  }
  lap(st.stats.merge_ms);
}

ScanResult run_scan(const ScanOptions& options, const Catalogue& catalogue) {
  // What no report needs as one graph is linked and evaluated in groups, apart and in parallel.
  ScanSession session(options, catalogue, /*link_apart=*/!options.keep_graph);
  return session.run_once();
}

}  // namespace vl
