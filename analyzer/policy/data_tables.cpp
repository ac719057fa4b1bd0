#include "policy/data_tables.h"

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "graph/doc_node.h"
#include "source/text.h"

namespace vl {

struct DataTables::Tables {
  struct Source {
    struct File {
      std::string name;
      std::string_view text;  // JSON
      const DocTape* tape;    // the build's tape of it, or null
    };
    std::vector<File> files;
    std::once_flag once;
    std::string error;
  };
  Source sources[kKinds];
  std::deque<std::string> owned;  // the texts of load(): a deque keeps the views valid

  std::unordered_map<std::string, std::vector<ApiVersionInfo>> api_versions;  // lower-case type
  std::vector<RoleInfo> roles;
  SecretPatterns secrets;

  // The API versions read a type at a time (a run asks for the few types it has): each type's objects in
  // the compiled JSON, found without reading the rest, and read when the type is first asked for.
  std::once_flag api_index_once;
  bool api_indexed = false;  // every file has the shape the build writes; else the table is read whole
  std::unordered_map<std::string, std::vector<std::string_view>> api_objects;  // lower-case type -> its objects
  std::mutex api_mutex;
  std::unordered_map<std::string, std::unique_ptr<const std::vector<ApiVersionInfo>>> api_read;  // by lower-case type
  std::atomic<bool> api_unreadable{false};  // an object would not read: the table is read whole, with its error
};

namespace {

std::string read_api_versions(const std::string& name, std::string_view text,
                              std::unordered_map<std::string, std::vector<ApiVersionInfo>>& out) {
  try {
    const DocTree root = compiled_document(text);  // compiled to JSON at build time
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

// Each type's object in an API-version table as the build writes it: `{"types":[{"type":"...",...},...]}`
// without white space, no escape in a type. False for any other shape (the table is then read whole).
bool index_api_objects(std::string_view text, std::unordered_map<std::string, std::vector<std::string_view>>& out) {
  constexpr std::string_view kStart = "{\"types\":[", kItem = "{\"type\":\"";
  if (!text.starts_with(kStart)) return false;
  std::size_t at = kStart.size();
  if (text.substr(at) == "]}") return true;
  for (;;) {
    if (text.substr(at, kItem.size()) != kItem) return false;
    const std::size_t name_begin = at + kItem.size();
    const std::size_t name_end = text.find('"', name_begin);
    if (name_end == std::string_view::npos || text.substr(name_begin, name_end - name_begin).find('\\') != std::string_view::npos) {
      return false;
    }
    // The object's end: its closing brace, outside strings.
    int depth = 0;
    bool in_string = false;
    std::size_t i = at;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        break;
      }
    }
    if (i >= text.size()) return false;
    out[to_lower(text.substr(name_begin, name_end - name_begin))].push_back(text.substr(at, i + 1 - at));
    at = i + 1;
    if (at < text.size() && text[at] == ',') {
      ++at;
      continue;
    }
    return text.substr(at) == "]}";
  }
}

std::string read_roles(const std::string& name, std::string_view text, const DocTape* tape, std::vector<RoleInfo>& out) {
  try {
    const DocTree root = tape ? DocTree(*tape) : compiled_document(text);
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

void DataTables::add(const std::string& name, std::string_view text, const DocTape* tape) {
  Kind kind = name == "data/secrets.yaml"            ? kSecrets
              : name.ends_with("api-versions.yaml") ? kApiVersions
              : name.ends_with("roles.yaml")        ? kRoles
                                                    : kKinds;
  if (kind != kKinds) tables_->sources[kind].files.push_back({name, text, tape});
}

std::string DataTables::load(const std::string& name, const std::string& text) {
  add(name, tables_->owned.emplace_back(text));
  return check();
}

const DataTables::Tables& DataTables::read(Kind kind) const {
  Tables& t = *tables_;
  Tables::Source& source = t.sources[kind];
  std::call_once(source.once, [&] {
    for (const auto& [name, text, tape] : source.files) {
      std::string error = kind == kApiVersions ? read_api_versions(name, text, t.api_versions)
                          : kind == kRoles     ? read_roles(name, text, tape, t.roles)
                          : tape               ? t.secrets.load(DocTree(*tape))
                                               : t.secrets.load(compiled_document(text));
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
  if (!errors.empty()) return errors;
  // The API versions a run reads a type at a time are those of the whole table.
  for (const auto& [type, versions] : tables_->api_versions) {
    const std::vector<ApiVersionInfo>* one = api_versions(type);
    bool same = one && one->size() == versions.size();
    for (std::size_t i = 0; same && i < versions.size(); ++i) {
      same = (*one)[i].version == versions[i].version && (*one)[i].preview == versions[i].preview;
    }
    if (!same) return "data/api-versions.yaml: the versions of " + type + " read alone differ from the table's";
  }
  for (const auto& [type, objects] : tables_->api_objects) {
    if (!tables_->api_versions.count(type)) return "data/api-versions.yaml: " + type + " is found alone but not in the table";
  }
  return "";
}

const std::vector<ApiVersionInfo>* DataTables::api_versions(const std::string& type) const {
  Tables& t = *tables_;
  std::call_once(t.api_index_once, [&t] {
    t.api_indexed = true;
    for (const auto& file : t.sources[kApiVersions].files) t.api_indexed = t.api_indexed && index_api_objects(file.text, t.api_objects);
  });
  const std::string key = to_lower(type);
  if (t.api_indexed && !t.api_unreadable) {
    auto objects = t.api_objects.find(key);
    if (objects == t.api_objects.end()) return nullptr;
    std::lock_guard<std::mutex> lock(t.api_mutex);
    if (auto it = t.api_read.find(key); it != t.api_read.end()) return it->second.get();
    try {
      auto list = std::make_unique<std::vector<ApiVersionInfo>>();
      for (std::string_view object : objects->second) {
        const DocTree o = compiled_document(object);
        for (const DocNode& v : o["versions"]) list->push_back(ApiVersionInfo{v["version"].as<std::string>(), v["preview"].as<bool>()});
      }
      return (t.api_read[key] = std::move(list)).get();
    } catch (const DocError&) {
      t.api_unreadable = true;  // read whole below, as check() reports it
    }
  }
  const auto& table = read(kApiVersions).api_versions;
  auto it = table.find(key);
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
