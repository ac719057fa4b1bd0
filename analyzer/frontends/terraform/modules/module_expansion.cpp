// count, for_each and dynamic blocks, and the evaluation of a block's body into the object Terraform
// expressions see (blocks become lists of objects, as JSON syntax writes them).
#include "frontends/terraform/modules/module_instance.h"
#include "frontends/terraform/evaluation/object_util.h"

namespace vl::tf {

namespace {

// Terraform itself has no limit; more instances than this are hostile or broken input (a KV001 says so).
constexpr std::int64_t kMaxInstances = 1000;

bool is_meta_block(const std::string& type) {
  return type == "lifecycle" || type == "provisioner" || type == "connection" || type == "precondition" ||
         type == "postcondition";
}

std::string quoted_key(const std::string& k) {
  std::string out = "[\"";
  for (char c : k) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"]";
}

}  // namespace

Expansion ModuleInstance::expand(const Body& body, const std::string& what, Span at) {
  Expansion e = expand_all(body, what);
  // Every instance (of a resource, of a module) is charged to the unit: a fan-out of module counts and
  // nested modules stops at the budget instead of taking all memory.
  if (UnitBudget* budget = UnitBudget::current()) {
    std::size_t kept = 0;
    while (kept < e.instances.size() && unit_.shared.spend() && budget->charge_instance(at, what)) ++kept;
    if (kept < e.instances.size() && !budget->exhausted()) unit_.shared.out_of_work(at);
    e.instances.resize(kept);
  }
  return e;
}

Expansion ModuleInstance::expand_all(const Body& body, const std::string& what) {
  Expansion e;
  const Attribute* count = body.attribute("count");
  const Attribute* for_each = body.attribute("for_each");
  auto unknown = [&](const Value& v, const std::string& which) {
    e.kind = Expansion::Kind::Unknown;
    e.unknown = v.is_unknown() ? v : unit_.shared.error(which + " is " + v.display(), v.span());
    e.unknown_reason = "its " + which + " is unknown: " + e.unknown.unknown_info().reason;
    e.instances.push_back(Expansion::Instance{"[*]", e.unknown, e.unknown});
    return e;
  };
  auto too_many = [&](const Attribute* a, std::size_t n) {
    unit_.sink.add(Diagnostic{"KV001", a->span,
                              what + " has " + std::to_string(n) + " instances, more than vaultlint expands (" +
                                  std::to_string(kMaxInstances) + "); they are not checked",
                              {}});
  };
  if (count) {
    Value v = ev_.eval(*count->value);
    Value n;
    if (v.is_unknown() || !as_number(v, n) || n.as_number() < 0) return unknown(v, "count");
    std::int64_t k = to_int(n.as_number());
    e.kind = Expansion::Kind::Count;
    if (k > kMaxInstances) {
      too_many(count, static_cast<std::size_t>(k));
      return e;
    }
    for (std::int64_t i = 0; i < k; ++i) {
      std::string suffix = "[";  // built in steps: GCC 12 warns falsely (-Wrestrict) on "[" + to_string(i)
      suffix += std::to_string(i);
      suffix += ']';
      e.instances.push_back({std::move(suffix), Value::integer(i, count->value->span), {}});
    }
    return e;
  }
  if (for_each) {
    Value v = ev_.eval(*for_each->value);
    if (v.is_object()) {
      e.kind = Expansion::Kind::ForEach;
      std::vector<const Member*> members = sorted_members(v.as_object());
      if (members.size() > static_cast<std::size_t>(kMaxInstances)) {
        too_many(for_each, members.size());
        return e;
      }
      for (const Member* m : members) e.instances.push_back({quoted_key(m->key), Value::string(m->key, m->key_span), m->value});
      return e;
    }
    if (v.is_array()) {
      // A set of strings: each.key and each.value are the element.
      e.kind = Expansion::Kind::ForEach;
      if (v.as_array().size() > static_cast<std::size_t>(kMaxInstances)) {
        too_many(for_each, v.as_array().size());
        return e;
      }
      for (const Value& item : distinct_values(v.as_array())) {
        std::string s;
        if (item.is_unknown() || !as_text(item, s)) {
          e.instances.clear();
          return unknown(item, "for_each");
        }
        e.instances.push_back({quoted_key(s), item, item});
      }
      return e;
    }
    return unknown(v, "for_each");
  }
  e.instances.push_back({"", Value(), Value()});
  return e;
}

void ModuleInstance::bind_instance(const Expansion& e, const Expansion::Instance& inst,
                                   std::vector<std::unique_ptr<TfEvaluator::Binding>>& out) {
  auto bind = [&](const char* name, Object o) {
    out.push_back(std::make_unique<TfEvaluator::Binding>(ev_, name, Value::object(std::move(o))));
  };
  if (e.kind == Expansion::Kind::Count || e.kind == Expansion::Kind::Unknown) {
    Object o;
    o.append("index", inst.key);
    bind("count", std::move(o));
  }
  if (e.kind == Expansion::Kind::ForEach || e.kind == Expansion::Kind::Unknown) {
    Object o;
    o.append("key", inst.key);
    o.append("value", inst.value);
    bind("each", std::move(o));
  }
}

Value ModuleInstance::eval_body(const Body& body, Span span, const std::string& resource_type) {
  Object o;
  for (const Attribute& a : body.attributes) {
    if (is_meta_argument(a.name, false)) continue;
    const Expr* e = a.value.get();
    // azapi 1.x writes `body = jsonencode({...})`: the object keeps its spans when read before encoding.
    if (resource_type.rfind("azapi_", 0) == 0 && a.name == "body" && e->kind == ExprKind::Call && e->text == "jsonencode" &&
        e->items.size() == 1) {
      e = e->items[0].get();
    }
    set_exact(o, a.name, ev_.eval(*e), a.name_span, a.value->span);
  }
  // Blocks of one type become a list of objects (JSON syntax writes them as such attributes).
  struct Group {
    std::string type;
    Span key_span, span;
    Array items;
    Value unknown;
  };
  std::vector<Group> groups;
  auto group = [&](const std::string& type, Span key_span, Span s) -> Group& {
    for (Group& g : groups) {
      if (g.type == type) return g;
    }
    groups.push_back(Group{type, key_span, s, {}, {}});
    return groups.back();
  };
  for (const Block& b : body.blocks) {
    if (is_meta_block(b.type)) continue;
    if (b.type != "dynamic") {
      group(b.type, b.type_span, b.span).items.push_back(eval_body(*b.body, b.span, ""));
      continue;
    }
    if (b.labels.empty()) continue;
    const std::string& label = b.labels[0];
    Group& g = group(label, b.header, b.span);
    const Attribute* for_each = b.body->attribute("for_each");
    const Attribute* iterator = b.body->attribute("iterator");
    const Block* content = nullptr;
    for (const Block& c : b.body->blocks) {
      if (c.type == "content") content = &c;
    }
    if (!for_each || !content) continue;
    std::string it_name = iterator && (iterator->value->kind == ExprKind::Variable || iterator->value->kind == ExprKind::String)
                              ? iterator->value->text
                              : label;
    Value coll = ev_.eval(*for_each->value);
    if (coll.is_unknown()) {
      g.unknown = coll;
      continue;
    }
    std::vector<std::pair<Value, Value>> elements;
    if (coll.is_array()) {
      const Array& items = coll.as_array();
      for (std::size_t i = 0; i < items.size(); ++i) elements.emplace_back(Value::integer(static_cast<std::int64_t>(i)), items[i]);
    } else if (coll.is_object()) {
      for (const Member* m : sorted_members(coll.as_object())) elements.emplace_back(Value::string(m->key, m->key_span), m->value);
    }
    for (auto& [key, value] : elements) {
      if (!unit_.shared.spend()) break;
      Object it;
      it.append("key", key);
      it.append("value", value);
      TfEvaluator::Binding bound(ev_, it_name, Value::object(std::move(it)));
      g.items.push_back(eval_body(*content->body, content->span, ""));
    }
  }
  for (Group& g : groups) {
    Value v = g.unknown.is_unknown() ? g.unknown : Value::array(std::move(g.items), g.span);
    set_exact(o, g.type, std::move(v), g.key_span, g.span);
  }
  return Value::object(std::move(o), span);
}

}  // namespace vl::tf
