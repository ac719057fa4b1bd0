// Lambda functions: filter, map, reduce, sort, toObject, groupBy, mapValues, and lambdaVariables, which
// reads a lambda's parameter. lambda(...) itself is built by the evaluator. filter, map and reduce also
// pass the item's index to a lambda that declares one more parameter.
// [src: learn.microsoft.com template-functions-lambda; bicep-functions-lambda (index parameters,
// groupBy, mapValues)]
#include <string>
#include <unordered_map>
#include <vector>

#include "eval/functions/function_support.h"
#include "graph/symbol.h"

namespace vl {

namespace {

Value call(ArmCallContext& c, const Value& lambda, std::vector<Value> args) {
  return c.evaluator.invoke_lambda(lambda, std::move(args), c.at);
}

// The input collection at argument 0 and the lambda at argument `lambda_at`, or an unknown saying why not.
Value check(const ArmCallContext& c, bool object_input, std::size_t lambda_at) {
  if (object_input ? !c.args[0].is_object() : !c.args[0].is_array()) {
    return fn::wrong_type(c, 0, object_input ? "an object" : "an array");
  }
  for (std::size_t i = lambda_at; i < c.args.size(); ++i) {
    if (!fn::is_lambda(c.args[i])) return fn::wrong_type(c, i, "a lambda");
  }
  return Value();
}

// A lambda result that must be a boolean: the unknown it is, or an unknown saying it is not a boolean.
Value not_a_bool(const ArmCallContext& c, const Value& v) {
  if (v.is_unknown()) return without_symbol(v);
  return c.fail("the lambda must return a boolean, got " + v.display());
}

Value lambda_variables_fn(ArmCallContext& c) {
  const std::string* name = fn::string_arg(c, 0);
  if (!name) return fn::wrong_type(c, 0, "a string");
  return c.evaluator.lambda_variable(*name, c.at);
}

// filter: the items for which the lambda is true. An unknown answer leaves the result unknown.
Value filter_fn(ArmCallContext& c) {
  if (Value err = check(c, false, 1); !err.is_absent()) return err;
  const Array& items = c.args[0].as_array();
  Array out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value keep = call(c, c.args[1], {items[i], c.integer(static_cast<std::int64_t>(i))});
    if (!keep.is_bool()) return not_a_bool(c, keep);
    if (keep.as_bool()) out.push_back(items[i]);
  }
  return Value::array(std::move(out), c.at);
}

// map: the lambda's value for each item; an unknown value is an unknown item.
Value map_fn(ArmCallContext& c) {
  if (Value err = check(c, false, 1); !err.is_absent()) return err;
  const Array& items = c.args[0].as_array();
  Array out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Value v = call(c, c.args[1], {items[i], c.integer(static_cast<std::int64_t>(i))});
    if (v.is_opaque()) return c.fail("the lambda must return a value, not a lambda");
    out.push_back(std::move(v));
  }
  return Value::array(std::move(out), c.at);
}

// reduce(array, initial, lambda(current, next[, index])).
Value reduce_fn(ArmCallContext& c) {
  if (Value err = check(c, false, 2); !err.is_absent()) return err;
  if (c.args[1].is_opaque()) return fn::wrong_type(c, 1, "a value, not a lambda");
  Value acc = c.args[1];
  const Array& items = c.args[0].as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    acc = c.evaluator.bounded(call(c, c.args[2], {acc, items[i], c.integer(static_cast<std::int64_t>(i))}), c.at);
    if (acc.is_opaque()) return c.fail("the lambda must return a value, not a lambda");
  }
  return acc;
}

