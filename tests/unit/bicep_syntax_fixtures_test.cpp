// Every file in fixtures/bicep/syntax/ (one per construct of the language) must parse with no error.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontends/bicep/parser.h"
#include "source/source_file.h"

namespace {

std::filesystem::path syntax_dir() {
  return std::filesystem::path(VAULTLINT_SOURCE_DIR) / "fixtures" / "bicep" / "syntax";
}

}  // namespace

TEST_CASE("bicep syntax fixtures: every construct parses without an error", "[bicep][parser][fixtures]") {
  std::filesystem::path dir = syntax_dir();
  REQUIRE(std::filesystem::is_directory(dir));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    bool params = name.ends_with(".bicepparam");
    if (!params && !name.ends_with(".bicep")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string source = text.str();
    auto tree = vl::bicep::parse(source, params);
    vl::SourceFile file(name, entry.path(), source);
    for (const vl::bicep::SyntaxError& e : tree->errors) {
      vl::Position at = file.position(e.begin);
      FAIL_CHECK(name << ":" << at.line << ":" << at.column << ": " << e.message);
    }
    CHECK_FALSE(tree->decls.empty());
    ++files;
  }
  CHECK(files >= 20);
}
