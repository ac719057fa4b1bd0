// A Terraform module as declared: the `.tf` and `.tf.json` files of one directory, read into variables,
// locals, outputs, resources, data sources, module calls and provider requirements. Immutable once
// built, shared by every instance of the module and every unit that calls it. ConfigCache reads each file
// and each directory once per scan (through the repository-bounded SourceLoader) for all units.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontends/terraform/hcl/hcl_ast.h"
#include "frontends/terraform/evaluation/types.h"
#include "source/loader.h"

namespace vl::tf {

struct VariableDecl {
  std::string name;
  Span name_span;
  const Expr* default_value = nullptr;
  bool nullable = true;
  std::shared_ptr<const TypeConstraint> type;
  bool sensitive = false;  // `sensitive = true`
  Span header;             // the `variable "x" {` line
  Span default_key;        // the `default` attribute's name
};

struct NamedExpr {
  std::string name;
  Span name_span;
  const Expr* value = nullptr;
};

struct OutputDecl : NamedExpr {
  bool sensitive = false;  // `sensitive = true`
  Span header;             // the `output "x" {` line
  Span value_key;          // the `value` attribute's name
};

struct ResourceDecl {
  bool data = false;
  std::string type;
  std::string name;
  const Block* block = nullptr;
  int duplicate = 0;   // the n-th repeated declaration of this address in the module (0: the first)
  int duplicates = 0;  // on the first: how many repeat it
  std::string address() const { return (data ? "data." : "") + type + "." + name; }
  // The identity findings carry: the address, and for a repeated declaration which repetition it is.
  std::string logical_address() const { return duplicate ? address() + "#" + std::to_string(duplicate + 1) : address(); }
};

struct ModuleCallDecl {
  std::string name;
  const Block* block = nullptr;
  std::string source;       // as written; empty when it is not a literal string
  Span source_span;         // the `source = ...` attribute
};

struct ProviderRequirement {
  std::string local_name;   // azurerm
  std::string source;       // hashicorp/azurerm (empty: the default for the local name)
  std::string constraint;   // ">= 4.81, < 5.2"
};

struct ModuleConfig {
  std::filesystem::path dir;
  std::vector<std::shared_ptr<const ParsedFile>> files;
  std::vector<VariableDecl> variables;
  std::vector<NamedExpr> locals;
  std::vector<OutputDecl> outputs;
  std::vector<ResourceDecl> resources;  // managed resources and data sources, in file order
  std::vector<ModuleCallDecl> module_calls;
  std::vector<ProviderRequirement> requirements;
  std::vector<Diagnostic> diagnostics;  // locals in a cycle (KV001)

  const VariableDecl* variable(const std::string& name) const;
  const NamedExpr* local(const std::string& name) const;
  const OutputDecl* output(const std::string& name) const;
  const ResourceDecl* resource(bool data, const std::string& type, const std::string& name) const;
  const ModuleCallDecl* module_call(const std::string& name) const;
  bool declares_resource_type(const std::string& type) const;

  std::unordered_map<std::string, std::size_t> variable_index, local_index, output_index, call_index;
  std::unordered_map<std::string, std::size_t> resource_index;  // address -> index
};

std::shared_ptr<const ModuleConfig> build_module_config(const std::filesystem::path& dir,
                                                        std::vector<std::shared_ptr<const ParsedFile>> files);

// Is `source` a local path (./x, ../x), which Terraform reads in place rather than installing?
bool is_local_source(const std::string& source);
// A directory as one key: absolute, normalised, without a trailing separator (`./` and `../../` as well).
std::filesystem::path normal_dir(const std::filesystem::path& dir);

// Parses each file and reads each module directory once for the whole scan; thread-safe.
class ConfigCache {
 public:
  explicit ConfigCache(SourceLoader& loader) : loader_(loader) {}

  // The parsed file (native HCL or JSON by its name); null when it cannot be loaded (`error` says why).
  std::shared_ptr<const ParsedFile> file(const std::filesystem::path& path, std::string& error);
  // Seeds the cache with a file parsed before (a language server keeps parsed files between scans): a
  // later file() of a path the loader gives this FileId returns it without parsing again.
  void put(std::shared_ptr<const ParsedFile> parsed);
  // Marks a file as one the scan discovered itself: its parse errors are reported with the file, not by
  // the units that read it as a module.
  void mark_discovered(FileId id);
  bool discovered(FileId id) const;

  struct ModuleResult {
    std::shared_ptr<const ModuleConfig> config;  // null when the directory cannot be read
    LoadStatus status = LoadStatus::Ok;
    std::string error;
  };
  // The module in `dir`: every `.tf` and `.tf.json` file in it.
  ModuleResult module(const std::filesystem::path& dir);
  // Lets go of the module in `dir` and of its files' parses (a one-shot scan, once the root module there is
  // lowered): a later module() or file() reads and parses them again.
  void forget_module(const std::filesystem::path& dir);
  // Makes `dir` the module these files form, without reading the directory (the fuzzer's in-memory input).
  void seed_module(const std::filesystem::path& dir, std::vector<std::shared_ptr<const ParsedFile>> files);

  SourceLoader& loader() { return loader_; }

 private:
  std::shared_ptr<const ParsedFile> file(const std::filesystem::path& path, std::string& error, int links);

  SourceLoader& loader_;
  mutable std::mutex mutex_;
  std::unordered_map<FileId, std::shared_ptr<const ParsedFile>> files_;
  std::map<std::filesystem::path, ModuleResult> modules_;
  std::unordered_map<FileId, bool> discovered_;
  std::map<std::filesystem::path, std::shared_ptr<const ParsedFile>> unreadable_;  // binary or too large
};

}  // namespace vl::tf
