// Lowers ARM resources to graph resources: copy loops, conditions, nested child resources and extension
// resources (the `scope` property and the older `<type>/providers/<ns>/<type>` form). Nested deployments,
// inline or linked by relativePath, with inner or outer expression scope, are nested_deployments.cpp's.
#include "frontends/arm/lowering.h"

#include <filesystem>

#include "frontends/arm/deployment_outputs.h"
#include "frontends/arm/provenance.h"
#include "frontends/arm/template_lowering.h"
#include "frontends/arm/value_nodes.h"
#include "graph/budget.h"
#include "graph/json_value.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl::arm {

namespace detail {

namespace fs = std::filesystem;

std::string join(const std::vector<std::string>& parts, std::size_t from, std::size_t to, char sep) {
  std::string out;
  for (std::size_t i = from; i < to && i < parts.size(); ++i) {
    if (i > from) out += sep;
    out += parts[i];
  }
  return out;
}

std::string string_of(const Value& v) { return v.is_string() ? v.as_string() : std::string(); }

// The synthetic templateLink.uri of a template file: kTemplateUriBase and its path in the repository.
std::string template_uri(const SourceLoader& loader, FileId file, SourceSet& sources) {
  fs::path rel = sources.get(file).path().lexically_relative(loader.repository());
  if (rel.empty() || *rel.begin() == "..") return "";
  return std::string(kTemplateUriBase) + rel.generic_string();
}

// When `id` is a scope that resources deploy into (the tenant "/", a management group, a subscription,
// a resource group), sets `s` to it and returns true: a `scope` naming one places a resource (or a
// deployment) there; it is not an extension resource's target. As Bicep's `scope: managementGroup(x)`.
bool apply_deployment_scope(const std::string& id, DeploymentScope& s) {
  std::vector<std::string> p = split(id, '/');
  if (id == "/") {
    s.level = DeploymentScope::Level::Tenant;
  } else if (p.size() == 5 && p[0].empty() && iequals(p[1], "providers") && iequals(p[2], "Microsoft.Management") &&
             iequals(p[3], "managementGroups")) {
    s.level = DeploymentScope::Level::ManagementGroup;
    s.management_group = p[4];
  } else if (p.size() == 3 && p[0].empty() && iequals(p[1], "subscriptions")) {
    s.level = DeploymentScope::Level::Subscription;
    s.subscription_id = p[2];
  } else if (p.size() == 5 && p[0].empty() && iequals(p[1], "subscriptions") && iequals(p[3], "resourceGroups")) {
    s.level = DeploymentScope::Level::ResourceGroup;
    s.subscription_id = p[2];
    s.resource_group = p[4];
  } else {
    return false;
  }
  return true;
}

// Drops the members a lowering handles itself (and a nested deployment's template) before evaluation.
Value without(const Value& raw, std::initializer_list<std::string_view> keys) {
  Object o;
  for (const Member& m : raw.as_object().members()) {
    bool skip = false;
    for (std::string_view k : keys) skip = skip || iequals(m.key, k);
    if (!skip) o.append(m.key, m.value, m.key_span);
  }
  return Value::object(std::move(o), raw.span());
}
void TemplateLowering::lower(const std::vector<ResourceDecl>& decls) {
  first_resource_ = shared_.result.resources.size();
  decls_ = &decls;
  done_.assign(decls.size(), false);
  ReferenceResolver* saved = env_.set_resolver(this);
  for (std::size_t i = 0; i < decls.size(); ++i) {
    if (budget_exhausted()) break;
    if (done_[i]) continue;  // lowered early: something read its outputs first
    done_[i] = true;
    lower_decl(decls[i], nullptr);
  }
  env_.set_resolver(saved);
  resolve_dependencies();
}

// The nodes of the parameters (when the template has its own scope) and outputs of `declared`.
void TemplateLowering::emit_values(const TemplateModel& declared, bool own_parameters) {
  std::string instance = module_ == UINT32_MAX ? "" : shared_.result.resources[module_].instance;
  ValueNodeScope scope{env_,
                       declared,
                       own_parameters,
                       module_ != UINT32_MAX || shared_.request.module_call,
                       logical_prefix_,
                       module_,
                       std::move(instance),
                       conditional_,
                       condition_reason_,
                       shared_.request.unit,
                       shared_.request.variant};
  emit_value_nodes(scope, shared_.result.resources);
}

void TemplateLowering::lower_decl(const ResourceDecl& d, const ParentInfo* parent) {
  const Object& raw = d.raw.as_object();
  const Value* copy = raw.find("copy");
  if (!copy || !copy->is_object()) {
    lower_instance(d, parent, label_prefix(parent), false, "");
    return;
  }
  std::string loop = string_of(copy->as_object().get("name"));
  bool over_limit = false;
  Value count = env_.eval_count(copy->as_object().get("count"), "resource loop `" + loop + "`", &over_limit);
  if (over_limit) return;  // an invalid template (KV001): its instances are not checked
  if (!count.is_int()) {
    // Unknown count: one representative instance, whose findings say they are conditional.
    env_.push_copy(loop, count);
    lower_instance(d, parent, label_prefix(parent) + "[*]", true, "its copy count is unknown: " + count.unknown_info().reason);
    env_.pop_copy();
    return;
  }
  for (std::int64_t i = 0; i < count.as_int() && !budget_exhausted(); ++i) {
    env_.push_copy(loop, Value::integer(i));
    lower_instance(d, parent, label_prefix(parent) + "[" + std::to_string(i) + "]", false, "");
    env_.pop_copy();
  }
}

void TemplateLowering::lower_instance(const ResourceDecl& d, const ParentInfo* parent, const std::string& instance,
                                      bool loop_unknown, const std::string& loop_reason) {
  const Object& raw = d.raw.as_object();
  bool conditional = conditional_ || loop_unknown || (parent && parent->conditional);
  std::string reason = conditional_ ? condition_reason_
                       : loop_unknown ? loop_reason
                       : parent && parent->conditional ? parent->condition_reason
                                                       : "";
  if (const Value* cond_raw = raw.find("condition")) {
    Value cond = env_.eval(*cond_raw);
    bool b = false;
    if (cond.is_bool() || (cond.is_string() && parse_bool_text(cond.as_string(), b))) {
      if (cond.is_bool()) b = cond.as_bool();
      if (!b) return;  // not deployed
    } else {
      conditional = true;
      if (reason.empty()) {
        reason = cond.is_unknown() ? "its condition is unknown: " + cond.unknown_info().reason
                                   : "its condition is not a boolean: " + cond.display();
      }
    }
  }

  // Every instance (of a resource, of a nested deployment) is charged to the unit: a fan-out of
  // deployments and loops stops at the budget instead of taking all memory.
  if (UnitBudget* budget = UnitBudget::current(); budget && !budget->charge_instance(d.decl, "this resource")) return;

  Resource r;
  r.format = SourceFormat::Arm;
  r.unit = shared_.request.unit;
  r.variant = shared_.request.variant;
  r.decl = d.decl;
  r.symbolic_name = d.symbolic_name;
  r.instance = instance;
  r.conditional = conditional;
  r.condition_reason = reason;
  r.module = module_;
  r.existing = raw.get("existing").is_bool() && raw.get("existing").as_bool();

  Value type = env_.eval(raw.get("type"));
  if (!type.is_string() || type.as_string().empty()) return;  // nothing a rule could match
  r.type = type.as_string();
  r.api_version = raw.get("apiVersion");
  Value name = env_.eval(raw.get("name"));
  std::string raw_name = raw.get("name").is_string() ? raw.get("name").as_string() : "";
  // The parent's identity already starts with the nesting prefix.
  r.logical_id = (parent ? parent->logical_id + "/" : logical_prefix_) +
                 (!d.symbolic_name.empty() ? d.symbolic_name : r.type + "|" + raw_name);
  // An unknown name still has a symbol, so that references to it link (graph/symbol.h).
  if (name.is_unknown()) name = ensure_symbol(name, r.logical_id + instance);

  if (parent) {
    // A nested child declares its own segment of the type and name; compose the full ones.
    if (r.type.find('.') == std::string::npos || r.type.find('/') == std::string::npos ||
        r.type.find('.') > r.type.find('/')) {
      r.type = parent->type + "/" + r.type;
    }
    std::string own = name_text(name);
    if (!own.empty() && !parent->name.empty() && split(own, '/').size() < split(r.type, '/').size() - 1) {
      std::string full = parent->name + "/" + own;
      name = is_symbolic(full) ? symbolic_unknown(name.is_unknown() ? name.unknown_info().reason : "the parent's name is not known",
                                                  name.is_unknown() ? name.unknown_info().origin : name.span(), full)
                               : Value::string(full, name.span());
    }
  }
  r.name = name;
  r.display_name = name.is_string() ? name.as_string() : kUnknownName;

  bool is_deployment = iequals(r.type, "Microsoft.Resources/deployments");
  Value body_raw = without(d.raw, {"resources", "copy", "condition", "dependsOn"});
  if (is_deployment) {
    Object o = body_raw.as_object();
    if (const Value* props = raw.find("properties"); props && props->is_object()) {
      o.set("properties", without(*props, {"template"}));
    }
    body_raw = Value::object(std::move(o), body_raw.span());
  }
  r.body = env_.eval(body_raw);
  assign_identity(r);
  read_metadata_ignore(d);

  for (const Value& dep : raw.get("dependsOn").as_array()) {
    Value v = env_.eval(dep);
    if (const std::string* text = id_text(v)) r.depends_on.push_back(*text);
  }

  auto index = static_cast<std::uint32_t>(shared_.result.resources.size());
  if (!d.symbolic_name.empty()) symbols_[to_lower(d.symbolic_name)].push_back(index);
  ParentInfo self{r.type, name_text(r.name), r.logical_id, r.conditional, r.condition_reason, r.instance};
  shared_.result.resources.push_back(std::move(r));

  if (is_deployment && !shared_.result.resources[index].existing) lower_deployment(d, index);
  for (const ResourceDecl& child : read_resource_decls(raw.get("resources"))) {
    if (budget_exhausted()) break;
    lower_decl(child, &self);
  }
}

// "metadata": {"vaultlint": {"ignore": {"KV122": "reason"}}} on a resource suppresses those rules on
// all of it.
void TemplateLowering::read_metadata_ignore(const ResourceDecl& d) {
  const Value ignore = d.raw.as_object().get("metadata").as_object().get("vaultlint").as_object().get("ignore");
  const Span whole = d.raw.span();
  for (const Member& m : ignore.as_object().members()) {
    Suppression s;
    s.written = m.span();
    s.file = whole.file;
    s.begin = std::min(whole.begin, d.decl.begin);
    s.end = whole.end;
    s.rules.push_back(m.key);
    s.reason = m.value.is_string() ? m.value.as_string() : "";
    shared_.result.suppressions.push_back(std::move(s));
  }
}

// Computes the resource id (and, for extension resources, the id of what they attach to).
void TemplateLowering::assign_identity(Resource& r) {
  const DeploymentScope& scope = env_.scope();
  std::string prefix = scope.scope_id();
  // `resourceGroup` / `subscriptionId` place a resource elsewhere (an existing one, or a deployment,
  // which lives in the scope it deploys to): what Bicep writes as `scope: resourceGroup(sub, rg)`.
  const Object& body = r.body.as_object();
  const Value* rg = body.find("resourceGroup");
  const Value* sub = body.find("subscriptionId");
  if (rg && rg->is_null()) rg = nullptr;
  if (sub && sub->is_null()) sub = nullptr;
  if (rg || sub) {
    // Unknown ones keep their symbol, or get one of their own (as lower_deployment does for the scope).
    std::string rg_text = rg ? name_text(*rg) : std::string();
    std::string sub_text = sub ? name_text(*sub) : scope.subscription_id;
    if (rg && rg_text.empty()) rg_text = symbol_marker("resource group of " + r.logical_id);
    if (sub_text.empty()) sub_text = symbol_marker("subscription of " + r.logical_id);
    prefix = rg ? resource_group_scope_id(sub_text, rg_text) : subscription_scope_id(sub_text);
  }
  std::string name = name_text(r.name);
  std::vector<std::string> type_parts = split(r.type, '/');
  std::size_t providers = 0;
  for (std::size_t i = 2; i < type_parts.size(); ++i) {
    if (iequals(type_parts[i], "providers")) providers = i;
  }
  if (providers != 0 && !name.empty()) {
    // The older extension form: type A/b/providers/C, name x/Ns/y.
    std::vector<std::string> name_parts = split(name, '/');
    std::size_t target_names = providers - 1;
    if (name_parts.size() > target_names + 1) {
      r.scope_id = make_resource_id(prefix, join(type_parts, 0, providers, '/'), join(name_parts, 0, target_names, '/'));
      std::string ns = name_parts[target_names];
      r.type = ns + "/" + join(type_parts, providers + 1, type_parts.size(), '/');
      name = join(name_parts, target_names + 1, name_parts.size(), '/');
      r.name = is_symbolic(name) ? with_symbol(r.name, name) : Value::string(name, r.name.span());
      r.display_name = r.name.is_string() ? name : kUnknownName;
      if (!r.scope_id.empty()) r.id = make_resource_id(r.scope_id, r.type, name);
    }
    return;
  }
  const Value scope_value = r.body.as_object().get("scope");
  const std::string* written = id_text(scope_value);
  // A symbol counts when it is an id or a type/name (compiled Bicep's `format('Microsoft.KeyVault/vaults/{0}',
  // ...)`); a bare symbolic name cannot be told apart from an unknown.
  if (written && !written->empty() && (scope_value.is_string() || written->find('/') != std::string::npos)) {
    std::string target = resolve_reference(*written);
    DeploymentScope there = scope;
    if (apply_deployment_scope(target, there)) {
      // A scope resources deploy into (Bicep's `scope: managementGroup(x)`, `scope: tenant()`): placed there.
      if (!name.empty()) r.id = make_resource_id(there.scope_id(), r.type, name);
      return;
    }
    r.scope_id = target;
    if (!r.scope_id.empty() && !name.empty()) r.id = make_resource_id(r.scope_id, r.type, name);
    if (r.scope_id.empty()) r.scope_unknown = "its scope `" + *written + "` names nothing in this template";
    return;
  }
  if (scope_value.is_unknown()) {
    // Not placed at the resource group: an unknown scope reaches nothing the scan can name.
    r.scope_unknown = scope_value.unknown_info().reason;
    return;
  }
  if (!name.empty()) r.id = make_resource_id(prefix, r.type, name);
}

// A reference written as a full id, a type/name relative to the deployment scope, or a symbolic name.
std::string TemplateLowering::resolve_reference(const std::string& ref) {
  if (ref.empty()) return "";
  if (ref[0] == '/') return ref;
  // Management groups are tenant resources, whatever scope the template deploys to.
  if (istarts_with(ref, "Microsoft.Management/managementGroups/")) return "/providers/" + ref;
  if (ref.find('/') != std::string::npos) return env_.scope().scope_id() + "/providers/" + ref;
  auto it = symbols_.find(to_lower(ref));
  if (it != symbols_.end() && !it->second.empty()) return shared_.result.resources[it->second[0]].id;
  for (std::size_t i = first_resource_; i < shared_.result.resources.size(); ++i) {
    const Resource& other = shared_.result.resources[i];
    if (other.name.is_string() && other.name.as_string() == ref) return other.id;
  }
  return "";
}

void TemplateLowering::resolve_dependencies() {
  for (std::size_t i = first_resource_; i < shared_.result.resources.size(); ++i) {
    Resource& r = shared_.result.resources[i];
    if (r.module != module_) continue;  // resolved by its own template
    for (std::string& dep : r.depends_on) {
      std::string id = resolve_reference(dep);
      if (!id.empty()) dep = id;
    }
  }
}

}  // namespace detail

