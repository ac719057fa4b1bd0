#include "scan/scan.h"

#include <map>
#include <set>

#include "policy/engine.h"
#include "scan/parallel.h"
#include "scan/stages.h"

namespace vl {

namespace fs = std::filesystem;

ScanResult run_scan(const ScanOptions& options, const Catalogue& catalogue) {
  ScanResult out;
  std::vector<fs::path> roots = options.paths.empty() ? std::vector<fs::path>{fs::current_path()} : options.paths;

  // Discover.
  DiscoveryResult discovered = discover(roots, options.discovery);
  for (const std::string& missing : discovered.missing) out.errors.push_back("no such file or directory: " + missing);
  if (!out.errors.empty()) return out;

  SourceLoader loader(*out.sources, find_repository(roots.front()), options.max_file_size);
  for (std::size_t i = 1; i < roots.size(); ++i) loader.allow_root(find_repository(roots[i]));
  for (const fs::path& p : options.param_files) {
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) out.errors.push_back("no such parameter file: " + p.string());
    loader.allow_root(fs::absolute(p).parent_path());
  }
  if (!out.errors.empty()) return out;

  // Read and parse the JSON files in parallel.
  std::vector<fs::path> json_paths;
  for (const DiscoveredFile& f : discovered.files) {
    if (f.kind == FileKind::ArmJson) json_paths.push_back(f.path);
  }
  out.counts.files = json_paths.size();
  std::vector<scan::ReadJson> files(json_paths.size());
  parallel_for(json_paths.size(), options.jobs, [&](std::size_t i) { files[i] = scan::read_json_file(loader, json_paths[i]); });

  std::vector<scan::ReadJson> given;
  for (const fs::path& p : options.param_files) {
    scan::ReadJson r = scan::read_json_file(loader, fs::absolute(p).lexically_normal());
    if (r.role != scan::JsonFileRole::ParameterFile) {
      out.errors.push_back(p.string() + " is not an ARM parameter file");
      continue;
    }
    given.push_back(std::move(r));
  }
  if (!out.errors.empty()) return out;

  std::vector<Finding> findings;
  std::vector<Diagnostic> file_diagnostics;
  for (const scan::ReadJson& f : files) {
    if (f.diagnostic) file_diagnostics.push_back(*f.diagnostic);
    if (f.role == scan::JsonFileRole::ParameterFile) ++out.counts.parameter_files;
  }

  // Units and variants; lower every (unit, variant) in parallel.
  std::vector<scan::Unit> units = scan::form_units(files, given, options.params, out.warnings);
  std::vector<std::pair<std::size_t, std::size_t>> work;
  for (std::size_t u = 0; u < units.size(); ++u) {
    for (std::size_t v = 0; v < units[u].variants.size(); ++v) work.emplace_back(u, v);
  }
  std::vector<arm::LowerResult> lowered(work.size());
  parallel_for(work.size(), options.jobs, [&](std::size_t w) {
    const auto [u, v] = work[w];
    const scan::ReadJson& t = files[units[u].template_index];
    arm::LowerRequest request{t.file, t.root, units[u].variants[v].parameters, static_cast<std::uint32_t>(u),
                              static_cast<std::uint32_t>(v), loader};
    lowered[w] = arm::lower_template(request);
  });

  // A template linked by another scanned template is part of that unit, not an entry point of its own
  // (unless the two link each other).
  std::map<FileId, std::set<std::size_t>> linked_by;
  for (std::size_t w = 0; w < work.size(); ++w) {
    for (FileId f : lowered[w].linked_files) linked_by[f].insert(work[w].first);
  }
  std::vector<bool> entry(units.size(), true);
  for (std::size_t u = 0; u < units.size(); ++u) {
    FileId file = files[units[u].template_index].file;
    auto it = linked_by.find(file);
    if (it == linked_by.end()) continue;
    for (std::size_t by : it->second) {
      if (by == u) continue;
      FileId by_file = files[units[by].template_index].file;
      auto back = linked_by.find(by_file);
      bool mutual = back != linked_by.end() && back->second.count(u);
      if (!mutual) entry[u] = false;
    }
  }

  // Build the graph from the entry units, renumbering units densely.
  std::vector<std::uint32_t> unit_number(units.size(), UINT32_MAX);
  for (std::size_t u = 0; u < units.size(); ++u) {
    if (!entry[u]) {
      ++out.counts.linked_templates;
      continue;
    }
    unit_number[u] = static_cast<std::uint32_t>(out.units.size());
    UnitInfo info;
    info.entry = files[units[u].template_index].file;
    fs::path rel = files[units[u].template_index].path.lexically_relative(loader.repository());
    info.identity = rel.empty() ? files[units[u].template_index].path.generic_string() : rel.generic_string();
    for (const scan::Variant& v : units[u].variants) {
      if (!v.name.empty()) info.variants.push_back(v.name);
    }
    out.units.push_back(std::move(info));
    ++out.counts.templates;
  }
  std::vector<std::pair<Diagnostic, std::uint32_t>> diagnostics;
  for (std::size_t w = 0; w < work.size(); ++w) {
    std::uint32_t unit = unit_number[work[w].first];
    if (unit == UINT32_MAX) continue;
    arm::LowerResult& r = lowered[w];
    auto base = static_cast<std::uint32_t>(out.graph.resources().size());
    for (Resource& res : r.resources) {
      res.unit = unit;
      if (res.module != UINT32_MAX) res.module += base;
      out.graph.add(std::move(res));
    }
    for (Diagnostic& d : r.diagnostics) diagnostics.emplace_back(std::move(d), unit);
  }
  out.graph.link();
  out.counts.resources = out.graph.resources().size();

  // Evaluate the policies.
  Engine engine(catalogue, options.enabled_rules, EngineOptions{options.as_of});
  EngineResult evaluated = engine.run(out.graph);
  findings = std::move(evaluated.findings);
  for (const Diagnostic& d : file_diagnostics) findings.push_back(engine.from_diagnostic(d, UINT32_MAX));
  for (auto& [d, unit] : diagnostics) findings.push_back(engine.from_diagnostic(d, unit));
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    if (!f.rule || !engine.enabled(f.rule->id)) {
      if (f.rule && f.rule->id == "KV001") out.parse_errors = true;  // still decides the exit code
      continue;
    }
    if (f.rule->id == "KV001") out.parse_errors = true;
    if (options.strict && f.result == Verdict::Unresolved) f.result = Verdict::Fail;
    kept.push_back(std::move(f));
  }
  out.findings = scan::merge_findings(std::move(kept), out.units, *out.sources);
  out.vaults = scan::merge_vaults(evaluated.vaults, out.graph, out.units);
  return out;
}

}  // namespace vl
