// Finds the files a scan looks at: the paths given (files are taken as they are; folders are walked),
// minus what .gitignore files and the configured excludes leave out, and minus folders that never hold
// deployable templates (.git, node_modules, .terraform). Results are sorted, so scans are deterministic.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vl {

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

struct DiscoveryResult {
  std::vector<DiscoveredFile> files;
  std::vector<std::string> missing;  // requested paths that do not exist
};

DiscoveryResult discover(const std::vector<std::filesystem::path>& roots, const DiscoveryOptions& options);

}  // namespace vl
