// The data the rules consult, loaded from policies/data/*.yaml: published API versions per resource type
// and the built-in roles (generated from ../shared/facts by policies/tools/import_facts.py), and the name
// patterns of the secrets rules (secrets.yaml, written by hand).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/doc_tape.h"
#include "policy/secret_patterns.h"

namespace vl {

struct ApiVersionInfo {
  std::string version;
  bool preview = false;
};

struct RoleInfo {
  std::string name;
  std::string id;  // definition GUID
  bool privileged = false;
  bool vaults_write = false;
  bool role_assignments_write = false;
  bool wildcard_data_actions = false;
  std::vector<std::string> actions, data_actions;
};

// Each table is read from its file on first use, once, whichever thread asks first: a scan that never
// looks at a role or an API version reads neither file (a one-file run starts sooner). Copies share the
// tables. The embedded files are read by a test (check()), since a run no longer reads them all.
class DataTables {
 public:
  DataTables();

  // Adds one data file by its name under policies/ ("data/api-versions.yaml"), compiled to JSON at build
  // time (graph/doc_node.h), to be read on first use; `text` must outlive the tables (an embedded file).
  // A file no table reads (data/azurerm/, read by the Terraform frontend) is left alone.
  // `tape`: the build's tape of the same text (policy/embedded_tapes.h), read instead of the text, or null.
  void add(const std::string& name, std::string_view text, const DocTape* tape = nullptr);
  // The same, read now (a copy of `text` is kept); returns its errors, or "".
  std::string load(const std::string& name, const std::string& text);
  // Reads every table not read yet; returns their errors ("data/roles.yaml: ..."), one a line, or "".
  std::string check() const;

  // The published versions of a type (case-insensitive), or null when the table does not list the type.
  const std::vector<ApiVersionInfo>* api_versions(const std::string& type) const;
  const RoleInfo* role_by_id(const std::string& guid) const;
  const std::vector<RoleInfo>& roles() const;
  // The secrets rules' name patterns (data/secrets.yaml).
  const SecretPatterns& secrets() const;

 private:
  enum Kind : std::uint8_t { kApiVersions, kRoles, kSecrets, kKinds };
  struct Tables;
  const Tables& read(Kind kind) const;

  std::shared_ptr<Tables> tables_;
};

}  // namespace vl
