// KV304: a secret written literally in the scanned files. A secure parameter (securestring / secureObject,
// @secure(), a Terraform variable with sensitive = true) whose default is a literal, or that this variant
// gives a literal (a parameter file, a .bicepparam, tfvars, a module call; unless its name says it is no
// secret, adminUsername: data/secrets.yaml): one finding where the literal is written, however many
// resources use it. A secret resource (vaults/secrets, azurerm_key_vault_secret)
// whose value is a literal, unless it comes through a secure parameter (whose node reports it). An empty
// default and newGuid() are not literals; a secure parameter's value computed from the deployment context
// alone is predictable, and fails too (not a secret resource's: its value is judged as written). Nothing
// of the secret's text reaches a message (policy/redaction.h).
//
// args: default, supplied, resource, predictable_default, predictable_supplied: the messages ({what}:
// "secure parameter" or "sensitive variable").
#include "policy/check_context.h"
#include "policy/predicates.h"
#include "policy/secret_support.h"
#include "policy/redaction.h"

namespace vl {

namespace {

std::string arg(const Condition& c, const char* key) {
  auto it = c.args.find(key);
  return it == c.args.end() ? std::string() : it->second;
}

bool within(Span inner, Span outer) {
  return inner.valid() && outer.valid() && inner.file == outer.file && inner.begin >= outer.begin && inner.end <= outer.end;
}

// A failure at `m` for the literal it holds, with the literal masked and, when it is written elsewhere (a
// variable, a parameter default), a related location there.
// `numbers`: a secure parameter's numbers are secret too, and masked as its strings are.
Outcome literal_at(const Member& m, const std::string& property, std::string message, bool numbers = false) {
  Outcome o;
  o.verdict = Verdict::Fail;
  o.location = m.span();
  o.property = property;
  o.message = std::move(message);
  string_spans(m.value, o.redact, 0, numbers);
  if (!within(m.value.span(), m.written_value())) o.related.push_back({m.value.span(), "the value is written here"});
  return o;
}

Outcome one_or_items(std::vector<Outcome> fails) {
  if (fails.empty()) return Outcome{};
  if (fails.size() == 1) return std::move(fails.front());
  Outcome out;
  out.verdict = Verdict::Fail;
  out.items = std::move(fails);
  return out;
}

Outcome hardcoded_secret(const Condition& c, const CheckContext& ctx) {
  const Resource& r = ctx.resource();
  const Graph& g = ctx.graph();
  std::vector<Outcome> fails;
  auto expand = [&](const std::string& text) {
    std::string what = r.format == SourceFormat::Terraform ? "sensitive variable" : "secure parameter";
    std::string out = text;
    for (std::size_t p; (p = out.find("{what}")) != std::string::npos;) out.replace(p, 6, what);
    return ctx.expand(out);
  };
  // A literal that comes through another secure parameter is that parameter's finding, once.
  // A secure parameter's value is secret whatever its kind (a number, a PIN); a secret resource's is text.
  auto own_literal = [&](const Member& m) {
    if (!secrets::hardcoded(m.value, g, r.is_value_node())) return false;
    Provenance p = secrets::written_provenance(g, m);
    return !p.has(Origin::SecureParameter) && !p.has(Origin::KeyVaultReference);
  };
  // A secure parameter's default (or supplied value) computed from the deployment context alone is as
  // good as written down (ARM's template test allows only "" and newGuid() there).
  auto own_predictable = [&](const Member& m) {
    if (!secrets::predictable(m.value, g, true)) return false;
    Provenance p = secrets::written_provenance(g, m);
    return !p.has(Origin::SecureParameter) && !p.has(Origin::KeyVaultReference);
  };
  auto message = [&](const char* key, const char* predictable_key, bool is_predictable) {
    std::string text = is_predictable ? arg(c, predictable_key) : std::string();
    return expand(text.empty() ? arg(c, key) : text);
  };
  if (r.is_value_node()) {
    const Object& body = r.body.as_object();
    if (!body.get("secure").is_bool() || !body.get("secure").as_bool()) return Outcome{};
    const Member* def = body.find_member("defaultValue");
    const Member* val = body.find_member("value");
    if (def && (own_literal(*def) || own_predictable(*def))) {
      fails.push_back(literal_at(*def, "defaultValue", message("default", "predictable_default", !own_literal(*def)), true));
    }
    // The value this variant gives, unless it is the default, or the parameter's name says it is no secret
    // (a user name given to a secure parameter: data/secrets.yaml).
    const bool named_plain = ctx.data().secrets().not_secret_parameter(r.display_name);
    if (val && !named_plain && (own_literal(*val) || own_predictable(*val)) &&
        !(def && within(val->value.span(), def->written_value())) && !(def && val->value.span() == def->value.span())) {
      fails.push_back(literal_at(*val, "value", message("supplied", "predictable_supplied", !own_literal(*val)), true));
    }
    return one_or_items(std::move(fails));
  }
  const Member* value = r.properties().as_object().find_member("value");
  if (!value || !own_literal(*value)) return Outcome{};
  Outcome o = literal_at(*value, "properties.value", ctx.expand(arg(c, "resource")));
  return o;
}

}  // namespace

// Of a parameter it reads the values of a secure one alone.
VL_REGISTER_PREDICATE_READING(hardcoded_secret, (ValueReads{/*plain=*/false, /*secure=*/true}));

}  // namespace vl
