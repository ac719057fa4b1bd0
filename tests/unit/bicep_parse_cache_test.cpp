// Bicep's parse cache lets a tree go after the last use lowering said it would make of it (issue 23: the
// trees are 8 times their text), and parses the file again if anything asks for it afterwards.
#include <catch2/catch.hpp>

#include "bicep_test_support.h"

using namespace vl;

TEST_CASE("a tree leaves the parse cache after its last expected use", "[bicep]") {
  test::BicepProject project;
  project.write("main.bicep", "param a string\n");
  LoadedFile loaded = project.loader().load(project.dir() / "main.bicep");
  REQUIRE(loaded.status == LoadStatus::Ok);
  bicep::ParseCache cache;
  bool first = false;
  std::shared_ptr<const bicep::ParsedFile> tree = cache.get(project.loader(), loaded.id, false, &first);
  CHECK(first);
  cache.expect(loaded.id, 2);
  cache.done(loaded.id);
  CHECK(cache.get(project.loader(), loaded.id, false, &first) == tree);  // one use to come: kept
  CHECK_FALSE(first);
  std::weak_ptr<const bicep::ParsedFile> weak = tree;
  tree.reset();
  cache.done(loaded.id);
  CHECK(weak.expired());  // the cache held it alone
  std::shared_ptr<const bicep::ParsedFile> again = cache.get(project.loader(), loaded.id, false, &first);
  CHECK(first);  // parsed again, the same
  REQUIRE(again);
  CHECK(again->tree->decls.size() == 1);
  cache.done(loaded.id);  // no more expected: nothing happens
  CHECK(cache.get(project.loader(), loaded.id, false, &first) == again);
}
