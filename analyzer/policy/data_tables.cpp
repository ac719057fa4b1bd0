#include "policy/data_tables.h"

#include "graph/doc_node.h"

#include "source/text.h"

namespace vl {

std::string DataTables::load(const std::string& name, const std::string& text) {
  try {
    if (name == "data/secrets.yaml") return secrets_->load(text);
    const DocNode root = compiled_document(text);  // compiled to JSON at build time
    if (name.ends_with("api-versions.yaml")) {
      for (const DocNode& t : root["types"]) {
        auto& list = api_versions_[to_lower(t["type"].as<std::string>())];
        for (const DocNode& v : t["versions"]) {
          list.push_back(ApiVersionInfo{v["version"].as<std::string>(), v["preview"].as<bool>()});
        }
      }
    } else if (name.ends_with("roles.yaml")) {
      for (const DocNode& r : root["roles"]) {
        RoleInfo info;
        info.name = r["name"].as<std::string>();
        info.id = to_lower(r["id"].as<std::string>());
        info.privileged = r["privileged"].as<bool>();
        info.vaults_write = r["vaults_write"].as<bool>();
        info.role_assignments_write = r["role_assignments_write"].as<bool>();
        info.wildcard_data_actions = r["wildcard_data_actions"].as<bool>();
        for (const DocNode& a : r["actions"]) info.actions.push_back(a.as<std::string>());
        for (const DocNode& a : r["dataActions"]) info.data_actions.push_back(a.as<std::string>());
        roles_.push_back(std::move(info));
      }
    }
  } catch (const DocError& e) {
    return name + ": " + e.what();
  }
  return "";
}

const std::vector<ApiVersionInfo>* DataTables::api_versions(const std::string& type) const {
  auto it = api_versions_.find(to_lower(type));
  return it == api_versions_.end() ? nullptr : &it->second;
}

const RoleInfo* DataTables::role_by_id(const std::string& guid) const {
  std::string g = to_lower(guid);
  for (const RoleInfo& r : roles_) {
    if (r.id == g) return &r;
  }
  return nullptr;
}

}  // namespace vl
