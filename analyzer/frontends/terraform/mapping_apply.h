// Applies the mapping table to one evaluated Terraform resource: its ARM-shaped body (every mapped value
// keeps its attribute's span; an omitted one with a provider default points at the block header), its
// synthetic ARM id and scope, and the names messages use for each mapped property.
#pragma once

#include <string>

#include "frontends/terraform/mapping.h"
#include "frontends/terraform/provider_version.h"
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

// Fills `out.body` (ARM-shaped, with `properties`) and `out.source_attributes` from `tf_body`.
void apply_mapping(const ResourceMapping& m, const Value& tf_body, const MappingEnv& env, Resource& out);

}  // namespace vl::tf
