// KV141: the resource's API version must be published, stable, and not one that retires. Preview and
// unpublished versions fail whatever the date; versions before `retires_before` fail with a message that
// says "retires on" or "retired since" depending on --as-of.
#include "policy/check_context.h"
#include "policy/predicates.h"

namespace vl {

namespace {

Outcome api_version_lifecycle(const Condition& c, const CheckContext& ctx) {
  Outcome out;
  out.property = "apiVersion";
  const Resource& r = ctx.resource();
  if (!r.api_version.is_string()) {
    out.verdict = Verdict::Pass;  // the provider picks the version (azurerm): nothing to check
    return out;
  }
  const std::string& version = r.api_version.as_string();
  auto arg = [&](const char* key) {
    auto it = c.args.find(key);
    return it == c.args.end() ? std::string() : it->second;
  };
  const std::string retires_before = arg("retires_before");
  const std::string retire_date = arg("retire_date");
  const std::string recommended = arg("recommended");
  out.location = r.api_version.span();
  out.related.clear();

  const std::vector<ApiVersionInfo>* known = ctx.data().api_versions(r.type);
  const ApiVersionInfo* info = nullptr;
  if (known) {
    for (const ApiVersionInfo& v : *known) {
      if (iequals(v.version, version)) info = &v;
    }
  }
  std::string subject = r.type + " API version " + version;
  if (!info) {
    out.verdict = Verdict::Fail;
    out.message = subject + " is not a published version" + (recommended.empty() ? "" : "; use " + recommended);
    return out;
  }
  if (info->preview) {
    out.verdict = Verdict::Fail;
    out.message = subject + " is a preview version, deprecated with 90 days' notice" +
                  (recommended.empty() ? "" : "; use " + recommended);
    return out;
  }
  if (!retires_before.empty() && version.substr(0, 10) < retires_before) {
    out.verdict = Verdict::Fail;
    bool retired = !ctx.options().as_of.empty() && ctx.options().as_of >= retire_date;
    out.message = subject + (retired ? " retired since " : " retires on ") + retire_date +
                  ", with every Key Vault control-plane version before " + retires_before +
                  (recommended.empty() ? "" : "; use " + recommended);
    return out;
  }
  out.verdict = Verdict::Pass;
  return out;
}

}  // namespace

VL_REGISTER_PREDICATE(api_version_lifecycle);

}  // namespace vl
