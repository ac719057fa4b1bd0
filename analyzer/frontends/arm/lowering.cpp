// Lowers ARM resources to graph resources: copy loops, conditions, nested child resources, extension
// resources (the `scope` property and the older `<type>/providers/<ns>/<type>` form), and nested
// deployments, inline or linked by relativePath, with inner or outer expression scope.
#include <deque>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "frontends/arm/arm_frontend.h"
#include "frontends/arm/provenance.h"
#include "frontends/arm/value_nodes.h"
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
};

class TemplateLowering {
 public:
  TemplateLowering(Shared& shared, ArmEnv& env, std::string logical_prefix, std::uint32_t module, int depth,
                   bool conditional, std::string condition_reason)
      : shared_(shared),
        env_(env),
        logical_prefix_(std::move(logical_prefix)),
        module_(module),
        depth_(depth),
        conditional_(conditional),
        condition_reason_(std::move(condition_reason)) {}

  void lower(const std::vector<ResourceDecl>& decls) {
    first_resource_ = shared_.result.resources.size();
    for (const ResourceDecl& d : decls) lower_decl(d, nullptr);
    resolve_dependencies();
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
  void lower_decl(const ResourceDecl& d, const ParentInfo* parent) {
    const Object& raw = d.raw.as_object();
    const Value* copy = raw.find("copy");
    if (!copy || !copy->is_object()) {
      lower_instance(d, parent, "", false, "");
      return;
    }
    std::string loop = string_of(copy->as_object().get("name"));
    bool over_limit = false;
    Value count = env_.eval_count(copy->as_object().get("count"), "resource loop `" + loop + "`", &over_limit);
    if (over_limit) return;  // an invalid template (KV001): its instances are not checked
    if (!count.is_int()) {
      // Unknown count: one representative instance, whose findings say they are conditional.
      env_.push_copy(loop, count);
      lower_instance(d, parent, "[*]", true, "its copy count is unknown: " + count.unknown_info().reason);
      env_.pop_copy();
      return;
    }
    for (std::int64_t i = 0; i < count.as_int(); ++i) {
      env_.push_copy(loop, Value::integer(i));
      lower_instance(d, parent, "[" + std::to_string(i) + "]", false, "");
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
    ParentInfo self{r.type, name_text(r.name), r.logical_id, r.conditional, r.condition_reason};
    shared_.result.resources.push_back(std::move(r));

    if (is_deployment && !shared_.result.resources[index].existing) lower_deployment(d, index);
    for (const ResourceDecl& child : read_resource_decls(raw.get("resources"))) lower_decl(child, &self);
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
      r.scope_id = resolve_reference(*written);
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
        if (!load_linked(rel->value.as_string(), join(rel->key_span, rel->value.span()), file, template_root)) return;
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
        return;
      }
    } else {
      return;  // no template: nothing to lower
    }

    auto model = std::make_unique<TemplateModel>(file, template_root);
    const TemplateModel& inner = *model;
    shared_.models.push_back(std::move(model));

    DeploymentScope scope = env_.scope();
    scope.deployment_name = string_of(deployment.name).empty() ? scope.deployment_name : string_of(deployment.name);
    const Object& body = deployment.body.as_object();
    if (const Value* rg = body.find("resourceGroup"); rg && !rg->is_null()) {
      scope.level = DeploymentScope::Level::ResourceGroup;
      // An unknown group keeps its symbol, or gets one of its own: it is never another deployment's.
      scope.resource_group = name_text(*rg);
      if (scope.resource_group.empty()) scope.resource_group = symbol_marker("resource group of " + deployment.logical_id);
    } else if (inner.level() != DeploymentScope::Level::ResourceGroup) {
      scope.level = inner.level();
    }
    if (const Value* sub = body.find("subscriptionId"); sub && !sub->is_null()) {
      scope.subscription_id = name_text(*sub);
      if (scope.subscription_id.empty()) scope.subscription_id = symbol_marker("subscription of " + deployment.logical_id);
    }

    bool inner_scope = linked || iequals(string_of(body_props.as_object().get("expressionEvaluationOptions").as_object().get("scope")), "inner");
    ArmEnv* env = &env_;
    if (inner_scope) {
      SuppliedParameters supplied;
      supplied.origin = "the nested deployment `" + string_of(deployment.name) + "`";
      supplied.symbol_scope = deployment.logical_id + "/";
      Value passed = body_props.as_object().get("parameters");
      for (const Member& m : passed.as_object().members()) {
        const Object& entry = m.value.as_object();
        if (const Member* v = entry.find_member("value")) {
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
      report_variable_cycles(inner, shared_.sink);
      shared_.envs.push_back(std::make_unique<ArmEnv>(inner, scope, std::move(supplied), shared_.sink, env_.limits()));
      env = shared_.envs.back().get();
    }
    TemplateLowering nested(shared_, *env, deployment.logical_id + "/", index, depth_ + 1, deployment.conditional,
                            deployment.condition_reason);
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
      const SourceFile& file = loader.sources().get(loaded.id);
      JsonDocument doc = parse_json_document(loaded.id, file.text());
      if (!doc.result.ok) {
        shared_.sink.add(Diagnostic{"KV001", Span{loaded.id, doc.result.error_offset, doc.result.error_offset + 1},
                                    doc.result.error, {}});
        return false;
      }
      cached = shared_.linked_roots.emplace(loaded.id, std::move(doc.root)).first;
      shared_.result.used_files.push_back(loaded.id);
      shared_.result.provenance.push_back(template_provenance_index(loaded.id, cached->second));
    }
    root = cached->second;
    shared_.file_stack.push_back(loaded.id);
    return true;
  }

  Shared& shared_;
  ArmEnv& env_;
  std::string logical_prefix_;
  std::uint32_t module_;
  int depth_;
  bool conditional_;
  std::string condition_reason_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> symbols_;
  std::size_t first_resource_ = 0;
};

}  // namespace

LowerResult lower_template(const LowerRequest& request) {
  LowerResult result;
  Shared shared{request, result, {}, {}, {}, {}, {request.file}};
  TemplateModel model(request.file, request.root);
  report_variable_cycles(model, shared.sink);
  DeploymentScope scope;
  scope.level = model.level();
  EvalLimits limits;
  limits.meter = std::make_shared<WorkMeter>(request.work_budget);
  ArmEnv env(model, scope, request.parameters, shared.sink, limits);
  TemplateLowering lowering(shared, env, "", UINT32_MAX, 0, false, "");
  lowering.lower(model.resources());
  lowering.emit_values(model, true);
  result.provenance.push_back(template_provenance_index(request.file, request.root));
  if (request.parameters.provenance) result.provenance.push_back(request.parameters.provenance);
  if (limits.meter->exhausted()) {
    shared.sink.add(Diagnostic{"KV001", Span{request.file, request.root.span().begin, request.root.span().begin + 1},
                               "evaluation stopped after " + std::to_string(request.work_budget) +
                                   " function calls; what the rest of the template sets is unknown",
                               {}});
  }
  result.diagnostics = shared.sink.take();
  return result;
}

}  // namespace vl::arm
