// Collection functions: length, concat, merge, lookup, keys, values, element, flatten, distinct,
// contains, coalesce, coalescelist, compact, index, one, alltrue, anytrue, reverse, slice, sort, range,
// zipmap, setunion, setintersection, setsubtract, sum, chunklist, matchkeys.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "frontends/terraform/evaluation/functions/function_registry.h"
#include "frontends/terraform/evaluation/object_util.h"

namespace vl::tf {

namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool list_arg(const Value& v) { return v.is_array(); }

Value fn_length(std::vector<Value>& a, TfCallContext& ctx) {
  const Value& v = a[0];
  if (v.is_string()) return Value::integer(static_cast<std::int64_t>(code_points(v.as_string())), ctx.at);
  if (v.is_array()) return Value::integer(static_cast<std::int64_t>(v.as_array().size()), ctx.at);
  if (v.is_object()) return Value::integer(static_cast<std::int64_t>(sorted_members(v.as_object()).size()), ctx.at);
  return fn_error(ctx, "length() of a " + type_name(v));
}

Value fn_concat(std::vector<Value>& a, TfCallContext& ctx) {
  Array out;
  for (const Value& v : a) {
    if (!list_arg(v)) return fn_error(ctx, "concat() of a " + type_name(v));
    out.insert(out.end(), v.as_array().begin(), v.as_array().end());
    if (out.size() > ctx.shared.max_collection_items) return stopped(StopCause::Size, "a list too large to evaluate", ctx.at);
  }
  return Value::array(std::move(out), ctx.at);
}

Value fn_merge(std::vector<Value>& a, TfCallContext& ctx) {
  ObjectBuilder out;
  for (const Value& v : a) {
    if (v.is_null()) continue;
    if (!v.is_object()) return fn_error(ctx, "merge() of a " + type_name(v));
    for (const Member& m : v.as_object().members()) out.set(m.key, m.value, m.key_span, m.value_span);
  }
  return Value::object(out.take(), ctx.at);
}

Value fn_lookup(std::vector<Value>& a, TfCallContext& ctx) {
  if (!a[0].is_object()) return fn_error(ctx, "lookup() in a " + type_name(a[0]));
  std::string key;
  if (!as_text(a[1], key)) return fn_error(ctx, "lookup() with a " + type_name(a[1]) + " key");
  if (const Member* m = find_exact(a[0].as_object(), key)) return m->value;
  if (a.size() > 2) return a[2];
  return fn_error(ctx, "lookup() found no element `" + key + "` and has no default");
}

Value fn_keys(std::vector<Value>& a, TfCallContext& ctx) {
  if (!a[0].is_object()) return fn_error(ctx, "keys() of a " + type_name(a[0]));
  Array out;
  for (const Member* m : sorted_members(a[0].as_object())) out.push_back(Value::string(m->key, m->key_span));
  return Value::array(std::move(out), ctx.at);
}

Value fn_values(std::vector<Value>& a, TfCallContext& ctx) {
  if (!a[0].is_object()) return fn_error(ctx, "values() of a " + type_name(a[0]));
  Array out;
  for (const Member* m : sorted_members(a[0].as_object())) out.push_back(m->value);
  return Value::array(std::move(out), ctx.at);
}

Value fn_element(std::vector<Value>& a, TfCallContext& ctx) {
  Value n;
  if (!list_arg(a[0]) || !as_number(a[1], n)) return fn_error(ctx, "element() needs a list and a number");
  const Array& items = a[0].as_array();
  if (items.empty()) return fn_error(ctx, "element() of an empty list");
  std::int64_t d = to_int(n.as_number());
  if (d < 0) return fn_error(ctx, "element() with a negative index");
  return items[static_cast<std::size_t>(d) % items.size()];
}

bool flatten_into(const Value& v, Array& out, int depth, TfCallContext& ctx, Value& failure) {
  if (depth > kMaxValueDepth) {
    failure = stopped(StopCause::Depth, "a list nested too deeply", ctx.at);
    return false;
  }
  for (const Value& item : v.as_array()) {
    if (item.is_unknown()) {
      failure = item;
      return false;
    }
    if (item.is_array()) {
      if (!flatten_into(item, out, depth + 1, ctx, failure)) return false;
    } else {
      out.push_back(item);
    }
    if (out.size() > ctx.shared.max_collection_items) {
      failure = stopped(StopCause::Size, "a list too large to evaluate", ctx.at);
      return false;
    }
  }
  return true;
}

Value fn_flatten(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0])) return fn_error(ctx, "flatten() of a " + type_name(a[0]));
  Array out;
  Value failure;
  if (!flatten_into(a[0], out, 0, ctx, failure)) return failure;
  return Value::array(std::move(out), ctx.at);
}

