// SARIF 2.1.0 (DESIGN section 6): every rule of the catalogue in tool.driver.rules with its help and
// GitHub's `security-severity`; results with 1-based code-point regions (`columnKind:
// unicodeCodePoints`), related locations for where a value came from, the stable fingerprint in
// `partialFingerprints`, and `suppressions` for findings an inline suppression or the baseline covers
// (they are kept here, and only here, so code scanning shows them as dismissed rather than fixed).
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "fix/fix.h"
#include "report/escape.h"
#include "report/report.h"

namespace vl {

namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kSourceRoot = "SRCROOT";

const char* security_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "8.0";
    case Severity::Medium: return "5.5";
    case Severity::Low: return "3.0";
  }
  return "3.0";
}

const char* level_of(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return "error";
    case Severity::Medium: return "warning";
    case Severity::Low: return "note";
  }
  return "note";
}

ordered_json message(const std::string& text) {
  ordered_json m;
  m["text"] = text;
  return m;
}

ordered_json rule_json(const Rule& r) {
  ordered_json j;
  j["id"] = r.id;
  j["name"] = r.name;
  j["shortDescription"] = message(r.summary);
  std::string description = r.description;
  while (description.ends_with('\n')) description.pop_back();
  j["fullDescription"] = message(description.empty() ? r.summary : description);
  j["help"] = {{"text", rule_help(r, false)}, {"markdown", rule_help(r, true)}};
  if (std::string uri = rule_help_uri(r); !uri.empty()) j["helpUri"] = uri;
  j["defaultConfiguration"] = {{"level", level_of(r.severity)}, {"enabled", r.enabled_by_default}};
  ordered_json tags = ordered_json::array({"security", "azure", "key-vault"});
  if (!r.control.empty()) tags.push_back(r.control);
  j["properties"] = {{"security-severity", security_severity(r.severity)},
                     {"severity", severity_name(r.severity)},
                     {"tags", std::move(tags)},
                     {"precision", "high"}};
  return j;
}

// A physical location: the path relative to SRCROOT (the working directory) when the report shows it
// relative, else a file: URI; the region in code points, end exclusive, as SARIF's endColumn is.
ordered_json artifact_location(const SourceSet& sources, FileId file) {
  const std::string& shown = sources.get(file).display();
  ordered_json artifact;
  if (!shown.empty() && shown[0] == '/') {
    artifact["uri"] = file_uri(sources.get(file).path());
  } else {
    artifact["uri"] = relative_uri(shown);
    artifact["uriBaseId"] = kSourceRoot;
  }
  return artifact;
}

ordered_json region_json(const Location& at) {
  ordered_json region;
  region["startLine"] = at.line;
  region["startColumn"] = at.column;
  region["endLine"] = at.end_line;
  region["endColumn"] = at.end_column;
  return region;
}

// The finding's certain edit (fix/) as a SARIF fix: one artifactChange per file, its replacements in
// the regions' code-point columns (an insertion is an empty deletedRegion).
ordered_json fixes_json(const Finding& f, const SourceSet& sources) {
  if (f.fix_sites.empty() || f.suppressed || f.result != Verdict::Fail) return nullptr;
  fix::FixPlan plan = fix::plan({&f}, sources);
  const fix::FixPlan::Item& item = plan.items.front();
  if (item.edits.empty()) return nullptr;
  ordered_json changes = ordered_json::array();
  FileId current = kNoFile;
  for (const fix::TextEdit& e : item.edits) {
    if (e.file != current) {
      changes.push_back({{"artifactLocation", artifact_location(sources, e.file)}, {"replacements", ordered_json::array()}});
      current = e.file;
    }
    ordered_json replacement;
    replacement["deletedRegion"] = region_json(locate(sources, Span{e.file, e.begin, e.end}));
    replacement["insertedContent"] = {{"text", e.text}};
    changes.back()["replacements"].push_back(std::move(replacement));
  }
  ordered_json fix;
  fix["description"] = message(item.title);
  fix["artifactChanges"] = std::move(changes);
  return ordered_json::array({std::move(fix)});
}

ordered_json physical_location(const SourceSet& sources, Span span) {
  Location at = locate(sources, span);
  if (at.file.empty()) return nullptr;
  ordered_json p;
  p["artifactLocation"] = artifact_location(sources, span.file);
  p["region"] = region_json(at);
  return p;
}

