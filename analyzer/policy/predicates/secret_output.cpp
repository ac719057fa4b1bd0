// KV305: an output that exposes a secret: a secure parameter (or sensitive variable), a list*() result
// (listKeys, listSecrets, listConnectionStrings, ...), a secret read from Key Vault, or another resource's
// secret attribute (a secret's value, a storage account's access key: data/secrets.yaml). Outputs are kept
// in the deployment history (ARM, Bicep) or shown in plans and state (Terraform) in plain text; a secure
// output (@secure(), securestring / secureObject, sensitive = true) is not. What the output is made of is
// read from its expression (graph/provenance.h).
//
// args: message ({source}: what it exposes).
#include "policy/check_context.h"
#include "policy/predicates.h"
#include "policy/secret_support.h"

namespace vl {

namespace {

Outcome secret_output(const Condition& c, const CheckContext& ctx) {
  const Resource& r = ctx.resource();
  const Object& body = r.body.as_object();
  if (!r.is_value_node() || (body.get("secure").is_bool() && body.get("secure").as_bool())) return Outcome{};
  const Member* value = body.find_member("value");
  if (!value) return Outcome{};
  Provenance p = secrets::written_provenance(ctx.graph(), *value);
  const ProvenanceSource* exposed = nullptr;
  for (const ProvenanceSource& s : p.sources) {
    bool secret = s.origin == Origin::SecureParameter || s.origin == Origin::ListResult || s.origin == Origin::KeyVaultReference ||
                  (s.origin == Origin::ResourceValue && ctx.data().secrets().secret_attribute(s.type, s.attribute));
    if (secret) {
      exposed = &s;
      break;
    }
  }
  if (!exposed) return Outcome{};
  Outcome o;
  o.verdict = Verdict::Fail;
  o.property = "value";
  auto it = c.args.find("message");
  std::string message = it == c.args.end() ? std::string() : it->second;
  for (std::size_t at; (at = message.find("{source}")) != std::string::npos;) message.replace(at, 8, secrets::describe(*exposed, ctx.resource().format));
  o.message = ctx.expand(message);
  return o;
}

}  // namespace

// Of an output it reads where the value is written (its provenance), never what it holds.
VL_REGISTER_PREDICATE_READING(secret_output, (ValueReads{/*plain=*/false, /*secure=*/false}));

}  // namespace vl
