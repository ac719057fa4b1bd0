// The formats' unit builders (frontends/<format>/units.h), run in order and wired to what they need of the
// scan and of each other: the scan's worker threads, the session's parse caches, the ARM frontend for
// the Bicep units (frontends never include each other), the compiled-in Terraform mapping table.
#include "frontends/arm/units.h"
#include "frontends/arm/variants.h"
#include "frontends/bicep/units.h"
#include "frontends/terraform/units.h"
#include "graph/json_value.h"
#include "policy/catalogue.h"
#include "scan/parallel.h"
#include "scan/session.h"

namespace vl::scan {

namespace fs = std::filesystem;

namespace {

// Hands an ARM template (a local .json module or a cached registry module) to the ARM frontend.
bicep::ArmLowerer arm_lowerer(SourceLoader* loader) {
  return [loader](const bicep::ArmModuleCall& call) {
    bicep::ArmModuleResult out;
    const SourceFile& file = loader->sources().get(call.file);
    std::shared_ptr<const std::string> text = file.contents();  // an ARM file's text is released once read
    JsonDocument doc = parse_json_document(call.file, *text);
    if (!doc.result.ok) {
      out.diagnostics.push_back(Diagnostic{"KV001", Span{call.file, doc.result.error_offset, doc.result.error_offset + 1},
                                           "invalid JSON: " + doc.result.error, {}});
      return out;
    }
    if (arm::classify_json(doc.root) != arm::JsonRole::Template) {
      out.diagnostics.push_back(Diagnostic{"KV001", Span{call.file, 0, 0}, file.display() + " is not an ARM template", {}});
      return out;
    }
    arm::SuppliedParameters supplied;
    supplied.by_lower_name = call.parameters;
    supplied.origin = call.origin;
    supplied.all_unknown = call.parameters_unknown;
    arm::LowerRequest request{call.file, doc.root, std::move(supplied), call.unit, call.variant, *loader};
    request.scope = call.scope;
    request.want_outputs = true;
    request.module_call = call.module;
    arm::LowerResult lowered = arm::lower_template(request);
    out.outputs = std::move(lowered.outputs);
    static_cast<LoweredUnit&>(out) = std::move(lowered);
    return out;
  };
}

// The mapping table and the roles, compiled in with the policies; each part read once per process, when first
// used (a test reads and checks them all: terraform_test_support.h).
std::shared_ptr<const tf::Mapping> terraform_mapping(std::string& error) {
  static const std::shared_ptr<const tf::Mapping> table =
      tf::lazy_mapping(embedded_policy_files("data/azurerm/"), embedded_policy_file("data/roles.yaml"));
  error.clear();
  return table;
}

}  // namespace

std::vector<UnitTask> all_unit_tasks(SessionState& st, ScanResult& out, std::vector<Diagnostic>& file_diagnostics,
                                     std::vector<Suppression>& suppressions) {
  FormatContext ctx{st.options, *st.loader, *st.discovered, out.errors, out.warnings, out.counts, file_diagnostics, suppressions,
                    [jobs = st.options.jobs](std::size_t n, const std::function<void(std::size_t)>& fn) { parallel_for(n, jobs, fn); }};
  // A one-shot scan keeps no parse for a later run.
  arm::UnitCache* arm_cache = st.one_shot ? nullptr : &st.caches.arm;
  bicep::ArmServices services;
  services.lower = arm_lowerer(st.loader.get());
  services.read_parameter_file = [&ctx, arm_cache](const fs::path& path) -> std::shared_ptr<const bicep::JsonParameterValues> {
    std::shared_ptr<const arm::SuppliedParameters> values = arm::read_kept_parameter_file(ctx.loader, arm_cache, path);
    return values ? std::shared_ptr<const bicep::JsonParameterValues>(values, &values->by_lower_name) : nullptr;
  };
  services.parameter_file_stem = arm::parameter_file_stem;
  std::vector<UnitTask> bicep_tasks = bicep::unit_tasks(ctx, st.one_shot ? nullptr : &st.caches.bicep, services);  // first: it claims .bicepparam targets
  std::vector<UnitTask> tasks = arm::unit_tasks(ctx, arm_cache);
  for (UnitTask& t : tf::unit_tasks(ctx, st.one_shot ? nullptr : &st.caches.terraform, terraform_mapping)) tasks.push_back(std::move(t));
  for (UnitTask& t : bicep_tasks) tasks.push_back(std::move(t));
  return tasks;
}

}  // namespace vl::scan
