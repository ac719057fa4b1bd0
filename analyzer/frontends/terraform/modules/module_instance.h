// One instance of a module while a root module is lowered: its variables (from the caller's inputs, or
// tfvars for the root), locals, outputs, resources and module calls, each evaluated once and on demand
// (cycles give unknowns, not recursion). It is the Scope that names in its expressions resolve against,
// and it lowers its resources to graph resources. Names: module_instance.cpp; count, for_each and bodies:
// module_expansion.cpp; resources: module_resources.cpp; module calls: module_calls.cpp.
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "frontends/terraform/evaluation/evaluator.h"
#include "frontends/terraform/mapping/provider_version.h"
#include "frontends/terraform/terraform_frontend.h"

namespace vl::tf {

class ModuleInstance;

// What every module instance of one unit (one root module, one variant) shares.
struct UnitContext {
  const LowerRequest& request;
  LoweredUnit& out;
  DiagnosticSink sink;
  EvalShared shared;
  VersionRange azurerm;
  std::string subscription_id;
  std::string tenant_id;
  std::deque<std::unique_ptr<ModuleInstance>> instances;  // alive until the end
  std::set<FileId> used_files;
  bool modules_json_read = false;
  std::map<std::string, std::filesystem::path> modules_json;  // module key -> directory (terraform init)
  std::string modules_json_error;
  std::set<const ModuleConfig*> indexed;  // modules whose provenance index the unit holds
};

// One instance of a count/for_each expansion: the key it is addressed by and the values of
// count.index / each.key / each.value.
struct Expansion {
  enum class Kind { Single, Count, ForEach, Unknown };
  struct Instance {
    std::string suffix;  // "[0]", "[\"key\"]", "[*]" or empty
    Value key;           // count.index or each.key
    Value value;         // each.value
  };
  Kind kind = Kind::Single;
  std::vector<Instance> instances;
  std::string unknown_reason;  // Kind::Unknown: why the instances cannot be known
  Value unknown;               // Kind::Unknown: the unknown count or for_each
};

// Meta-arguments are Terraform's, not the resource's (or the module's inputs).
bool is_meta_argument(const std::string& name, bool module);
// Instance keys compare by value: count.index 2 equals 2.0, each.key "a" equals "a".
bool same_key(const Value& a, const Value& b);

class ModuleInstance final : public Scope {
 public:
  struct Setup {
    std::shared_ptr<const ModuleConfig> config;
    std::string address;         // "module.kv[\"a\"]" (empty for the root)
    std::string instance_keys;   // the instance keys along the address: "[\"a\"]" (loop instances, as ARM's "[2]")
    std::string logical_prefix;  // "module.kv." (no instance keys: loop instances share identities)
    std::string key;             // "kv" as .terraform/modules/modules.json keys it (empty for the root)
    // Module inputs: the caller's expressions, which the caller evaluates when the module first reads
    // one (in the call's instance: count.index, each.key), so an input may read another output of the
    // same module call.
    ModuleInstance* caller = nullptr;
    std::map<std::string, const Expr*> inputs;
    Expansion::Kind expansion = Expansion::Kind::Single;
    Expansion::Instance instance;
    std::map<std::string, std::pair<Span, Span>> input_at;  // where the caller writes each: name, expression
    bool root = false;
    bool conditional = false;
    std::string condition_reason;
    int depth = 0;
    std::vector<std::filesystem::path> ancestors;  // directories of the calling modules
  };

  ModuleInstance(UnitContext& unit, Setup setup);

  // Lowers every resource and module call of the instance.
  void lower_all();
  Value output(const std::string& name, Span at);
  // Every output, as the object `module.x` evaluates to.
  Value outputs_object(Span at);

  std::optional<Value> reference(const Expr& root, const std::vector<const Expr*>& steps, std::size_t& used) override;
  // A module input this instance's call passes, evaluated here in that call's instance.
  Value eval_input(const Expr& e, Expansion::Kind kind, const Expansion::Instance& instance);

 private:
  enum class State : std::uint8_t { Pending, Busy, Done };
  struct Slot {
    State state = State::Pending;
    Value value;
  };
  struct InstanceObject {
    Value key;
    Value object;  // the resource's attributes as Terraform expressions see them
  };
  struct ResourceState {
    State state = State::Pending;
    Expansion::Kind kind = Expansion::Kind::Single;
    std::vector<InstanceObject> instances;
    Value unknown;
  };
  struct ModuleState {
    State state = State::Pending;
    Value failure;  // an unknown when the module cannot be read
    Expansion::Kind kind = Expansion::Kind::Single;
    std::vector<std::pair<Value, ModuleInstance*>> instances;
    Value unknown;
  };

  Value variable(const std::string& name, Span at);
  Value local(const std::string& name, Span at);
  Value path_value(const std::string& name, Span at);
  Value resource_reference(const ResourceDecl& decl, const std::vector<const Expr*>& steps, std::size_t first, std::size_t& used);
  Value undeclared_reference(bool data, const std::string& type, const std::string& name, const std::vector<const Expr*>& steps,
                             std::size_t first, std::size_t& used, Span at);
  Value module_reference(const ModuleCallDecl& call, const std::vector<const Expr*>& steps, std::size_t& used);

  // The graph nodes of the module's variables and outputs (value_nodes.cpp).
  void emit_value_nodes();

  void ensure_resource(std::size_t index);
  void ensure_module(std::size_t index);
  // `at`: the block's header, where a stop for the unit's instance budget is reported.
  Expansion expand(const Body& body, const std::string& what, Span at = {});
  Expansion expand_all(const Body& body, const std::string& what);
  Value eval_body(const Body& body, Span span, const std::string& resource_type);
  void bind_instance(const Expansion& e, const Expansion::Instance& inst, std::vector<std::unique_ptr<TfEvaluator::Binding>>& out);
  std::optional<std::filesystem::path> module_dir(const ModuleCallDecl& call, Value& failure);
  // A module call the scan cannot read: one graph node per instance holding its inputs (module_calls.cpp).
  void emit_unread_module(const ModuleCallDecl& call, const Value& failure);
  void lower_resource_instance(const ResourceDecl& decl, const std::string& suffix, bool conditional,
                               const std::string& reason, Value& object);
  Value data_instance(const ResourceDecl& decl, const std::string& suffix, Value body);

  UnitContext& unit_;
  Setup setup_;
  TfEvaluator ev_;
  std::vector<Slot> variables_, locals_, outputs_;
  std::vector<ResourceState> resources_;
  std::vector<ModuleState> modules_;
};

}  // namespace vl::tf
