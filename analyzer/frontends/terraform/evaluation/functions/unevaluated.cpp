// Functions whose result the scan cannot know offline: they read the clock, make random values, or read
// files (a template file's content is not evaluated). Each gives an unknown that says why, rather than
// the generic "not evaluated".
#include "frontends/terraform/evaluation/functions/function_registry.h"

namespace vl::tf {

namespace {

Value fn_fresh(std::vector<Value>&, TfCallContext& ctx) {
  return Value::unknown("it is computed anew on every run (uuid, timestamp, bcrypt)", ctx.at);
}

Value fn_file(std::vector<Value>&, TfCallContext& ctx) {
  return Value::unknown("it reads a file, which vaultlint does not evaluate", ctx.at);
}

Value fn_type(std::vector<Value>&, TfCallContext& ctx) { return Value::unknown("type() describes a type, not a value", ctx.at); }

Value fn_yaml(std::vector<Value>&, TfCallContext& ctx) {
  return Value::unknown("YAML encoding and decoding are not evaluated by vaultlint", ctx.at);
}

}  // namespace

void add_unevaluated_functions(FunctionMap& map) {
  for (const char* name : {"uuid", "timestamp", "plantimestamp", "bcrypt", "uuidv5"}) map[name] = {fn_fresh, 0, -1, false};
  for (const char* name : {"file", "filebase64", "fileexists", "fileset", "templatefile", "filemd5", "filesha1",
                           "filesha256", "filesha512", "filebase64sha256", "filebase64sha512", "abspath", "pathexpand"}) {
    map[name] = {fn_file, 0, -1, false};
  }
  map["type"] = {fn_type, 1, 1, false};
  map["yamlencode"] = {fn_yaml, 1, 1, false};
  map["yamldecode"] = {fn_yaml, 1, 1, false};
}

}  // namespace vl::tf
