// IPv4 and IPv6 network arithmetic, shared by ARM's CIDR functions (parseCidr, cidrSubnet, cidrHost) and
// Terraform's (cidrhost, cidrsubnet, cidrnetmask, cidrsubnets), which differ in what their arguments
// mean. Here, with the other text utilities (source/text.h), because Terraform's frontend does not use
// eval/.
#pragma once

#include <optional>
#include <string>

namespace vl::cidr {

using u128 = unsigned __int128;

struct Network {
  bool v6 = false;
  u128 address = 0;  // the network address (host bits cleared)
  int prefix = 0;
  int bits() const { return v6 ? 128 : 32; }
  u128 host_mask() const { return prefix >= bits() ? 0 : (bits() - prefix == 128 ? ~u128(0) : (u128(1) << (bits() - prefix)) - 1); }
  u128 last() const { return address | host_mask(); }
};

// The address as text: dotted IPv4, or RFC 5952 IPv6 (lower case, the longest zero run as "::").
std::string address_text(bool v6, u128 a);

// "10.144.0.0/20" or "fdad:3236:5555::/48". Host bits in the address are cleared. nullopt with `why`.
std::optional<Network> parse_network(const std::string& text, std::string& why);

}  // namespace vl::cidr
