// The Terraform frontend's cache of parsed modules: a one-shot scan lets a root module's parses go once it
// is lowered (frontends/terraform/units.cpp), and whoever asks for that module again gets it read anew.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "frontends/terraform/modules/module_config.h"
#include "source/loader.h"

using namespace vl;
namespace fs = std::filesystem;

TEST_CASE("a forgotten Terraform module is read and parsed again when asked for") {
  const fs::path dir = fs::temp_directory_path() / ("vaultlint-tf-forget-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "main.tf") << "resource \"azurerm_resource_group\" \"rg\" {\n  name     = \"rg\"\n  location = \"westeurope\"\n}\n";
  SourceSet sources;
  SourceLoader loader(sources, dir, 1u << 20);
  tf::ConfigCache cache(loader);

  tf::ConfigCache::ModuleResult first = cache.module(dir);
  REQUIRE(first.config);
  CHECK(cache.module(dir).config == first.config);  // cached
  std::string error;
  const auto parsed = cache.file(dir / "main.tf", error);
  REQUIRE(parsed);
  CHECK(first.config->files.front() == parsed);

  cache.forget_module(dir);
  tf::ConfigCache::ModuleResult again = cache.module(dir);
  REQUIRE(again.config);
  CHECK(again.config != first.config);                         // read anew ...
  CHECK(again.config->files.front() != parsed);                // ... its file parsed anew ...
  CHECK(again.config->files.front()->file == parsed->file);    // ... from the same source file
  REQUIRE(again.config->resources.size() == 1);
  CHECK(again.config->resources.front().name == first.config->resources.front().name);
  cache.forget_module(dir / "nowhere");  // a folder never read: nothing to forget
  fs::remove_all(dir);
}
