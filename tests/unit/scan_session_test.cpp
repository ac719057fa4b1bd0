// ScanSession: a session that links apart (the language server) finds exactly what one whole scan finds,
// on its first run and after changes, and lowers again only the units a change touches.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "scan/scan.h"
#include "scan_test_support.h"

using namespace vl;
namespace fs = std::filesystem;

namespace {

fs::path fixtures() { return fs::path(VAULTLINT_SOURCE_DIR) / "fixtures"; }

const Catalogue& catalogue() {
  static const Catalogue c = [] {
    std::vector<std::string> errors;
    return Catalogue::load(std::nullopt, errors);
  }();
  return c;
}

ScanOptions options_for(const fs::path& dir) {
  ScanOptions o;
  o.paths = {dir};
  for (const Rule& r : catalogue().rules()) {
    if (r.enabled_by_default) o.enabled_rules.insert(r.id);
  }
  o.as_of = "2026-11-30";
  o.jobs = 1;
  return o;
}

using test::describe;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> fixture_folders() {
  std::vector<fs::path> out;
  for (const char* format : {"arm", "bicep", "terraform"}) {
    for (const auto& e : fs::directory_iterator(fixtures() / format)) {
      if (e.is_directory()) out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a session linking apart finds what one whole scan finds, on every fixture folder") {
  for (const fs::path& dir : fixture_folders()) {
    INFO(dir.string());
    ScanResult whole = run_scan(options_for(dir), catalogue());
    ScanSession session(options_for(dir), catalogue(), true);
    CHECK(describe(session.run()) == describe(whole));
  }
}

TEST_CASE("after a change, a session linking apart finds what a fresh whole scan finds") {
  // Each file of each fixture folder in turn is opened as a buffer with a changed text (a comment line
  // for the formats that take one, else the same text), then closed again.
  for (const fs::path& dir : fixture_folders()) {
    ScanSession session(options_for(dir), catalogue(), true);
    session.run();
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      std::string name = e.path().filename().string();
      std::string text = read(e.path());
      std::string changed = text;
      if (name.ends_with(".bicep") || name.ends_with(".bicepparam")) changed = "// edited\n" + text;
      else if (name.ends_with(".tf") || name.ends_with(".tfvars")) changed = "# edited\n" + text;
      else if (!name.ends_with(".json")) continue;
      INFO(e.path().string());
      session.set_buffer(e.path(), changed);
      ScanOptions with_buffer = options_for(dir);
      with_buffer.overlays[e.path()] = changed;
      CHECK(describe(session.run()) == describe(run_scan(with_buffer, catalogue())));
      session.close_buffer(e.path());
      CHECK(describe(session.run()) == describe(run_scan(options_for(dir), catalogue())));
    }
  }
}

TEST_CASE("a session lowers again only the unit whose parameter file changed") {
  fs::path dir = fixtures() / "arm" / "parameter-files";
  ScanSession session(options_for(dir), catalogue(), true);
  session.run();
  CHECK(session.last_stats().lowered > 0);
  session.run();
  CHECK(session.last_stats().lowered == 0);
  CHECK(session.last_stats().groups_evaluated == 1);  // the files no unit reads, evaluated every time
  fs::path params = dir / "main.parameters.prod.json";
  session.set_buffer(params, read(params) + "\n");
  const ScanResult& after = session.run();
  CHECK(session.last_stats().lowered == 2);  // main.json with each of its two parameter files
  CHECK(describe(after) == describe(run_scan(options_for(dir), catalogue())));
}

TEST_CASE("the module of a module no loop reached is part of the template that names it, not an entry point") {
  // main.bicep names endpoint/main.bicep in a loop over an empty array, which names origin/main.bicep:
  // neither module is lowered on its own, and neither is a unit (the same as when endpoint/main.bicep is
  // lowered alone and found to read origin/main.bicep).
  fs::path dir = fs::temp_directory_path() / ("vaultlint-modules-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "endpoint" / "origin");
  std::ofstream(dir / "main.bicep") << "param endpoints array = []\n"
                                       "module ep 'endpoint/main.bicep' = [for e in endpoints: {\n"
                                       "  name: e\n  params: { name: e }\n}]\n";
  std::ofstream(dir / "endpoint" / "main.bicep") << "param name string\n"
                                                    "module origin 'origin/main.bicep' = {\n"
                                                    "  name: 'origin'\n  params: { name: name }\n}\n";
  std::ofstream(dir / "endpoint" / "origin" / "main.bicep") << "param name string\n"
                                                               "resource group 'Microsoft.Resources/tags@2021-04-01' = {\n"
                                                               "  name: 'default'\n  properties: { tags: { n: name } }\n}\n";
  ScanResult r = run_scan(options_for(dir), catalogue());
  fs::remove_all(dir);
  CHECK(r.counts.units == 1);
  CHECK(r.counts.modules == 2);
}
