#include "policy/data_tables.h"

#include <deque>
#include <mutex>

#include "graph/doc_node.h"
#include "source/text.h"

namespace vl {

struct DataTables::Tables {
  struct Source {
    std::vector<std::pair<std::string, std::string_view>> files;  // name, JSON text
    std::once_flag once;
    std::string error;
  };
  Source sources[kKinds];
  std::deque<std::string> owned;  // the texts of load(): a deque keeps the views valid

  std::unordered_map<std::string, std::vector<ApiVersionInfo>> api_versions;  // lower-case type
  std::vector<RoleInfo> roles;
  SecretPatterns secrets;
};

namespace {

std::string read_api_versions(const std::string& name, std::string_view text,
                              std::unordered_map<std::string, std::vector<ApiVersionInfo>>& out) {
  try {
    const DocNode root = compiled_document(text);  // compiled to JSON at build time
    for (const DocNode& t : root["types"]) {
      auto& list = out[to_lower(t["type"].as<std::string>())];
      for (const DocNode& v : t["versions"]) {
        list.push_back(ApiVersionInfo{v["version"].as<std::string>(), v["preview"].as<bool>()});
      }
    }
  } catch (const DocError& e) {
    return name + ": " + e.what();
  }
  return "";
}

std::string read_roles(const std::string& name, std::string_view text, std::vector<RoleInfo>& out) {
  try {
    const DocNode root = compiled_document(text);
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
      out.push_back(std::move(info));
    }
  } catch (const DocError& e) {
    return name + ": " + e.what();
  }
  return "";
}

}  // namespace

DataTables::DataTables() : tables_(std::make_shared<Tables>()) {}

void DataTables::add(const std::string& name, std::string_view text) {
  Kind kind = name == "data/secrets.yaml"            ? kSecrets
              : name.ends_with("api-versions.yaml") ? kApiVersions
              : name.ends_with("roles.yaml")        ? kRoles
                                                    : kKinds;
  if (kind != kKinds) tables_->sources[kind].files.emplace_back(name, text);
}

std::string DataTables::load(const std::string& name, const std::string& text) {
  add(name, tables_->owned.emplace_back(text));
  return check();
}

const DataTables::Tables& DataTables::read(Kind kind) const {
  Tables& t = *tables_;
  Tables::Source& source = t.sources[kind];
  std::call_once(source.once, [&] {
    for (const auto& [name, text] : source.files) {
      std::string error = kind == kApiVersions ? read_api_versions(name, text, t.api_versions)
                          : kind == kRoles     ? read_roles(name, text, t.roles)
                                               : t.secrets.load(std::string(text));
      if (!error.empty()) source.error += (source.error.empty() ? "" : "\n") + error;
    }
  });
  return t;
}

std::string DataTables::check() const {
  std::string errors;
  for (Kind kind : {kApiVersions, kRoles, kSecrets}) {
    read(kind);
    if (!tables_->sources[kind].error.empty()) {
      errors += (errors.empty() ? "" : "\n") + tables_->sources[kind].error;
    }
  }
  return errors;
}

const std::vector<ApiVersionInfo>* DataTables::api_versions(const std::string& type) const {
  const auto& table = read(kApiVersions).api_versions;
  auto it = table.find(to_lower(type));
  return it == table.end() ? nullptr : &it->second;
}

const RoleInfo* DataTables::role_by_id(const std::string& guid) const {
  std::string g = to_lower(guid);
  for (const RoleInfo& r : read(kRoles).roles) {
    if (r.id == g) return &r;
  }
  return nullptr;
}

const std::vector<RoleInfo>& DataTables::roles() const { return read(kRoles).roles; }

const SecretPatterns& DataTables::secrets() const { return read(kSecrets).secrets; }

}  // namespace vl
