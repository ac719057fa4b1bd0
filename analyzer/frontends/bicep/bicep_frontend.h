// The Bicep frontend: parses .bicep and .bicepparam files, evaluates a template with one set of
// parameter values (one variant), and lowers its resources and modules to ARM-shaped graph resources, as
// the ARM frontend does for the template Bicep would compile to. Local modules are instantiated with the
// values their caller passes; registry and template-spec modules are read from the Bicep module cache.
// Modules that are ARM JSON (a local .json, or a cached registry module) are handed back to the caller
// (scan/) through `LowerRequest::arm`, because a frontend never includes another.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/deployment_scope.h"
#include "frontends/bicep/module_ref.h"
#include "frontends/bicep/syntax.h"
#include "graph/diagnostic.h"
#include "graph/lowered.h"
#include "graph/provenance.h"
#include "source/loader.h"
#include "source/suppression.h"

namespace vl::bicep {

// One parsed file. Shared read-only by every unit and thread that uses it.
struct ParsedFile {
  FileId file = kNoFile;
  std::unique_ptr<SyntaxTree> tree;
  std::vector<Diagnostic> errors;         // a KV001 for each syntax error
  std::vector<Suppression> suppressions;  // its `// vaultlint-disable-next-line` comments
};

std::shared_ptr<const ParsedFile> parse_file(FileId file, std::string_view text, bool params_file);

// The parsed files of one scan: each file is parsed once, whichever unit needs it first.
class ParseCache {
 public:
  // A file whose errors and suppressions the caller reports itself (a discovered file).
  void put(std::shared_ptr<const ParsedFile> parsed);
  // The same for a file whose tree the caller let go: parsed again when a lowering asks for it.
  void mark_reported(FileId file);
  // The parsed file; parses it on first use. `first_use` says whether this call parsed it, so that the
  // errors of a file nobody reported yet are reported once per unit (and merged by location).
  std::shared_ptr<const ParsedFile> get(SourceLoader& loader, FileId file, bool params_file, bool* first_use);
  bool reported(FileId file) const;
  // The uses lowering will make of a file (each variant of a unit that has it as its entry or surely reads
  // it as a module, each variant a .bicepparam gives values to): when the last is done() the cache lets the
  // tree go (trees are 8 times their text), and parses the file again if anything still asks for it.
  void expect(FileId file, std::size_t uses);
  // True when this was the file's last expected use, and the cache let its tree go.
  bool done(FileId file);
  // Lets every tree go (a one-shot scan, once its units are formed): holding the trees of every file from
  // discovery until their lowering made them the scan's peak of memory; a lowering parses its files again,
  // and a tree several lowerings expect stays until the last of them is done.
  void let_go_of_trees();

  // Worked out once per scan for every lowering that asks (each module instance asked again): the local
  // files a template names literally as modules or imports, and the module aliases of a folder. A later
  // ask notes the files the first answer read (LoadRecorder), so a session still learns what each
  // lowering depends on.
  std::vector<FileId> static_modules(const ParsedFile& parsed, const std::filesystem::path& path, SourceLoader& loader,
                                     const std::filesystem::path& bicep_cache);
  std::shared_ptr<const ModuleAliases> folder_aliases(SourceLoader& loader, const std::filesystem::path& dir);

 private:
  template <typename T>
  struct Remembered {
    T value;
    std::vector<std::string> reads;  // what working it out loaded
  };

