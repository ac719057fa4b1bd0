#include "eval/functions/function_support.h"

namespace vl::fn {

// ---- arguments -------------------------------------------------------------------------------------

Value wrong_type(const ArmCallContext& c, std::size_t i, std::string_view expected) {
  std::string got = i < c.args.size() ? c.args[i].display() : "nothing";
  return c.fail("argument " + std::to_string(i + 1) + " must be " + std::string(expected) + ", got " + got);
}

const std::string* string_arg(const ArmCallContext& c, std::size_t i) {
  return i < c.args.size() && c.args[i].is_string() ? &c.args[i].as_string() : nullptr;
}

std::optional<std::int64_t> int_arg(const ArmCallContext& c, std::size_t i) {
  if (i < c.args.size() && c.args[i].is_int()) return c.args[i].as_int();
  return std::nullopt;
}

bool is_lambda(const Value& v) {
  const OpaquePayload* p = v.is_opaque() ? v.opaque_ptr().get() : nullptr;
  return dynamic_cast<const LambdaPayload*>(p) || dynamic_cast<const CallableLambda*>(p);
}

// ---- limits ----------------------------------------------------------------------------------------

bool string_fits(const ArmCallContext& c, std::size_t bytes) { return bytes <= c.evaluator.limits().max_string_bytes; }

bool items_fit(const ArmCallContext& c, std::size_t items) {
  return items <= c.evaluator.limits().max_collection_items;
}

Value string_too_large(const ArmCallContext& c, std::size_t bytes) {
  std::string size = bytes == SIZE_MAX ? "more than " + std::to_string(c.evaluator.limits().max_string_bytes)
                                       : std::to_string(bytes);
  return c.stop("the result would be a string of " + size + " bytes, over the evaluation limit");
}

Value too_many_items(const ArmCallContext& c, std::size_t items) {
  return c.stop("the result would hold " + std::to_string(items) + " items, over the evaluation limit");
}

// ---- objects ---------------------------------------------------------------------------------------

ObjectBuilder::ObjectBuilder(Object start) : object_(std::move(start)) {
  const auto& members = object_.members();
  for (std::size_t i = 0; i < members.size(); ++i) index_[to_lower(members[i].key)] = i;  // last one wins, as in find()
}

void ObjectBuilder::set(const std::string& key, Value value, Span key_span, Span value_span) {
  auto [it, added] = index_.emplace(to_lower(key), object_.size());
  if (added) {
    object_.append(key, std::move(value), key_span, value_span);
    return;
  }
  Member& m = object_.members()[it->second];
  m.value = std::move(value);
  if (key_span.valid()) m.key_span = key_span;
  m.value_span = value_span;
}

const Value* ObjectBuilder::find(std::string_view key) const {
  auto it = index_.find(to_lower(key));
  return it == index_.end() ? nullptr : &object_.members()[it->second].value;
}

}  // namespace vl::fn
