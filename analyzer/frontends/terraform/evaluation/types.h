// Variable type constraints (`string`, `list(string)`, `object({ a = optional(bool, true) })`, ...) and
// the conversion Terraform applies to a variable's value: "true" becomes a bool, a tuple a list, missing
// optional attributes get their defaults (or null), undeclared object attributes are dropped. A value
// that does not convert is an error value (unknown, with the reason); `validation` blocks are not run.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontends/terraform/evaluation/evaluator.h"

namespace vl::tf {

struct TypeConstraint {
  enum class Kind { Any, String, Number, Bool, List, Set, Map, Object, Tuple };
  struct Attribute {
    std::string name;
    std::shared_ptr<const TypeConstraint> type;
    bool optional = false;
    const Expr* default_value = nullptr;  // optional(T, default)
  };

  Kind kind = Kind::Any;
  std::shared_ptr<const TypeConstraint> element;                // list, set, map
  std::vector<Attribute> attributes;                            // object
  std::vector<std::shared_ptr<const TypeConstraint>> elements;  // tuple

  bool primitive() const { return kind == Kind::String || kind == Kind::Number || kind == Kind::Bool; }
};

// The constraint an expression writes; `any` for null or anything it does not understand.
std::shared_ptr<const TypeConstraint> parse_type(const Expr* e);

// Converts `v` to `type`; `ev` evaluates optional() defaults (which are constants).
Value convert_to_type(const Value& v, const TypeConstraint& type, TfEvaluator& ev, int depth = 0);

}  // namespace vl::tf
