// ArmEvaluator evaluates ARM template-language expressions to Values, for the ARM and Bicep frontends
// (Terraform has its own, tf::TfEvaluator). What an expression can see (parameters, variables, copy
// indexes, user-defined functions, the deployment scope) comes from an EvalEnv that each frontend
// implements; the function library is the shared FunctionTable, whose functions get an ArmCallContext.
// Anything that cannot be computed offline becomes an unknown Value with the reason, never an exception.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/budget.h"
#include "graph/deployment_scope.h"
#include "eval/expression.h"
#include "eval/function_table.h"
#include "graph/value.h"

namespace vl {

class EvalEnv {
 public:
  virtual ~EvalEnv() = default;
  virtual Value parameter(std::string_view name, Span at) = 0;
  virtual Value variable(std::string_view name, Span at) = 0;
  // copyIndex(): `loop` empty means the innermost loop.
  virtual Value copy_index(std::string_view loop, Span at) = 0;
  virtual const DeploymentScope& scope() const = 0;
  // A user-defined function `ns.name(...)`; nullopt when the template defines none of that name.
  virtual std::optional<Value> user_function(std::string_view ns, std::string_view name, std::vector<Value>& args,
                                             Span at);
  // reference() and resourceInfo() of a symbolic name or id; unknown unless the frontend knows better.
  virtual Value reference(std::string_view function, std::vector<Value>& args, Span at);
};

// Function calls left for everything one deployment unit evaluates, shared by all its evaluators: nested
// lambdas can multiply work far beyond what any one call's limits see.
// Also the depth of user-function and lambda calls in progress, which every evaluator of the unit
// shares (a user-defined function's body runs in an evaluator of its own, so a depth counted per
// evaluator would restart at every call). The unit's byte and instance budgets (graph/budget.h) count
// too: when they are used up, evaluation stops as when the calls are.
struct WorkMeter {
  std::uint64_t left;
  std::uint64_t initial;
  int depth = 0;
  explicit WorkMeter(std::uint64_t calls) : left(calls), initial(calls) {}
  bool exhausted() const { return left == 0 || budget_exhausted(); }
};

struct EvalLimits {
  std::size_t max_string_bytes = 4u << 20;  // longer results are unknown ("value too large")
  std::size_t max_collection_items = 100000;
  int max_call_depth = 64;                  // nested user-function and lambda calls, across evaluators
  std::shared_ptr<WorkMeter> meter;         // null: unmetered (the ArmEvaluator then makes one of its own)
};

// A lambda that a frontend evaluates itself (Bicep's `x => x.name`). The function library calls it, as it
// calls ARM's lambda(...), through ArmEvaluator::invoke_lambda.
struct CallableLambda : OpaquePayload {
  virtual Value call(std::vector<Value> args, Span at) const = 0;
};

// A lambda(...) value; only the evaluator looks inside.
struct LambdaPayload final : OpaquePayload {
  std::vector<std::string> params;
  ExprPtr root;        // keeps the expression tree alive
  const Expr* body = nullptr;
  std::vector<std::pair<std::string, Value>> captured;  // enclosing lambda variables
};

class ArmEvaluator {
 public:
  explicit ArmEvaluator(EvalEnv& env, const FunctionTable& functions = FunctionTable::builtins(),
                     EvalLimits limits = {});

  // Evaluates a parsed expression written in the template string at `at`.
  Value evaluate(const ExprPtr& expr, Span at);

  // Calls a lambda value with arguments (filter, map, reduce, sort, toObject, ...).
  Value invoke_lambda(const Value& lambda, std::vector<Value> args, Span at);
  Value lambda_variable(std::string_view name, Span at) const;

  EvalEnv& env() { return env_; }
  const EvalLimits& limits() const { return limits_; }

  // Checks a produced value against the size limits; returns it, or an unknown saying it is too large.
  Value bounded(Value v, Span at) const;
  // A call of a function that does not accept unknowns with an unknown argument: unknown, named by a
  // symbol when its unknown arguments have symbols (graph/symbol.h), else the first unknown argument.
  Value call_unknown(const FunctionDef& def, std::vector<Value>& args, Span at);

 private:
  Value eval(const Expr& e, Span at);
  Value call(const Expr& e, Span at);
  Value make_lambda(const Expr& e, Span at);

  EvalEnv& env_;
  const FunctionTable& functions_;
  EvalLimits limits_;
  ExprPtr root_;
  std::vector<std::pair<std::string, Value>> lambda_vars_;
  int accessors_ = 0;  // property and index accessors being evaluated inside each other
};

}  // namespace vl