Value fn_distinct(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0])) return fn_error(ctx, "distinct() of a " + type_name(a[0]));
  return Value::array(distinct_values(a[0].as_array()), ctx.at);
}

Value fn_contains(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0])) return fn_error(ctx, "contains() in a " + type_name(a[0]));
  if (a[1].find_unknown()) return *a[1].find_unknown();
  const Value* unknown = nullptr;
  for (const Value& item : a[0].as_array()) {
    if (item.find_unknown()) {
      unknown = &item;
      continue;
    }
    if (tf_equals(item, a[1])) return Value::boolean(true, ctx.at);
  }
  if (unknown) return *unknown->find_unknown();
  return Value::boolean(false, ctx.at);
}

Value fn_coalesce(std::vector<Value>& a, TfCallContext& ctx) {
  for (const Value& v : a) {
    if (v.is_unknown()) return v;
    if (v.is_null() || (v.is_string() && v.as_string().empty())) continue;
    return v;
  }
  return fn_error(ctx, "coalesce() found no non-null, non-empty argument");
}

Value fn_coalescelist(std::vector<Value>& a, TfCallContext& ctx) {
  for (const Value& v : a) {
    if (v.is_unknown()) return v;
    if (v.is_array() && !v.as_array().empty()) return v;
  }
  return Value::array(Array{}, ctx.at);
}

Value fn_compact(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0])) return fn_error(ctx, "compact() of a " + type_name(a[0]));
  Array out;
  for (const Value& v : a[0].as_array()) {
    if (v.is_unknown()) return v;
    if (v.is_null() || (v.is_string() && v.as_string().empty())) continue;
    out.push_back(v);
  }
  return Value::array(std::move(out), ctx.at);
}

Value fn_index(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0])) return fn_error(ctx, "index() in a " + type_name(a[0]));
  const Array& items = a[0].as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (tf_equals(items[i], a[1])) return Value::integer(static_cast<std::int64_t>(i), ctx.at);
  }
  return fn_error(ctx, "index() found no such element");
}

Value fn_one(std::vector<Value>& a, TfCallContext& ctx) {
  if (a[0].is_null()) return Value::null(ctx.at);
  if (!list_arg(a[0])) return fn_error(ctx, "one() of a " + type_name(a[0]));
  const Array& items = a[0].as_array();
  if (items.empty()) return Value::null(ctx.at);
  if (items.size() == 1) return items[0];
  return fn_error(ctx, "one() of a list with " + std::to_string(items.size()) + " elements");
}

Value all_or_any(std::vector<Value>& a, TfCallContext& ctx, bool all) {
  if (!list_arg(a[0])) return fn_error(ctx, std::string(all ? "alltrue" : "anytrue") + "() of a " + type_name(a[0]));
  const Value* unknown = nullptr;
  for (const Value& v : a[0].as_array()) {
    bool b;
    if (v.is_unknown()) {
      if (!unknown) unknown = &v;
      continue;
    }
    if (!as_boolean(v, b)) return fn_error(ctx, "a " + type_name(v) + " where a boolean was expected");
    if (b != all) return Value::boolean(!all, ctx.at);
  }
  if (unknown) return *unknown;
  return Value::boolean(all, ctx.at);
}
Value fn_alltrue(std::vector<Value>& a, TfCallContext& ctx) { return all_or_any(a, ctx, true); }
Value fn_anytrue(std::vector<Value>& a, TfCallContext& ctx) { return all_or_any(a, ctx, false); }