ordered_json result_json(const Finding& f, const SourceSet& sources, std::size_t rule_index, const ordered_json& suppression) {
  ordered_json j;
  j["ruleId"] = f.rule->id;
  j["ruleIndex"] = rule_index;
  if (f.result == Verdict::Unresolved) {
    // SARIF: a result that needs a human to decide is kind "review", whose level must be "none".
    j["kind"] = "review";
    j["level"] = "none";
  } else {
    j["kind"] = "fail";
    j["level"] = level_of(f.rule->severity);
  }
  j["message"] = message(f.message);
  ordered_json where = physical_location(sources, f.location);
  if (!where.is_null()) j["locations"] = ordered_json::array({{{"physicalLocation", std::move(where)}}});
  ordered_json related = ordered_json::array();
  for (const RelatedLocation& r : f.related) {
    ordered_json p = physical_location(sources, r.span);
    if (p.is_null()) continue;
    ordered_json rj;
    rj["id"] = related.size() + 1;
    rj["physicalLocation"] = std::move(p);
    rj["message"] = message(r.message);
    related.push_back(std::move(rj));
  }
  if (!related.empty()) j["relatedLocations"] = std::move(related);
  j["partialFingerprints"] = {{"vaultlint/v1", f.fingerprint}};
  if (ordered_json fixes = fixes_json(f, sources); !fixes.is_null()) j["fixes"] = std::move(fixes);
  if (!suppression.is_null()) j["suppressions"] = ordered_json::array({suppression});
  ordered_json props;
  props["severity"] = severity_name(f.rule->severity);
  if (!f.resource.empty()) props["resource"] = f.resource;
  if (!f.reason.empty()) props["reason"] = f.reason;
  if (!f.fix_text().empty()) props["fix"] = f.fix_text();
  props["variants"] = f.variants;
  props["instances"] = f.instances;
  props["units"] = f.units;
  props["conditional"] = f.conditional;
  j["properties"] = std::move(props);
  return j;
}

}  // namespace

void write_sarif_report(const ReportInput& in, std::ostream& out) {
  const ScanResult& scan = in.scan;
  ordered_json rules = ordered_json::array();
  std::map<std::string, std::size_t> rule_index;
  for (const Rule& r : in.catalogue.rules()) {
    rule_index[r.id] = rules.size();
    rules.push_back(rule_json(r));
  }

  ordered_json driver;
  driver["name"] = "vaultlint";
  driver["version"] = in.version;
  driver["semanticVersion"] = in.version;
  driver["informationUri"] = project_homepage();
  driver["rules"] = std::move(rules);

  ordered_json results = ordered_json::array();
  for (const Finding& f : scan.findings) {
    ordered_json suppression;
    if (f.suppressed) {
      suppression = {{"kind", "inSource"}, {"status", "accepted"}};
      suppression["justification"] = f.suppression_reason.empty() ? "suppressed without a reason (KV003)" : f.suppression_reason;
    }
    results.push_back(result_json(f, *scan.sources, rule_index.at(f.rule->id), suppression));
  }
  if (in.baselined) {
    for (const Finding& f : *in.baselined) {
      ordered_json suppression = {{"kind", "external"}, {"status", "accepted"}};
      suppression["justification"] = "listed in the baseline " + in.baseline_file;
      results.push_back(result_json(f, *scan.sources, rule_index.at(f.rule->id), suppression));
    }
  }

  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  ordered_json invocation;
  invocation["executionSuccessful"] = true;
  if (!scan.warnings.empty()) {
    ordered_json notes = ordered_json::array();
    for (const std::string& w : scan.warnings) notes.push_back({{"message", message(w)}, {"level", "warning"}});
    invocation["toolExecutionNotifications"] = std::move(notes);
  }
  run["invocations"] = ordered_json::array({std::move(invocation)});
  if (!in.automation_id.empty()) run["automationDetails"] = {{"id", in.automation_id}};
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (!ec) {
    std::string root = file_uri(cwd);
    if (!root.ends_with('/')) root += '/';
    run["originalUriBaseIds"] = {{kSourceRoot, {{"uri", root}}}};
  }
  run["results"] = std::move(results);
  run["columnKind"] = "unicodeCodePoints";

  ordered_json doc;
  doc["$schema"] = kSchema;
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array({std::move(run)});
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace vl
