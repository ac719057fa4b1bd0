#include "cli/commands.h"

#include <fstream>
#include <iostream>

#include "cli/setup.h"
#include "report/graph_report.h"
#include "report/report.h"
#include "scan/scan.h"

namespace vl::cli {

namespace {

int run_graph_command(const Options& o, Setup& setup) {
  if (int code = build_scan_options(o, setup)) return code;
  ScanResult result = run_scan(setup.scan, *setup.catalogue);
  if (!result.errors.empty()) {
    for (const std::string& e : result.errors) std::cerr << "vaultlint: " << e << "\n";
    return kExitUsage;
  }
  return emit(o, [&](std::ostream& out) {
    if (o.format == "dot") write_graph_dot(result, out);
    else write_graph_json(result, out);
  });
}

int run_rules_command(const Catalogue& catalogue) {
  for (const Rule& r : catalogue.rules()) {
    std::string control = r.control.empty() ? "" : " [" + r.control + "]";
    std::cout << r.id << "  " << r.name << "  " << severity_name(r.severity) << control
              << (r.enabled_by_default ? "" : "  (off by default)") << "\n    " << r.summary << "\n";
  }
  return kExitClean;
}

int run_explain_command(const Options& o, const Catalogue& catalogue) {
  const Rule* r = catalogue.find(o.explain_id);
  if (!r) return usage_error("unknown rule '" + o.explain_id + "' (see `vaultlint rules`)");
  std::cout << r->id << " " << r->name << " (" << severity_name(r->severity) << ")\n\n" << r->summary << "\n\n";
  if (!r->description.empty()) std::cout << r->description << "\n";
  if (!r->checklist.empty()) std::cout << "Enforces: " << r->checklist << "\n";
  if (!r->control.empty()) std::cout << "Control: " << r->control << " (rbac-network-and-recovery)\n";
  if (!r->applies_to.empty()) {
    std::cout << "Applies to:";
    for (const std::string& t : r->applies_to) std::cout << " " << t;
    std::cout << "\n";
  }
  std::cout << "\nFix: " << r->fix << "\n";
  if (!r->fix_terraform.empty()) {
    // {attribute} is filled in per finding (the provider version picks it); the snippet below names it.
    std::string fix = r->fix_terraform;
    if (std::size_t at = fix.find("{attribute}"); at != std::string::npos) fix.replace(at, 11, "<attribute>");
    std::cout << "Fix (Terraform): " << fix << "\n";
  }
  auto snippet = [](const char* label, const std::string& text) {
    if (text.empty()) return;
    std::cout << "\n  " << label << ":\n";
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t nl = text.find('\n', start);
      std::cout << "    " << text.substr(start, nl - start) << "\n";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  };
  snippet("ARM", r->snippet_arm);
  snippet("Bicep", r->snippet_bicep);
  snippet("Terraform", r->snippet_terraform);
  std::cout << "\nDefined in " << r->source << "\n";
  return kExitClean;
}

}  // namespace

int run(const Options& o) {
  // The language server loads its configuration for the workspace the client names, later.
  if (o.command == Command::Lsp) return run_lsp_command(o);
  Setup setup;
  if (int code = load_setup(o, setup)) return code;
  switch (o.command) {
    case Command::Rules:
      return run_rules_command(*setup.catalogue);
    case Command::Explain:
      return run_explain_command(o, *setup.catalogue);
    case Command::Graph:
      return run_graph_command(o, setup);
    case Command::Lsp:
      return run_lsp_command(o);
    case Command::Scan:
    case Command::Version:
      return run_scan_command(o, setup);
  }
  return kExitClean;
}

}  // namespace vl::cli
