// Deployment-value and scope functions: parameters(), variables(), copyIndex(), and the synthetic
// context of resourceGroup(), subscription(), tenant(), managementGroup(), deployment(), environment().
#include "eval/evaluator.h"
#include "eval/function_table.h"
#include "graph/symbol.h"

namespace vl {

namespace {

Value str(const std::string& s, Span at) { return Value::string(s, at); }

// A part of the deployment's scope that the scan could not compute is a symbol (graph/symbol.h): unknown
// for the rules and for what is derived from it (uniqueString(resourceGroup().id)), but still named.
Value scope_part(const ArmCallContext& c, const std::string& text, const char* what) {
  if (!is_symbolic(text)) return Value::string(text, c.at);
  return symbolic_unknown(std::string("the ") + what + " this template is deployed to is not known", c.at, text);
}

Value parameters_fn(ArmCallContext& c) {
  if (!c.args[0].is_string()) return c.fail("the parameter name must be a string");
  return c.evaluator.env().parameter(c.args[0].as_string(), c.at);
}

Value variables_fn(ArmCallContext& c) {
  if (!c.args[0].is_string()) return c.fail("the variable name must be a string");
  return c.evaluator.env().variable(c.args[0].as_string(), c.at);
}

Value copy_index_fn(ArmCallContext& c) {
  std::string loop;
  std::int64_t offset = 0;
  for (const Value& a : c.args) {
    if (a.is_string()) loop = a.as_string();
    else if (a.is_int()) offset = a.as_int();
    else return c.fail("expects a loop name and/or an integer offset");
  }
  Value index = c.evaluator.env().copy_index(loop, c.at);
  if (!index.is_int()) return index;
  return c.integer(index.as_int() + offset);
}

Value resource_group_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  if (s.level != DeploymentScope::Level::ResourceGroup) {
    return c.fail("only available when deploying to a resource group");
  }
  Object o;
  o.set("id", scope_part(c, s.resource_group_id(), "resource group"));
  o.set("name", scope_part(c, s.resource_group, "resource group"));
  o.set("type", str("Microsoft.Resources/resourceGroups", c.at));
  o.set("location", str(s.location, c.at));
  o.set("tags", Value::object(Object{}, c.at));
  Object props;
  props.set("provisioningState", str("Succeeded", c.at));
  o.set("properties", Value::object(std::move(props), c.at));
  return Value::object(std::move(o), c.at);
}

Value subscription_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  if (s.level == DeploymentScope::Level::ManagementGroup || s.level == DeploymentScope::Level::Tenant) {
    return c.fail("only available when deploying to a resource group or subscription");
  }
  Object o;
  o.set("id", scope_part(c, s.subscription_resource_id(), "subscription"));
  o.set("subscriptionId", scope_part(c, s.subscription_id, "subscription"));
  o.set("tenantId", str(s.tenant_id, c.at));
  o.set("displayName", str("vaultlint synthetic subscription", c.at));
  return Value::object(std::move(o), c.at);
}

Value tenant_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  Object o;
  o.set("id", str("/tenants/" + s.tenant_id, c.at));
  o.set("tenantId", str(s.tenant_id, c.at));
  o.set("countryCode", str("XX", c.at));
  o.set("displayName", str("vaultlint synthetic tenant", c.at));
  return Value::object(std::move(o), c.at);
}

Value management_group_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  std::string name = s.management_group;
  if (!c.args.empty()) {
    if (!c.args[0].is_string()) return c.fail("the management group name must be a string");
    name = c.args[0].as_string();
  }
  Object o;
  o.set("id", scope_part(c, "/providers/Microsoft.Management/managementGroups/" + name, "management group"));
  o.set("name", scope_part(c, name, "management group"));
  o.set("type", str("Microsoft.Management/managementGroups", c.at));
  Object props;
  props.set("displayName", str(name, c.at));
  props.set("tenantId", str(s.tenant_id, c.at));
  o.set("properties", Value::object(std::move(props), c.at));
  return Value::object(std::move(o), c.at);
}

