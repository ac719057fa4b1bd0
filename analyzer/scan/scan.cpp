#include "scan/scan.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

#include "graph/budget.h"
#include "graph/provenance.h"
#include "graph/retained.h"
#include "policy/engine.h"
#include "scan/parallel.h"
#include "scan/scan_memory.h"
#include "scan/stages.h"
#include "scan/unit_task.h"
#include "scan/waves.h"
#include "source/glob.h"

namespace vl {

namespace fs = std::filesystem;

namespace {

// A unit whose entry file another unit reads as a module or linked template is part of that unit, not
// an entry point of its own (unless the two read each other).
template <typename Lowered>
std::vector<bool> entry_points(const std::vector<scan::UnitTask>& tasks,
                               const std::vector<std::pair<std::size_t, std::uint32_t>>& work, const Lowered& lowered) {
  std::map<FileId, std::set<std::size_t>> used_by;
  for (std::size_t w = 0; w < work.size(); ++w) {
    for (FileId f : lowered[w]->lowered.used_files) used_by[f].insert(work[w].first);
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

// Leaves out what the configuration file excludes: a glob relative to its folder that matches the file
// or one of its folders. Files named on the command line stay, as with --exclude.
void apply_config_excludes(const ScanOptions& options, std::vector<DiscoveredFile>& files) {
  if (options.config_excludes.empty()) return;
  std::vector<GlobPattern> globs;
  for (const std::string& g : options.config_excludes) globs.emplace_back(g);
  std::erase_if(files, [&](const DiscoveredFile& f) {
    if (f.explicitly_named) return false;
    std::string rel = f.path.lexically_relative(options.config_dir).generic_string();
    if (rel.empty() || rel.starts_with("../")) return false;
    for (std::size_t slash = rel.find('/');; slash = rel.find('/', slash + 1)) {
      std::string prefix = rel.substr(0, slash);
      for (const GlobPattern& g : globs) {
        if (g.matches(prefix) || (slash != std::string::npos && g.matches(prefix + "/"))) return true;
      }
      if (slash == std::string::npos) return false;
    }
  });
}

// An editor's buffer (--stdin-filename, a language server's open document) is scanned whether or not it
// exists on disk yet.
void add_buffer_files(const std::set<fs::path>& buffers, DiscoveryResult& discovered) {
  for (const fs::path& abs : buffers) {
    bool found = false;
    for (const DiscoveredFile& f : discovered.files) found = found || f.path == abs;
    FileKind kind;
    if (!found && classify_file_name(abs, kind)) discovered.files.push_back(DiscoveredFile{abs, kind, true});
    std::erase_if(discovered.missing, [&](const std::string& m) { return fs::absolute(m).lexically_normal() == abs; });
  }
}

fs::path normal(const fs::path& p) { return fs::absolute(p).lexically_normal(); }

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
};

// The findings of a group of units linked and evaluated together (the whole scan, or one island of a
// session that links apart), with its units numbered from 0 in the order the group lists them.
struct GroupResult {
  std::vector<Finding> findings;  // merged and fingerprinted
  std::vector<VaultSummary> vaults;
  std::size_t resources = 0;
  bool parse_errors = false;
  Graph graph;
  std::vector<AccessEdge> access;  // indexes into `graph` (whole: the scan's; linking apart: dropped)
  std::vector<FileId> files;  // where its findings and vaults are (kNoFile for findings with no place)
};

// What a group is made of: its units (global unit numbers, ascending) and, for each, its work items.
struct Group {
  std::vector<std::uint32_t> units;
  std::vector<std::size_t> work;           // work items of those units, in work order
  std::vector<Diagnostic> file_diagnostics;  // KV001s about its files themselves
  std::vector<Suppression> suppressions;     // inline suppressions in its files
};

// The second half of the pipeline for one group: link its resources into one graph, evaluate the rules,
// turn diagnostics into findings, apply suppressions, merge variants and instances, fingerprint.
// `consume`: the lowerings are this run's alone (a one-shot scan): their resources move into the graph.
GroupResult evaluate_group(const Group& group, const ScanOptions& options, const Catalogue& catalogue,
                           const std::vector<UnitInfo>& all_units, const std::vector<std::uint32_t>& unit_of_work,
                           const std::vector<std::shared_ptr<const KeptLowering>>& items, const SourceSet& sources,
                           bool consume) {
  GroupResult out;
  std::vector<UnitInfo> units;
  std::unordered_map<std::uint32_t, std::uint32_t> local;  // global unit number -> this group's
  for (std::uint32_t u : group.units) {
    local[u] = static_cast<std::uint32_t>(units.size());
    units.push_back(all_units[u]);
  }
  std::vector<std::pair<Diagnostic, std::uint32_t>> diagnostics;
  std::vector<Suppression> suppressions = group.suppressions;
  for (std::size_t w : group.work) {
    std::uint32_t unit = local.at(unit_of_work[w]);
    auto base = static_cast<std::uint32_t>(out.graph.resources().size());
    auto add = [&](Resource res) {
      res.unit = unit;
      if (res.module != UINT32_MAX) res.module += base;
      out.graph.add(std::move(res));
    };
    if (consume) {
      // Made by make_shared<KeptLowering> in this run and held by nobody else: not const in fact.
      std::vector<Resource>& resources = const_cast<KeptLowering&>(*items[w]).lowered.resources;
      for (Resource& res : resources) add(std::move(res));
      std::vector<Resource>().swap(resources);  // the moved-from shells, 600 bytes each
    } else {
      for (const Resource& res : items[w]->lowered.resources) add(res);
    }
    for (const Diagnostic& d : items[w]->lowered.diagnostics) diagnostics.emplace_back(d, unit);
    for (const Suppression& s : items[w]->lowered.suppressions) suppressions.push_back(s);
    // The graph keeps the first index of each file (the lowering keeps its own, for the next run).
    for (const auto& index : items[w]->lowered.provenance) out.graph.add_provenance(index);
  }
  out.graph.link();
  out.resources = out.graph.declared_count();

  // Evaluate the policies; diagnostics become KV001/KV002 findings.
  Engine engine(catalogue, options.enabled_rules, EngineOptions{options.as_of});
  EngineResult evaluated = engine.run(out.graph);
  std::vector<Finding> findings = std::move(evaluated.findings);
  for (const Diagnostic& d : group.file_diagnostics) findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  for (auto& [d, unit] : diagnostics) findings.push_back(engine.from_diagnostic(d, unit));
  for (const Diagnostic& d : scan::apply_suppressions(findings, std::move(suppressions), catalogue)) {
    findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  }
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    if (f.rule && f.rule->id == "KV001") out.parse_errors = true;  // decides the exit code even if skipped
    if (!f.rule || !engine.enabled(f.rule->id)) continue;
    if (options.strict && f.result == Verdict::Unresolved) f.result = Verdict::Fail;
    kept.push_back(std::move(f));
  }
  out.findings = scan::merge_findings(std::move(kept), units, sources);
  out.vaults = scan::merge_vaults(evaluated.vaults, out.graph, units, sources);
  out.access = scan::find_access(out.graph, catalogue.data(), sources);
  scan::attach_access(out.vaults, out.access, out.graph);
  for (const Finding& f : out.findings) out.files.push_back(f.location.file);
  for (const VaultSummary& v : out.vaults) out.files.push_back(v.decl.file);
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
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

}  // namespace

struct ScanSession::State {
  ScanOptions options;
  const Catalogue& catalogue;
  bool link_apart = false;
  bool one_shot = false;  // run_once(): nothing is kept for a later run
  std::vector<fs::path> roots;
  std::shared_ptr<SourceSet> sources = std::make_shared<SourceSet>();
  std::unique_ptr<SourceLoader> loader;
  scan::FileCache files;
  std::set<fs::path> buffers;                             // open editor buffers, by absolute path
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
  Stats stats;
  ScanResult result;             // the last run's
  std::uint64_t numbering = 0;   // the units of the last run, in order, hashed (linking apart)
  std::vector<std::shared_ptr<const GroupResult>> used;  // the groups of the last run (linking apart)
  bool changed_everything = true;  // what the last run may have changed: everything, or these files'
  std::set<FileId> changed_files;  // findings (linking apart)

