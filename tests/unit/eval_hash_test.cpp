// uniqueString() and guid(), pinned to the values in shared/facts/FACTS.md ("uniqueString() and guid()").
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("uniqueString() matches values Azure produced", "[eval][hash]") {
  CHECK(eval_json("uniqueString('aaa')") == R"("zavj67f3en4hc")");
  CHECK(eval_json("uniqueString('bbb')") == R"("w5eragfxe33cy")");
  CHECK(eval_json("uniqueString('zzz')") == R"("cryksdzzzawae")");
  CHECK(eval_json("uniqueString('xxx', 'yyy', 'zzz')") == R"("lghi7k5js7itq")");
  CHECK(eval_json("uniqueString('xxx-yyy-zzz')") == R"("lghi7k5js7itq")");  // arguments are joined with '-'
}

TEST_CASE("uniqueString() edge cases", "[eval][hash]") {
  TestEnv env;
  env.set_unknown("u");
  // Computed with the algorithm FACTS.md records (no deployment value exists for these lengths): a
  // whole 8-byte block, and a block followed by a 5-byte tail that reaches k2.
  CHECK(eval_json("uniqueString('abcdefgh')") == R"("q7ncvd5x2rx4e")");
  CHECK(eval_json("uniqueString('abcdefghijklm')") == R"("drrqz7xt5wi54")");
  CHECK(eval_json("uniqueString('\xC3\xA9')") == R"("5i6hbiqzwuby6")");  // UTF-8 bytes are hashed
  CHECK(eval_json("equals(uniqueString('AAA'), uniqueString('aaa'))") == "false");  // case-sensitive
  CHECK(eval_json("length(uniqueString(''))") == "13");
  CHECK(eval_json("uniqueString(parameters('u'))", env) == "<unknown>");
  CHECK(eval_reason("uniqueString(createArray())") == "uniqueString(): argument 1 must be a string, got [0 items]");
}

TEST_CASE("guid() is a version-5 UUID under ARM's namespace", "[eval][hash]") {
  // Python: uuid.uuid5(uuid.UUID('11fb06fb-712d-4ddd-98c7-e71bbd588830'), 'a-b-c')
  CHECK(eval_json("guid('a', 'b', 'c')") == R"("a98fa280-e03f-5afa-8d8e-92d0a9c201e8")");
  CHECK(eval_json("guid('a-b-c')") == R"("a98fa280-e03f-5afa-8d8e-92d0a9c201e8")");
  // ... and uuid5(namespace, '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg')
  CHECK(eval_json("guid(resourceGroup().id)") == R"("9aa66516-21bf-591d-8865-b805a6ac9414")");
  CHECK(eval_json("length(guid('x'))") == "36");
  CHECK(eval_json("equals(guid('x'), guid('x'))") == "true");
  CHECK(eval_reason("guid(createObject())") == "guid(): argument 1 must be a string, got {}");
}
