// KV306: an app setting or container secret whose name says it holds a secret (data/secrets.yaml), or a
// connection string with a credential in it, that holds a copy of a secret: a literal, a list*() result (listKeys(),
// listConnectionStrings()), a secret attribute of another resource (a storage account's access key, a
// Key Vault secret's value read by a data source), instead of an `@Microsoft.KeyVault(...)` reference or
// a Container Apps secret read from Key Vault (keyVaultUrl). A value that comes from a parameter the scan
// does not know may be either: unresolved. One finding per setting, at its value.
//
// args: literal, copied, unknown: the messages ({setting}; {source}: where the copy comes from).
#include "policy/check_context.h"
#include "policy/predicates.h"
#include "policy/secret_support.h"
#include "policy/redaction.h"

namespace vl {

namespace {

std::string fill_in(std::string text, const std::string& setting, const std::string& source) {
  for (std::size_t at; (at = text.find("{setting}")) != std::string::npos;) text.replace(at, 9, setting);
  for (std::size_t at; (at = text.find("{source}")) != std::string::npos;) text.replace(at, 8, source);
  return text;
}

Outcome copied_secret(const Condition& c, const CheckContext& ctx) {
  const Graph& g = ctx.graph();
  const SecretPatterns& patterns = ctx.data().secrets();
  auto arg = [&](const char* key) {
    auto it = c.args.find(key);
    return it == c.args.end() ? std::string() : it->second;
  };
  Outcome out;
  for (const secrets::Setting& s : secrets::settings_of(ctx.resource())) {
    if (!s.value || s.from_key_vault) continue;
    if (!s.connection_string && (s.name.empty() || !patterns.secret_setting(s.name))) continue;
    const Value& v = s.value->value;
    if (v.is_absent_or_null() || secrets::is_key_vault_reference(v)) continue;
    Provenance p = secrets::written_provenance(g, *s.value);
    Outcome o;
    o.location = s.value->span();
    o.property = s.path;
    if (v.is_known()) {
      // A literal (written here, in a variable, a default or a parameter file). Through a secure parameter
      // it is that parameter's hardcoded default (KV304).
      if (!v.is_string() || patterns.harmless_value(v.as_string())) continue;
      if (s.connection_string && !patterns.has_credential(v.as_string())) continue;  // a host name, no secret
      if (p.has(Origin::SecureParameter) || p.has(Origin::KeyVaultReference) || !secrets::hardcoded(v, g)) continue;
      o.verdict = Verdict::Fail;
      o.message = ctx.expand(fill_in(arg("literal"), s.name, ""));
      string_spans(v, o.redact);
      Span w = s.value->written_value();
      if (!(v.span().file == w.file && v.span().begin >= w.begin && v.span().end <= w.end)) {
        o.related.push_back({v.span(), "the value is written here"});
      }
    } else {
      const ProvenanceSource* copy = nullptr;
      const ProvenanceSource* parameter = nullptr;
      bool other = false;
      for (const ProvenanceSource& src : p.sources) {
        if (src.origin == Origin::ListResult || src.origin == Origin::KeyVaultReference ||
            (src.origin == Origin::ResourceValue && patterns.secret_attribute(src.type, src.attribute))) {
          if (!copy) copy = &src;
        } else if (src.origin == Origin::Parameter || src.origin == Origin::SecureParameter) {
          if (!parameter) parameter = &src;
        } else if (src.origin != Origin::Literal) {
          other = true;
        }
      }
      if (copy) {
        o.verdict = Verdict::Fail;
        o.message = ctx.expand(fill_in(arg("copied"), s.name, secrets::describe(*copy, ctx.resource().format)));
      } else if (parameter && !other) {
        o.verdict = Verdict::Unresolved;
        o.reason = fill_in(arg("unknown"), s.name, secrets::describe(*parameter, ctx.resource().format));
      } else {
        continue;  // a module output, a value Azure computes that is no secret: nothing copied that the scan can see
      }
    }
    if (out.verdict != Verdict::Fail) out.verdict = o.verdict;
    out.items.push_back(std::move(o));
  }
  return out;
}

}  // namespace

VL_REGISTER_PREDICATE(copied_secret);

}  // namespace vl