  State(ScanOptions o, const Catalogue& c, bool apart) : options(std::move(o)), catalogue(c), link_apart(apart) {}

  void changed(const fs::path& abs, FileId before) {
    changed_at[abs.string()] = generation + 1;
    FileId id = loader->invalidate(abs);
    for (FileId old : {before, id}) {
      if (old != kNoFile) superseded.push_back(old);
    }
  }
  bool still_valid(const KeptLowering& k) const {
    for (const std::string& p : k.reads) {
      auto it = changed_at.find(p);
      if (it != changed_at.end() && it->second > k.generation) return false;
    }
    return true;
  }
};

ScanSession::ScanSession(ScanOptions options, const Catalogue& catalogue, bool link_apart)
    : state_(std::make_unique<State>(std::move(options), catalogue, link_apart)) {
  State& st = *state_;
  st.roots = st.options.paths.empty() ? std::vector<fs::path>{fs::current_path()} : st.options.paths;
  st.loader = std::make_unique<SourceLoader>(*st.sources, find_repository(st.roots.front()), st.options.max_file_size);
  for (const auto& [path, text] : st.options.overlays) {
    st.loader->overlay(path, text);
    st.buffers.insert(normal(path));
  }
}

ScanSession::~ScanSession() = default;

const ScanOptions& ScanSession::options() const { return state_->options; }
ScanSession::Stats ScanSession::last_stats() const { return state_->stats; }
bool ScanSession::changed_everything() const { return !state_->link_apart || state_->changed_everything; }
const std::set<FileId>& ScanSession::changed_files() const { return state_->changed_files; }
SourceLoader& ScanSession::loader() { return *state_->loader; }

void ScanSession::set_buffer(const fs::path& path, std::string text) {
  fs::path abs = normal(path);
  FileId before = state_->loader->overlay(abs, std::move(text));
  state_->changed(abs, before);
  if (state_->buffers.insert(abs).second) rediscover();
}

void ScanSession::close_buffer(const fs::path& path) {
  fs::path abs = normal(path);
  FileId before = state_->loader->remove_overlay(abs);
  state_->changed(abs, before);
  if (state_->buffers.erase(abs)) rediscover();
}

void ScanSession::file_changed(const fs::path& path) {
  fs::path abs = normal(path);
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
  State& st = *state_;
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

void ScanSession::run(ScanResult& out) {
  State& st = *state_;
  const ScanOptions& options = st.options;
  const Catalogue& catalogue = st.catalogue;
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
  SourceLoader& loader = *st.loader;
  for (std::size_t i = 1; i < st.roots.size(); ++i) loader.allow_root(find_repository(st.roots[i]));
  for (const fs::path& p : options.param_files) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec) && !loader.has_overlay(p)) out.errors.push_back("no such parameter file: " + p.string());
    loader.allow_root(fs::absolute(p).parent_path());
  }
  if (!out.errors.empty()) return;

