#include "frontends/terraform/evaluation/functions/function_registry.h"

namespace vl::tf {

const FunctionSpec* find_function(const std::string& name) {
  static const FunctionMap table = [] {
    FunctionMap map;
    add_collection_functions(map);
    add_string_functions(map);
    add_encoding_functions(map);
    add_conversion_functions(map);
    add_numeric_functions(map);
    add_hash_functions(map);
    add_unevaluated_functions(map);
    add_network_functions(map);
    return map;
  }();
  auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace vl::tf
