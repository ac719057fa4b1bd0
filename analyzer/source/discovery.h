// Finds the files a scan looks at: the paths given (files are taken as they are; folders are walked),
// minus what .gitignore files and the configured excludes leave out, and minus folders that never hold
// deployable templates (.git, node_modules, .terraform). Results are sorted, so scans are deterministic.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vl {

class SourceLoader;

enum class FileKind { ArmJson, Bicep, BicepParam, Terraform, TerraformJson, TfVars, TfVarsJson };

// The kind a file name suggests, or false when the scan has nothing to do with it.
bool classify_file_name(const std::filesystem::path& path, FileKind& kind);

struct DiscoveryOptions {
  bool respect_gitignore = true;
  std::vector<std::string> excludes;  // globs over paths relative to each scan root
};

struct DiscoveredFile {
  std::filesystem::path path;  // absolute, normalised
  FileKind kind;
  bool explicitly_named;       // given on the command line rather than found in a folder
};

// A file or folder discovery could not use, reported as a finding at it (the scan goes on): a folder or
// file that cannot be read (KV001, with the OS's reason), a .gitignore too large to apply (KV001), a
// file or .gitignore that is a symbolic link to outside the repository (KV002: not read).
struct DiscoveryProblem {
  std::filesystem::path path;  // absolute, normalised
  std::string rule;            // KV001, KV002
  std::string message;
  std::string fix;             // empty: the rule's
};

struct DiscoveryResult {
  std::vector<DiscoveredFile> files;
  std::vector<std::string> missing;   // requested paths that do not exist
  std::vector<std::string> unusable;  // requested paths that are no file or folder vaultlint scans (why)
  std::vector<DiscoveryProblem> problems;
};

// .gitignore files larger than this are not applied (a KV001 says so).
inline constexpr std::uint64_t kMaxIgnoreFileBytes = 1u << 20;
// At most this many problems are reported; the last says how many more there were.
inline constexpr std::size_t kMaxDiscoveryProblems = 200;

// Every read goes through `loader` (the repository boundary): .gitignore files, and the checks that a
// found file can be read. Without one, each root gets a loader bounded by its own repository.
DiscoveryResult discover(const std::vector<std::filesystem::path>& roots, const DiscoveryOptions& options,
                         const SourceLoader* loader = nullptr);

}  // namespace vl
