// What ARM template expressions see: the template's parameters (supplied values, defaults, nullable),
// variables (lazily evaluated once, cycles guarded), user-defined functions, copy indexes and the
// synthetic deployment scope. Also walks template values: "[...]" strings are evaluated, arrays and
// objects recursively, with property `copy` loops expanded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/evaluator.h"
#include "frontends/arm/template_model.h"
#include "graph/diagnostic.h"
#include "graph/provenance.h"

namespace vl::arm {

// Parameter values given to a template: from a parameter file, `--param`, or a parent deployment.
struct SuppliedParameters {
  std::unordered_map<std::string, Value> by_lower_name;
  std::string origin;  // where they come from, for messages: "parameter file main.parameters.json"
  std::string symbol_scope;  // names a missing value's symbol apart from another template's ("" at the entry)
  Value all_unknown = Value();  // an unknown when the whole set is (a `parameters` expression): so is every parameter
  // What the values are made of where that is not a template's expressions (a parameter file), for the
  // graph (graph/provenance.h); null otherwise.
  std::shared_ptr<const ProvenanceIndex> provenance;
  // Where each value is given, by lower-case name: the `value` key of a parameter file entry or of a
  // nested deployment's parameter, and the expression written there (the parameter's graph node).
  std::unordered_map<std::string, std::pair<Span, Span>> written;
};

// Copy loops can produce at most this many instances (ARM's own limit is 800).
inline constexpr std::int64_t kMaxCopyCount = 800;
// Parameters and variables that refer to each other this deep are unknown rather than a stack overflow.
inline constexpr int kMaxResolutionDepth = 200;

// Answers reference() for what the template deploys itself (a nested deployment's outputs); the
// lowering that owns the resources implements it. nullopt: not one of them.
class ReferenceResolver {
 public:
  virtual ~ReferenceResolver() = default;
  virtual std::optional<Value> resolve_reference(std::string_view function, std::vector<Value>& args, Span at) = 0;
};

class ArmEnv final : public EvalEnv {
 public:
  ArmEnv(const TemplateModel& model, DeploymentScope scope, SuppliedParameters supplied, DiagnosticSink& sink,
         EvalLimits limits = {});

  Value parameter(std::string_view name, Span at) override;
  Value variable(std::string_view name, Span at) override;
  Value copy_index(std::string_view loop, Span at) override;
  const DeploymentScope& scope() const override { return scope_; }
  std::optional<Value> user_function(std::string_view ns, std::string_view name, std::vector<Value>& args,
                                     Span at) override;
  Value reference(std::string_view function, std::vector<Value>& args, Span at) override;
  // Who answers reference() now (the lowering of the resources being evaluated); returns the previous one.
  ReferenceResolver* set_resolver(ReferenceResolver* r) {
    ReferenceResolver* old = resolver_;
    resolver_ = r;
    return old;
  }

  // Evaluates a template value in this template's context.
  Value eval(const Value& raw) { return eval_with(evaluator_, raw); }
  // The same with another evaluator (a user-defined function's, whose parameters differ).
  Value eval_with(ArmEvaluator& evaluator, const Value& raw);

  // Evaluates a loop count: a known integer in 0..kMaxCopyCount, or an unknown value. A known count over
  // the limit is also a KV001, and sets `over_limit` when given.
  Value eval_count(const Value& raw, std::string_view what, bool* over_limit = nullptr);

  // Enters a copy loop instance; `index` is unknown when the loop count is. A property loop (a `copy`
  // array inside a value) is reached by copyIndex() only by its name.
  void push_copy(std::string name, Value index, bool property = false) {
    copies_.push_back({std::move(name), std::move(index), property});
  }
  void pop_copy() { copies_.pop_back(); }

  const TemplateModel& model() const { return model_; }
  DiagnosticSink& sink() { return sink_; }
  const SuppliedParameters& supplied() const { return supplied_; }
  const EvalLimits& limits() const { return evaluator_.limits(); }

 private:
  Value eval_string(ArmEvaluator& evaluator, const Value& raw);
  Value eval_object(ArmEvaluator& evaluator, const Value& raw);
  Value expand_property_copy(ArmEvaluator& evaluator, const Value& entry, std::string& name);
  Value resolve_parameter(const ParameterDecl& decl);
  Value resolve_variable(const VariableDecl& decl);

  enum class State : std::uint8_t { Pending, Busy, Done };
  struct Slot {
    State state = State::Pending;
    Value value;
  };

  const TemplateModel& model_;
  DeploymentScope scope_;
  SuppliedParameters supplied_;
  DiagnosticSink& sink_;
  ArmEvaluator evaluator_;
  std::vector<Slot> parameter_slots_;
  std::vector<Slot> variable_slots_;
  struct Copy {
    std::string name;
    Value index;
    bool property = false;
  };
  std::vector<Copy> copies_;
  int depth_ = 0;  // parameters and variables being resolved inside each other
  ReferenceResolver* resolver_ = nullptr;
};

// Reads a string written as a boolean, as Azure's deserializer does: "true"/"false" in any case.
bool parse_bool_text(std::string_view s, bool& out);

}  // namespace vl::arm
