#include "source/ip_network.h"

#include <arpa/inet.h>

#include <cstdint>
#include <cstdio>

namespace vl::cidr {

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

}  // namespace vl::cidr