using detail::Shared;
using detail::TemplateLowering;
using detail::template_uri;

LowerResult lower_template(const LowerRequest& request) {
  LoweringBudget budget;
  LowerResult result;
  Shared shared{request, result, {}, {}, {}, {}, {request.file}, {}, {}};
  TemplateModel model(request.file, request.root);
  report_variable_cycles(model, shared.sink);
  DeploymentScope scope = request.scope.value_or(DeploymentScope{});
  scope.level = model.level();
  // A template deployed on its own (not as a Bicep module) is taken as deployed by link, as the
  // quickstarts that read deployment().properties.templateLink.uri are.
  if (!request.scope) scope.template_uri = template_uri(request.loader, request.file, request.loader.sources());
  EvalLimits limits;
  limits.meter = std::make_shared<WorkMeter>(work_share(request.work_budget));
  ArmEnv env(model, scope, request.parameters, shared.sink, limits);
  TemplateLowering lowering(shared, env, "", "", UINT32_MAX, 0, false, "");
  lowering.lower(model.resources());
  if (request.want_outputs) result.outputs = Value::object(evaluate_outputs(model, env, &lowering), request.root.span());
  lowering.emit_values(model, true);
  result.provenance.push_back(
      template_provenance_index(request.loader.sources().get(request.file), request.file, request.root));
  if (request.parameters.provenance) result.provenance.push_back(request.parameters.provenance);
  // Where a limit stopped evaluation (the work budget used up, calls nested too deeply, ...): a KV001 there.
  for (Diagnostic& d : budget.report(Span{request.file, request.root.span().begin, request.root.span().begin + 1})) {
    shared.sink.add(std::move(d));
  }
  result.diagnostics = shared.sink.take();
  return result;
}

}  // namespace vl::arm
