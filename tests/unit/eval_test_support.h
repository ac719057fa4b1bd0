// Test support for the template function library: an EvalEnv with parameters and no variables, an
// expression evaluator, and compact JSON of the results so tests read like
//   CHECK(eval_json("union(createObject('a',1), createObject('b',2))") == R"({"a":1,"b":2})");
// Unknown values render as <unknown> (unknown_reason() gives the reason).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "eval/evaluator.h"
#include "eval/expression.h"
#include "eval/functions/function_support.h"
#include "eval/functions/json_text.h"
#include "graph/json_value.h"

namespace vl::test {

// The span every result computed by a call carries: the template string being evaluated.
inline constexpr Span kCallSpan{99, 0, 10};
// The file that parameter values set from JSON text are "written" in.
inline constexpr FileId kParamFile = 7;

class TestEnv : public EvalEnv {
 public:
  std::map<std::string, Value> parameters;
  DeploymentScope deployment_scope;
  EvalLimits limits;

  // A parameter whose value is the JSON text, with spans into that text (file kParamFile).
  void set(const std::string& name, std::string_view json) {
    JsonDocument doc = parse_json_document(kParamFile, json);
    parameters[to_lower(name)] = doc.root;
  }
  // A parameter whose value is unknown.
  void set_unknown(const std::string& name) {
    parameters[to_lower(name)] = Value::unknown("parameter '" + name + "' has no value in this test", Span{kParamFile, 0, 1});
  }

  Value parameter(std::string_view name, Span at) override {
    auto it = parameters.find(to_lower(name));
    if (it == parameters.end()) return Value::unknown("no parameter '" + std::string(name) + "'", at);
    return it->second;
  }
  Value variable(std::string_view name, Span at) override {
    return Value::unknown("no variable '" + std::string(name) + "' in tests", at);
  }
  Value copy_index(std::string_view, Span at) override { return Value::unknown("not in a copy loop", at); }
  const DeploymentScope& scope() const override { return deployment_scope; }
};

inline Value eval_expr(std::string_view expr_text, TestEnv& env) {
  ExprParseResult parsed = parse_expression(expr_text);
  if (!parsed.expr) return Value::unknown("parse error: " + parsed.error);
  ArmEvaluator evaluator(env, FunctionTable::builtins(), env.limits);
  return evaluator.evaluate(parsed.expr, kCallSpan);
}

inline std::string to_json_text(const Value& v) { return fn::compact_json(v).value_or("<too deep>"); }

inline std::string eval_json(std::string_view expr_text, TestEnv& env) { return to_json_text(eval_expr(expr_text, env)); }

inline std::string eval_json(std::string_view expr_text) {
  TestEnv env;
  return eval_json(expr_text, env);
}

// The reason of an unknown result, or "" when the result is known.
inline std::string unknown_reason(const Value& v) { return v.is_unknown() ? v.unknown_info().reason : ""; }

inline std::string eval_reason(std::string_view expr_text) {
  TestEnv env;
  return unknown_reason(eval_expr(expr_text, env));
}

// The text a value's span covers in `source`.
inline std::string_view spanned(std::string_view source, Span s) { return source.substr(s.begin, s.end - s.begin); }

}  // namespace vl::test
