// IP addresses and prefixes as a Key Vault firewall rule writes them (networkAcls.ipRules[].value,
// azurerm ip_rules): an IPv4 address or CIDR prefix (203.0.113.0/24), an IPv6 address or prefix
// (2001:db8::/32, with an embedded IPv4 tail allowed), or `*`. Parsed strictly, so that a malformed entry
// is reported as such rather than misread (KV113).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vl {

struct IpRule {
  enum class Family { Any, V4, V6 };  // Any: `*`
  Family family = Family::V4;
  int prefix = 0;            // the prefix length; a bare address has the family's full length (32, 128)
  bool has_prefix = false;   // written with `/n`
  bool unspecified = false;  // the address is 0.0.0.0 or ::
};

// The rule an entry writes (surrounding blanks ignored), or nullopt when it is not a valid address or prefix;
// `why` then says what is wrong.
std::optional<IpRule> parse_ip_rule(std::string_view text, std::string& why);

// Why the rule opens the vault to the internet at large, or empty when it does not: `*`, every address
// (0.0.0.0/0, ::/0), the unspecified address alone (0.0.0.0, ::, which firewalls read as any), an IPv4
// prefix shorter than /8 or an IPv6 prefix shorter than /16.
std::string opening_reason(const IpRule& rule);

}  // namespace vl
