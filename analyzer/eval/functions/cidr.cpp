// CIDR functions: parseCidr, cidrSubnet, cidrHost, for IPv4 and IPv6.
// [src: learn.microsoft.com template-functions-cidr, ms.date 07/14/2023; bicep-functions-cidr]
#include <arpa/inet.h>

#include <cstdio>
#include <string>

#include "eval/functions/function_support.h"

namespace vl {

namespace {

using u128 = unsigned __int128;

struct Network {
  bool v6 = false;
  u128 address = 0;  // the network address (host bits cleared)
  int prefix = 0;
  int bits() const { return v6 ? 128 : 32; }
  u128 host_mask() const { return prefix >= bits() ? 0 : (bits() - prefix == 128 ? ~u128(0) : (u128(1) << (bits() - prefix)) - 1); }
  u128 last() const { return address | host_mask(); }
};

std::string address_text(bool v6, u128 a) {
  char buf[INET6_ADDRSTRLEN];
  if (!v6) {
    auto v = static_cast<std::uint32_t>(a);
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    return buf;
  }
  unsigned char bytes[16];
  for (int i = 15; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(a & 0xFF);
    a >>= 8;
  }
  // RFC 5952 text: lower case, the longest run of two or more zero groups written as "::".
  inet_ntop(AF_INET6, bytes, buf, sizeof buf);
  return buf;
}

// "10.144.0.0/20" or "fdad:3236:5555::/48". Host bits in the address are cleared.
std::optional<Network> parse_network(const std::string& text, std::string& why) {
  std::size_t slash = text.find('/');
  if (slash == std::string::npos) {
    why = "'" + text + "' is not in CIDR notation (address/prefix)";
    return std::nullopt;
  }
  std::string address = text.substr(0, slash);
  std::string prefix = text.substr(slash + 1);
  Network n;
  n.v6 = address.find(':') != std::string::npos;
  unsigned char bytes[16] = {};
  if (inet_pton(n.v6 ? AF_INET6 : AF_INET, address.c_str(), bytes) != 1) {
    why = "'" + address + "' is not an IP address";
    return std::nullopt;
  }
  for (int i = 0; i < (n.v6 ? 16 : 4); ++i) n.address = (n.address << 8) | bytes[i];
  if (prefix.empty() || prefix.size() > 3 || prefix.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(prefix) > n.bits()) {
    why = "'" + prefix + "' is not a prefix length from 0 to " + std::to_string(n.bits());
    return std::nullopt;
  }
  n.prefix = std::stoi(prefix);
  n.address &= ~n.host_mask();
  return n;
}

std::optional<Network> network_arg(const CallContext& c, Value& error) {
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
Value parse_cidr_fn(CallContext& c) {
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
Value cidr_subnet_fn(CallContext& c) {
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
Value cidr_host_fn(CallContext& c) {
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
