// The lowering of one ARM template, internal to it (lowering.h is its interface): the state shared by a
// template and everything it nests, and TemplateLowering, which lowers the resources of one template.
// Its members are defined by what they lower: lowering.cpp (resources: copy loops, conditions, child and
// extension resources, identity, dependencies) and nested_deployments.cpp (Microsoft.Resources/deployments,
// inline or linked by relativePath, and reference() of their outputs).
#pragma once

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "frontends/arm/arm_env.h"
#include "frontends/arm/lowering.h"
#include "frontends/arm/template_model.h"

namespace vl::arm::detail {

inline constexpr int kMaxNesting = 32;  // nested deployments within nested deployments

// parts[from, to) joined with `sep`.
std::string join(const std::vector<std::string>& parts, std::size_t from, std::size_t to, char sep);
// The string a value holds, or "".
std::string string_of(const Value& v);
// The synthetic templateLink.uri of a template file: kTemplateUriBase and its path in the repository.
std::string template_uri(const SourceLoader& loader, FileId file, SourceSet& sources);
// When `id` is a scope that resources deploy into (the tenant "/", a management group, a subscription,
// a resource group), sets `s` to it and returns true: a `scope` naming one places a resource (or a
// deployment) there; it is not an extension resource's target. As Bicep's `scope: managementGroup(x)`.
bool apply_deployment_scope(const std::string& id, DeploymentScope& s);
// Drops the members a lowering handles itself (and a nested deployment's template) before evaluation.
Value without(const Value& raw, std::initializer_list<std::string_view> keys);

struct ParentInfo {
  std::string type;
  std::string name;  // evaluated; empty when unknown
  std::string logical_id;
  bool conditional = false;
  std::string condition_reason;
  std::string instance;  // its loop instances, outermost first: children's labels start with them
};

// A nested deployment the lowering read the template of: reference() of it reads its outputs, which are
// evaluated on first use, in the nested template's context.
struct NestedDeployment {
  std::string name;    // lower case
  std::string symbol;  // lower case, with the loop instance: "mods[2]" (languageVersion 2.0); else empty
  const TemplateModel* model = nullptr;
  ArmEnv* env = nullptr;
  ReferenceResolver* lowering = nullptr;  // answers reference() inside the nested template
  enum class State : std::uint8_t { Pending, Busy, Done } state = State::Pending;
  Object outputs;
};

// State shared by the lowering of one template and everything it nests.
struct Shared {
  const LowerRequest& request;
  LowerResult& result;
  DiagnosticSink sink;
  std::deque<std::unique_ptr<TemplateModel>> models;  // nested templates; alive until the end
  std::deque<std::unique_ptr<ArmEnv>> envs;
  std::unordered_map<FileId, Value> linked_roots;
  std::vector<FileId> file_stack;
  std::deque<NestedDeployment> deployments;
  std::deque<std::unique_ptr<ReferenceResolver>> lowerings;  // nested lowerings, for their outputs
  // One model per template (a linked file, an inline template), however many deployments instantiate it.
  std::map<std::pair<FileId, const Object*>, const TemplateModel*> model_of = {};
};

class TemplateLowering final : public ReferenceResolver {
 public:
  TemplateLowering(Shared& shared, ArmEnv& env, std::string logical_prefix, std::string label_prefix, std::uint32_t module,
                   int depth, bool conditional, std::string condition_reason)
      : shared_(shared),
        env_(env),
        logical_prefix_(std::move(logical_prefix)),
        label_prefix_(std::move(label_prefix)),
        module_(module),
        depth_(depth),
        conditional_(conditional),
        condition_reason_(std::move(condition_reason)) {}

  void lower(const std::vector<ResourceDecl>& decls);
  // reference() of a nested deployment of this template: its outputs (nested_deployments.cpp).
  std::optional<Value> resolve_reference(std::string_view function, std::vector<Value>& args, Span at) override;
  // The nodes of the parameters (when the template has its own scope) and outputs of `declared`.
  void emit_values(const TemplateModel& declared, bool own_parameters);

 private:
  // ---- nested deployments (nested_deployments.cpp) ----
  NestedDeployment* find_deployment(const std::string& key);
  // A deployment read before its turn (Bicep modules may be declared in any order): lowered now, when
  // its symbolic name or its name (evaluated outside any loop) is the one asked for.
  void lower_early(const std::string& key);
  // A Microsoft.Resources/deployments resource: lowers its template, inline or linked.
  void lower_deployment(const ResourceDecl& d, std::uint32_t index);
  // Reads a template linked by relativePath (relative to the linking file), inside the repository only.
  bool load_linked(const std::string& relative, Span at, FileId from, Value& root);

  // ---- resources (lowering.cpp) ----
  // The loop instances a resource's own label continues: its parent's, or the nested deployment's (as
  // Bicep labels a module's resources "[module instance][own instance]").
  std::string label_prefix(const ParentInfo* parent) const { return parent ? parent->instance : label_prefix_; }
  void lower_decl(const ResourceDecl& d, const ParentInfo* parent);
  void lower_instance(const ResourceDecl& d, const ParentInfo* parent, const std::string& instance,
                      bool loop_unknown, const std::string& loop_reason);
  // "metadata": {"vaultlint": {"ignore": {"KV122": "reason"}}} on a resource suppresses those rules on
  // all of it.
  void read_metadata_ignore(const ResourceDecl& d);
  // Computes the resource id (and, for extension resources, the id of what they attach to).
  void assign_identity(Resource& r);
  // A reference written as a full id, a type/name relative to the deployment scope, or a symbolic name.
  std::string resolve_reference(const std::string& ref);
  void resolve_dependencies();

  Shared& shared_;
  ArmEnv& env_;
  std::string logical_prefix_;
  std::string label_prefix_;
  std::uint32_t module_;
  int depth_;
  bool conditional_;
  std::string condition_reason_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> symbols_;
  std::size_t first_resource_ = 0;
  const std::vector<ResourceDecl>* decls_ = nullptr;
  std::vector<bool> done_;                   // decls_ lowered (in order, or early)
  std::vector<std::size_t> own_deployments_;  // into shared_.deployments
};

}  // namespace vl::arm::detail
