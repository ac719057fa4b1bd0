// CIDR functions, with the examples of learn.microsoft.com template-functions-cidr (ms.date 07/14/2023).
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace vl;
using namespace vl::test;

TEST_CASE("parseCidr() describes IPv4 and IPv6 ranges", "[eval][cidr]") {
  CHECK(eval_json("parseCidr('10.144.0.0/20')") ==
        R"({"network":"10.144.0.0","netmask":"255.255.240.0","broadcast":"10.144.15.255","firstUsable":"10.144.0.1","lastUsable":"10.144.15.254","cidr":20})");
  CHECK(eval_json("parseCidr('fdad:3236:5555::/48')") ==
        R"({"network":"fdad:3236:5555::","netmask":"ffff:ffff:ffff::","firstUsable":"fdad:3236:5555::","lastUsable":"fdad:3236:5555:ffff:ffff:ffff:ffff:ffff","cidr":48})");
  CHECK(eval_json("parseCidr('10.144.3.7/20').network") == R"("10.144.0.0")");  // host bits cleared
  CHECK(eval_json("parseCidr('0.0.0.0/0').broadcast") == R"("255.255.255.255")");
  CHECK(eval_json("parseCidr('10.0.0.4/32')") ==
        R"({"network":"10.0.0.4","netmask":"255.255.255.255","broadcast":"10.0.0.4","firstUsable":"10.0.0.4","lastUsable":"10.0.0.4","cidr":32})");
  CHECK(eval_json("parseCidr('::/0').netmask") == R"("::")");
  CHECK(eval_reason("parseCidr('10.0.0.0')") == "parseCidr(): '10.0.0.0' is not in CIDR notation (address/prefix)");
  CHECK(eval_reason("parseCidr('10.0.0.0/33')") == "parseCidr(): '33' is not a prefix length from 0 to 32");
  CHECK(eval_reason("parseCidr('10.0.0.256/8')") == "parseCidr(): '10.0.0.256' is not an IP address");
  CHECK(eval_reason("parseCidr('::/129')") == "parseCidr(): '129' is not a prefix length from 0 to 128");
}

TEST_CASE("cidrSubnet() picks the n-th subnet", "[eval][cidr]") {
  CHECK(eval_json("map(range(0, 5), lambda('i', cidrSubnet('10.144.0.0/20', 24, lambdaVariables('i'))))") ==
        R"(["10.144.0.0/24","10.144.1.0/24","10.144.2.0/24","10.144.3.0/24","10.144.4.0/24"])");
  CHECK(eval_json("map(range(0, 5), lambda('i', cidrSubnet('fdad:3236:5555::/48', 52, lambdaVariables('i'))))") ==
        R"(["fdad:3236:5555::/52","fdad:3236:5555:1000::/52","fdad:3236:5555:2000::/52","fdad:3236:5555:3000::/52","fdad:3236:5555:4000::/52"])");
  CHECK(eval_json("cidrSubnet('10.0.0.0/24', 24, 0)") == R"("10.0.0.0/24")");
  CHECK(eval_json("cidrSubnet('10.0.0.0/24', 26, 3)") == R"("10.0.0.192/26")");
  CHECK(eval_json("cidrSubnet('::/0', 128, 9223372036854775807)") == R"("::7fff:ffff:ffff:ffff/128")");
  CHECK(eval_reason("cidrSubnet('10.0.0.0/24', 23, 0)") == "cidrSubnet(): the new prefix must be from 24 to 32");
  CHECK(eval_reason("cidrSubnet('10.0.0.0/24', 26, 4)") == "cidrSubnet(): subnet index 4 is outside the 2-bit range of subnets");
  CHECK(eval_json("cidrSubnet('10.0.0.0/24', 26, -1)") == "<unknown>");
}

TEST_CASE("cidrHost() picks the n-th usable address", "[eval][cidr]") {
  CHECK(eval_json("map(range(0, 5), lambda('i', cidrHost('10.144.3.0/24', lambdaVariables('i'))))") ==
        R"(["10.144.3.1","10.144.3.2","10.144.3.3","10.144.3.4","10.144.3.5"])");
  CHECK(eval_json("map(range(0, 5), lambda('i', cidrHost('fdad:3236:5555:3000::/52', lambdaVariables('i'))))") ==
        R"(["fdad:3236:5555:3000::1","fdad:3236:5555:3000::2","fdad:3236:5555:3000::3","fdad:3236:5555:3000::4","fdad:3236:5555:3000::5"])");
  CHECK(eval_json("cidrHost('192.168.1.0/24', 3)") == R"("192.168.1.4")");
  CHECK(eval_json("cidrHost('10.0.0.0/30', 1)") == R"("10.0.0.2")");
  CHECK(eval_reason("cidrHost('10.0.0.0/30', 2)") == "cidrHost(): host index 2 is outside the usable addresses of the network");
  CHECK(eval_json("cidrHost('10.0.0.0/24', -1)") == "<unknown>");
}