Value fn_reverse(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0])) return fn_error(ctx, "reverse() of a " + type_name(a[0]));
  Array out(a[0].as_array().rbegin(), a[0].as_array().rend());
  return Value::array(std::move(out), ctx.at);
}

Value fn_slice(std::vector<Value>& a, TfCallContext& ctx) {
  Value s, e;
  if (!list_arg(a[0]) || !as_number(a[1], s) || !as_number(a[2], e)) return fn_error(ctx, "slice() needs a list and two numbers");
  const Array& items = a[0].as_array();
  std::int64_t from = to_int(s.as_number()), to = to_int(e.as_number());
  if (from < 0 || to > static_cast<std::int64_t>(items.size()) || from > to) return fn_error(ctx, "slice() indexes out of range");
  return Value::array(Array(items.begin() + from, items.begin() + to), ctx.at);
}

Value fn_sort(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0])) return fn_error(ctx, "sort() of a " + type_name(a[0]));
  std::vector<std::pair<std::string, Value>> items;
  for (const Value& v : a[0].as_array()) {
    std::string s;
    if (!as_text(v, s)) return fn_error(ctx, "sort() of a list holding a " + type_name(v));
    items.emplace_back(s, Value::string(s, v.span()));
  }
  std::stable_sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  Array out;
  for (auto& [s, v] : items) out.push_back(std::move(v));
  return Value::array(std::move(out), ctx.at);
}

Value fn_range(std::vector<Value>& a, TfCallContext& ctx) {
  std::vector<double> n;
  for (const Value& v : a) {
    Value x;
    if (!as_number(v, x)) return fn_error(ctx, "range() of a " + type_name(v));
    n.push_back(x.as_number());
  }
  double start = n.size() > 1 ? n[0] : 0, limit = n.size() > 1 ? n[1] : n[0], step = n.size() > 2 ? n[2] : (start <= limit ? 1 : -1);
  if (step == 0) return fn_error(ctx, "range() with a step of zero");
  double count = std::ceil((limit - start) / step);
  if (count > static_cast<double>(ctx.shared.max_collection_items)) return stopped(StopCause::Size, "range() of more than " + std::to_string(ctx.shared.max_collection_items) + " numbers", ctx.at);
  Array out;
  for (double x = start; step > 0 ? x < limit : x > limit; x += step) {
    out.push_back(x == std::floor(x) ? Value::integer(static_cast<std::int64_t>(x), ctx.at) : Value::number(x, ctx.at));
  }
  return Value::array(std::move(out), ctx.at);
}

Value fn_zipmap(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0]) || !list_arg(a[1])) return fn_error(ctx, "zipmap() needs two lists");
  const Array& k = a[0].as_array();
  const Array& v = a[1].as_array();
  if (k.size() != v.size()) return fn_error(ctx, "zipmap() of lists of different lengths");
  ObjectBuilder out;
  for (std::size_t i = 0; i < k.size(); ++i) {
    std::string key;
    if (k[i].is_unknown()) return k[i];
    if (!as_text(k[i], key)) return fn_error(ctx, "zipmap() key that is a " + type_name(k[i]));
    out.set(key, v[i], k[i].span(), v[i].span());
  }
  return Value::object(out.take(), ctx.at);
}

Value set_op(std::vector<Value>& a, TfCallContext& ctx, int op) {  // 0 union, 1 intersection, 2 subtract
  for (const Value& v : a) {
    if (!list_arg(v)) return fn_error(ctx, "a set function of a " + type_name(v));
  }
  Array out = distinct_values(a[0].as_array());
  for (std::size_t i = 1; i < a.size(); ++i) {
    const Array& other = a[i].as_array();
    auto in_other = [&](const Value& x) {
      return std::any_of(other.begin(), other.end(), [&](const Value& y) { return tf_equals(x, y); });
    };
    if (op == 0) {
      for (const Value& y : other) out.push_back(y);
      out = distinct_values(out);
    } else {
      Array kept;
      for (const Value& x : out) {
        if (in_other(x) == (op == 1)) kept.push_back(x);
      }
      out = std::move(kept);
    }
  }
  return Value::array(std::move(out), ctx.at);
}
Value fn_setunion(std::vector<Value>& a, TfCallContext& ctx) { return set_op(a, ctx, 0); }
Value fn_setintersection(std::vector<Value>& a, TfCallContext& ctx) { return set_op(a, ctx, 1); }
Value fn_setsubtract(std::vector<Value>& a, TfCallContext& ctx) { return set_op(a, ctx, 2); }

