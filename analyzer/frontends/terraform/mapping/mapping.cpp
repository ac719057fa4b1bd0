#include "frontends/terraform/mapping/mapping.h"

#include <algorithm>

#include "graph/doc_node.h"
#include "source/text.h"

namespace vl::tf {

namespace {

std::string str(const DocNode& n, const char* key) {
  return n[key] && n[key].IsScalar() ? n[key].as<std::string>() : std::string();
}

// A scalar as the value a provider sends: a bool, an integer, or a string.
Value scalar_value(const DocNode& n) {
  std::string s = n.as<std::string>();
  if (s == "true" || s == "false") return Value::boolean(s == "true");
  try {
    std::size_t used = 0;
    long long i = std::stoll(s, &used);
    if (used == s.size()) return Value::integer(i);
  } catch (...) {
  }
  return Value::string(s);
}

IdRule read_id(const DocNode& n) {
  IdRule r;
  if (!n || !n.IsMap()) return r;
  if (n["resource_group"]) {
    r.kind = IdRule::Kind::ResourceGroup;
    r.attribute = str(n, "resource_group");
  } else if (n["subscription"]) {
    r.kind = IdRule::Kind::Subscription;
  } else if (n["parent"]) {
    r.kind = IdRule::Kind::Parent;
    r.attribute = str(n, "parent");
  } else if (n["scope"]) {
    r.kind = IdRule::Kind::Scope;
    r.attribute = str(n, "scope");
  }
  return r;
}

std::vector<std::pair<std::string, Value>> read_set(const DocNode& n) {
  std::vector<std::pair<std::string, Value>> out;
  if (!n || !n.IsMap()) return out;
  for (const auto& kv : n) out.emplace_back(kv.first.as<std::string>(), scalar_value(kv.second));
  return out;
}

AttributeMapping read_attribute(const DocNode& n) {
  AttributeMapping a;
  a.attribute = str(n, "attribute");
  a.path = str(n, "path");
  a.transform = str(n, "transform");
  if (const DocNode& r = n["renamed_from"]) {
    a.renamed_from = str(r, "attribute");
    a.renamed_before = str(r, "before");
  }
  if (const DocNode& o = n["omitted"]) {
    a.omitted.present = true;
    a.omitted.value = scalar_value(o["value"]);
    a.omitted.shown = str(o, "shown");
    a.omitted.required_from = str(o, "required_from");
    a.omitted.shown_required = str(o, "shown_required");
    a.omitted.shown_either = str(o, "shown_either");
  }
  a.set = read_set(n["set"]);
  return a;
}

BlockMapping read_block(const DocNode& n) {
  BlockMapping b;
  b.block = str(n, "block");
  b.path = str(n, "path");
  b.single = n["max_items"] && n["max_items"].as<int>() == 1;
  for (const DocNode& a : n["attributes"]) b.attributes.push_back(read_attribute(a));
  for (const DocNode& c : n["blocks"]) b.blocks.push_back(read_block(c));
  b.set = read_set(n["set"]);
  return b;
}

// Reads one part of the table; the error, or "" (then the tables hold what it maps).
std::string read_part(const std::string& text, std::map<std::string, ResourceMapping>& resources,
                      std::map<std::string, DataSourceMapping>& data_sources) {
  try {
    const DocTree root = compiled_document(text);
    for (const DocNode& r : root["resources"]) {
      ResourceMapping rm;
      rm.terraform = str(r, "terraform");
      rm.type = str(r, "type");
      rm.id = read_id(r["id"]);
      if (r["name"]) rm.name_attribute = str(r, "name");
      for (const DocNode& a : r["attributes"]) rm.attributes.push_back(read_attribute(a));
      for (const DocNode& b : r["blocks"]) rm.blocks.push_back(read_block(b));
      for (const DocNode& e : r["exports"]) rm.exports.push_back(ExportedAttribute{str(e, "attribute"), str(e, "from")});
      if (rm.terraform.empty() || rm.type.empty()) return "the azurerm mapping: a resource needs `terraform` and `type`";
      if (resources.count(rm.terraform)) return "the azurerm mapping: " + rm.terraform + " is mapped twice";
      resources[rm.terraform] = std::move(rm);
    }
    for (const DocNode& d : root["data_sources"]) {
      DataSourceMapping dm;
      dm.terraform = str(d, "terraform");
      dm.type = str(d, "type");
      dm.id = read_id(d["id"]);
      if (const DocNode& k = d["known"]) {
        for (const auto& kv : k) dm.known.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
      }
      for (const DocNode& e : d["exports"]) dm.exports.push_back(ExportedAttribute{str(e, "attribute"), str(e, "from")});
      for (const DocNode& v : d["derived"]) {
        dm.derived.push_back(DerivedAttribute{str(v, "attribute"), str(v, "from"), str(v, "transform")});
      }
      if (data_sources.count(dm.terraform)) return "the azurerm mapping: data source " + dm.terraform + " is mapped twice";
      data_sources[dm.terraform] = std::move(dm);
    }
  } catch (const DocError& e) {
    return std::string("the azurerm mapping: ") + e.what();
  }
  return "";
}

std::string read_roles(const std::string& text, std::unordered_map<std::string, std::string>& ids) {
  if (text.empty()) return "";  // an empty table
  try {
    const DocTree roles = compiled_document(text);
    for (const DocNode& r : roles["roles"]) ids[to_lower(str(r, "name"))] = to_lower(str(r, "id"));
  } catch (const DocError& e) {
    return std::string("the azurerm mapping's roles: ") + e.what();
  }
  return "";
}

// The types a part maps, without reading it: the value of every `"terraform":"..."` member of its compiled
// JSON (each resource's and data source's key; the build writes it without spaces, and a type name has no
// character JSON escapes). Mapping::check proves that every type a part maps is found this way.
std::vector<std::string> types_named(std::string_view text) {
  static constexpr std::string_view kKey = "\"terraform\":\"";
  std::vector<std::string> types;
  for (std::size_t at = text.find(kKey); at != std::string_view::npos; at = text.find(kKey, at)) {
    at += kKey.size();
    const std::size_t end = text.find('"', at);
    if (end == std::string_view::npos) break;
    types.emplace_back(text.substr(at, end - at));
    at = end;
  }
  return types;
}

}  // namespace

struct Mapping::Part {
  std::string text;
  std::once_flag once;
  std::string error;
  std::map<std::string, ResourceMapping> resources;
  std::map<std::string, DataSourceMapping> data_sources;
};

struct Mapping::Roles {
  std::string text;
  std::once_flag once;
  std::string error;
  std::unordered_map<std::string, std::string> ids;  // lower-case role name -> definition GUID
};

Mapping::Mapping() : roles_(std::make_unique<Roles>()) {}
Mapping::~Mapping() = default;

Mapping::Mapping(std::vector<std::string> parts, std::string roles) : roles_(std::make_unique<Roles>()) {
  roles_->text = std::move(roles);
  for (std::string& text : parts) {
    auto part = std::make_unique<Part>();
    part->text = std::move(text);
    for (std::string& type : types_named(part->text)) {
      std::vector<std::size_t>& list = parts_naming_[std::move(type)];
      if (list.empty() || list.back() != parts_.size()) list.push_back(parts_.size());
    }
    parts_.push_back(std::move(part));
  }
}

const Mapping::Part* Mapping::read(std::size_t i) const {
  Part& p = *parts_[i];
  std::call_once(p.once, [&p] {
    p.error = read_part(p.text, p.resources, p.data_sources);
    if (!p.error.empty()) {  // a part that cannot be read maps nothing
      p.resources.clear();
      p.data_sources.clear();
    }
  });
  return &p;
}

template <typename T, typename Get>
const T* Mapping::find(const std::string& type, Get get) const {
  auto it = parts_naming_.find(type);
  if (it == parts_naming_.end()) return nullptr;
  for (std::size_t i : it->second) {
    const auto& table = get(*read(i));
    auto found = table.find(type);
    if (found != table.end()) return &found->second;
  }
  return nullptr;
}

const ResourceMapping* Mapping::resource(const std::string& type) const {
  return find<ResourceMapping>(type, [](const Part& p) -> const auto& { return p.resources; });
}

const DataSourceMapping* Mapping::data_source(const std::string& type) const {
  return find<DataSourceMapping>(type, [](const Part& p) -> const auto& { return p.data_sources; });
}

const std::string* Mapping::role_id(const std::string& lower_name) const {
  Roles& r = *roles_;
  std::call_once(r.once, [&r] { r.error = read_roles(r.text, r.ids); });
  auto it = r.ids.find(lower_name);
  return it == r.ids.end() ? nullptr : &it->second;
}

std::string Mapping::check() const {
  std::map<std::string, std::size_t> resource_part, data_source_part;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    const Part& p = *read(i);
    if (!p.error.empty()) return p.error;
    auto indexed = [&](const std::string& type) {
      auto it = parts_naming_.find(type);
      return it != parts_naming_.end() && std::find(it->second.begin(), it->second.end(), i) != it->second.end();
    };
    for (const auto& [type, m] : p.resources) {
      if (!resource_part.emplace(type, i).second) return "the azurerm mapping: " + type + " is mapped twice";
      if (!indexed(type)) return "the azurerm mapping: " + type + " is not found where it is mapped";
    }
    for (const auto& [type, m] : p.data_sources) {
      if (!data_source_part.emplace(type, i).second) return "the azurerm mapping: data source " + type + " is mapped twice";
      if (!indexed(type)) return "the azurerm mapping: data source " + type + " is not found where it is mapped";
    }
  }
  role_id("");
  return roles_->error;
}

std::shared_ptr<const Mapping> load_mapping(const std::vector<std::string>& mapping_yamls, const std::string& roles_yaml,
                                            std::string& error) {
  auto m = std::make_shared<const Mapping>(mapping_yamls, roles_yaml);
  error = m->check();
  return error.empty() ? m : nullptr;
}

std::shared_ptr<const Mapping> lazy_mapping(std::vector<std::string> mapping_yamls, std::string roles_yaml) {
  return std::make_shared<const Mapping>(std::move(mapping_yamls), std::move(roles_yaml));
}

}  // namespace vl::tf
