// What a .json file among the scanned files is: an ARM template, a parameter file, exported resources,
// or something else (skipped), read and parsed once.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "frontends/arm/arm_frontend.h"
#include "source/loader.h"

namespace vl::arm {

enum class JsonFileRole { Template, ParameterFile, Exported, Skipped, Broken };  // Exported: deployed resources (lower_exported)

struct ReadJson {
  std::filesystem::path path;
  FileId file = kNoFile;
  JsonFileRole role = JsonFileRole::Skipped;
  Value root;
  std::optional<Diagnostic> diagnostic;  // a KV001 about the file itself
  std::vector<Suppression> suppressions; // from its `// vaultlint-disable-next-line` comments
  // A template held in another document (a blueprint artifact): the parameters that document gives it,
  // used when no parameter file targets it. `root` is then the template itself.
  std::optional<SuppliedParameters> embedded_parameters;
};

// Loads and parses one .json file and decides what it is (template, parameter file, something else);
// broken or oversized templates become a KV001, other JSON is skipped silently.
ReadJson read_json_file(SourceLoader& loader, const std::filesystem::path& path);

}  // namespace vl::arm
