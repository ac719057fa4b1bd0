// The JSON report is written a finding at a time (report/json_report.cpp), as one dump(2) of the whole
// document would write it: parsed and dumped again by nlohmann, it is the same text, escapes and all.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "report/report.h"
#include "scan/scan.h"

using namespace vl;
namespace fs = std::filesystem;

TEST_CASE("the JSON report is what one dump of its document writes, with names that need escapes") {
  const fs::path dir = fs::temp_directory_path() / ("vaultlint-json-report-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "quoted \"dir\"");
  // Vault names quoted in messages: a quote, a backslash, a tab, a control character, non-ASCII text; and
  // a related location (purge protection set from a parameter's default).
  std::ofstream(dir / "quoted \"dir\"" / "azuredeploy.json") << R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"purge": {"type": "bool", "defaultValue": false}},
  "resources": [
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2019-09-01", "name": "kv-\"q\"\\b\t\u0001\u001f",
     "location": "westeurope", "properties": {"tenantId": "00000000-0000-0000-0000-000000000000"}},
    {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2019-09-01", "name": "kv-日本-é",
     "location": "westeurope", "properties": {"tenantId": "00000000-0000-0000-0000-000000000000",
                                              "enablePurgeProtection": "[parameters('purge')]"}}
  ]
})";
  std::vector<std::string> errors;
  const Catalogue catalogue = Catalogue::load(std::nullopt, errors);
  ScanOptions o;
  o.paths = {dir};
  for (const Rule& r : catalogue.rules()) {
    if (r.enabled_by_default) o.enabled_rules.insert(r.id);
  }
  o.as_of = "2026-11-30";
  o.keep_graph = false;
  const ScanResult scan = run_scan(o, catalogue);
  REQUIRE(scan.findings.size() > 4);
  std::ostringstream text;
  write_json_report(ReportInput{scan, catalogue, "test"}, text);
  const std::string report = text.str();
  const auto document = nlohmann::ordered_json::parse(report);
  CHECK(document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n" == report);
  bool escaped = false, non_ascii = false, related = false;
  for (const auto& f : document["findings"]) {
    const std::string message = f["message"].get<std::string>();
    escaped = escaped || message.find("kv-\"q\"\\b\t\x01\x1f") != std::string::npos;
    non_ascii = non_ascii || message.find("kv-日本-é") != std::string::npos;
    related = related || !f["related"].empty();
    CHECK(f["file"].get<std::string>().find("quoted \"dir\"") != std::string::npos);
  }
  CHECK(escaped);
  CHECK(non_ascii);
  CHECK(related);
  fs::remove_all(dir);
}
