// Lowers ARM resources to graph resources: copy loops, conditions, nested child resources, extension
// resources (the `scope` property and the older `<type>/providers/<ns>/<type>` form), and nested
// deployments, inline or linked by relativePath, with inner or outer expression scope.
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <unordered_map>

#include "frontends/arm/arm_frontend.h"
#include "frontends/arm/deployment_outputs.h"
#include "frontends/arm/provenance.h"
#include "frontends/arm/value_nodes.h"
#include "graph/budget.h"
#include "graph/json_value.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl::arm {

namespace {

namespace fs = std::filesystem;

constexpr int kMaxNesting = 32;  // nested deployments within nested deployments

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

struct ParentInfo {
  std::string type;
  std::string name;  // evaluated; empty when unknown
  std::string logical_id;
  bool conditional = false;
  std::string condition_reason;
  std::string instance;  // its loop instances, outermost first: children's labels start with them
};

// A nested deployment the lowering read the template of: reference() of it reads its outputs, which are
// evaluated on first use, in the nested template's context.
struct NestedDeployment {
  std::string name;    // lower case
  std::string symbol;  // lower case, with the loop instance: "mods[2]" (languageVersion 2.0); else empty
  const TemplateModel* model = nullptr;
  ArmEnv* env = nullptr;
  ReferenceResolver* lowering = nullptr;  // answers reference() inside the nested template
  enum class State : std::uint8_t { Pending, Busy, Done } state = State::Pending;
  Object outputs;
};

// State shared by the lowering of one template and everything it nests.
struct Shared {
  const LowerRequest& request;
  LowerResult& result;
  DiagnosticSink sink;
  std::deque<std::unique_ptr<TemplateModel>> models;  // nested templates; alive until the end
  std::deque<std::unique_ptr<ArmEnv>> envs;
  std::unordered_map<FileId, Value> linked_roots;
  std::vector<FileId> file_stack;
  std::deque<NestedDeployment> deployments;
  std::deque<std::unique_ptr<ReferenceResolver>> lowerings;  // nested lowerings, for their outputs
  // One model per template (a linked file, an inline template), however many deployments instantiate it.
  std::map<std::pair<FileId, const Object*>, const TemplateModel*> model_of = {};
};

class TemplateLowering final : public ReferenceResolver {
 public:
  TemplateLowering(Shared& shared, ArmEnv& env, std::string logical_prefix, std::string label_prefix, std::uint32_t module,
                   int depth, bool conditional, std::string condition_reason)
      : shared_(shared),
        env_(env),
        logical_prefix_(std::move(logical_prefix)),
        label_prefix_(std::move(label_prefix)),
        module_(module),
        depth_(depth),
        conditional_(conditional),
        condition_reason_(std::move(condition_reason)) {}

