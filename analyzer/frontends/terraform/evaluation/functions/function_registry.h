// Terraform's built-in functions, one group per file. Each group adds its functions to the table that
// find_function() (functions.cpp) searches. Arguments arrive evaluated; an unknown argument makes the
// result unknown before the function runs (FunctionSpec::deep says how far the check looks).
#pragma once

#include <string>
#include <unordered_map>

#include "frontends/terraform/evaluation/evaluator.h"

namespace vl::tf {

using FunctionMap = std::unordered_map<std::string, FunctionSpec>;

void add_collection_functions(FunctionMap& map);
void add_string_functions(FunctionMap& map);
void add_encoding_functions(FunctionMap& map);
void add_conversion_functions(FunctionMap& map);
void add_numeric_functions(FunctionMap& map);
void add_hash_functions(FunctionMap& map);
void add_unevaluated_functions(FunctionMap& map);
void add_network_functions(FunctionMap& map);

// Helpers shared by the groups.
inline Value fn_error(TfCallContext& ctx, const std::string& message) { return ctx.shared.error(message, ctx.at); }
// A JSON text for a known value, as jsonencode() writes it (object keys sorted, <, > and & escaped).
std::string json_text(const Value& v, int depth = 0);

}  // namespace vl::tf