  mutable std::mutex mutex_;
  std::unordered_map<FileId, std::shared_ptr<const ParsedFile>> files_;
  std::unordered_map<FileId, bool> reported_;
  std::unordered_map<FileId, std::size_t> pending_;  // uses to come, for the files expect() named
  std::unordered_map<FileId, Remembered<std::vector<FileId>>> static_modules_;
  std::unordered_map<std::string, Remembered<std::shared_ptr<const ModuleAliases>>> aliases_;  // by folder path string
};

// A module that is an ARM template: the caller lowers it with the ARM frontend, in the scope and under the
// deployment name the module call gives it, as for a Bicep module.
struct ArmModuleCall {
  FileId file = kNoFile;                          // the template, already loaded
  std::unordered_map<std::string, Value> parameters;  // by lower-case name
  Value parameters_unknown;                       // the call's `params` when unknown as a whole: every parameter is
  std::string origin;                             // for "parameter `x` has no default and <origin> gives it no value"
  std::optional<DeploymentScope> scope;           // the module's scope and deployment name; none: the defaults
  std::uint32_t unit = 0, variant = 0;
  bool module = true;                             // false: the template a .bicepparam targets (an entry)
};
struct ArmModuleResult : LoweredUnit {
  Value outputs;  // the template's outputs by name (what `mod.outputs.x` reads); absent: not evaluated
};
using ArmLowerer = std::function<ArmModuleResult(const ArmModuleCall&)>;

struct LowerRequest {
  FileId file = kNoFile;  // the template (.bicep), already loaded
  // This variant's values (a .bicepparam's), by lower-case name; `origin` names them in messages.
  std::unordered_map<std::string, Value> parameters;
  std::string origin;
  std::shared_ptr<const ParsedFile> params_file;  // the .bicepparam these values come from (its provenance index)
  std::vector<std::pair<std::string, std::string>> cli_params;  // --param NAME=VALUE, typed by the declaration
  std::uint32_t unit = 0, variant = 0;
  SourceLoader* loader = nullptr;
  ParseCache* cache = nullptr;
  std::filesystem::path bicep_cache;      // --bicep-cache
  ArmLowerer arm;                          // lowers ARM JSON modules; null: they are reported unresolved
  // Function calls the whole unit may make (shared with the ARM frontend's limit; see arm::LowerRequest).
  std::uint64_t work_budget = 10'000'000;
};

LoweredUnit lower(const LowerRequest& request);

// A .bicepparam file: what its `using` names, and (evaluated) the values it gives.
struct ParamFileTarget {
  bool none = false;         // using none
  std::string reference;     // the `using` string, as written (empty: no using)
  Span at;                   // where it is written
};
ParamFileTarget param_file_target(const ParsedFile& parsed);

struct ParamFileValues {
  std::unordered_map<std::string, Value> values;  // by lower-case name, with spans in the .bicepparam
  std::vector<Diagnostic> diagnostics;
};
ParamFileValues evaluate_param_file(std::shared_ptr<const ParsedFile> parsed, SourceLoader& loader, ParseCache& cache,
                                    std::uint64_t work_budget = 10'000'000);

// What the expressions of a parsed file are made of (graph/provenance.h), for a caller that hands the
// file's values to the ARM frontend (a .bicepparam that targets an ARM template).
// It holds no syntax once lowering is done: it parses `source` again for what it has not remembered.
std::shared_ptr<const ProvenanceIndex> provenance_index(std::shared_ptr<const ParsedFile> parsed, const SourceFile& source);

// The module aliases of one bicepconfig.json (none when it cannot be read). Which one applies to a folder
// (the nearest upward, inside the repository) is ParseCache::folder_aliases's to work out.
std::shared_ptr<const ModuleAliases> read_module_aliases(SourceLoader& loader, const std::filesystem::path& config);

// The local files a template names as modules or imports (a module's path is always a literal in Bicep):
// every lowering of the template reads them (LoweredUnit::used_files), whatever the parameter values.
std::vector<FileId> static_module_files(const ParsedFile& parsed, const std::filesystem::path& path, SourceLoader& loader,
                                        const std::filesystem::path& bicep_cache, const ModuleAliases& aliases);

// The parameters a template declares: name, and whether it must be given (no default, not nullable).
std::vector<std::pair<std::string, bool>> declared_parameters(const ParsedFile& parsed);

}  // namespace vl::bicep