  void lower(const std::vector<ResourceDecl>& decls) {
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

  // reference() of a nested deployment of this template: its outputs.
  std::optional<Value> resolve_reference(std::string_view function, std::vector<Value>& args, Span at) override {
    if (!iequals(function, "reference") || args.empty()) return std::nullopt;
    std::optional<std::string> key = referenced_deployment(args[0]);
    if (!key) return std::nullopt;
    NestedDeployment* d = find_deployment(*key);
    if (!d) {
      lower_early(*key);
      d = find_deployment(*key);
    }
    if (!d) return std::nullopt;
    if (d->state == NestedDeployment::State::Busy) {
      return Value::unknown("the outputs of deployment `" + d->name + "` depend on themselves", at);
    }
    if (d->state == NestedDeployment::State::Pending) {
      d->state = NestedDeployment::State::Busy;
      d->outputs = evaluate_outputs(*d->model, *d->env, d->lowering);
      d->state = NestedDeployment::State::Done;
    }
    bool full = args.size() >= 3 && args[2].is_string() && iequals(args[2].as_string(), "Full");
    return deployment_reference_value(*d->model, d->outputs, full, at);
  }

  // The nodes of the parameters (when the template has its own scope) and outputs of `declared`.
  void emit_values(const TemplateModel& declared, bool own_parameters) {
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

 private:
  NestedDeployment* find_deployment(const std::string& key) {
    for (std::size_t i : own_deployments_) {
      NestedDeployment& d = shared_.deployments[i];
      if (d.symbol == key || d.name == key) return &d;
    }
    return nullptr;
  }

  // A deployment read before its turn (Bicep modules may be declared in any order): lowered now, when
  // its symbolic name or its name (evaluated outside any loop) is the one asked for.
  void lower_early(const std::string& key) {
    if (!decls_) return;
    for (std::size_t i = 0; i < decls_->size(); ++i) {
      const ResourceDecl& d = (*decls_)[i];
      const Object& raw = d.raw.as_object();
      if (done_[i] || !iequals(raw.get("type").as_string(), "Microsoft.Resources/deployments")) continue;
      std::string symbol = to_lower(d.symbolic_name);
      bool match = !symbol.empty() && (key == symbol || key.rfind(symbol + "[", 0) == 0);  // "mods[2]": a loop's
      if (!match && !raw.find("copy")) {
        Value name = env_.eval(raw.get("name"));
        match = name.is_string() && to_lower(name.as_string()) == key;
      }
      if (!match) continue;
      done_[i] = true;
      lower_decl(d, nullptr);
      return;
    }
  }

  // The loop instances a resource's own label continues: its parent's, or the nested deployment's (as
  // Bicep labels a module's resources "[module instance][own instance]").
  std::string label_prefix(const ParentInfo* parent) const { return parent ? parent->instance : label_prefix_; }

  void lower_decl(const ResourceDecl& d, const ParentInfo* parent) {
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

  void lower_instance(const ResourceDecl& d, const ParentInfo* parent, const std::string& instance,
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
  void read_metadata_ignore(const ResourceDecl& d) {
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
  void assign_identity(Resource& r) {
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
  std::string resolve_reference(const std::string& ref) {
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

  void resolve_dependencies() {
    for (std::size_t i = first_resource_; i < shared_.result.resources.size(); ++i) {
      Resource& r = shared_.result.resources[i];
      if (r.module != module_) continue;  // resolved by its own template
      for (std::string& dep : r.depends_on) {
        std::string id = resolve_reference(dep);
        if (!id.empty()) dep = id;
      }
    }
  }

  // A Microsoft.Resources/deployments resource: lowers its template, inline or linked.
  void lower_deployment(const ResourceDecl& d, std::uint32_t index) {
    const Resource deployment = shared_.result.resources[index];
    const Object& props_raw = d.raw.as_object().get("properties").as_object();
    const Value body_props = deployment.properties();
    if (depth_ >= kMaxNesting) {
      shared_.sink.add(Diagnostic{"KV001", d.decl, "nested deployments deeper than " + std::to_string(kMaxNesting) + " levels", {}});
      return;
    }

    FileId file = env_.model().file();
    Value template_root;
    bool linked = false;
    if (const Value* inline_template = props_raw.find("template"); inline_template && inline_template->is_object()) {
      template_root = *inline_template;
    } else if (const Value link = body_props.as_object().get("templateLink"); link.is_object()) {
      const Member* rel = link.as_object().find_member("relativePath");
      if (rel && rel->value.is_string()) {
        if (!load_linked(rel->value.as_string(), join(rel->key_span, rel->value.span()), file, template_root)) {
          // Its parameters stay in its body: related-resource rules may say it could deploy one.
          shared_.result.resources[index].unread = "the linked template `" + rel->value.as_string() + "` is not read";
          return;
        }
        file = shared_.file_stack.back();
        linked = true;
      } else if (const Member* uri = link.as_object().find_member("uri");
                 uri && uri->value.is_string() && uri->value.as_string().rfind(kTemplateUriBase, 0) == 0) {
        // uri(deployment().properties.templateLink.uri, 'nested/x.json'): a file of the repository,
        // relative to this template as relativePath is.
        SourceLoader& loader = shared_.request.loader;
        fs::path target = loader.repository() / uri->value.as_string().substr(kTemplateUriBase.size());
        fs::path relative = target.lexically_normal().lexically_relative(loader.sources().get(file).path().parent_path());
        if (!load_linked(relative.generic_string(), join(uri->key_span, uri->value.span()), file, template_root)) return;
        file = shared_.file_stack.back();
        linked = true;
      } else {
        const Member* what = link.as_object().find_member("uri");
        if (!what) what = link.as_object().find_member("id");
        Span at = what ? join(what->key_span, what->value.span()) : deployment.decl;
        std::string how = !what ? "templateLink" : iequals(what->key, "uri") ? "a URI" : "a template spec id";
        shared_.sink.add(Diagnostic{"KV002", at,
                                    "the nested deployment links its template by " + how +
                                        ", which cannot be read offline; its resources are not checked",
                                    {}});
        const std::string* where = what ? id_text(what->value) : nullptr;
        shared_.result.resources[index].unread = "its template is linked by " + how + (where ? " (" + *where + ")" : "") +
                                                 ", which cannot be read offline";
        return;
      }
    } else {
      return;  // no template: nothing to lower
    }

    const TemplateModel*& cached_model = shared_.model_of[{file, &template_root.as_object()}];
    bool first_use = !cached_model;
    if (!cached_model) {
      shared_.models.push_back(std::make_unique<TemplateModel>(file, template_root));
      cached_model = shared_.models.back().get();
    }
    const TemplateModel& inner = *cached_model;

    DeploymentScope scope = env_.scope();
    if (deployment.name.is_string()) {
      scope.deployment_name = deployment.name.as_string();
      scope.deployment_name_unknown.clear();
    } else {
      scope.deployment_name_unknown = "the name of the nested deployment is not known" +
                                      (deployment.name.is_unknown() ? ": " + deployment.name.unknown_info().reason : "");
    }
    const Object& body = deployment.body.as_object();
    const Value target_scope = body.get("scope");
    const std::string* target_text = id_text(target_scope);
    if (const Value* rg = body.find("resourceGroup"); rg && !rg->is_null()) {
      scope.level = DeploymentScope::Level::ResourceGroup;
      // An unknown group keeps its symbol, or gets one of its own: it is never another deployment's.
      scope.resource_group = name_text(*rg);
      if (scope.resource_group.empty()) scope.resource_group = symbol_marker("resource group of " + deployment.logical_id);
    } else if (target_text && !target_text->empty() && apply_deployment_scope(resolve_reference(*target_text), scope)) {
      // deployed at the management group, subscription or tenant that `scope` names
    } else if (inner.level() != DeploymentScope::Level::ResourceGroup) {
      scope.level = inner.level();
      // A `scope` the scan cannot compute or name: the level is the template's, the management group or
      // subscription a symbol of its own (never the synthetic one, which would be another deployment's).
      if (!target_scope.is_absent_or_null() && !(target_text && !target_text->empty())) {
        if (scope.level == DeploymentScope::Level::ManagementGroup) {
          scope.management_group = symbol_marker("management group of " + deployment.logical_id);
        }
        if (scope.level == DeploymentScope::Level::Subscription) {
          scope.subscription_id = symbol_marker("subscription of " + deployment.logical_id);
        }
      }
    }
    if (const Value* sub = body.find("subscriptionId"); sub && !sub->is_null()) {
      scope.subscription_id = name_text(*sub);
      if (scope.subscription_id.empty()) scope.subscription_id = symbol_marker("subscription of " + deployment.logical_id);
    }

    bool inner_scope = linked || iequals(string_of(body_props.as_object().get("expressionEvaluationOptions").as_object().get("scope")), "inner");
    // A linked template is deployed by link (deployment().properties.templateLink.uri names it); an
    // inline one in its own scope has no templateLink.
    if (linked) scope.template_uri = template_uri(shared_.request.loader, file, shared_.request.loader.sources());
    else if (inner_scope) scope.template_uri.clear();
    ArmEnv* env = &env_;
    if (inner_scope) {
      SuppliedParameters supplied;
      supplied.origin = "the nested deployment `" + string_of(deployment.name) + "`";
      supplied.symbol_scope = deployment.logical_id + "/";
      Value passed = body_props.as_object().get("parameters");
      // Compiled Bicep writes an entry as one expression (`[if(c, createObject('value', x), ...)]`), and
      // a template may write all of them as one: an unknown there is an unknown parameter, never a reason
      // to fall back to the callee's default.
      if (passed.is_unknown()) supplied.all_unknown = passed;
      for (const Member& m : passed.as_object().members()) {
        const Object& entry = m.value.as_object();
        if (m.value.is_unknown()) {
          supplied.by_lower_name[to_lower(m.key)] = m.value;
        } else if (const Member* v = entry.find_member("value")) {
          supplied.by_lower_name[to_lower(m.key)] = v->value;
          supplied.written[to_lower(m.key)] = {v->key_span, v->written_value()};
        } else if (entry.find("reference")) {
          supplied.by_lower_name[to_lower(m.key)] =
              Value::unknown("parameter `" + m.key + "` is a Key Vault reference, resolved only at deployment", m.key_span);
        }
      }
      if (body_props.as_object().find("parametersLink")) {
        supplied.origin = "the nested deployment's parametersLink (not readable offline)";
      }
      if (first_use) report_variable_cycles(inner, shared_.sink);
      shared_.envs.push_back(std::make_unique<ArmEnv>(inner, scope, std::move(supplied), shared_.sink, env_.limits()));
      env = shared_.envs.back().get();
    }
    auto owned = std::make_unique<TemplateLowering>(shared_, *env, deployment.logical_id + "/", deployment.instance, index,
                                                    depth_ + 1, deployment.conditional, deployment.condition_reason);
    TemplateLowering& nested = *owned;
    shared_.lowerings.push_back(std::move(owned));
    NestedDeployment record;
    record.name = to_lower(string_of(deployment.name));
    if (!d.symbolic_name.empty()) {
      // reference('mods[2]') names this template's own loop instance, without the enclosing ones.
      const std::string& label = deployment.instance;
      record.symbol = to_lower(d.symbolic_name) + (label.rfind(label_prefix_, 0) == 0 ? label.substr(label_prefix_.size()) : label);
    }
    record.model = &inner;
    record.env = env;
    record.lowering = &nested;
    own_deployments_.push_back(shared_.deployments.size());
    shared_.deployments.push_back(std::move(record));
    nested.lower(inner.resources());
    nested.emit_values(inner, inner_scope);
    if (linked) shared_.file_stack.pop_back();
  }

  // Reads a template linked by relativePath (relative to the linking file), inside the repository only.
  bool load_linked(const std::string& relative, Span at, FileId from, Value& root) {
    SourceLoader& loader = shared_.request.loader;
    const SourceFile& current = loader.sources().get(from);
    fs::path target = (current.path().parent_path() / relative).lexically_normal();
    LoadedFile loaded = loader.load(target);
    if (loaded.status != LoadStatus::Ok) {
      bool missing = loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository;
      shared_.sink.add(Diagnostic{missing ? "KV002" : "KV001", at, "linked template: " + loaded.error, {}});
      return false;
    }
    for (FileId f : shared_.file_stack) {
      if (f == loaded.id) {
        shared_.sink.add(Diagnostic{"KV001", at, "linked templates form a cycle through " + loader.sources().get(f).display(), {}});
        return false;
      }
    }
    auto cached = shared_.linked_roots.find(loaded.id);
    if (cached == shared_.linked_roots.end()) {
      // Another unit's folder may release the file's text meanwhile: this parse holds its own.
      std::shared_ptr<const std::string> text = loader.sources().get(loaded.id).contents();
      JsonDocument doc = parse_json_document(loaded.id, *text);
      if (!doc.result.ok) {
        shared_.sink.add(Diagnostic{"KV001", Span{loaded.id, doc.result.error_offset, doc.result.error_offset + 1},
                                    doc.result.error, {}});
        return false;
      }
      cached = shared_.linked_roots.emplace(loaded.id, std::move(doc.root)).first;
      shared_.result.used_files.push_back(loaded.id);
      shared_.result.provenance.push_back(template_provenance_index(loader.sources().get(loaded.id), loaded.id, cached->second));
    }
    root = cached->second;
    shared_.file_stack.push_back(loaded.id);
    return true;
  }

  Shared& shared_;
  ArmEnv& env_;
  std::string logical_prefix_;
  std::string label_prefix_;
  std::uint32_t module_;
  int depth_;
  bool conditional_;
  std::string condition_reason_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> symbols_;
  std::size_t first_resource_ = 0;
  const std::vector<ResourceDecl>* decls_ = nullptr;
  std::vector<bool> done_;                   // decls_ lowered (in order, or early)
  std::vector<std::size_t> own_deployments_;  // into shared_.deployments
};

}  // namespace

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
