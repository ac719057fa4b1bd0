#include "policy/ip_prefix.h"

#include <cctype>
#include <vector>

namespace vl {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// a.b.c.d, each 0-255 in one to three decimal digits.
bool parse_v4(std::string_view s, bool& zero) {
  int parts = 0;
  zero = true;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    int value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) value = value * 10 + (s[i++] - '0');
    if (i == start || value > 255 || (i < s.size() && is_digit(s[i]))) return false;
    zero = zero && value == 0;
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// Up to eight groups of one to four hex digits, at most one `::`, and optionally an IPv4 tail worth two.
bool parse_v6(std::string_view s, bool& zero) {
  if (s.empty()) return false;
  zero = true;
  std::size_t double_colon = s.find("::");
  if (double_colon != std::string_view::npos && s.find("::", double_colon + 1) != std::string_view::npos) return false;
  auto groups = [&](std::string_view part, int& count, bool allow_v4_tail) {
    count = 0;
    if (part.empty()) return true;
    std::size_t i = 0;
    while (true) {
      std::size_t end = part.find(':', i);
      std::string_view g = part.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
      if (end == std::string_view::npos && allow_v4_tail && g.find('.') != std::string_view::npos) {
        bool v4_zero = false;
        if (!parse_v4(g, v4_zero)) return false;
        zero = zero && v4_zero;
        count += 2;
        return true;
      }
      if (g.empty() || g.size() > 4) return false;
      for (char c : g) {
        if (!is_hex(c)) return false;
        zero = zero && c == '0';
      }
      ++count;
      if (end == std::string_view::npos) return true;
      i = end + 1;
    }
  };
  int head = 0, tail = 0;
  if (double_colon == std::string_view::npos) {
    return groups(s, head, true) && head == 8;
  }
  if (!groups(s.substr(0, double_colon), head, false)) return false;
  if (!groups(s.substr(double_colon + 2), tail, true)) return false;
  return head + tail <= 7;  // `::` stands for at least one group of zeros
}

}  // namespace

std::optional<IpRule> parse_ip_rule(std::string_view text, std::string& why) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  IpRule rule;
  if (text == "*") {
    rule.family = IpRule::Family::Any;
    return rule;
  }
  if (text.empty()) {
    why = "it is empty";
    return std::nullopt;
  }
  std::string_view address = text;
  std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    address = text.substr(0, slash);
    std::string_view bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3) {
      why = "the prefix length `" + std::string(bits) + "` is not a number of bits";
      return std::nullopt;
    }
    int n = 0;
    for (char c : bits) {
      if (!is_digit(c)) {
        why = "the prefix length `" + std::string(bits) + "` is not a number of bits";
        return std::nullopt;
      }
      n = n * 10 + (c - '0');
    }
    rule.has_prefix = true;
    rule.prefix = n;
  }
  bool zero = false;
  if (address.find(':') != std::string_view::npos) {
    if (!parse_v6(address, zero)) {
      why = "an IPv6 address is up to eight groups of one to four hex digits, with at most one `::`";
      return std::nullopt;
    }
    rule.family = IpRule::Family::V6;
    if (!rule.has_prefix) rule.prefix = 128;
    if (rule.prefix > 128) {
      why = "an IPv6 prefix is at most /128";
      return std::nullopt;
    }
  } else {
    if (!parse_v4(address, zero)) {
      why = "an IPv4 address is four numbers from 0 to 255";
      return std::nullopt;
    }
    rule.family = IpRule::Family::V4;
    if (!rule.has_prefix) rule.prefix = 32;
    if (rule.prefix > 32) {
      why = "an IPv4 prefix is at most /32";
      return std::nullopt;
    }
  }
  rule.unspecified = zero;
  return rule;
}

std::string opening_reason(const IpRule& rule) {
  switch (rule.family) {
    case IpRule::Family::Any:
      return "any address";
    case IpRule::Family::V4:
      if (rule.has_prefix && rule.prefix == 0) return "every IPv4 address";
      if (!rule.has_prefix && rule.unspecified) return "the unspecified address, read as any";
      if (rule.prefix < 8) return "an IPv4 /" + std::to_string(rule.prefix) + " prefix, wider than /8";
      return "";
    case IpRule::Family::V6:
      if (rule.has_prefix && rule.prefix == 0) return "every IPv6 address";
      if (!rule.has_prefix && rule.unspecified) return "the unspecified address, read as any";
      if (rule.prefix < 16) return "an IPv6 /" + std::to_string(rule.prefix) + " prefix, wider than /16";
      return "";
  }
  return "";
}

}  // namespace vl