  if (!st.discovered) {
    DiscoveryResult discovered = discover(st.roots, options.discovery, &loader);
    add_buffer_files(st.buffers, discovered);
    for (const std::string& missing : discovered.missing) out.errors.push_back("no such file or directory: " + missing);
    for (const std::string& unusable : discovered.unusable) out.errors.push_back(unusable);
    if (!out.errors.empty()) return;
    apply_config_excludes(options, discovered.files);
    st.discovery_diagnostics.clear();
    for (const DiscoveryProblem& p : discovered.problems) {
      FileId id = st.sources->add(std::make_unique<SourceFile>(SourceLoader::display_path(p.path), p.path, ""));
      st.discovery_diagnostics.push_back(Diagnostic{p.rule, Span{id, 0, 0}, p.message, {}, p.fix});
    }
    // A file that appeared or went away may change what any unit reads (a module that now exists, a
    // new file of a Terraform module): every unit is lowered again.
    auto same = [](const DiscoveredFile& a, const DiscoveredFile& b) { return a.path == b.path && a.kind == b.kind; };
    if (!std::equal(discovered.files.begin(), discovered.files.end(), st.last_discovered.begin(), st.last_discovered.end(), same)) {
      st.lowerings.clear();
      st.last_discovered = discovered.files;
    }
    st.discovered = std::move(discovered.files);
  }
  // Every format finds its units among the discovered files.
  std::vector<Diagnostic> file_diagnostics = st.discovery_diagnostics;
  std::vector<Suppression> suppressions;
  scan::FormatContext ctx{options, loader, *st.discovered, out, file_diagnostics, suppressions};
  ctx.cache = st.one_shot ? nullptr : &st.files;  // a one-shot scan keeps no parse for a later run
  std::vector<scan::UnitTask> bicep_tasks = scan::bicep_unit_tasks(ctx);  // first: it claims .bicepparam targets
  std::vector<scan::UnitTask> tasks = scan::arm_unit_tasks(ctx);
  for (scan::UnitTask& t : scan::terraform_unit_tasks(ctx)) tasks.push_back(std::move(t));
  for (scan::UnitTask& t : bicep_tasks) tasks.push_back(std::move(t));
  if (!out.errors.empty()) return;
  lap(st.stats.units_ms);

