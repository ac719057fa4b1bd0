// CIDR functions: parseCidr, cidrSubnet, cidrHost, for IPv4 and IPv6.
// [src: learn.microsoft.com template-functions-cidr, ms.date 07/14/2023; bicep-functions-cidr]
#include <string>

#include "source/ip_network.h"
#include "eval/functions/function_support.h"

namespace vl {

namespace {

using cidr::address_text;
using cidr::Network;
using cidr::parse_network;
using cidr::u128;

std::optional<Network> network_arg(const ArmCallContext& c, Value& error) {
  const std::string* text = fn::string_arg(c, 0);
  if (!text) {
    error = fn::wrong_type(c, 0, "a string in CIDR notation");
    return std::nullopt;
  }
  std::string why;
  auto n = parse_network(*text, why);
  if (!n) error = c.fail(why);
  return n;
}

// IPv4 ranges exclude the network and broadcast addresses from the usable ones (a /31 or /32 has no
// such reserved addresses); IPv6 has no broadcast, and its first usable address is the network's.
// [src: template-functions-cidr#parsecidr examples]
Value parse_cidr_fn(ArmCallContext& c) {
  Value error;
  auto n = network_arg(c, error);
  if (!n) return error;
  u128 mask = ~n->host_mask() & (n->v6 ? ~u128(0) : u128(0xFFFFFFFFu));
  bool reserved = !n->v6 && n->prefix <= 30;
  Object o;
  o.set("network", c.string(address_text(n->v6, n->address)));
  o.set("netmask", c.string(address_text(n->v6, mask)));
  if (!n->v6) o.set("broadcast", c.string(address_text(false, n->last())));
  o.set("firstUsable", c.string(address_text(n->v6, n->address + (reserved ? 1 : 0))));
  o.set("lastUsable", c.string(address_text(n->v6, n->last() - (reserved ? 1 : 0))));
  o.set("cidr", c.integer(n->prefix));
  return Value::object(std::move(o), c.at);
}

// cidrSubnet(network, newCIDR, index): the index-th subnet of size newCIDR, which must be at least the
// network's own prefix.
Value cidr_subnet_fn(ArmCallContext& c) {
  Value error;
  auto n = network_arg(c, error);
  if (!n) return error;
  auto new_prefix = fn::int_arg(c, 1);
  auto index = fn::int_arg(c, 2);
  if (!new_prefix) return fn::wrong_type(c, 1, "an integer");
  if (!index) return fn::wrong_type(c, 2, "an integer");
  if (*new_prefix < n->prefix || *new_prefix > n->bits()) {
    return c.fail("the new prefix must be from " + std::to_string(n->prefix) + " to " + std::to_string(n->bits()));
  }
  int extra = static_cast<int>(*new_prefix) - n->prefix;
  if (*index < 0 || (extra < 63 && *index >= (std::int64_t(1) << extra))) {
    return c.fail("subnet index " + std::to_string(*index) + " is outside the " + std::to_string(extra) + "-bit range of subnets");
  }
  u128 subnet = n->address + (u128(static_cast<std::uint64_t>(*index)) << (n->bits() - static_cast<int>(*new_prefix)));
  return c.string(address_text(n->v6, subnet) + "/" + std::to_string(*new_prefix));
}

// cidrHost(network, index): the index-th usable host address; index 0 is the address after the
// network address (10.144.3.0/24 -> 10.144.3.1; fdad:3236:5555:3000::/52 -> ...::1).
// [src: template-functions-cidr#cidrhost]
Value cidr_host_fn(ArmCallContext& c) {
  Value error;
  auto n = network_arg(c, error);
  if (!n) return error;
  auto index = fn::int_arg(c, 1);
  if (!index) return fn::wrong_type(c, 1, "an integer");
  bool no_reserved = !n->v6 && n->prefix >= 31;
  u128 first = n->address + (no_reserved ? 0 : 1);
  u128 last = n->v6 || no_reserved ? n->last() : n->last() - 1;
  if (*index < 0 || first > last || u128(static_cast<std::uint64_t>(*index)) > last - first) {
    return c.fail("host index " + std::to_string(*index) + " is outside the usable addresses of the network");
  }
  return c.string(address_text(n->v6, first + static_cast<std::uint64_t>(*index)));
}

}  // namespace

void register_cidr_functions(FunctionTable& t) {
  t.add({"parseCidr", 1, 1, false, parse_cidr_fn});
  t.add({"cidrSubnet", 3, 3, false, cidr_subnet_fn});
  t.add({"cidrHost", 2, 2, false, cidr_host_fn});
}

}  // namespace vl
