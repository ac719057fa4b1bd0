// Module references (`module x '<ref>'`, `using '<ref>'`, `import ... from '<ref>'`): a local path
// relative to the referring file, a registry module (`br:registry/repo:tag`, `br/alias:path:tag`, or
// `@sha256:...` instead of a tag) or a template spec (`ts:sub/rg/name:version`, `ts/alias:name:version`).
// Registry and template-spec modules are read from the Bicep module cache that `bicep restore` fills:
//   <cache>/br/<registry, lower case, ':' as '$'>/<repository, '/' as '$'>/<tag>$<case mask>/main.json
//   <cache>/ts/<subscription>/<resource group>/<name>/<version>/main.json   (all lower case)
// [src: Azure/bicep src/Bicep.Core/Registry/OciArtifactRegistry.cs GetArtifactDirectory, Oci/TagEncoder.cs,
//  TemplateSpecModuleRegistry.cs GetArtifactDirectoryPath; bicepconfig.json moduleAliases (br/public is
// mcr.microsoft.com with module path `bicep`)]
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace vl::bicep {

struct ModuleAliases {
  struct Registry {
    std::string registry;
    std::string module_path;
  };
  struct TemplateSpec {
    std::string subscription;
    std::string resource_group;
  };
  std::map<std::string, Registry> br;  // by alias; `public` is always there
  std::map<std::string, TemplateSpec> ts;
  ModuleAliases();
};

struct ModuleRef {
  enum class Kind { Local, Registry, TemplateSpec, Invalid };
  Kind kind = Kind::Invalid;
  std::filesystem::path local;   // Local: the file, lexically normalised
  std::filesystem::path cached;  // Registry / TemplateSpec: the cached main.json
  std::string shown;             // the fully qualified reference, for messages
  std::string error;             // Invalid: why
};

ModuleRef resolve_module_ref(std::string_view ref, const std::filesystem::path& from_file,
                             const std::filesystem::path& cache_root, const ModuleAliases& aliases);

// Bicep's encoding of an OCI tag as a directory name: the tag, `$`, and a hexadecimal mask of its
// upper-case characters (nothing after the `$` when there are none).
std::string encode_tag(std::string_view tag);

}  // namespace vl::bicep
