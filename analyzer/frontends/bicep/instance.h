// One evaluation of one Bicep file (an Instance): the entry template of a unit, a module instantiated
// with its caller's values, an import library, or a .bicepparam file. Parameters, variables, outputs,
// resources and modules are evaluated lazily, once, the first time anything needs them (a forward
// reference such as `kv.id` before `kv` is declared works); a symbol needed while it is being evaluated
// is a cycle and evaluates to unknown. Internal to the Bicep frontend.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/evaluator.h"
#include "frontends/bicep/bicep_frontend.h"
#include "frontends/bicep/module_ref.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl::bicep {

class Instance;

// ARM's copy loops may not run more than 800 times; Bicep loops compile to them.
inline constexpr std::int64_t kMaxLoopCount = 800;
// Modules within modules, and imports within imports, deeper than this are a KV001, not a stack overflow.
inline constexpr int kMaxModuleDepth = 32;
// Nested evaluation (expressions inside user functions and lambdas inside each other).
inline constexpr int kMaxEvalDepth = 600;
inline constexpr int kMaxCallDepth = 32;
// A child's name and identity repeat its parent's, so a chain of `parent:` (or nested children) grows
// them quadratically; Azure nests resource types only a few levels. Longer chains are a KV001. Resources
// whose evaluation needs another's (parent:, references) nest at most kMaxResourceNesting deep.
inline constexpr int kMaxResourceChain = 16;
inline constexpr int kMaxResourceNesting = 64;
// What instantiating a module and evaluating a resource instance cost from the unit's work budget (in
// function calls): with the default budget at most 10,000 module instances and 100,000 resource
// instances, so a fan-out of modules or nested loops cannot exhaust time or memory.
inline constexpr std::uint64_t kModuleCost = 1000;
inline constexpr std::uint64_t kResourceCost = 100;

// State shared by everything one lowering evaluates.
struct Shared {
  SourceLoader& loader;
  ParseCache& cache;
  std::filesystem::path bicep_cache;
  ArmLowerer arm;
  std::uint32_t unit = 0, variant = 0;
  LoweredUnit& out;
  DiagnosticSink sink;
  EvalLimits limits;
  std::vector<FileId> module_stack;  // files being instantiated, outermost first (cycles)
  std::deque<std::unique_ptr<Instance>> instances;  // modules and libraries; alive to the end
  std::map<FileId, Instance*> libraries;            // import targets, one instance each
  std::set<FileId> used;                            // modules and imports read (not entry points)
  std::map<std::filesystem::path, std::shared_ptr<const ModuleAliases>> aliases;  // by folder
  std::set<FileId> indexed;                         // files whose provenance index the unit holds

  Shared(SourceLoader& l, ParseCache& c, LoweredUnit& o) : loader(l), cache(c), out(o) {}
  const ModuleAliases& aliases_for(const std::filesystem::path& file);
  // The parsed file at `path` (inside the repository), reporting its syntax errors if nobody has.
  std::shared_ptr<const ParsedFile> load(const std::filesystem::path& path, Span at, const char* what, bool params_file = false);
  // Hands the file's provenance index (provenance.h) to the unit, once.
  void index(const std::shared_ptr<const ParsedFile>& parsed);
};

struct InstanceContext {
  std::unordered_map<std::string, Value> supplied;  // parameter values by lower-case name
  std::unordered_map<std::string, std::pair<Span, Span>> supplied_at;  // where a module call writes each: key, value
  Value supplied_unknown;                           // a module call whose `params` are unknown: this, for all
  std::string origin;                               // who supplies them, for messages
  std::vector<std::pair<std::string, std::string>> cli;  // --param (entry instance only)
  DeploymentScope scope;
  std::string logical_prefix;        // "" or the module's identity + "/"
  std::uint32_t module = UINT32_MAX; // the deployment resource this instance is lowered through
  bool conditional = false;
  std::string condition_reason;
  std::string label;                 // instance label of the module instance ("[1]"), prefixed to its resources'
  int depth = 0;                     // module / import nesting
};

// A Bicep lambda (`x => ...`, `(a, b) => ...`): called by the function library through the evaluator.
struct BicepLambda final : CallableLambda {
  Instance* instance = nullptr;
  const Expr* body = nullptr;
  std::vector<std::string> params;
  std::vector<std::pair<std::string, Value>> captured;
  Value call(std::vector<Value> args, Span at) const override;
};

// Evaluation of a declaration starts in a scope of its own (loop variables and lambda parameters), whatever
// expression asked for it first.
class FreshScope {
 public:
  FreshScope(std::vector<std::pair<std::string, Value>>& locals, std::vector<std::pair<std::string, Value>> initial = {})
      : locals_(locals), saved_(std::move(locals)) {
    locals_ = std::move(initial);
  }
  ~FreshScope() { locals_ = std::move(saved_); }

 private:
  std::vector<std::pair<std::string, Value>>& locals_;
  std::vector<std::pair<std::string, Value>> saved_;
};