Value deployment_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  Object o;
  o.set("name", s.deployment_name_unknown.empty() ? str(s.deployment_name, c.at)
                                                 : Value::unknown(s.deployment_name_unknown, c.at));
  if (s.level != DeploymentScope::Level::ResourceGroup) o.set("location", str(s.location, c.at));
  Object props;
  Object tmpl;
  tmpl.set("contentVersion", str("1.0.0.0", c.at));
  props.set("template", Value::object(std::move(tmpl), c.at));
  if (!s.template_uri.empty()) {
    Object link;
    link.set("uri", str(s.template_uri, c.at));
    link.set("contentVersion", str("1.0.0.0", c.at));
    props.set("templateLink", Value::object(std::move(link), c.at));
  }
  props.set("provisioningState", str("Accepted", c.at));
  o.set("properties", Value::object(std::move(props), c.at));
  return Value::object(std::move(o), c.at);
}

// The public cloud's endpoints, as ARM's environment() documents them.
Value environment_fn(ArmCallContext& c) {
  auto s = [&](const char* v) { return str(v, c.at); };
  Object auth;
  auth.set("loginEndpoint", s("https://login.microsoftonline.com/"));
  auth.set("audiences", Value::array(Array{s("https://management.core.windows.net/"), s("https://management.azure.com/")}, c.at));
  auth.set("tenant", s("common"));
  auth.set("identityProvider", s("AAD"));
  Object suffixes;
  suffixes.set("acrLoginServer", s(".azurecr.io"));
  suffixes.set("azureDatalakeAnalyticsCatalogAndJob", s("azuredatalakeanalytics.net"));
  suffixes.set("azureDatalakeStoreFileSystem", s("azuredatalakestore.net"));
  suffixes.set("azureFrontDoorEndpointSuffix", s("azurefd.net"));
  suffixes.set("keyvaultDns", s(".vault.azure.net"));
  suffixes.set("sqlServerHostname", s(".database.windows.net"));
  suffixes.set("storage", s("core.windows.net"));
  Object o;
  o.set("name", s("AzureCloud"));
  o.set("gallery", s("https://gallery.azure.com/"));
  o.set("graph", s("https://graph.windows.net/"));
  o.set("graphAudience", s("https://graph.windows.net/"));
  o.set("portal", s("https://portal.azure.com"));
  o.set("activeDirectoryDataLake", s("https://datalake.azure.net/"));
  o.set("batch", s("https://batch.core.windows.net/"));
  o.set("media", s("https://rest.media.azure.net"));
  o.set("sqlManagement", s("https://management.core.windows.net:8443/"));
  o.set("vmImageAliasDoc", s("https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json"));
  o.set("resourceManager", s("https://management.azure.com/"));
  o.set("authentication", Value::object(std::move(auth), c.at));
  o.set("suffixes", Value::object(std::move(suffixes), c.at));
  return Value::object(std::move(o), c.at);
}

Value nondeterministic_fn(ArmCallContext& c) {
  return c.fail("its value differs at every deployment, so an offline scan cannot know it");
}

// Bicep's deployer(): the principal running the deployment. Synthetic, like the rest of the context.
Value deployer_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  Object o;
  o.set("objectId", str("00000000-0000-0000-0000-000000000000", c.at));
  o.set("tenantId", str(s.tenant_id, c.at));
  o.set("userPrincipalName", str("deployer@vaultlint.invalid", c.at));
  return Value::object(std::move(o), c.at);
}

// Bicep's fail(message): the deployment stops here with that message.
Value fail_fn(ArmCallContext& c) {
  std::string message = !c.args.empty() && c.args[0].is_string() ? c.args[0].as_string() : "";
  return c.fail("the template fails the deployment here" + (message.empty() ? "" : ": " + message));
}

}  // namespace

void register_deployment_functions(FunctionTable& t) {
  t.add({"parameters", 1, 1, false, parameters_fn});
  t.add({"variables", 1, 1, false, variables_fn});
  t.add({"copyIndex", 0, 2, false, copy_index_fn});
  t.add({"resourceGroup", 0, 0, false, resource_group_fn});
  t.add({"subscription", 0, 0, false, subscription_fn});
  t.add({"tenant", 0, 0, false, tenant_fn});
  t.add({"managementGroup", 0, 1, false, management_group_fn});
  t.add({"deployment", 0, 0, false, deployment_fn});
  t.add({"environment", 0, 0, false, environment_fn});
  t.add({"utcNow", 0, 1, true, nondeterministic_fn});
  t.add({"newGuid", 0, 0, true, nondeterministic_fn});
  t.add({"deployer", 0, 0, false, deployer_fn});
  t.add({"fail", 0, 1, true, fail_fn});
}

}  // namespace vl
