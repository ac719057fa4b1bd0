#include "frontends/terraform/hcl/hcl_json.h"

#include "frontends/terraform/hcl/hcl_parser.h"
#include "graph/json_value.h"

namespace vl::tf {

namespace {

ExprPtr make(ExprKind kind, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  return e;
}

// A JSON value taken as it is: strings are not templates.
ExprPtr literal_expr(const Value& v) {
  Span s = v.span();
  switch (v.kind()) {
    case Kind::Bool: {
      auto e = make(ExprKind::Bool, s);
      e->boolean = v.as_bool();
      return e;
    }
    case Kind::Int: {
      auto e = make(ExprKind::Number, s);
      e->is_int = true;
      e->integer = v.as_int();
      e->number = static_cast<double>(v.as_int());
      return e;
    }
    case Kind::Float: {
      auto e = make(ExprKind::Number, s);
      e->number = v.as_number();
      return e;
    }
    case Kind::String: {
      auto e = make(ExprKind::String, s);
      e->text = v.as_string();
      return e;
    }
    case Kind::Array: {
      auto e = make(ExprKind::Tuple, s);
      for (const Value& item : v.as_array()) e->items.push_back(literal_expr(item));
      return e;
    }
    case Kind::Object: {
      auto e = make(ExprKind::Object, s);
      for (const Member& m : v.as_object().members()) {
        auto k = make(ExprKind::String, m.key_span);
        k->text = m.key;
        e->items.push_back(std::move(k));
        e->items.push_back(literal_expr(m.value));
      }
      return e;
    }
    default:
      return make(ExprKind::Null, s);
  }
}

// A JSON value in expression position: strings are templates.
ExprPtr expression(const Value& v) {
  switch (v.kind()) {
    case Kind::String:
      return parse_json_template(v.as_string(), v.span());
    case Kind::Array: {
      auto e = make(ExprKind::Tuple, v.span());
      for (const Value& item : v.as_array()) e->items.push_back(expression(item));
      return e;
    }
    case Kind::Object: {
      auto e = make(ExprKind::Object, v.span());
      for (const Member& m : v.as_object().members()) {
        if (m.key == "//") continue;
        e->items.push_back(parse_json_template(m.key, m.key_span));
        e->items.push_back(expression(m.value));
      }
      return e;
    }
    default:
      return literal_expr(v);
  }
}

Attribute attribute(const Member& m, ExprPtr value) {
  Attribute a;
  a.name = m.key;
  a.name_span = m.key_span;
  a.value = std::move(value);
  a.span = m.span();
  return a;
}

// Each body of `value`: an object, or an array of objects (several blocks with the same labels).
template <typename Fn>
void each_body(const Value& value, Fn&& fn) {
  if (value.is_object()) {
    fn(value);
  } else {
    for (const Value& item : value.as_array()) {
      if (item.is_object()) fn(item);
    }
  }
}

void convert_body(const Value& obj, Body& out, std::string_view block_type);

Block make_block(std::string type, Span type_span, std::vector<const Member*> labels, const Value& body,
                 std::string_view block_type) {
  Block b;
  b.type = std::move(type);
  b.type_span = type_span;
  for (const Member* l : labels) {
    b.labels.push_back(l->key);
    b.label_spans.push_back(l->key_span);
  }
  // The header is the key that names the block (`"kv": {` under "azurerm_key_vault").
  Span first = labels.empty() ? type_span : labels.back()->key_span;
  b.header = Span{first.file, first.begin, body.span().valid() ? body.span().begin + 1 : first.end};
  b.span = join(first, body.span());
  convert_body(body, *b.body, block_type);
  return b;
}

void convert_body(const Value& obj, Body& out, std::string_view block_type) {
  for (const Member& m : obj.as_object().members()) {
    if (m.key == "//") continue;
    if (m.key == "dynamic") {
      for (const Member& label : m.value.as_object().members()) {
        each_body(label.value, [&](const Value& body) {
          Block d = make_block("dynamic", m.key_span, {&label}, Value::object(Object{}, body.span()), "dynamic");
          for (const Member& dm : body.as_object().members()) {
            if (dm.key == "content") {
              each_body(dm.value, [&](const Value& content) {
                d.body->blocks.push_back(make_block("content", dm.key_span, {}, content, "content"));
              });
            } else if (dm.key != "//") {
              d.body->attributes.push_back(attribute(dm, expression(dm.value)));
            }
          }
          out.blocks.push_back(std::move(d));
        });
      }
      continue;
    }
    if (m.key == "lifecycle" || m.key == "provisioner" || m.key == "connection" || m.key == "depends_on") continue;
    if (block_type == "variable") {
      if (m.key == "type" && m.value.is_string()) {
        std::string error;
        ExprPtr t = parse_hcl_expression(m.value.as_string(), m.value.span(), error);
        if (!t) {
          t = make(ExprKind::Error, m.value.span());
          t->text = "the variable type in this string cannot be read: " + error;
        }
        out.attributes.push_back(attribute(m, std::move(t)));
      } else if (m.key == "default") {
        out.attributes.push_back(attribute(m, literal_expr(m.value)));
      } else if (m.key != "validation") {
        out.attributes.push_back(attribute(m, literal_expr(m.value)));
      }
      continue;
    }
    if (block_type == "terraform" && m.key == "required_providers") {
      each_body(m.value, [&](const Value& body) { out.blocks.push_back(make_block(m.key, m.key_span, {}, body, m.key)); });
      continue;
    }
    out.attributes.push_back(attribute(m, expression(m.value)));
  }
}

// The first expression that could not be read (a template in a string, a type), or null.
const Expr* first_error(const Expr& e, int depth = 0) {
  if (e.kind == ExprKind::Error) return &e;
  if (depth > 2 * kMaxExprDepth) return nullptr;
  for (const ExprPtr& c : e.items) {
    if (const Expr* err = c ? first_error(*c, depth + 1) : nullptr) return err;
  }
  return nullptr;
}

const Expr* first_error(const Body& b) {
  for (const Attribute& a : b.attributes) {
    if (const Expr* err = first_error(*a.value)) return err;
  }
  for (const Block& inner : b.blocks) {
    if (const Expr* err = first_error(*inner.body)) return err;
  }
  return nullptr;
}

}  // namespace

ParsedFile parse_tf_json(FileId file, std::string_view text, bool tfvars) {
  ParsedFile out;
  out.file = file;
  out.json = true;
  JsonDocument doc = parse_json_document(file, text);
  if (!doc.result.ok) {
    std::uint32_t at = doc.result.error_offset;
    out.diagnostics.push_back(Diagnostic{"KV001", Span{file, at, at + 1}, "invalid JSON: " + doc.result.error, {}});
    return out;
  }
  if (!doc.root.is_object()) {
    Span at = doc.root.span();
    out.diagnostics.push_back(Diagnostic{"KV001", Span{file, at.begin, at.begin + 1},
                                         "a Terraform JSON file must hold one object", {}});
    return out;
  }
  out.ok = true;
  if (tfvars) {
    for (const Member& m : doc.root.as_object().members()) {
      if (m.key != "//") out.body.attributes.push_back(attribute(m, literal_expr(m.value)));
    }
    return out;
  }
  for (const Member& top : doc.root.as_object().members()) {
    const std::string& kind = top.key;
    if (kind == "resource" || kind == "data") {
      for (const Member& type : top.value.as_object().members()) {
        for (const Member& name : type.value.as_object().members()) {
          each_body(name.value, [&](const Value& body) {
            out.body.blocks.push_back(make_block(kind, top.key_span, {&type, &name}, body, kind));
          });
        }
      }
    } else if (kind == "module" || kind == "variable" || kind == "output" || kind == "provider") {
      for (const Member& name : top.value.as_object().members()) {
        each_body(name.value, [&](const Value& body) {
          out.body.blocks.push_back(make_block(kind, top.key_span, {&name}, body, kind));
        });
      }
    } else if (kind == "locals" || kind == "terraform") {
      each_body(top.value, [&](const Value& body) { out.body.blocks.push_back(make_block(kind, top.key_span, {}, body, kind)); });
    }
  }
  // A string whose template does not parse makes the file invalid, as it does for Terraform.
  if (const Expr* err = first_error(out.body)) {
    out.diagnostics.push_back(Diagnostic{"KV001", Span{file, err->span.begin, err->span.begin + 1}, err->text, {}});
    out.body = Body{};
    out.ok = false;
  }
  return out;
}

}  // namespace vl::tf
