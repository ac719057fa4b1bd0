// The template function library shared by the ARM and Bicep frontends. Each function is one entry
// (name, arity, how it treats unknown arguments, implementation), registered by the file of its
// category in eval/functions/. Names are case-insensitive, as in ARM.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/value.h"

namespace vl {

class ArmEvaluator;

struct ArmCallContext {
  std::string_view name;    // as the function table spells it
  std::vector<Value>& args; // evaluated arguments
  Span at;                  // the template string that holds the call: results get this span
  ArmEvaluator& evaluator;

  // An unknown value that says why the call could not be evaluated ("length(): the argument is a bool").
  Value fail(std::string_view why) const;
  // The same for a limit (a result too large, a value too large to walk): also recorded where it stopped
  // evaluation, so the scan reports it (graph/budget.h).
  Value stop(std::string_view why) const;
  // A known result written at the call.
  Value string(std::string s) const { return Value::string(std::move(s), at); }
  Value integer(std::int64_t i) const { return Value::integer(i, at); }
  Value boolean(bool b) const { return Value::boolean(b, at); }
};

using Builtin = Value (*)(ArmCallContext& call);

struct FunctionDef {
  std::string name;
  int min_args = 0;
  int max_args = 0;  // -1: any number
  // When false (the default), an unknown top-level argument makes the result that unknown without
  // calling the function. Functions that can still decide (and, or, if, coalesce, createObject, ...)
  // set it and handle unknowns themselves. Unknowns nested inside arrays and objects always reach the
  // function, which must not pretend to know a result that depends on them.
  bool accepts_unknown = false;
  Builtin fn = nullptr;
};

class FunctionTable {
 public:
  void add(FunctionDef def);
  const FunctionDef* find(std::string_view name) const;
  std::vector<std::string> names() const;

  // Every built-in function, registered once.
  static const FunctionTable& builtins();

 private:
  std::unordered_map<std::string, FunctionDef> by_lower_name_;
};

// One registration function per category file in eval/functions/.
void register_array_functions(FunctionTable& table);
void register_comparison_functions(FunctionTable& table);
void register_logical_functions(FunctionTable& table);
void register_numeric_functions(FunctionTable& table);
void register_object_functions(FunctionTable& table);
void register_string_functions(FunctionTable& table);
void register_encoding_functions(FunctionTable& table);
void register_format_functions(FunctionTable& table);
void register_date_functions(FunctionTable& table);
void register_cidr_functions(FunctionTable& table);
void register_lambda_functions(FunctionTable& table);
void register_deployment_functions(FunctionTable& table);
void register_resource_functions(FunctionTable& table);
void register_hash_functions(FunctionTable& table);

}  // namespace vl
