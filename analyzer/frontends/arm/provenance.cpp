#include "frontends/arm/provenance.h"

namespace vl::arm {

namespace {

constexpr int kMaxDepth = 64;

bool one_of(const std::string& lower, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (lower == n) return true;
  }
  return false;
}

// The property chain read from a call's result (`reference(x).identity.principalId`), innermost first.
const Expr* strip_chain(const Expr& e, std::vector<std::string>& chain) {
  const Expr* at = &e;
  std::vector<std::string> reversed;
  while ((at->kind == Expr::Kind::Property || at->kind == Expr::Kind::Index) && !at->args.empty()) {
    if (at->kind == Expr::Kind::Property) {
      reversed.push_back(at->text);
    } else if (at->args.size() > 1 && at->args[1]->kind == Expr::Kind::String) {
      reversed.push_back(at->args[1]->text);
    } else if (at->args.size() > 1 && at->args[1]->kind == Expr::Kind::Int) {
      reversed.push_back(std::to_string(at->args[1]->integer));
    } else {
      reversed.push_back("*");
    }
    at = at->args[0].get();
  }
  chain.assign(reversed.rbegin(), reversed.rend());
  return at;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

}  // namespace

bool ModelScope::parameter(std::string_view name, std::string& declared, bool& secure) const {
  const ParameterDecl* decl = model_.parameter(name);
  if (!decl) return false;
  declared = decl->name;
  secure = decl->secure();
  return true;
}

bool ModelScope::variable(std::string_view name, Value& raw, bool& is_copy) const {
  const VariableDecl* decl = model_.variable(name);
  if (!decl) return false;
  raw = decl->raw;
  is_copy = decl->is_copy;
  return true;
}

std::string ModelScope::symbol_type(std::string_view symbol) const {
  std::string type;
  for (const ResourceDecl& r : model_.resources()) {
    if (iequals(r.symbolic_name, symbol)) type = r.raw.as_object().get("type").as_string();
  }
  return type;
}

Provenance ProvenanceWalker::of(const Value& v) {
  Provenance out;
  out.known = true;
  raw(v, out, 0);
  return out;
}

void ProvenanceWalker::raw(const Value& v, Provenance& out, int depth) {
  if (--budget_ < 0 || depth > kMaxDepth) {
    out.known = false;
    return;
  }
  switch (v.kind()) {
    case Kind::String: {
      TemplateString ts = classify_template_string(v.as_string());
      if (!ts.is_expression) {
        out.add({Origin::Literal, "", "", "", v.span()});
        return;
      }
      const ExprParseResult& parsed = model_.parse(std::string(ts.text));
      if (!parsed.expr) {
        out.known = false;
        return;
      }
      expression(*parsed.expr, v.span(), out, depth + 1);
      return;
    }
    case Kind::Array:
      for (const Value& item : v.as_array()) raw(item, out, depth + 1);
      return;
    case Kind::Object:
      for (const Member& m : v.as_object().members()) raw(m.value, out, depth + 1);
      return;
    case Kind::Absent:
    case Kind::Unknown:
    case Kind::Opaque:
      out.known = false;
      return;
    default:
      out.add({Origin::Literal, "", "", "", v.span()});
      return;
  }
}

void ProvenanceWalker::expression(const Expr& e, Span at, Provenance& out, int depth) {
  if (--budget_ < 0 || depth > kMaxDepth) {
    out.known = false;
    return;
  }
  switch (e.kind) {
    case Expr::Kind::String:
    case Expr::Kind::Int:
    case Expr::Kind::Float:
    case Expr::Kind::Bool:
    case Expr::Kind::Null:
      out.add({Origin::Literal, "", "", "", at});
      return;
    case Expr::Kind::Call:
      call(e, at, out, depth, "");
      return;
    case Expr::Kind::Property:
    case Expr::Kind::Index: {
      std::vector<std::string> chain;
      const Expr* base = strip_chain(e, chain);
      if (base->kind == Expr::Kind::Call) {
        call(*base, at, out, depth, joined(chain));
      } else {
        expression(*base, at, out, depth + 1);
      }
      // Index expressions read with a computed key are made of that key too (a parameter picks the item).
      for (const Expr* x = &e; (x->kind == Expr::Kind::Property || x->kind == Expr::Kind::Index) && !x->args.empty();
           x = x->args[0].get()) {
        if (x->kind == Expr::Kind::Index && x->args.size() > 1 && x->args[1]->kind == Expr::Kind::Call) {
          expression(*x->args[1], at, out, depth + 1);
        }
      }
      return;
    }
  }
}

void ProvenanceWalker::call(const Expr& e, Span at, Provenance& out, int depth, const std::string& attribute) {
  const std::string name = to_lower(e.text);
  auto walk_args = [&] {
    for (const auto& a : e.args) expression(*a, at, out, depth + 1);
  };
  if (!e.ns.empty()) {  // a user-defined function sees nothing but its arguments
    walk_args();
    return;
  }
  const Expr* first = e.args.empty() ? nullptr : e.args[0].get();
  const bool literal_first = first && first->kind == Expr::Kind::String;
  if (name == "parameters") {
    std::string declared;
    bool secure = false;
    const bool found = literal_first && model_.parameter(first->text, declared, secure);
    Origin o = found && secure ? Origin::SecureParameter : Origin::Parameter;
    out.add({o, found ? declared : literal_first ? first->text : "", "", attribute, at});
    if (!literal_first) walk_args();
    return;
  }
  if (name == "variables") {
    if (literal_first) {
      variable(first->text, out, depth);
    } else {
      walk_args();
    }
    return;
  }
  if (name.rfind("list", 0) == 0) {
    out.add({Origin::ListResult, e.text, "", attribute, at});
    return;
  }
  if (one_of(name, {"reference", "references", "resourceinfo"})) {
    ProvenanceSource s{Origin::ResourceValue, "", "", attribute, at};
    if (first && first->kind == Expr::Kind::Call) {
      // reference(resourceId('Microsoft.Web/sites', 'name'), ...): the type and the names as written.
      for (const auto& a : first->args) {
        if (a->kind != Expr::Kind::String) continue;
        if (s.type.empty() && a->text.find('/') != std::string::npos) {
          s.type = a->text;
        } else if (!s.type.empty()) {
          s.name += (s.name.empty() ? "" : "/") + a->text;
        }
      }
    } else if (literal_first) {
      s.name = first->text;  // a symbolic name (languageVersion 2.0) or an id
      s.type = model_.symbol_type(first->text);
    }
    // Without 'Full', reference() returns the resource's properties.
    bool full = e.args.size() >= 3 && e.args[2]->kind == Expr::Kind::String && iequals(e.args[2]->text, "full");
    if (name == "reference" && !full) s.attribute = attribute.empty() ? "properties" : "properties." + attribute;
    out.add(std::move(s));
    return;
  }
  if (one_of(name, {"newguid", "utcnow"})) {
    out.add({Origin::Generated, e.text, "", "", at});
    return;
  }
  if (one_of(name, {"resourcegroup", "subscription", "deployment", "environment", "tenant", "managementgroup",
                    "deployer", "resourceid", "subscriptionresourceid", "tenantresourceid", "extensionresourceid",
                    "managementgroupresourceid", "pickzones", "providers"})) {
    out.add({Origin::Context, e.text, "", "", at});
    return;
  }
  if (name == "copyindex") return;  // a loop's index: neither written nor supplied
  if (name == "if") {  // the condition picks a branch; the value is made of the branches
    for (std::size_t i = 1; i < e.args.size(); ++i) expression(*e.args[i], at, out, depth + 1);
    return;
  }
  // A test or a count of a value tells something about it but does not carry it.
  if (one_of(name, {"empty", "equals", "not", "and", "or", "greater", "greaterorequals", "less", "lessorequals", "contains",
                    "startswith", "endswith", "length", "indexof", "lastindexof", "bool"})) {
    return;
  }
  walk_args();
}

void ProvenanceWalker::variable(const std::string& name, Provenance& out, int depth) {
  Value declared;
  bool is_copy = false;
  if (!model_.variable(name, declared, is_copy)) {
    out.known = false;
    return;
  }
  for (const std::string& f : following_) {
    if (iequals(f, name)) return;  // a cycle (a KV001 of its own)
  }
  following_.push_back(name);
  raw(is_copy ? declared.as_object().get("input") : declared, out, depth + 1);
  following_.pop_back();
}

}  // namespace vl::arm