// One evaluated instance of a resource declaration (one loop iteration, or the only one).
struct ResourceSlot;
struct ResourceInst {
  bool deployed = true;       // false: its `if` is false (still indexable, never emitted)
  bool conditional = false;   // its condition or loop count is unknown
  std::string reason;
  std::string label;          // "[2]", "[*]" or ""
  std::string type;
  Value api_version;
  Value name;                 // full name (`vault/secret` for a child)
  Value own_name;             // a child's name as declared (`secret`): what `child.name` reads
  std::string id;
  std::string scope_id;       // extension resources: what `scope:` points at
  std::string scope_unknown;  // why a written `scope:` cannot be known
  std::string prefix;         // the scope its id is built in
  bool existing = false;
  Value body;
  std::vector<std::string> depends_on;
  std::string logical_id;
  std::vector<std::pair<std::string, Value>> locals;  // loop variables in effect (for nested children)
  std::unordered_map<const Decl*, std::unique_ptr<ResourceSlot>> children;
  int ancestors = 0;          // resources above it through nesting and `parent:` (kMaxResourceChain)
};

enum class SlotState : std::uint8_t { Pending, Busy, Done };

struct ResourceSlot {
  SlotState state = SlotState::Pending;
  bool loop = false;
  std::vector<ResourceInst> instances;
};

// What a resource's body says while resource_instance reads it: its members, the parent resource (nested
// or by `parent:`), and where it deploys (the resource or scope id its `scope:` names).
struct ResourceBody {
  Object members;
  ResourceInst* owner = nullptr;
  std::string scope_id;
  std::optional<std::string> prefix;  // the deployment scope it deploys into
  std::string scope_unknown;          // why a written scope cannot be known
};

struct ModuleInst {
  bool deployed = true;
  bool conditional = false;
  std::string reason;
  std::string label;
  Value name;
  std::string logical_id;
  Instance* child = nullptr;  // a local Bicep module
  Value arm_outputs;          // an ARM module's outputs by name
  Value outputs_unknown;      // why outputs are unknown (unresolved modules)
};

struct ModuleSlot {
  SlotState state = SlotState::Pending;
  bool loop = false;
  std::vector<ModuleInst> instances;
};

// What an expression refers to when it names a resource or module (`kv`, `kvs[1]`, `kv::secret`, `mod`).
struct Reference {
  enum class Kind { None, Resource, Resources, Module, Modules, Unknown } kind = Kind::None;
  const Decl* decl = nullptr;
  ResourceSlot* resources = nullptr;
  ResourceInst* resource = nullptr;
  ModuleSlot* modules = nullptr;
  ModuleInst* module = nullptr;
  Value unknown;  // Kind::Unknown: why the instance cannot be told
};

class Instance final : public EvalEnv {
 public:
  Instance(Shared& shared, std::shared_ptr<const ParsedFile> file, InstanceContext ctx);

  // Evaluates every resource and module and adds them to the unit (once).
  void lower();
  // An output's value (module outputs).
  Value output(std::string_view name, Span at);
  // A .bicepparam's values, by lower-case name.
  std::unordered_map<std::string, Value> param_assignments();
  // Exported variables and functions of an import library.
  std::optional<Value> exported_variable(std::string_view name, Span at);
  std::optional<Value> call_exported(std::string_view name, std::vector<Value>& args, Span at);

  Value call_lambda(const BicepLambda& lambda, std::vector<Value> args, Span at);

  // EvalEnv
  Value parameter(std::string_view name, Span at) override;
  Value variable(std::string_view name, Span at) override;
  Value copy_index(std::string_view loop, Span at) override;
  const DeploymentScope& scope() const override { return ctx_.scope; }

  FileId file() const { return file_; }
  const SourceFile& source() const { return shared_.loader.sources().get(file_); }

 private:
  // ---- expressions (evaluate.cpp) ----
  Value eval(const Expr& e);
  Value eval_inner(const Expr& e);
  Value eval_object(const Expr& e);
  Value eval_array(const Expr& e);
  Value eval_interp(const Expr& e);
  Value eval_for(const Expr& e);
  Value eval_unary(const Expr& e);
  Value eval_binary(const Expr& e);
  Value eval_ternary(const Expr& e);
  Value eval_property(const Expr& e);
  Value eval_index(const Expr& e);
  bool charge(Span at, Value& stopped, std::uint64_t cost = 1);
  Span span(const Expr& e) const { return Span{file_, e.begin, e.end}; }
  Span span(std::uint32_t begin, std::uint32_t end) const { return Span{file_, begin, end}; }

  // ---- lambdas and calls (evaluate_calls.cpp) ----
  Value eval_lambda(const Expr& e);
  Value eval_call(const Expr& e);
  Value eval_method_call(const Expr& e);
  Value call_function(std::string_view name, const std::vector<Expr*>& arg_exprs, std::size_t first_arg, const Expr& at);
  Value call_builtin(std::string_view name, std::vector<Value>& args, const std::vector<Expr*>& arg_exprs,
                     std::size_t first_arg, Span at);
  Value load_content(std::string_view function, std::vector<Value>& args, Span at);

