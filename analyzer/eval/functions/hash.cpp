// hash functions. (Filled in with the function library.)
#include "eval/function_table.h"

namespace vl {

void register_hash_functions(FunctionTable&) {}

}  // namespace vl
