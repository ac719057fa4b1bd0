// The pipeline driver, the one entry point that the CLI (and the language server) call: paths and
// options in, findings and per-vault verdicts out. discover -> read and parse (in parallel) -> group into
// deployment units and variants -> lower each (in parallel) -> link one graph -> evaluate the policies
// -> merge variants and loop instances -> fingerprint and sort.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "graph/graph.h"
#include "graph/unit_task.h"
#include "policy/catalogue.h"
#include "policy/finding.h"
#include "source/discovery.h"
#include "source/loader.h"
#include "source/source_file.h"

namespace vl {

// With the options that decide units and variants (graph/unit_task.h: UnitOptions): --param-file,
// --param, --var-file, --var, --bicep-cache and the configuration's `parameter_files`.
struct ScanOptions : UnitOptions {
  std::vector<std::filesystem::path> paths;                   // default: the working directory
  std::set<std::string> enabled_rules;                        // ids to run (after --rule/--skip-rule)
  bool strict = false;                                        // unresolved counts as fail
  std::string as_of;                                          // YYYY-MM-DD
  unsigned jobs = 1;
  std::uint64_t max_file_size = 32ull << 20;
  DiscoveryOptions discovery;
  // Globs of the configuration file's `exclude`, relative to the folder that holds it (config_dir).
  std::filesystem::path config_dir;
  std::vector<std::string> config_excludes;
  // Files read from memory instead of disk (--stdin-filename: an editor's unsaved buffer), by path.
  std::map<std::filesystem::path, std::string> overlays;
  // Whether the result keeps the graph and the access edges (`vaultlint graph`); a scan's reports need
  // neither, and a one-shot run then frees the graph before they are written.
  bool keep_graph = true;
  // A one-shot scan that links apart keeps the lowerings of units that only look up ids up to this many
  // bytes before it evaluates the next such unit on the chance that none declares them (scan/early.cpp);
  // tests set 0 to take that path always. Measured (callgrind, corpus --jobs 1; peak RSS, bench/generate.py's
  // 10,000 files --jobs 2): 0 lowers 26 large units again (19.1 G instructions, 162 MB), 16 MB 13 (17.8 G,
  // 164 MB), 32 MB none (17.6 G, 176 MB), 64 MB none (201 MB); before units were evaluated early, 18.3 G, 220 MB.
  std::uint64_t kept_on_chance_bytes = 16ull << 20;
  // A one-shot scan that links apart drops what its rules never read from the lowerings it holds for
  // their groups (graph/trim.h); a unit that joins no other is evaluated at once, untrimmed. Tests set
  // this to trim every lowering, so that comparing with one whole graph (never trimmed) covers trimming.
  bool trim_every_lowering = false;
};

// One deployment unit: an entry template and its variants (parameter files).
struct UnitInfo {
  FileId entry = kNoFile;
  std::string identity;               // the entry's path relative to its repository: part of fingerprints
  std::vector<std::string> variants;  // parameter file paths as reports show them; empty: defaults only
  std::vector<FileId> files;          // the entry and the modules and linked templates its variants read
};

// Who reaches a vault, with which role, from which scope: one role assignment (or PIM request) as the
// per-vault summary shows it (scan/vault_access.cpp).
struct VaultAccess {
  std::string principal;       // the principal id, or the expression the template writes for it
  std::string principal_type;  // User, Group, ServicePrincipal, ...; empty when not stated or not known
  std::string role;            // the role's name, or the display name written; empty when unresolved
  std::string role_id;         // its definition GUID, when known
  std::string role_reason;     // why the role is unresolved; empty when it is known
  bool privileged = false;
  std::string scope;           // where it is granted: "Key Vault `kv`", "resource group `rg`"
  std::string level;           // resource | resource_group | subscription | management_group
  std::string kind;            // standing | eligible | active
  Span at;                     // the assignment's declaration
};

// The same, as an edge of the graph: the assignment, the vault it reaches, the role definition that
// defines its role when the scan holds it (`vaultlint graph`: reaches, defined-by, assigned-to). An
// assignment that reaches no vault has one, with no target.
struct AccessEdge {
  std::uint32_t assignment = 0;
  std::uint32_t target = UINT32_MAX;
  std::uint32_t definition = UINT32_MAX;
  VaultAccess access;
};

// A vault and its three verdicts, merged over variants (the worst wins).
struct VaultSummary {
  std::string name;
  std::string type;
  Span decl;
  std::uint32_t unit = 0;
  ControlVerdict rbac, network, recovery;
  std::vector<std::string> variants;
  bool conditional = false;
  std::vector<std::uint32_t> resources;  // the graph's declarations merged into it (instances, variants)
  std::vector<VaultAccess> access;       // who reaches it (scan/vault_access.cpp)
};

struct ScanResult {
  std::vector<std::string> errors;   // usage/configuration errors (a missing path): exit code 2
  std::vector<std::string> warnings; // worth saying on stderr, not failing for
  std::vector<Finding> findings;     // merged, fingerprinted, sorted by file, position and rule
  std::vector<VaultSummary> vaults;
  std::vector<AccessEdge> access;    // every role assignment, and each vault or Managed HSM it reaches
  std::vector<UnitInfo> units;
  Graph graph;
  // Every file read, addressed by FileId; a session's scans share it (a changed file gets a new FileId).
  std::shared_ptr<SourceSet> sources = std::make_shared<SourceSet>();
  ScanCounts counts;
  bool parse_errors = false;         // a KV001 occurred: the exit code is 1 (unless --fail-on none)
};

// One scan: a ScanSession run once.
ScanResult run_scan(const ScanOptions& options, const Catalogue& catalogue);

// A scan that runs again after changes (the language server; the CLI's --fix checks its edits with it).
// It keeps what it read and parsed of each file and each unit's lowering, and on the next run reads,
// parses and lowers again only the files and units a change touched: a unit is lowered again when a file
// it read (its entry, parameter files, tfvars, modules, linked templates, loaded content) changed. The
// graph is linked and the rules evaluated over everything on every run, so cross-file rules (a private
// endpoint in another file, a module's input from its caller) see the change wherever it lands.
class ScanSession {
 public:
  // `link_apart`: link and evaluate apart the groups of units that share no file and no proven id (they
  // cannot affect each other's findings), and on a later run only the groups a change touched. The result
  // then has no graph (ScanResult::graph is empty); its findings are those of one whole graph.
  ScanSession(ScanOptions options, const Catalogue& catalogue, bool link_apart = false);
  ~ScanSession();
  ScanSession(const ScanSession&) = delete;
  ScanSession& operator=(const ScanSession&) = delete;