// sort(array, lambda(a, b)): "if true, the second element will be ordered after the first". A stable
// merge sort, so a comparator that is not a strict order cannot send it out of bounds.
Value sort_fn(ArmCallContext& c) {
  if (Value err = check(c, false, 1); !err.is_absent()) return err;
  Array items = c.args[0].as_array();
  Array buffer(items.size());
  Value failure;
  auto before = [&](const Value& a, const Value& b) {
    Value r = call(c, c.args[1], {a, b});
    if (!r.is_bool()) {
      failure = not_a_bool(c, r);
      return false;
    }
    return r.as_bool();
  };
  for (std::size_t width = 1; width < items.size(); width *= 2) {
    for (std::size_t lo = 0; lo < items.size(); lo += 2 * width) {
      std::size_t mid = std::min(lo + width, items.size());
      std::size_t hi = std::min(lo + 2 * width, items.size());
      std::size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        // The right item goes first only when it must come before the left one: equal items keep order.
        bool right_first = before(items[j], items[i]);
        if (!failure.is_absent()) return failure;
        buffer[k++] = right_first ? items[j++] : items[i++];
      }
      while (i < mid) buffer[k++] = items[i++];
      while (j < hi) buffer[k++] = items[j++];
    }
    items.swap(buffer);
  }
  return Value::array(std::move(items), c.at);
}

// A lambda result used as an object key: a string, or the unknown / failure it is instead.
const std::string* key_of(const ArmCallContext& c, const Value& key, Value& error) {
  if (key.is_string()) return &key.as_string();
  error = key.is_unknown() ? key : c.fail("the key lambda must return a string, got " + key.display());
  return nullptr;
}

// toObject(array, keyLambda[, valueLambda]): a later duplicate key replaces an earlier one.
Value to_object_fn(ArmCallContext& c) {
  if (Value err = check(c, false, 1); !err.is_absent()) return err;
  fn::ObjectBuilder out;
  for (const Value& item : c.args[0].as_array()) {
    Value key = call(c, c.args[1], {item});
    Value error;
    const std::string* name = key_of(c, key, error);
    if (!name) return error;
    Value value = c.args.size() > 2 ? call(c, c.args[2], {item}) : item;
    if (value.is_opaque()) return c.fail("the value lambda must return a value, not a lambda");
    out.set(*name, std::move(value));
  }
  return Value::object(out.take(), c.at);
}

// groupBy(array, lambda): {key: [items with that key]}, keys in order of first appearance.
Value group_by_fn(ArmCallContext& c) {
  if (Value err = check(c, false, 1); !err.is_absent()) return err;
  std::vector<std::pair<std::string, Array>> groups;
  std::unordered_map<std::string, std::size_t> by_key;  // lower-cased key -> group: keys ignore case
  for (const Value& item : c.args[0].as_array()) {
    Value key = call(c, c.args[1], {item});
    Value error;
    const std::string* name = key_of(c, key, error);
    if (!name) return error;
    auto [it, added] = by_key.emplace(to_lower(*name), groups.size());
    if (added) groups.emplace_back(*name, Array{});
    groups[it->second].second.push_back(item);
  }
  Object out;
  for (auto& [name, items] : groups) out.append(name, Value::array(std::move(items), c.at));
  return Value::object(std::move(out), c.at);
}

// mapValues(object, lambda(value)): the same keys with mapped values.
Value map_values_fn(ArmCallContext& c) {
  if (Value err = check(c, true, 1); !err.is_absent()) return err;
  Object out;
  for (const Member& m : c.args[0].as_object().members()) {
    Value v = call(c, c.args[1], {m.value});
    if (v.is_opaque()) return c.fail("the lambda must return a value, not a lambda");
    out.append(m.key, std::move(v), m.key_span);
  }
  return Value::object(std::move(out), c.at);
}

}  // namespace

void register_lambda_functions(FunctionTable& t) {
  t.add({"lambdaVariables", 1, 1, false, lambda_variables_fn});
  t.add({"filter", 2, 2, false, filter_fn});
  t.add({"map", 2, 2, false, map_fn});
  t.add({"reduce", 3, 3, false, reduce_fn});
  t.add({"sort", 2, 2, false, sort_fn});
  t.add({"toObject", 2, 3, false, to_object_fn});
  t.add({"groupBy", 2, 2, false, group_by_fn});
  t.add({"mapValues", 2, 2, false, map_values_fn});
}

}  // namespace vl
