// Hash functions: md5, sha1, sha256, sha512 (hex) and base64sha256, base64sha512 — names and ids built
// from them (`substr(sha1(...), 0, 8)`) stay known, so references still link.
#include <openssl/evp.h>

#include "frontends/terraform/functions/function_registry.h"

namespace vl::tf {

namespace {

std::string digest(const std::string& text, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), out, &length, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

template <const EVP_MD* (*Md)(), bool Base64>
Value fn_hash(std::vector<Value>& a, CallContext& ctx) {
  std::string s;
  if (!as_text(a[0], s)) return fn_error(ctx, "a hash of a " + type_name(a[0]));
  std::string d = digest(s, Md());
  if (!Base64) return Value::string(hex(d), ctx.at);
  std::vector<Value> arg{Value::string(d)};
  return find_function("base64encode")->fn(arg, ctx);
}

}  // namespace

void add_hash_functions(FunctionMap& map) {
  map["md5"] = {fn_hash<EVP_md5, false>, 1, 1, true};
  map["sha1"] = {fn_hash<EVP_sha1, false>, 1, 1, true};
  map["sha256"] = {fn_hash<EVP_sha256, false>, 1, 1, true};
  map["sha512"] = {fn_hash<EVP_sha512, false>, 1, 1, true};
  map["base64sha256"] = {fn_hash<EVP_sha256, true>, 1, 1, true};
  map["base64sha512"] = {fn_hash<EVP_sha512, true>, 1, 1, true};
}

}  // namespace vl::tf
