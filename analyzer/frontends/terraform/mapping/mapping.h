// The data table that maps Terraform resources onto ARM-shaped graph resources
// (policies/data/azurerm/*.yaml), and the built-in roles by name (policies/data/roles.yaml). The
// scan reads both from the compiled-in policies and hands them here, so the frontend never includes the
// policy layer.
#pragma once

#include <map>
#include <memory>
#include <mutex>
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

// The table, read a part at a time: a part (one file of policies/data/azurerm/) is read when a type it
// maps is first asked for, and the roles when a role is first named by display name. A one-module run
// that declares a vault reads the vault's part, not the whole table (reading it all was a fifth of such a
// run). Thread-safe: every part is read once, whichever lowering asks first.
class Mapping {
 public:
  Mapping();  // an empty table (a scan that declares no resources)
  ~Mapping();
  // Over these texts (the parts, compiled to JSON at build time, and the roles), read on first use.
  Mapping(std::vector<std::string> parts, std::string roles);

  const ResourceMapping* resource(const std::string& type) const;
  const DataSourceMapping* data_source(const std::string& type) const;
  // The definition GUID of a built-in role by its display name (lower case), or null.
  const std::string* role_id(const std::string& lower_name) const;

  // Reads every part and the roles now, and checks that no type is mapped twice; the first error, or "".
  std::string check() const;

 private:
  struct Part;
  struct Roles;
  const Part* read(std::size_t part) const;
  template <typename T, typename Get>
  const T* find(const std::string& type, Get get) const;

  std::vector<std::unique_ptr<Part>> parts_;
  std::unordered_map<std::string, std::vector<std::size_t>> parts_naming_;  // terraform type -> parts
  std::unique_ptr<Roles> roles_;
};

// Reads the mapping (one text per file of policies/data/azurerm/) and the roles, as the build compiles them
// to JSON (embedded_policy_files), all of it now (Mapping::check); on error returns null and sets `error`.
std::shared_ptr<const Mapping> load_mapping(const std::vector<std::string>& mapping_yamls, const std::string& roles_yaml,
                                            std::string& error);
// The same, each part read when it is first used (a scan's: tests check the embedded texts with load_mapping).
std::shared_ptr<const Mapping> lazy_mapping(std::vector<std::string> mapping_yamls, std::string roles_yaml);

}  // namespace vl::tf
