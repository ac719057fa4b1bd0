// The data the rules consult, loaded from policies/data/*.yaml: published API versions per resource type
// and the built-in roles (generated from ../shared/facts by policies/tools/import_facts.py), and the name
// patterns of the secrets rules (secrets.yaml, written by hand).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

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

class DataTables {
 public:
  // Loads one data file by its name under policies/ ("data/api-versions.yaml"), compiled to JSON at build time
  // (graph/doc_node.h); returns an error or "".
  std::string load(const std::string& name, const std::string& text);

  // The published versions of a type (case-insensitive), or null when the table does not list the type.
  const std::vector<ApiVersionInfo>* api_versions(const std::string& type) const;
  const RoleInfo* role_by_id(const std::string& guid) const;
  const std::vector<RoleInfo>& roles() const { return roles_; }
  // The secrets rules' name patterns (data/secrets.yaml).
  const SecretPatterns& secrets() const { return *secrets_; }

 private:
  std::unordered_map<std::string, std::vector<ApiVersionInfo>> api_versions_;  // lower-case type
  std::vector<RoleInfo> roles_;
  std::shared_ptr<SecretPatterns> secrets_ = std::make_shared<SecretPatterns>();
};

}  // namespace vl
