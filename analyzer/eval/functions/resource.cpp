// Resource functions: the id builders, which are pure string functions over the synthetic scope, and
// the ones that read deployed resources (reference(), list*(), pickZones(), ...), which are unknown.
#include <string>
#include <vector>

#include "eval/evaluator.h"
#include "eval/function_table.h"
#include "graph/resource_id.h"

namespace vl {

namespace {

// `{prefix}/providers/{namespace}/{type1}/{name1}/{type2}/{name2}...`; names written as one 'a/b'
// argument are split, as ARM accepts.
Value build_id(ArmCallContext& c, const std::string& prefix, std::size_t first_type_arg) {
  std::vector<std::string> names;
  for (std::size_t i = first_type_arg + 1; i < c.args.size(); ++i) {
    const Value& a = c.args[i];
    if (!a.is_string()) return c.fail("resource names must be strings, got " + a.display());
    for (std::string& part : split(a.as_string(), '/')) names.push_back(std::move(part));
  }
  const Value& type_arg = c.args[first_type_arg];
  if (!type_arg.is_string()) return c.fail("the resource type must be a string");
  std::vector<std::string> type = split(type_arg.as_string(), '/');
  if (type.size() < 2) return c.fail("'" + type_arg.as_string() + "' is not a resource type");
  if (names.size() != type.size() - 1) {
    return c.fail("resource type '" + type_arg.as_string() + "' needs " + std::to_string(type.size() - 1) +
                  " name segments, got " + std::to_string(names.size()));
  }
  return c.string(make_resource_id(prefix, type_arg.as_string(), names));
}

std::size_t first_type_index(const std::vector<Value>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].is_string() && args[i].as_string().find('/') != std::string::npos) return i;
  }
  return args.size();
}

Value resource_id_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  std::size_t t = first_type_index(c.args);
  if (t >= c.args.size() || t > 2) return c.fail("expects [subscriptionId], [resourceGroupName], resourceType, names...");
  for (std::size_t i = 0; i < t; ++i) {
    if (!c.args[i].is_string()) return c.fail("the subscription id and resource group name must be strings");
  }
  std::string prefix;
  if (t == 2) {
    prefix = resource_group_scope_id(c.args[0].as_string(), c.args[1].as_string());
  } else if (t == 1) {
    prefix = resource_group_scope_id(s.subscription_id, c.args[0].as_string());
  } else {
    switch (s.level) {
      case DeploymentScope::Level::ResourceGroup:
        prefix = s.resource_group_id();
        break;
      case DeploymentScope::Level::Subscription:
        prefix = s.subscription_resource_id();
        break;
      case DeploymentScope::Level::ManagementGroup:
      case DeploymentScope::Level::Tenant:
        prefix = "";
        break;
    }
  }
  return build_id(c, prefix, t);
}

Value subscription_resource_id_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  std::size_t t = first_type_index(c.args);
  if (t >= c.args.size() || t > 1) return c.fail("expects [subscriptionId], resourceType, names...");
  std::string sub = s.subscription_id;
  if (t == 1) {
    if (!c.args[0].is_string()) return c.fail("the subscription id must be a string");
    sub = c.args[0].as_string();
  }
  return build_id(c, subscription_scope_id(sub), t);
}

Value tenant_resource_id_fn(ArmCallContext& c) {
  std::size_t t = first_type_index(c.args);
  if (t != 0) return c.fail("expects resourceType, names...");
  return build_id(c, "", 0);
}

Value management_group_resource_id_fn(ArmCallContext& c) {
  const DeploymentScope& s = c.evaluator.env().scope();
  std::size_t t = first_type_index(c.args);
  if (t >= c.args.size() || t > 1) return c.fail("expects [managementGroupName], resourceType, names...");
  std::string mg = s.management_group;
  if (t == 1) {
    if (!c.args[0].is_string()) return c.fail("the management group name must be a string");
    mg = c.args[0].as_string();
  }
  return build_id(c, management_group_scope_id(mg), t);
}

Value extension_resource_id_fn(ArmCallContext& c) {
  if (!c.args[0].is_string()) return c.fail("the scope must be a resource id string");
  std::string scope = c.args[0].as_string();
  while (!scope.empty() && scope.back() == '/') scope.pop_back();
  return build_id(c, scope, 1);
}

Value reads_deployed_fn(ArmCallContext& c) { return c.evaluator.env().reference(c.name, c.args, c.at); }

}  // namespace

void register_resource_functions(FunctionTable& t) {
  t.add({"resourceId", 1, -1, false, resource_id_fn});
  t.add({"subscriptionResourceId", 1, -1, false, subscription_resource_id_fn});
  t.add({"tenantResourceId", 1, -1, false, tenant_resource_id_fn});
  t.add({"managementGroupResourceId", 1, -1, false, management_group_resource_id_fn});
  t.add({"extensionResourceId", 2, -1, false, extension_resource_id_fn});
  for (const char* name : {"reference", "references", "resourceInfo", "list", "listKeys", "listSecrets",
                           "listAccountSas", "listServiceSas", "listConnectionStrings", "listCredentials",
                           "listAdminKeys", "listQueryKeys", "listCallbackUrl", "pickZones", "providers"}) {
    t.add({name, 0, -1, true, reads_deployed_fn});
  }
}

}  // namespace vl