  // An editor's buffer: read instead of the file on disk (which need not exist) until it is closed.
  void set_buffer(const std::filesystem::path& path, std::string text);
  void close_buffer(const std::filesystem::path& path);
  // A file changed, appeared or went away on disk (saved, or changed outside the editor).
  void file_changed(const std::filesystem::path& path);
  // Files may have appeared or gone away: discover the scan's files again on the next run.
  void rediscover();
  // Looks at the disk: every file read from it that changed since is read again, and the scan's files
  // are discovered again (after a save: other tools may have written files too). Returns how many
  // changed.
  std::size_t refresh_from_disk();

  // Scans; the result stays valid until the next run.
  const ScanResult& run();
  // Moves the last run's result out (a one-shot scan).
  ScanResult take_result();
  // Scans once and moves the result out, keeping nothing for a later run: the lowerings move into the
  // graph instead of being copied (run_scan; the session is spent).
  ScanResult run_once();

  const ScanOptions& options() const;
  // What the last run did: units lowered again and units whose lowering it reused.
  struct Stats {
    std::size_t lowered = 0, reused = 0;
    // Milliseconds spent: discovering and forming units (reading and parsing what changed), lowering,
    // linking and evaluating the rules (and merging, per group), putting the groups' findings together.
    double units_ms = 0, lower_ms = 0, rules_ms = 0, merge_ms = 0;
    // Groups of units linked and evaluated together, and how many of them this run evaluated.
    std::size_t groups = 0, groups_evaluated = 0;
  };
  Stats last_stats() const;
  // Linking apart: the files whose findings (or vaults) the last run may have changed, FileIds old and
  // new; everything, after the first run and whenever units were added, removed or renumbered.
  bool changed_everything() const;
  const std::set<FileId>& changed_files() const;
  // The session's loader: what it read, and the editor's buffers.
  SourceLoader& loader();

 private:
  void run(ScanResult& out);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vl