  // ---- symbols (symbols.cpp) ----
  void index_declarations();
  Value identifier(const Expr& e);
  Value param_value(const Decl& d);
  Value var_value(const Decl& d);
  Value call_user_function(const Decl& d, std::vector<Value>& args, Span at);
  Instance* library(const Decl& import);
  std::optional<Value> imported_value(std::string_view alias, Span at);
  std::optional<Value> call_imported(const Decl* import, std::string_view name, std::vector<Value>& args, Span at);
  const Decl* wildcard_import(std::string_view alias) const;
  const Expr* find_decorator(const Decl& d, std::string_view name) const;
  std::string type_name(const TypeExpr* t, bool& nullable, int depth = 0) const;
  DeploymentScope::Level target_level();
  Value lookup_local(std::string_view name, bool& found) const;
  bool shadowed(std::string_view name) const;

  // ---- resources (resources.cpp) ----
  Reference resolve_ref(const Expr& e);
  ResourceSlot& resource_slot(const Decl& d, ResourceInst* parent);
  void evaluate_resource(const Decl& d, ResourceInst* parent, ResourceSlot& slot);
  void resource_instance(const Decl& d, ResourceInst* parent, const Expr& body, std::string label, bool conditional,
                         std::string reason, ResourceSlot& slot);
  // The parts of resource_instance: the `if` condition (the object it guards), the type and API version,
  // the body's members (with `parent:`, `scope:` and `dependsOn`), and a child's full type and name.
  const Expr* resource_condition(const Expr& body, ResourceInst& r);
  std::string resource_type(const Decl& d, ResourceInst& r);
  void resource_members(const Expr& obj, ResourceInst& r, ResourceBody& b);
  void resource_scope(const ObjectItem& item, ResourceBody& b);
  void resource_depends_on(const Expr& list, ResourceInst& r);
  void child_of(const ResourceInst& owner, std::string& type, Value& name, ResourceInst& r);
  Value resource_member(const Reference& ref, const std::vector<const Expr*>& chain, const Expr& whole);
  Value resource_value(const ResourceInst& r, Span at);
  // `.id` of a resource: its id, or an unknown that carries its symbolic id.
  Value id_value(const ResourceInst& r, const std::string& what, Span at);
  std::string scope_prefix(const Value& scope_value, std::string& extension_scope, const Expr& at);
  void emit_resources(const Decl& d, ResourceInst* parent);
  std::vector<const Decl*> child_declarations(const Decl& d) const;
  static const Expr* body_object(const Expr* body);

  // ---- parameters and outputs as graph nodes (value_nodes.cpp) ----
  void emit_value_nodes();

  // ---- modules (modules.cpp) ----
  ModuleSlot& module_slot(const Decl& d);
  Value generated_name(const Decl& d, const std::string& label);
  void partly_known_scope(const Expr& value, DeploymentScope& scope, const std::string& module);
  void module_instance(const Decl& d, const Expr& body, std::string label, bool conditional, std::string reason,
                       ModuleSlot& slot);
  void instantiate(const Decl& d, ModuleInst& m, const Object& params, const Value& params_unknown, const DeploymentScope& scope,
                   std::uint32_t deployment, bool conditional, const std::string& reason);
  void lower_arm_module(const Decl& d, ModuleInst& m, FileId json, const Object& params, const Value& params_unknown,
                        const DeploymentScope& scope, std::uint32_t deployment, bool conditional, const std::string& reason,
                        const std::string& origin);
  Value module_member(const Reference& ref, const std::vector<const Expr*>& chain, const Expr& whole);
  void note_static_references();

  Shared& shared_;
  std::shared_ptr<const ParsedFile> parsed_;
  const SyntaxTree& tree_;
  FileId file_;
  InstanceContext ctx_;
  ArmEvaluator evaluator_;
  bool lowered_ = false;

  struct Slot {
    SlotState state = SlotState::Pending;
    Value value;
  };
  std::unordered_map<std::string, const Decl*> params_, vars_, outputs_, funcs_, resources_, modules_, imports_by_alias_,
      wildcard_imports_;
  std::unordered_map<const Decl*, Slot> slots_;  // params, vars, outputs, targetScope
  std::unordered_map<const Decl*, std::unique_ptr<ResourceSlot>> resource_slots_;
  std::unordered_map<const Decl*, std::unique_ptr<ModuleSlot>> module_slots_;
  std::vector<std::pair<std::string, Value>> locals_;  // loop variables and lambda parameters, innermost last
  int eval_depth_ = 0;
  int call_depth_ = 0;
  int resource_depth_ = 0;  // resources being evaluated inside each other (kMaxResourceNesting)
};

// "[2]": the label of loop instance 2.
std::string instance_label(std::size_t index);

}  // namespace vl::bicep
