// Type conversion functions: tostring, tonumber, tobool, tolist, toset, tomap, and the functions that
// only mark values (sensitive, nonsensitive, ephemeralasnull), which pass the value through.
#include <algorithm>

#include "frontends/terraform/evaluation/functions/function_registry.h"

namespace vl::tf {

namespace {

Value fn_tostring(std::vector<Value>& a, TfCallContext& ctx) {
  if (a[0].is_null()) return a[0];
  std::string s;
  if (!as_text(a[0], s)) return fn_error(ctx, "tostring() of a " + type_name(a[0]));
  return Value::string(std::move(s), a[0].span());
}

Value fn_tonumber(std::vector<Value>& a, TfCallContext& ctx) {
  if (a[0].is_null()) return a[0];
  Value n;
  if (!as_number(a[0], n)) return fn_error(ctx, "tonumber() of " + a[0].display());
  return n.with_span(a[0].span());
}

Value fn_tobool(std::vector<Value>& a, TfCallContext& ctx) {
  if (a[0].is_null()) return a[0];
  bool b;
  if (!as_boolean(a[0], b)) return fn_error(ctx, "tobool() of " + a[0].display());
  return Value::boolean(b, a[0].span());
}

Value fn_tolist(std::vector<Value>& a, TfCallContext& ctx) {
  if (a[0].is_null() || a[0].is_array()) return a[0];
  return fn_error(ctx, "tolist() of a " + type_name(a[0]));
}

// Terraform's sets of strings are ordered lexically; others keep their first-seen order here.
Value fn_toset(std::vector<Value>& a, TfCallContext& ctx) {
  if (a[0].is_null()) return a[0];
  if (!a[0].is_array()) return fn_error(ctx, "toset() of a " + type_name(a[0]));
  Array items = distinct_values(a[0].as_array());
  bool strings = std::all_of(items.begin(), items.end(), [](const Value& v) { return v.is_string(); });
  if (strings) {
    std::stable_sort(items.begin(), items.end(), [](const Value& x, const Value& y) { return x.as_string() < y.as_string(); });
  }
  return Value::array(std::move(items), a[0].span());
}

Value fn_tomap(std::vector<Value>& a, TfCallContext& ctx) {
  if (a[0].is_null() || a[0].is_object()) return a[0];
  return fn_error(ctx, "tomap() of a " + type_name(a[0]));
}

Value fn_identity(std::vector<Value>& a, TfCallContext&) { return a[0]; }

}  // namespace

void add_conversion_functions(FunctionMap& map) {
  map["tostring"] = {fn_tostring, 1, 1, true};
  map["tonumber"] = {fn_tonumber, 1, 1, true};
  map["tobool"] = {fn_tobool, 1, 1, true};
  map["tolist"] = {fn_tolist, 1, 1, false};
  map["toset"] = {fn_toset, 1, 1, true};
  map["tomap"] = {fn_tomap, 1, 1, false};
  map["sensitive"] = {fn_identity, 1, 1, false};
  map["nonsensitive"] = {fn_identity, 1, 1, false};
  map["ephemeralasnull"] = {fn_identity, 1, 1, false};
}

}  // namespace vl::tf