Value fn_sum(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0]) || a[0].as_array().empty()) return fn_error(ctx, "sum() needs a non-empty list");
  double total = 0;
  bool ints = true;
  for (const Value& v : a[0].as_array()) {
    Value n;
    if (!as_number(v, n)) return fn_error(ctx, "sum() of a " + type_name(v));
    ints = ints && n.is_int();
    total += n.as_number();
  }
  return ints && std::fabs(total) < 9e15 ? Value::integer(static_cast<std::int64_t>(total), ctx.at) : Value::number(total, ctx.at);
}

Value fn_chunklist(std::vector<Value>& a, TfCallContext& ctx) {
  Value n;
  if (!list_arg(a[0]) || !as_number(a[1], n) || n.as_number() < 0) return fn_error(ctx, "chunklist() needs a list and a size");
  const Array& items = a[0].as_array();
  auto size = static_cast<std::size_t>(to_int(n.as_number()));
  Array out;
  if (size == 0) {
    out.push_back(a[0]);
    return Value::array(std::move(out), ctx.at);
  }
  for (std::size_t i = 0; i < items.size(); i += size) {
    out.push_back(Value::array(Array(items.begin() + static_cast<std::ptrdiff_t>(i),
                                     items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + size))),
                               ctx.at));
  }
  return Value::array(std::move(out), ctx.at);
}

Value fn_matchkeys(std::vector<Value>& a, TfCallContext& ctx) {
  if (!list_arg(a[0]) || !list_arg(a[1]) || !list_arg(a[2])) return fn_error(ctx, "matchkeys() needs three lists");
  const Array& values = a[0].as_array();
  const Array& keys = a[1].as_array();
  if (values.size() != keys.size()) return fn_error(ctx, "matchkeys() of lists of different lengths");
  Array out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    for (const Value& s : a[2].as_array()) {
      if (tf_equals(keys[i], s)) {
        out.push_back(values[i]);
        break;
      }
    }
  }
  return Value::array(std::move(out), ctx.at);
}

}  // namespace

void add_collection_functions(FunctionMap& map) {
  map["length"] = {fn_length, 1, 1, false};
  map["concat"] = {fn_concat, 0, -1, false};
  map["merge"] = {fn_merge, 0, -1, false};
  map["lookup"] = {fn_lookup, 2, 3, false};
  map["keys"] = {fn_keys, 1, 1, false};
  map["values"] = {fn_values, 1, 1, false};
  map["element"] = {fn_element, 2, 2, false};
  map["flatten"] = {fn_flatten, 1, 1, false};
  map["distinct"] = {fn_distinct, 1, 1, true};
  map["contains"] = {fn_contains, 2, 2, false};
  map["coalesce"] = {fn_coalesce, 1, -1, false};
  map["coalescelist"] = {fn_coalescelist, 1, -1, false};
  map["compact"] = {fn_compact, 1, 1, false};
  map["index"] = {fn_index, 2, 2, true};
  map["one"] = {fn_one, 1, 1, false};
  map["alltrue"] = {fn_alltrue, 1, 1, false};
  map["anytrue"] = {fn_anytrue, 1, 1, false};
  map["reverse"] = {fn_reverse, 1, 1, false};
  map["slice"] = {fn_slice, 3, 3, false};
  map["sort"] = {fn_sort, 1, 1, true};
  map["range"] = {fn_range, 1, 3, true};
  map["zipmap"] = {fn_zipmap, 2, 2, false};
  map["setunion"] = {fn_setunion, 1, -1, true};
  map["setintersection"] = {fn_setintersection, 1, -1, true};
  map["setsubtract"] = {fn_setsubtract, 2, 2, true};
  map["sum"] = {fn_sum, 1, 1, true};
  map["chunklist"] = {fn_chunklist, 2, 2, false};
  map["matchkeys"] = {fn_matchkeys, 3, 3, true};
}

}  // namespace vl::tf
