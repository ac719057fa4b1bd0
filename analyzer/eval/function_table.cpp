#include "eval/function_table.h"

#include "graph/budget.h"

#include "eval/evaluator.h"

namespace vl {

Value ArmCallContext::fail(std::string_view why) const {
  return Value::unknown(std::string(name) + "(): " + std::string(why), at);
}

Value ArmCallContext::stop(std::string_view why) const {
  return stopped(StopCause::Size, std::string(name) + "(): " + std::string(why), at);
}

void FunctionTable::add(FunctionDef def) {
  std::string key = to_lower(def.name);
  by_lower_name_[key] = std::move(def);
}

const FunctionDef* FunctionTable::find(std::string_view name) const {
  auto it = by_lower_name_.find(to_lower(name));
  return it == by_lower_name_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionTable::names() const {
  std::vector<std::string> out;
  out.reserve(by_lower_name_.size());
  for (const auto& [key, def] : by_lower_name_) out.push_back(def.name);
  return out;
}

const FunctionTable& FunctionTable::builtins() {
  static const FunctionTable table = [] {
    FunctionTable t;
    register_array_functions(t);
    register_comparison_functions(t);
    register_logical_functions(t);
    register_numeric_functions(t);
    register_object_functions(t);
    register_encoding_functions(t);  // these three were one registration, in this order
    register_string_functions(t);
    register_format_functions(t);
    register_date_functions(t);
    register_cidr_functions(t);
    register_lambda_functions(t);
    register_deployment_functions(t);
    register_resource_functions(t);
    register_hash_functions(t);
    return t;
  }();
  return table;
}

}  // namespace vl
