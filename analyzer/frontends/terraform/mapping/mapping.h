// The data table that maps Terraform resources onto ARM-shaped graph resources
// (policies/data/azurerm/*.yaml), and the built-in roles by name (policies/data/roles.yaml). The
// scan reads both from the compiled-in policies and hands them here, so the frontend never includes the
// policy layer.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/value.h"

namespace vl::tf {

struct IdRule {
  enum class Kind { None, ResourceGroup, Subscription, Parent, Scope };
  Kind kind = Kind::None;
  std::string attribute;  // resource_group_name, key_vault_id, scope, ...
};

struct OmittedDefault {
  bool present = false;
  Value value;                 // what the provider sends (before the transform)
  std::string shown;           // how messages describe it
  std::string required_from;   // provider version from which omitting it is invalid instead (may be empty)
  std::string shown_required;  // the description from that version on
  std::string shown_either;    // when the provider version may be either side of required_from
};

struct AttributeMapping {
  std::string attribute;
  std::string renamed_from;    // the attribute's name before `renamed_before`
  std::string renamed_before;  // a provider version, "4.42.0"
  std::string path;            // ARM path relative to the resource body or to the block's item
  std::string transform;       // enabled_disabled, ip_rules, subnet_ids, role_name, or empty
  OmittedDefault omitted;
  std::vector<std::pair<std::string, Value>> set;  // constants added to a new `x[]` item
};

struct BlockMapping {
  std::string block;
  std::string path;
  bool single = false;  // max_items: 1
  std::vector<AttributeMapping> attributes;
  std::vector<BlockMapping> blocks;
  std::vector<std::pair<std::string, Value>> set;
};

// An attribute the provider computes that other resources read (`role_definition_resource_id`), made from
// the synthetic identity: `from` is `id` (the ARM id), `name` (its last segment), or a property Azure
// computes from the id (vaultUri, keyUriWithVersion: graph/computed.h), unknown but named by its URI.
struct ExportedAttribute {
  std::string attribute;
  std::string from;
};

// A data source attribute the scan can work out from the data source's own arguments (the role a
// `data.azurerm_role_definition` names): the first rule for an attribute whose `from` argument is set wins.
struct DerivedAttribute {
  std::string attribute;
  std::string from;
  std::string transform;
};

struct ResourceMapping {
  std::string terraform;
  std::string type;
  IdRule id;
  std::string name_attribute = "name";  // empty: named by its address
  std::vector<AttributeMapping> attributes;
  std::vector<BlockMapping> blocks;
  std::vector<ExportedAttribute> exports;
};

struct DataSourceMapping {
  std::string terraform;
  std::string type;
  IdRule id;
  std::vector<std::pair<std::string, std::string>> known;  // attribute -> subscription_id | tenant_id | subscription_resource_id
  std::vector<DerivedAttribute> derived;
  std::vector<ExportedAttribute> exports;  // as a resource's, made from the data source's id
};

struct Mapping {
  std::map<std::string, ResourceMapping> resources;
  std::map<std::string, DataSourceMapping> data_sources;
  std::unordered_map<std::string, std::string> role_ids;  // lower-case role name -> definition GUID

  const ResourceMapping* resource(const std::string& type) const {
    auto it = resources.find(type);
    return it == resources.end() ? nullptr : &it->second;
  }
  const DataSourceMapping* data_source(const std::string& type) const {
    auto it = data_sources.find(type);
    return it == data_sources.end() ? nullptr : &it->second;
  }
};

// Reads the mapping (one text per file of policies/data/azurerm/) and the roles, as the build compiles them
// to JSON (embedded_policy_files); on error returns null and sets `error`.
std::shared_ptr<const Mapping> load_mapping(const std::vector<std::string>& mapping_yamls, const std::string& roles_yaml,
                                            std::string& error);

}  // namespace vl::tf
