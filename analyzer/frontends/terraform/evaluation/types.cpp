#include "frontends/terraform/evaluation/types.h"

#include <algorithm>

#include "frontends/terraform/evaluation/object_util.h"

namespace vl::tf {

namespace {

using TypePtr = std::shared_ptr<const TypeConstraint>;

TypePtr any_type() {
  static const TypePtr any = std::make_shared<TypeConstraint>();
  return any;
}

TypeConstraint::Kind kind_by_name(const std::string& name, bool& known) {
  known = true;
  if (name == "string") return TypeConstraint::Kind::String;
  if (name == "number") return TypeConstraint::Kind::Number;
  if (name == "bool") return TypeConstraint::Kind::Bool;
  if (name == "list") return TypeConstraint::Kind::List;
  if (name == "set") return TypeConstraint::Kind::Set;
  if (name == "map") return TypeConstraint::Kind::Map;
  known = name == "any";
  return TypeConstraint::Kind::Any;
}

}  // namespace

TypePtr parse_type(const Expr* e) {
  if (!e) return any_type();
  auto t = std::make_shared<TypeConstraint>();
  bool known = false;
  if (e->kind == ExprKind::Variable || e->kind == ExprKind::String) {
    // `string`, or Terraform 0.11's quoted "string" / "list" / "map".
    t->kind = kind_by_name(e->text, known);
    if (t->kind == TypeConstraint::Kind::List || t->kind == TypeConstraint::Kind::Set || t->kind == TypeConstraint::Kind::Map) {
      t->element = any_type();
    }
    return t;
  }
  if (e->kind != ExprKind::Call) return any_type();
  if (e->text == "object" && !e->items.empty() && e->items[0]->kind == ExprKind::Object) {
    t->kind = TypeConstraint::Kind::Object;
    const Expr& obj = *e->items[0];
    for (std::size_t i = 0; i + 1 < obj.items.size(); i += 2) {
      TypeConstraint::Attribute a;
      a.name = obj.items[i]->text;
      const Expr* spec = obj.items[i + 1].get();
      if (spec->kind == ExprKind::Call && spec->text == "optional") {
        a.optional = true;
        a.type = parse_type(spec->item(0));
        a.default_value = spec->item(1);
      } else {
        a.type = parse_type(spec);
      }
      t->attributes.push_back(std::move(a));
    }
    return t;
  }
  if (e->text == "tuple" && !e->items.empty() && e->items[0]->kind == ExprKind::Tuple) {
    t->kind = TypeConstraint::Kind::Tuple;
    for (const ExprPtr& item : e->items[0]->items) t->elements.push_back(parse_type(item.get()));
    return t;
  }
  t->kind = kind_by_name(e->text, known);
  if (!known || t->kind == TypeConstraint::Kind::Any) return any_type();
  t->element = parse_type(e->item(0));
  return t;
}

Value convert_to_type(const Value& v, const TypeConstraint& type, TfEvaluator& ev, int depth) {
  EvalShared& shared = ev.shared();
  if (v.is_unknown() || v.is_null() || type.kind == TypeConstraint::Kind::Any) return v;
  if (depth > kMaxValueDepth) return stopped(StopCause::Depth, "a value nested too deeply", v.span());
  using K = TypeConstraint::Kind;
  switch (type.kind) {
    case K::String: {
      std::string s;
      if (!as_text(v, s)) return shared.error("a " + type_name(v) + " where a string is required", v.span());
      return v.is_string() ? v : Value::string(std::move(s), v.span());
    }
    case K::Number: {
      Value n;
      if (!as_number(v, n)) return shared.error(v.display() + " where a number is required", v.span());
      return n.with_span(v.span());
    }
    case K::Bool: {
      bool b;
      if (!as_boolean(v, b)) return shared.error(v.display() + " where a bool is required", v.span());
      return v.is_bool() ? v : Value::boolean(b, v.span());
    }
    case K::List:
    case K::Set: {
      if (!v.is_array()) return shared.error("a " + type_name(v) + " where a list is required", v.span());
      Array items;
      for (const Value& item : v.as_array()) items.push_back(convert_to_type(item, *type.element, ev, depth + 1));
      if (type.kind == K::Set) {
        items = distinct_values(items);
        if (std::all_of(items.begin(), items.end(), [](const Value& x) { return x.is_string(); })) {
          std::stable_sort(items.begin(), items.end(), [](const Value& x, const Value& y) { return x.as_string() < y.as_string(); });
        }
      }
      return Value::array(std::move(items), v.span());
    }
    case K::Map: {
      if (!v.is_object()) return shared.error("a " + type_name(v) + " where a map is required", v.span());
      ObjectBuilder o;
      for (const Member& m : v.as_object().members()) {
        o.set(m.key, convert_to_type(m.value, *type.element, ev, depth + 1), m.key_span, m.value_span);
      }
      return Value::object(o.take(), v.span());
    }
    case K::Object: {
      if (!v.is_object()) return shared.error("a " + type_name(v) + " where an object is required", v.span());
      Object o;
      for (const TypeConstraint::Attribute& a : type.attributes) {
        const Member* m = find_exact(v.as_object(), a.name);
        if (m && !m->value.is_null()) {
          o.append(a.name, convert_to_type(m->value, *a.type, ev, depth + 1), m->key_span, m->value_span);
        } else if (a.optional) {
          // A missing (or null) optional attribute takes its default, written in the type.
          Value d = a.default_value ? convert_to_type(ev.eval(*a.default_value), *a.type, ev, depth + 1) : Value::null();
          o.append(a.name, std::move(d), m ? m->key_span : Span{}, m ? m->value_span : Span{});
        } else if (m) {
          o.append(a.name, m->value, m->key_span, m->value_span);
        } else {
          return shared.error("attribute `" + a.name + "` is required", v.span());
        }
      }
      return Value::object(std::move(o), v.span());
    }
    case K::Tuple: {
      if (!v.is_array() || v.as_array().size() != type.elements.size()) {
        return shared.error("a " + type_name(v) + " where a tuple of " + std::to_string(type.elements.size()) + " is required", v.span());
      }
      Array items;
      for (std::size_t i = 0; i < type.elements.size(); ++i) items.push_back(convert_to_type(v.as_array()[i], *type.elements[i], ev, depth + 1));
      return Value::array(std::move(items), v.span());
    }
    default:
      return v;
  }
}

}  // namespace vl::tf
