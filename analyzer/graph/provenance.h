// Provenance: what a value is made of, read from the expression that computes it rather than from the
// value itself. The secrets rules need it where the value alone cannot tell: a known string may be a
// literal written in the template or a value computed from the deployment context, an unknown one may be
// a parameter nobody gave, a listKeys() result or a Key Vault reference. Each frontend walks its own
// syntax (ARM expressions, Bicep, HCL), following variables and locals to what they are made of, and
// names the sources it meets; pure functions (concat, format, base64, ...) are transparent.
//
// Provenance is syntax: the same expression text always has the same provenance, whichever unit, variant
// or module instance evaluates it (a parameter's secure flag is part of its declaration). So a frontend
// hands the graph one ProvenanceIndex per file it read, and a rule asks it about the expression written
// at a span (Member::written_value()) only when it needs to.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "source/span.h"

namespace vl {

enum class Origin : std::uint8_t {
  Literal,            // a constant written in a file: the template, a parameter default, a parameter file, tfvars
  Parameter,          // a parameter (ARM, Bicep) or input variable (Terraform) that the deployment supplies
  SecureParameter,    // ... declared secure: securestring / secureObject, @secure(), sensitive = true
  ListResult,         // a list*() call: listKeys, listSecrets, listConnectionStrings, ...
  KeyVaultReference,  // a Key Vault reference in a parameter file, getSecret(), az.getSecret()
  ModuleOutput,       // an output of a module or nested deployment
  ResourceValue,      // another resource's property or attribute: reference(), kv.properties.x, azurerm_x.y.attr
  Generated,          // a value made at deployment: newGuid(), utcNow(), uuid(), timestamp()
  Context,            // the deployment context: resourceGroup(), subscription(), deployment(), environment(), ...
};
const char* origin_name(Origin o);

struct ProvenanceSource {
  Origin origin = Origin::Literal;
  // Parameter: its name; ListResult / Generated / Context / KeyVaultReference: the function (or `reference`);
  // ModuleOutput: `module.output`; ResourceValue: how the expression names the resource (Bicep symbol,
  // Terraform address, ARM resourceId() type and names as written).
  std::string name;
  std::string type;       // ResourceValue: the resource's type as written (Microsoft.Web/sites, azurerm_storage_account)
  std::string attribute;  // ResourceValue: what is read (properties.value, primary_access_key, identity.principalId)
  Span at;                // where the reference is written
};

struct Provenance {
  bool known = false;  // the expression was found and walked (false: the scan cannot tell)
  std::vector<ProvenanceSource> sources;

  bool has(Origin o) const;
  const ProvenanceSource* first(Origin o) const;
  // Known, and made of literals alone (with pure functions over them): the scan computed the value from
  // text written in the files, nothing the deployment supplies or makes.
  bool literal_only() const;
  // Adds a source unless the same one is there already (by origin, name and attribute).
  void add(ProvenanceSource s);
  void merge(const Provenance& other);
};

// A frontend's answer for the expressions of the files it read.
class ProvenanceIndex {
 public:
  virtual ~ProvenanceIndex() = default;
  // The files this index answers for.
  virtual std::vector<FileId> files() const = 0;
  // The provenance of the expression written exactly at `written` (a member's written value); unknown
  // (known == false) when no expression is written there.
  virtual Provenance at(Span written) const = 0;
  // Works out the answer for `written` now and keeps it: an index whose syntax goes when lowering ends
  // (it then parses a file again for what it is asked) keeps the answers the graph will surely ask for,
  // its parameters' and outputs' values. By default nothing is kept.
  virtual void remember(Span /*written*/) const {}
  // A kept answer; nullopt when none was kept.
  virtual std::optional<Provenance> recalled(Span /*written*/) const { return std::nullopt; }
};

// An index that keeps what remember() works out.
class RememberingIndex : public ProvenanceIndex {
 public:
  void remember(Span written) const override;
  std::optional<Provenance> recalled(Span written) const override;

 private:
  mutable std::mutex kept_mutex_;
  mutable std::unordered_map<std::uint64_t, Provenance> kept_;  // by file-local span (begin, end)
};

// Every file's indexes, for the whole scan: a kept answer from any of them, else the first one's.
class ProvenanceTable {
 public:
  void add(const std::shared_ptr<const ProvenanceIndex>& index);
  Provenance at(Span written) const;

 private:
  std::unordered_map<FileId, std::vector<std::shared_ptr<const ProvenanceIndex>>> by_file_;
};

// Has each of a unit's indexes remember the provenance of its parameter and output nodes' values and
// defaults (graph/value_node.h), the answers the rules and reports ask for.
struct LoweredUnit;
void remember_value_nodes(const LoweredUnit& unit);

}  // namespace vl
