// JUnit XML for test-result views (Azure Pipelines' PublishTestResults@2, GitLab, Jenkins): one
// <testsuite> per file, one <testcase> per vault × rule that applies to it (passing when the rule found
// nothing), a <failure> with message and location for each failing check, <skipped> for an unresolved
// one. Findings that are not about a vault (a parse error, a role assignment, a secret) get a testcase of
// their own per resource and rule, in the suite of the file they point at.
//
// The shape is the Apache Ant schema that these tools read: <testsuites> holding <testsuite name tests
// failures errors skipped time timestamp hostname id package> with <properties/>, the testcases,
// <system-out/> and <system-err/>; <testcase name classname time>; <failure message type>text</failure>.
// Azure maps testcase@name to the test title, classname + name to the automated test name (so names are
// stable: no line numbers), failure@message to the error message and the failure text to the stack trace.
#include <ctime>
#include <map>
#include <sstream>
#include <tuple>

#include "report/escape.h"
#include "report/report.h"

namespace vl {

namespace {

struct Case {
  std::string name;
  std::vector<const Finding*> findings;
};

struct Suite {
  std::vector<Case> cases;
  std::map<std::string, std::size_t> by_name;

  Case& get(const std::string& name) {
    auto [it, added] = by_name.emplace(name, cases.size());
    if (added) cases.push_back(Case{name, {}});
    return cases[it->second];
  }
};

std::string timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);  // the Ant schema's timestamp has no zone
  return buf;
}

std::string where(const SourceSet& sources, Span span) {
  Location at = locate(sources, span);
  if (at.file.empty()) return "(command line)";
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

// The failure's text: each finding with its location, fix and related locations.
std::string details(const Case& c, const SourceSet& sources) {
  std::string text;
  for (const Finding* f : c.findings) {
    if (!text.empty()) text += "\n\n";
    text += visible(where(sources, f->location)) + ": " + f->rule->id + " " + severity_name(f->rule->severity) + ": " +
            visible(f->message);
    if (f->result == Verdict::Fail && !f->fix_text().empty()) text += "\nfix: " + visible(f->fix_text());
    for (const RelatedLocation& r : f->related) {
      text += "\nsee " + visible(where(sources, r.span)) + ": " + visible(r.message);
    }
  }
  return text;
}

void write_case(std::ostream& out, const Case& c, const std::string& classname, const SourceSet& sources) {
  out << "    <testcase name=\"" << xml_escape(c.name) << "\" classname=\"" << xml_escape(classname) << "\" time=\"0\"";
  const Finding* failing = nullptr;
  const Finding* unresolved = nullptr;
  for (const Finding* f : c.findings) {
    if (f->result == Verdict::Fail && !failing) failing = f;
    if (f->result == Verdict::Unresolved && !unresolved) unresolved = f;
  }
  if (!failing && !unresolved) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  if (failing) {
    out << "      <failure message=\"" << xml_escape(where(sources, failing->location) + ": " + failing->message)
        << "\" type=\"" << xml_escape(failing->rule->id) << "\">" << xml_escape(details(c, sources), true) << "</failure>\n";
  } else {
    out << "      <skipped message=\"" << xml_escape("unresolved: " + unresolved->message) << "\"/>\n";
  }
  out << "    </testcase>\n";
}

}  // namespace

void write_junit_report(const ReportInput& in, std::ostream& out) {
  const ScanResult& scan = in.scan;
  const SourceSet& sources = *scan.sources;
  std::map<std::string, Suite> suites;  // by file, sorted

  // Vault × rule testcases. A vault's own findings carry its logical identity ("<id>#<property>").
  struct VaultKey {
    std::uint32_t unit;
    std::string logical_id;
    std::string name;
    std::string file;
  };
  std::map<std::tuple<std::uint32_t, FileId, std::uint32_t>, std::string> logical_ids;  // by unit and declaration
  for (const Resource& r : scan.graph.resources()) logical_ids.emplace(std::tuple{r.unit, r.decl.file, r.decl.begin}, r.logical_id);
  std::vector<VaultKey> vaults;
  for (const VaultSummary& v : scan.vaults) {
    Location at = locate(sources, v.decl);
    auto id = logical_ids.find(std::tuple{v.unit, v.decl.file, v.decl.begin});
    vaults.push_back(VaultKey{v.unit, id == logical_ids.end() ? std::string() : id->second, v.name, at.file});
    Suite& suite = suites[at.file];
    for (const Rule& rule : in.catalogue.rules()) {
      if (rule.diagnostic || !in.rules.count(rule.id) || !rule.applies(v.type)) continue;
      suite.get(v.name + " " + rule.id + " " + rule.name);
    }
  }
  for (const Finding& f : scan.findings) {
    if (f.suppressed) continue;
    const VaultKey* vault = nullptr;
    for (const VaultKey& v : vaults) {
      if (!v.logical_id.empty() && v.unit == f.unit && f.identity.rfind(v.logical_id + "#", 0) == 0) vault = &v;
    }
    if (vault) {
      suites[vault->file].get(vault->name + " " + f.rule->id + " " + f.rule->name).findings.push_back(&f);
      continue;
    }
    Location at = locate(sources, f.location);
    std::string subject = f.resource.empty() ? (at.file.empty() ? "(command line)" : at.file) : f.resource;
    suites[at.file].get(subject + " " + f.rule->id + " " + f.rule->name).findings.push_back(&f);
  }

  std::ostringstream body;
  std::size_t total = 0, total_failures = 0, total_skipped = 0, id = 0;
  std::string now = timestamp();
  for (const auto& [file, suite] : suites) {
    std::size_t failures = 0, skipped = 0;
    for (const Case& c : suite.cases) {
      bool fail = false, unresolved = false;
      for (const Finding* f : c.findings) (f->result == Verdict::Fail ? fail : unresolved) = true;
      if (fail) ++failures;
      else if (unresolved) ++skipped;
    }
    std::string name = file.empty() ? "(command line)" : file;
    body << "  <testsuite name=\"" << xml_escape(name) << "\" tests=\"" << suite.cases.size() << "\" failures=\""
         << failures << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"0\" timestamp=\"" << now
         << "\" hostname=\"localhost\" id=\"" << id++ << "\" package=\"vaultlint\">\n    <properties/>\n";
    for (const Case& c : suite.cases) write_case(body, c, name, sources);
    body << "    <system-out/>\n    <system-err/>\n  </testsuite>\n";
    total += suite.cases.size();
    total_failures += failures;
    total_skipped += skipped;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vaultlint\" tests=\"" << total << "\" failures=\""
      << total_failures << "\" errors=\"0\" skipped=\"" << total_skipped << "\" time=\"0\">\n"
      << body.str() << "</testsuites>\n";
}

}  // namespace vl
