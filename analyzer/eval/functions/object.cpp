// Object functions: createObject, json, null, items, objectKeys, shallowMerge, tryGet. contains, empty,
// length, union and intersection handle objects too; they are registered with the array functions.
// Object keys always compare case-insensitively. [src: learn.microsoft.com template-functions-object,
// ms.date 08/01/2025]
#include <algorithm>
#include <string>
#include <vector>

#include "eval/functions/function_support.h"
#include "eval/functions/json_text.h"
#include "graph/symbol.h"

namespace vl {

namespace {

// createObject('a', unknown) is an object whose member is unknown: its keys stay known. An unknown key
// makes the whole object unknown.
Value create_object_fn(ArmCallContext& c) {
  if (c.args.size() % 2 != 0) return c.fail("expects key/value pairs, got an odd number of arguments");
  if (!fn::items_fit(c, c.args.size() / 2)) return fn::too_many_items(c, c.args.size() / 2);
  fn::ObjectBuilder out;
  for (std::size_t i = 0; i < c.args.size(); i += 2) {
    const Value& key = c.args[i];
    const Value& value = c.args[i + 1];
    if (key.is_unknown()) return without_symbol(key);
    if (!key.is_string()) return fn::wrong_type(c, i, "a string key");
    if (value.is_opaque() || value.is_absent()) return c.fail("a lambda or missing value cannot be a member");
    out.set(key.as_string(), value);
  }
  return Value::object(out.take(), c.at);
}

// json('...'): the JSON value of the text; json('null') is null. [src: template-functions-object#json]
Value json_fn(ArmCallContext& c) {
  const std::string* text = fn::string_arg(c, 0);
  if (!text) return fn::wrong_type(c, 0, "a string");
  return fn::parse_json_text(c, *text);
}

Value null_fn(ArmCallContext& c) { return Value::null(c.at); }

// items(object): [{key, value}] sorted by key, as ARM sorts them ("the items() function sorts the
// objects in the alphabetical order"). [src: includes/resource-manager-object-ordering-arm-template.md]
Value items_fn(ArmCallContext& c) {
  if (!c.args[0].is_object()) return fn::wrong_type(c, 0, "an object");
  std::vector<const Member*> members;
  for (const Member& m : c.args[0].as_object().members()) members.push_back(&m);
  std::stable_sort(members.begin(), members.end(), [](const Member* a, const Member* b) {
    std::string x = to_lower(a->key);
    std::string y = to_lower(b->key);
    return x != y ? x < y : a->key < b->key;
  });
  Array out;
  out.reserve(members.size());
  for (const Member* m : members) {
    Object entry;
    entry.set("key", c.string(m->key));
    entry.set("value", m->value);
    out.push_back(Value::object(std::move(entry), c.at));
  }
  return Value::array(std::move(out), c.at);
}

// objectKeys(object): the keys in written order. [src: template-functions-object#objectkeys]
Value object_keys_fn(ArmCallContext& c) {
  if (!c.args[0].is_object()) return fn::wrong_type(c, 0, "an object");
  Array out;
  for (const Member& m : c.args[0].as_object().members()) out.push_back(c.string(m.key));
  return Value::array(std::move(out), c.at);
}

// shallowMerge([objects]): top-level members merged, the last object wins; nested objects are replaced,
// not merged. [src: template-functions-object#shallowmerge]
Value shallow_merge_fn(ArmCallContext& c) {
  if (!c.args[0].is_array()) return fn::wrong_type(c, 0, "an array of objects");
  fn::ObjectBuilder out;
  for (const Value& item : c.args[0].as_array()) {
    if (item.is_unknown()) return without_symbol(item);  // its keys are not known, so neither are the result's
    if (!item.is_object()) return c.fail("every item must be an object, got " + item.display());
    for (const Member& m : item.as_object().members()) out.set(m);
    if (!fn::items_fit(c, out.size())) return fn::too_many_items(c, out.size());
  }
  return Value::object(out.take(), c.at);
}

// tryGet(objectOrArray, keyOrIndex, ...): the member or item as written, or null when it is not there;
// each further key reads into the result (what Bicep's `.?a.?b` compiles to). A null container gives
// null, and so does a string or another scalar, which has no members. [src: template-functions-object#tryget]
Value try_get_fn(ArmCallContext& c) {
  Value current = c.args[0];
  for (std::size_t k = 1; k < c.args.size(); ++k) {
    const Value& key = c.args[k];
    if (current.is_unknown()) {
      current = member_of_unknown(current, key);
      continue;
    }
    if (key.is_unknown()) return without_symbol(key);
    if (current.is_object()) {
      if (!key.is_string()) return fn::wrong_type(c, k, "a string key for an object");
      const Value* v = current.as_object().find(key.as_string());
      if (!v && names_synthetic_location(key.as_string())) return Value::unknown(kSyntheticLocationUnknown, c.at);
      if (!v) return Value::null(c.at);
      current = *v;
    } else if (current.is_array()) {
      if (!key.is_int()) return fn::wrong_type(c, k, "an integer index for an array");
      const Array& items = current.as_array();
      std::int64_t i = key.as_int();
      if (i < 0 || static_cast<std::uint64_t>(i) >= items.size()) return Value::null(c.at);
      Value item = items[static_cast<std::size_t>(i)];
      current = std::move(item);
    } else {
      return Value::null(c.at);
    }
  }
  return current;
}

}  // namespace

void register_object_functions(FunctionTable& t) {
  t.add({"createObject", 0, -1, true, create_object_fn});
  t.add({"json", 1, 1, false, json_fn});
  t.add({"null", 0, 0, false, null_fn});
  t.add({"items", 1, 1, false, items_fn});
  t.add({"objectKeys", 1, 1, false, object_keys_fn});
  t.add({"shallowMerge", 1, 1, false, shallow_merge_fn});
  t.add({"tryGet", 2, -1, true, try_get_fn});
}

}  // namespace vl
