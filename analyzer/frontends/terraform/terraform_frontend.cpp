#include "frontends/terraform/terraform_frontend.h"

#include <set>

#include "graph/deployment_scope.h"
#include "frontends/terraform/modules/module_instance.h"
#include "frontends/terraform/modules/provenance.h"

namespace vl::tf {

namespace fs = std::filesystem;

namespace {

bool is_azurerm(const ProviderRequirement& r) {
  if (r.local_name != "azurerm") return false;
  return r.source.empty() || iends_with(r.source, "hashicorp/azurerm");
}

// The azurerm version: the lock file's, else the range the constraints of every module allow.
VersionRange azurerm_version(ConfigCache& cache, const ModuleConfig& root) {
  VersionRange range;
  std::string error;
  if (auto lock = cache.file(root.dir / ".terraform.lock.hcl", error); lock && lock->ok) {
    for (const Block& b : lock->body.blocks) {
      if (b.type != "provider" || b.labels.empty() || !iends_with(b.labels[0], "hashicorp/azurerm")) continue;
      const Attribute* v = b.body->attribute("version");
      if (!v || v->value->kind != ExprKind::String) continue;
      if (std::optional<Version> pinned = parse_version(v->value->text)) {
        range.pin(*pinned);
        range.described = v->value->text + " (.terraform.lock.hcl)";
        return range;
      }
    }
  }
  // Every module's constraint must hold; local modules are followed (registry ones are pinned by init).
  std::vector<std::string> constraints;
  std::set<fs::path> seen;
  std::vector<const ModuleConfig*> todo{&root};
  std::vector<std::shared_ptr<const ModuleConfig>> keep;
  while (!todo.empty() && seen.size() < 256) {
    const ModuleConfig* c = todo.back();
    todo.pop_back();
    if (!seen.insert(c->dir).second) continue;
    for (const ProviderRequirement& r : c->requirements) {
      if (is_azurerm(r) && !r.constraint.empty()) {
        range.constrain(r.constraint);
        constraints.push_back(r.constraint);
      }
    }
    for (const fs::path& dir : local_module_dirs(*c)) {
      ConfigCache::ModuleResult m = cache.module(dir);
      if (m.config) {
        keep.push_back(m.config);
        todo.push_back(m.config.get());
      }
    }
  }
  if (!constraints.empty()) {
    std::string shown;
    for (const std::string& c : constraints) shown += (shown.empty() ? "" : "; ") + c;
    range.described = shown + " (required_providers)";
  }
  return range;
}

}  // namespace

void read_tfvars(const ParsedFile& file, RootInputs& inputs) {
  if (!file.ok) return;
  EvalShared shared;
  TfEvaluator ev(nullptr, shared);
  for (const Attribute& a : file.body.attributes) inputs[a.name] = RootVariable{ev.eval(*a.value), false, a.name_span};
}

std::vector<fs::path> local_module_dirs(const ModuleConfig& config) {
  std::vector<fs::path> out;
  for (const ModuleCallDecl& call : config.module_calls) {
    if (is_local_source(call.source)) out.push_back(normal_dir(config.dir / call.source));
  }
  return out;
}

LoweredUnit lower_root_module(const LowerRequest& request) {
  LoweringBudget budget;
  LoweredUnit out;
  ConfigCache::ModuleResult root = request.cache.module(request.root_dir);
  if (!root.config) return out;
  DeploymentScope scope;
  UnitContext unit{request, out, {}, {}, {}, scope.subscription_id, scope.tenant_id, {}, {}, false, {}, {}, {}};
  unit.shared.work_left = work_share(request.work_budget);
  unit.azurerm = azurerm_version(request.cache, *root.config);
  for (const Diagnostic& d : root.config->diagnostics) unit.sink.add(d);
  for (const auto& f : root.config->files) {
    if (request.cache.discovered(f->file)) continue;
    for (const Diagnostic& d : f->diagnostics) unit.sink.add(d);
    for (const Suppression& s : f->suppressions) out.suppressions.push_back(s);
  }

  for (const auto& f : request.var_files) {
    if (auto index = tfvars_provenance_index(f)) out.provenance.push_back(std::move(index));
  }
  ModuleInstance::Setup setup;
  setup.config = root.config;
  setup.root = true;
  unit.instances.push_back(std::make_unique<ModuleInstance>(unit, std::move(setup)));
  unit.instances.back()->lower_all();

  // Where a limit stopped evaluation (the work budget used up, a value too large, ...): a KV001 there.
  FileId first = root.config->files.empty() ? kNoFile : root.config->files.front()->file;
  for (Diagnostic& d : budget.report(Span{first, 0, 1})) unit.sink.add(std::move(d));
  out.diagnostics = unit.sink.take();
  out.used_files.assign(unit.used_files.begin(), unit.used_files.end());
  return out;
}

}  // namespace vl::tf