  // Lower every (unit, variant) in parallel; results land in input order. A session reuses a lowering
  // from an earlier run while none of the files it read has changed. Each lowering runs with its unit's
  // budget (shared by the unit's variants, of which at most kMaxVariants run), every place where a limit
  // stopped it is a KV001 (graph/budget.h), and what all of them keep is bounded in scan order
  // (scan/scan_memory.h).
  scan::cap_variants(tasks, file_diagnostics);
  std::vector<std::pair<std::size_t, std::uint32_t>> work;
  std::vector<std::size_t> first_work(tasks.size());
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    first_work[u] = work.size();
    for (std::uint32_t v = 0; v < tasks[u].variant_names.size(); ++v) work.emplace_back(u, v);
  }
  std::vector<std::shared_ptr<const KeptLowering>> items(work.size());
  std::vector<std::string> keys(work.size());
  std::vector<std::uint64_t> key_hashes(work.size());
  for (std::size_t w = 0; w < work.size(); ++w) {
    keys[w] = tasks[work[w].first].key + '\x1f' + std::to_string(work[w].second);
    key_hashes[w] = std::hash<std::string>{}(keys[w]);
    auto it = st.lowerings.find(keys[w]);
    if (!tasks[work[w].first].key.empty() && it != st.lowerings.end() && st.still_valid(*it->second)) items[w] = it->second;
  }
  scan::ScanMemory memory(scan::kScanRetainedBytes, BudgetLimits{}.bytes);
  std::size_t lowered_now = 0;
  auto lower_units = [&](const std::vector<std::size_t>& units) {
    std::vector<std::size_t> wave;  // its work items, in work order
    for (std::size_t u : units) {
      for (std::size_t w = first_work[u]; w < first_work[u] + tasks[u].variant_names.size(); ++w) wave.push_back(w);
    }
    const std::size_t first_number = memory.extend(wave.size());
    std::vector<std::size_t> fresh;  // positions in `wave` to lower; a reused lowering keeps what it kept
    for (std::size_t i = 0; i < wave.size(); ++i) {
      if (items[wave[i]]) {
        memory.finish(first_number + i, items[wave[i]]->retained);
      } else {
        fresh.push_back(i);
      }
    }
    lowered_now += fresh.size();
    parallel_for(fresh.size(), options.jobs, [&](std::size_t k) {
      const std::size_t w = wave[fresh[k]];
      const scan::UnitTask& task = tasks[work[w].first];
      auto kept = std::make_shared<KeptLowering>();
      kept->generation = st.generation;
      struct Finish {  // even when the lowering throws, or the lowerings after it would wait forever
        scan::ScanMemory& memory;
        std::size_t number;
        const KeptLowering& kept;
        ~Finish() { memory.finish(number, kept.retained); }
      } finish{memory, first_number + fresh[k], *kept};
      if (!memory.admit(first_number + fresh[k])) {
        kept->lowered.diagnostics.push_back(scan::not_admitted(task, work[w].second, memory.cap()));
        kept->transient = true;
        items[w] = std::move(kept);
        if (task.done) task.done(work[w].second);
        return;
      }
      {
        LoadRecorder recorder;
        UnitBudget budget(BudgetLimits{}.share(task.variant_names.size()));
        BudgetScope installed(budget);
        kept->lowered = task.lower(static_cast<std::uint32_t>(work[w].first), work[w].second);
        for (Diagnostic& d : stop_diagnostics(budget, Span{task.entry, 0, 0})) kept->lowered.diagnostics.push_back(std::move(d));
        kept->reads = recorder.paths();
      }
      // While the frontend's syntax is at hand, the indexes work out what the graph will ask of the
      // unit's parameters and outputs (graph/provenance.h); then the frontend may let that syntax go.
      remember_value_nodes(kept->lowered);
      if (task.done) task.done(work[w].second);
      kept->lowered.resources.shrink_to_fit();  // 640 bytes a resource: a doubling vector's slack adds up
      kept->retained = retained_bytes(kept->lowered);
      std::vector<std::string>& reads = kept->reads;
      if (task.entry != kNoFile) reads.push_back(st.sources->get(task.entry).path().string());
      for (const fs::path& p : task.inputs) reads.push_back(normal(p).string());
      for (FileId f : kept->lowered.used_files) reads.push_back(st.sources->get(f).path().string());
      std::sort(reads.begin(), reads.end());
      reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
      if (st.link_apart) {
        std::hash<std::string> hash;
        for (const std::string& p : reads) kept->shares.push_back(hash("f\x1f" + p));
        for (const Resource& r : kept->lowered.resources) {
          CrossUnitKeys keys_of = cross_unit_keys(r);
          for (const std::string& id : keys_of.declared) kept->shares.push_back(hash("i\x1f" + id));
          for (const std::string& id : keys_of.queried) kept->looks_up.push_back(hash("i\x1f" + id));
        }
        for (auto* list : {&kept->shares, &kept->looks_up}) {
          std::sort(list->begin(), list->end());
          list->erase(std::unique(list->begin(), list->end()), list->end());
        }
      }
      items[w] = std::move(kept);
    });
  };
  // In two waves, so that a template or module another one names is not also lowered on its own when
  // that one's lowering read it: first the units no other names literally, then the others that none
  // of those read (a unit a parameter file targets is an entry point of its own whoever reads it).
  const std::vector<bool> named = scan::named_by_others(tasks);
  std::vector<std::size_t> first_wave, second_wave;
  for (std::size_t u = 0; u < tasks.size(); ++u) (named[u] ? second_wave : first_wave).push_back(u);
  lower_units(first_wave);
  std::set<FileId> read_by_first_wave;
  for (std::size_t u : first_wave) {
    for (std::size_t w = first_work[u]; w < first_work[u] + tasks[u].variant_names.size(); ++w) {
      read_by_first_wave.insert(items[w]->lowered.used_files.begin(), items[w]->lowered.used_files.end());
    }
  }
  // A unit left out as part of another still names its own links: they are read through it too (the
  // module of a module a loop never reached is no more an entry point than the module is), until no more
  // is left out.
  std::map<fs::path, FileId> entry_of_path;
  for (const scan::UnitTask& t : tasks) entry_of_path.emplace(t.entry_path, t.entry);
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
      for (std::size_t w = first_work[u]; w < first_work[u] + tasks[u].variant_names.size(); ++w) {
        auto part = std::make_shared<KeptLowering>();  // part of the unit that read it: nothing of its own
        part->transient = true;
        part->generation = st.generation;
        part->lowered.used_files = named_files;
        items[w] = std::move(part);
        if (tasks[u].done) tasks[u].done(work[w].second);
      }
      left_out = true;
      return true;
    });
  }
  lower_units(second_wave);
  // The closures hold what the frontends read (Bicep's syntax trees): done with.
  for (scan::UnitTask& t : tasks) {
    t.lower = nullptr;
    t.done = nullptr;
  }
  std::map<std::string, std::shared_ptr<const KeptLowering>> lowerings;  // units that no longer exist go
  for (std::size_t w = 0; w < work.size(); ++w) {
    if (!tasks[work[w].first].key.empty() && !items[w]->transient) lowerings[keys[w]] = items[w];
  }
  if (!st.one_shot) st.lowerings = std::move(lowerings);
  st.stats.lowered = lowered_now;
  st.stats.reused = work.size() - lowered_now;
  std::vector<bool> entry = entry_points(tasks, work, items);

  // The entry units, numbered densely.
  std::vector<std::uint32_t> unit_number(tasks.size(), UINT32_MAX);
  std::vector<std::vector<std::size_t>> work_of_unit;
  for (std::size_t u = 0; u < tasks.size(); ++u) {
    if (!entry[u]) {
      ++out.counts.modules;
      continue;
    }
    unit_number[u] = static_cast<std::uint32_t>(out.units.size());
    UnitInfo info;
    info.entry = tasks[u].entry;
    info.identity = unit_identity(tasks[u].entry_path, loader.repository());
    for (const std::string& v : tasks[u].variant_names) {
      if (!v.empty()) info.variants.push_back(v);
    }
    out.units.push_back(std::move(info));
    work_of_unit.emplace_back();
    ++out.counts.units;
  }
  std::vector<std::uint32_t> unit_of_work(work.size(), UINT32_MAX);
  for (std::size_t w = 0; w < work.size(); ++w) {
    std::uint32_t unit = unit_number[work[w].first];
    unit_of_work[w] = unit;
    if (unit == UINT32_MAX) continue;
    work_of_unit[unit].push_back(w);
    UnitInfo& info = out.units[unit];
    if (info.entry != kNoFile && info.files.empty()) info.files.push_back(info.entry);
    for (FileId f : items[w]->lowered.used_files) {
      if (std::find(info.files.begin(), info.files.end(), f) == info.files.end()) info.files.push_back(f);
    }
  }
  if (st.one_shot) {
    // What only a module's or linked template's own unit made is never reported: it goes now, before the
    // graph is built.
    for (std::size_t w = 0; w < work.size(); ++w) {
      if (unit_of_work[w] == UINT32_MAX) items[w] = std::make_shared<KeptLowering>();
    }
  }
  lap(st.stats.lower_ms);

  // Groups linked and evaluated together: everything, or (a session that links apart) the islands of
  // units that share a file or a proven id; file diagnostics and suppressions go with their file's group.
  const auto n_units = static_cast<std::uint32_t>(out.units.size());
  std::vector<Group> groups;
  std::vector<std::uint32_t> group_of_unit(n_units, 0);
  std::unordered_map<std::string, std::uint32_t> group_of_file;  // by path
  if (!st.link_apart) {
    groups.resize(1);
    for (std::uint32_t u = 0; u < n_units; ++u) groups[0].units.push_back(u);
  } else {
    Islands islands(n_units);
    std::unordered_map<std::uint64_t, std::uint32_t> owner;  // a file read or an id declared -> a unit
    for (std::uint32_t u = 0; u < n_units; ++u) {
      for (std::size_t w : work_of_unit[u]) {
        for (std::uint64_t key : items[w]->shares) {
          auto [it, inserted] = owner.emplace(key, u);
          if (!inserted) islands.join(it->second, u);
        }
      }
    }
    for (std::uint32_t u = 0; u < n_units; ++u) {
      for (std::size_t w : work_of_unit[u]) {
        for (std::uint64_t key : items[w]->looks_up) {
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
      for (std::size_t w : work_of_unit[u]) {
        for (const std::string& p : items[w]->reads) group_of_file.emplace(p, group_of_unit[u]);
      }
    }
  }
  for (std::size_t w = 0; w < work.size(); ++w) {
    if (unit_of_work[w] != UINT32_MAX) groups[group_of_unit[unit_of_work[w]]].work.push_back(w);
  }
  // Diagnostics and suppressions of files no unit reads: a group of their own, with no units.
  const auto loose = static_cast<std::uint32_t>(groups.size());
  if (st.link_apart) groups.emplace_back();
  auto group_of_span = [&](FileId file) -> std::uint32_t {
    if (!st.link_apart) return 0;
    if (file == kNoFile) return loose;
    auto it = group_of_file.find(st.sources->get(file).path().string());
    return it == group_of_file.end() ? loose : it->second;
  };
  for (Diagnostic& d : file_diagnostics) groups[group_of_span(d.span.file)].file_diagnostics.push_back(std::move(d));
  for (Suppression& s : suppressions) groups[group_of_span(s.file)].suppressions.push_back(std::move(s));

  // Evaluate each group, or reuse its result when it is made of the same lowerings as before. The groups
  // are evaluated in parallel, the largest first; a one-shot scan lets each group's lowerings and graph
  // go as soon as its findings are made, so that what it holds is the groups being evaluated.
  std::vector<std::shared_ptr<const GroupResult>> results(groups.size());
  std::vector<std::uint64_t> signatures(groups.size(), 0);
  std::vector<std::size_t> pending;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    // What it is made of: its lowerings (by key and the run that made them), hashed.
    if (st.link_apart && !st.one_shot && g != loose) {
      std::uint64_t& signature = signatures[g];
      signature = 0xcbf29ce484222325ull;
      for (std::size_t w : groups[g].work) {
        for (std::uint64_t v : {key_hashes[w], items[w]->generation}) signature = (signature ^ v) * 0x100000001b3ull + (signature >> 29);
      }
    }
    auto it = signatures[g] == 0 ? st.groups.end() : st.groups.find(signatures[g]);
    if (it != st.groups.end()) {
      results[g] = it->second;
    } else {
      pending.push_back(g);
    }
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [&](std::size_t a, std::size_t b) { return groups[a].work.size() > groups[b].work.size(); });
  const bool drop_graphs = st.one_shot && st.link_apart;  // the merge below reads no group's graph
  parallel_for(pending.size(), options.jobs, [&](std::size_t k) {
    const std::size_t g = pending[k];
    auto result = std::make_shared<GroupResult>(
        evaluate_group(groups[g], options, catalogue, out.units, unit_of_work, items, *st.sources, st.one_shot));
    if (drop_graphs) {
      for (std::size_t w : groups[g].work) items[w].reset();
      result->graph = Graph{};
      std::vector<AccessEdge>().swap(result->access);
    }
    results[g] = std::move(result);
  });
  const std::size_t groups_evaluated = pending.size();
  std::unordered_map<std::uint64_t, std::shared_ptr<const GroupResult>> evaluated;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (signatures[g] != 0) evaluated[signatures[g]] = results[g];
  }
  st.groups = std::move(evaluated);
  st.stats.groups = groups.size();
  st.stats.groups_evaluated = groups_evaluated;
  lap(st.stats.rules_ms);

  // One result: each group's findings and vaults with its units numbered as the scan numbers them.
  if (!st.link_apart) {
    GroupResult& whole = const_cast<GroupResult&>(*results[0]);  // evaluated just now, not kept
    if (options.keep_graph || !st.one_shot) {
      out.graph = std::move(whole.graph);
      out.access = std::move(whole.access);
    }
    out.findings = std::move(whole.findings);
    out.vaults = std::move(whole.vaults);
    out.counts.resources = whole.resources;
    out.parse_errors = whole.parse_errors;
    lap(st.stats.merge_ms);
    return;
  }
  for (const auto& r : results) {
    out.counts.resources += r->resources;
    out.parse_errors = out.parse_errors || r->parse_errors;
  }
  // Linking apart, the findings of the last run stay where no group changed: the files of groups that
  // went away or were evaluated now are dirty, and their findings come from the groups that hold them now.
  std::uint64_t numbering = 0x9e3779b97f4a7c15ull;
  for (std::size_t w = 0; w < work.size(); ++w) {
    std::uint64_t v = key_hashes[w] ^ (unit_of_work[w] == UINT32_MAX ? 0x5bd1e995ull : 0);  // modules are no units
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
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const GroupResult& r = *results[g];
    if (!everything && std::none_of(r.files.begin(), r.files.end(), [&](FileId f) { return dirty.count(f) > 0; })) continue;
    auto global = [&](std::uint32_t local) { return local < groups[g].units.size() ? groups[g].units[local] : local; };
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
  scan::sort_findings(out.findings, *st.sources, kept_findings);
  scan::sort_vaults(out.vaults, *st.sources, kept_vaults);
  st.numbering = numbering;
  st.used = std::move(results);
  st.changed_everything = everything;
  st.changed_files = std::move(dirty);
  lap(st.stats.merge_ms);
}

ScanResult run_scan(const ScanOptions& options, const Catalogue& catalogue) {
  // What no report needs as one graph is linked and evaluated in groups, apart and in parallel.
  ScanSession session(options, catalogue, /*link_apart=*/!options.keep_graph);
  return session.run_once();
}

}  // namespace vl
