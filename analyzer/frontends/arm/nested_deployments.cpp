// Nested deployments (Microsoft.Resources/deployments) of a template being lowered (template_lowering.h):
// their template, inline or linked by relativePath (inside the repository only), lowered with inner or
// outer expression scope; and reference() of a nested deployment, which reads its outputs.
#include <filesystem>

#include "frontends/arm/deployment_outputs.h"
#include "frontends/arm/provenance.h"
#include "frontends/arm/template_lowering.h"
#include "graph/budget.h"
#include "graph/json_value.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl::arm::detail {

namespace fs = std::filesystem;
// reference() of a nested deployment of this template: its outputs.
std::optional<Value> TemplateLowering::resolve_reference(std::string_view function, std::vector<Value>& args, Span at) {
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

NestedDeployment* TemplateLowering::find_deployment(const std::string& key) {
  for (std::size_t i : own_deployments_) {
    NestedDeployment& d = shared_.deployments[i];
    if (d.symbol == key || d.name == key) return &d;
  }
  return nullptr;
}

// A deployment read before its turn (Bicep modules may be declared in any order): lowered now, when
// its symbolic name or its name (evaluated outside any loop) is the one asked for.
void TemplateLowering::lower_early(const std::string& key) {
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

// A Microsoft.Resources/deployments resource: lowers its template, inline or linked.
void TemplateLowering::lower_deployment(const ResourceDecl& d, std::uint32_t index) {
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
bool TemplateLowering::load_linked(const std::string& relative, Span at, FileId from, Value& root) {
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

}  // namespace vl::arm::detail
