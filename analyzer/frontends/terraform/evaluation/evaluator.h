// TfEvaluator evaluates HCL expressions with Terraform's semantics to graph Values (ARM and Bicep use
// eval/'s ArmEvaluator; Terraform's functions get a TfCallContext). What names refer to (var.x,
// local.y, module.m.out, azurerm_key_vault.kv.id, data.*, path.*, each, count) comes from a Scope that the
// module instance implements; for-expression variables, `each`, `count`, dynamic-block iterators and
// splat elements are bound here. Anything the scan cannot compute becomes an unknown Value with the
// reason, never an exception; errors Terraform would report are unknowns too (marked, so try() and
// can() can tell them from values that are merely unknown).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "frontends/terraform/hcl/hcl_ast.h"
#include "frontends/terraform/evaluation/tf_values.h"

namespace vl::tf {

class Scope {
 public:
  virtual ~Scope() = default;
  // Resolves the reference `root.steps...` as far as it can; `used` is set to the number of steps it
  // consumed (the evaluator applies the rest). nullopt: `root` names nothing this scope knows.
  virtual std::optional<Value> reference(const Expr& root, const std::vector<const Expr*>& steps, std::size_t& used) = 0;
};

class TfEvaluator;

struct TfCallContext {
  TfEvaluator& evaluator;
  Span at;  // the call
  EvalShared& shared;
};

using TfFunction = Value (*)(std::vector<Value>& args, TfCallContext& ctx);

struct FunctionSpec {
  TfFunction fn = nullptr;
  int min_args = 0;
  int max_args = 0;    // -1: any number
  bool deep = true;    // an unknown anywhere in an argument makes the result unknown (else: only at the top)
};

// Terraform's built-in functions (functions/*.cpp), by name.
const FunctionSpec* find_function(const std::string& name);

class TfEvaluator {
 public:
  TfEvaluator(Scope* scope, EvalShared& shared) : scope_(scope), shared_(shared) {}

  Value eval(const Expr& e);

  // A name bound while an expression is evaluated: a for-expression variable, `each`, `count`, a dynamic
  // block's iterator. Binding::~Binding removes it.
  class Binding {
   public:
    Binding(TfEvaluator& ev, std::string name, Value value) : ev_(ev) { ev_.bindings_.emplace_back(std::move(name), std::move(value)); }
    ~Binding() { ev_.bindings_.pop_back(); }
    Binding(const Binding&) = delete;
    Binding& operator=(const Binding&) = delete;

   private:
    TfEvaluator& ev_;
  };

  EvalShared& shared() { return shared_; }
  const Value* bound(const std::string& name) const;

  // Applies one traversal step (GetAttr / Index expression node, whose base is ignored) to a value.
  Value step(const Value& v, const Expr& step);

 private:
  Value eval_template(const Expr& e);
  // Appends a template's text to `out`. An unknown interpolation with a symbol appends its symbol and is
  // kept in `symbolic` (the first one), so the template names the string it builds (graph/symbol.h).
  bool append_template(const Expr& part, std::string& out, Value& failure, Value& symbolic);
  bool append_interpolated(const Value& v, Span at, std::string& out, Value& failure, Value& symbolic);
  Value eval_traversal(const Expr& e);
  Value eval_splat(const Expr& e);
  Value eval_call(const Expr& e);
  Value eval_for(const Expr& e);
  Value eval_conditional(const Expr& e);
  Value eval_unary(const Expr& e);
  Value eval_binary(const Expr& e);
  Value eval_object(const Expr& e);
  Value eval_try(const Expr& e, bool can);

  Scope* scope_;
  EvalShared& shared_;
  std::vector<std::pair<std::string, Value>> bindings_;
  std::vector<Value> splat_items_;
  int depth_ = 0;
};

}  // namespace vl::tf
