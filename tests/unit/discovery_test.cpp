// Discovery: file kinds, gitignore-style globs, .gitignore files, and deterministic order.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "source/discovery.h"
#include "source/glob.h"

using namespace vl;
namespace fs = std::filesystem;

TEST_CASE("file kinds by name", "[discovery]") {
  FileKind k;
  REQUIRE(classify_file_name("a/main.tf.json", k));
  CHECK(k == FileKind::TerraformJson);
  REQUIRE(classify_file_name("x.tfvars.json", k));
  CHECK(k == FileKind::TfVarsJson);
  REQUIRE(classify_file_name("AzureDeploy.JSON", k));
  CHECK(k == FileKind::ArmJson);
  REQUIRE(classify_file_name("main.bicepparam", k));
  CHECK(k == FileKind::BicepParam);
  CHECK_FALSE(classify_file_name("README.md", k));
  CHECK_FALSE(classify_file_name(".json", k));
}

TEST_CASE("globs: segments, double stars, classes", "[discovery][glob]") {
  CHECK(GlobPattern("*.json").matches("a.json"));
  CHECK_FALSE(GlobPattern("*.json").matches("dir/a.json"));
  CHECK(GlobPattern("**/a.json").matches("a.json"));
  CHECK(GlobPattern("**/a.json").matches("x/y/a.json"));
  CHECK(GlobPattern("x/**").matches("x/y/z"));
  CHECK(GlobPattern("a/**/b").matches("a/b"));
  CHECK(GlobPattern("a/**/b").matches("a/x/y/b"));
  CHECK(GlobPattern("file?.json").matches("file1.json"));
  CHECK(GlobPattern("[!a]*").matches("b"));
  CHECK_FALSE(GlobPattern("[!a]*").matches("a"));
  CHECK(GlobPattern("a.b+c(d)").matches("a.b+c(d)"));
}

TEST_CASE(".gitignore rules: names anywhere, anchored paths, folders, negation", "[discovery]") {
  fs::path root = fs::temp_directory_path() / "vaultlint-discovery-test";
  fs::remove_all(root);
  for (const char* dir : {"a/gen", "b", "node_modules/x", "keep"}) fs::create_directories(root / dir);
  for (const char* file : {"a/gen/t.json", "a/main.json", "b/main.json", "b/skip.json", "node_modules/x/t.json",
                           "keep/important.json", "keep/other.json", "notes.txt", "root.bicep"}) {
    std::ofstream(root / file) << "{}";
  }
  std::ofstream(root / ".gitignore") << "# comment\ngen/\n/b/skip.json\nkeep/*\n!keep/important.json\n";
  DiscoveryResult r = discover({root}, {});
  std::vector<std::string> found;
  for (const DiscoveredFile& f : r.files) found.push_back(f.path.lexically_relative(root).generic_string());
  CHECK(found == std::vector<std::string>{"a/main.json", "b/main.json", "keep/important.json", "root.bicep"});

  DiscoveryOptions no_ignore;
  no_ignore.respect_gitignore = false;
  no_ignore.excludes = {"b/**"};
  r = discover({root}, no_ignore);
  CHECK(r.files.size() == 5);  // b/ excluded; node_modules is never walked

  r = discover({root / "missing"}, {});
  CHECK(r.missing == std::vector<std::string>{(root / "missing").string()});
  fs::remove_all(root);
}
