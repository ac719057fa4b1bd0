// Applies the mapping table to one evaluated Terraform resource: its ARM-shaped body (every mapped value
// keeps its attribute's span; an omitted one with a provider default points at the block header), its
// synthetic ARM id and scope, and the names messages use for each mapped property.
#pragma once

#include <string>

#include "frontends/terraform/mapping/mapping.h"
#include "frontends/terraform/mapping/provider_version.h"
#include "graph/resource.h"

namespace vl::tf {

struct MappingEnv {
  const Mapping& mapping;
  const VersionRange& azurerm;         // the provider version, for attribute names and omitted defaults
  const std::string& subscription_id;  // the synthetic deployment context
  std::string address;                 // the resource's address with instance keys, for placeholders
  Span header;                         // `resource "..." "..." {`
};

struct MappedIdentity {
  std::string id;        // the synthetic ARM id; symbolic (graph/symbol.h) where a name is unknown
  std::string scope_id;  // extension resources: what they attach to (empty when unknown)
  std::string scope_unknown;  // why the scope attribute cannot be known
  Value name;            // the ARM name (parent/child for children)
};

// The id of a resource (or data source) by its id rule, from its evaluated Terraform attributes.
MappedIdentity mapped_identity(const IdRule& rule, const std::string& arm_type, const std::string& name_attribute,
                               const Value& tf_body, const MappingEnv& env);

// A named conversion of a mapped value (mapping README: enabled_disabled, ip_rules, subnet_ids, role_name,
// role_name_guid, role_id); an unknown name returns the value as it is.
Value apply_transform(const std::string& name, const Value& v, const MappingEnv& env);

// Fills `out.body` (ARM-shaped, with `properties`) and `out.source_attributes` from `tf_body`.
void apply_mapping(const ResourceMapping& m, const Value& tf_body, const MappingEnv& env, Resource& out);

// Adds the attributes a resource mapping exports (mapping README: `exports`) to the object references see.
void add_exported_attributes(const ResourceMapping& m, const std::string& id, const std::string& address, Span at,
                             Object& object);
// The same for any list of exports of a resource or data source of ARM type `type` whose id is `id`.
void add_exported_attributes(const std::vector<ExportedAttribute>& exports, const std::string& type, const std::string& id,
                             const std::string& address, Span at, Object& object);
// Adds the attributes a data source mapping derives from its arguments (`derived`).
void add_derived_attributes(const DataSourceMapping& m, const MappingEnv& env, Object& object);

}  // namespace vl::tf
