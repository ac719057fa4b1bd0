// Hash functions: md5, sha1, sha256, sha512 (hex) and base64sha256, base64sha512 — names and ids built
// from them (`substr(sha1(...), 0, 8)`) stay known, so references still link.
#include "frontends/terraform/evaluation/functions/function_registry.h"
#include "source/bytes.h"

namespace vl::tf {

namespace {

template <DigestKind Kind, bool Base64>
Value fn_hash(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  if (!as_text(a[0], s)) return fn_error(ctx, "a hash of a " + type_name(a[0]));
  std::string d = digest(Kind, s);
  if (!Base64) return Value::string(hex_lower(d), ctx.at);
  std::vector<Value> arg{Value::string(d)};
  return find_function("base64encode")->fn(arg, ctx);
}

}  // namespace

void add_hash_functions(FunctionMap& map) {
  map["md5"] = {fn_hash<DigestKind::Md5, false>, 1, 1, true};
  map["sha1"] = {fn_hash<DigestKind::Sha1, false>, 1, 1, true};
  map["sha256"] = {fn_hash<DigestKind::Sha256, false>, 1, 1, true};
  map["sha512"] = {fn_hash<DigestKind::Sha512, false>, 1, 1, true};
  map["base64sha256"] = {fn_hash<DigestKind::Sha256, true>, 1, 1, true};
  map["base64sha512"] = {fn_hash<DigestKind::Sha512, true>, 1, 1, true};
}

}  // namespace vl::tf
