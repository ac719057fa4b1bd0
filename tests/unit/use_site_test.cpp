// Where a finding points when the offending value was written outside the resource (policy/use_site.h).
#include <catch2/catch.hpp>

#include "policy/use_site.h"

using namespace vl;

namespace {

constexpr FileId kFile = 3;
Span at(std::uint32_t begin, std::uint32_t end) { return Span{kFile, begin, end}; }

// A parameter default written at 10..40: { defaultAction: 'Allow' (key 12..25, value 27..34) }.
Value acls_default() {
  Object o;
  o.append("defaultAction", Value::string("Allow", at(27, 34)), at(12, 25));
  return Value::object(std::move(o), at(10, 40));
}

// A resource at 100..200 whose properties (key 110..120, written 122..190) hold networkAcls (key
// 130..141) set to the expression at 143..170 that reads the default.
Value vault_using(Value acls) {
  Object props;
  props.append("networkAcls", std::move(acls), at(130, 141), at(143, 170));
  Object body;
  body.append("properties", Value::object(std::move(props), at(122, 190)), at(110, 120));
  return Value::object(std::move(body), at(100, 200));
}

}  // namespace

TEST_CASE("a value from a parameter default is reported on the property that uses it") {
  Value body = vault_using(acls_default());
  Span location = join(at(12, 25), at(27, 34));  // the defaultAction member in the default
  std::vector<RelatedLocation> related;
  move_to_use_site(body, "properties.networkAcls.defaultAction", location, related);
  CHECK(location == join(at(130, 141), at(143, 170)));
  REQUIRE(related.size() == 1);
  CHECK(related[0].span == join(at(12, 25), at(27, 34)));
}

TEST_CASE("a location inside the resource's own text stays") {
  Object acls;
  acls.append("defaultAction", Value::string("Allow", at(160, 167)), at(145, 158));
  Value body = vault_using(Value::object(std::move(acls), at(143, 170)));
  Span location = join(at(145, 158), at(160, 167));
  std::vector<RelatedLocation> related;
  move_to_use_site(body, "properties.networkAcls.defaultAction", location, related);
  CHECK(location == join(at(145, 158), at(160, 167)));
  CHECK(related.empty());
}

TEST_CASE("an item of a list from elsewhere is reported on the list's property") {
  Array items;
  items.push_back(Value::object(Object{}, at(20, 30)));
  Object props;
  props.append("accessPolicies", Value::array(std::move(items), at(15, 35)), at(130, 146), at(148, 170));
  Object body;
  body.append("properties", Value::object(std::move(props), at(122, 190)), at(110, 120));
  Value resource = Value::object(std::move(body), at(100, 200));
  Span location = at(20, 30);
  std::vector<RelatedLocation> related;
  move_to_use_site(resource, "properties.accessPolicies[0]", location, related);
  CHECK(location == join(at(130, 146), at(148, 170)));
  REQUIRE(related.size() == 1);
  CHECK(related[0].span == at(20, 30));
}

TEST_CASE("a path the body does not hold leaves the location alone") {
  Value body = vault_using(acls_default());
  Span location = at(12, 25);
  std::vector<RelatedLocation> related;
  move_to_use_site(body, "properties.enablePurgeProtection", location, related);
  CHECK(location == at(12, 25));
  CHECK(related.empty());
}
