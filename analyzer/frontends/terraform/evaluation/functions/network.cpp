// Terraform's IP network functions: cidrhost, cidrsubnet, cidrsubnets, cidrnetmask, for IPv4 and IPv6
// (on the arithmetic ARM's CIDR functions use). They differ from ARM's: cidrhost counts from the network
// address itself (and from the end when negative), cidrsubnet adds bits to the prefix.
// [src: developer.hashicorp.com/terraform/language/functions/cidrhost, cidrsubnet, cidrsubnets, cidrnetmask]
#include "source/ip_network.h"
#include "frontends/terraform/evaluation/functions/function_registry.h"

namespace vl::tf {

namespace {

using cidr::u128;

bool network_arg(const Value& v, cidr::Network& out, TfCallContext& ctx, Value& error) {
  if (!v.is_string()) {
    error = fn_error(ctx, "the prefix must be a string in CIDR notation, not a " + type_name(v));
    return false;
  }
  std::string why;
  auto n = cidr::parse_network(v.as_string(), why);
  if (!n) {
    error = fn_error(ctx, why);
    return false;
  }
  out = *n;
  return true;
}

bool integer_arg(const Value& v, std::int64_t& out) {
  Value n;
  if (!as_number(v, n)) return false;
  double d = n.as_number();
  if (d != static_cast<double>(static_cast<std::int64_t>(d))) return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

// 2^bits as a 128-bit count, saturated (a /0 IPv6 network has 2^128 addresses).
u128 block(int bits) { return bits >= 128 ? ~u128(0) : u128(1) << bits; }

Value fn_cidrhost(std::vector<Value>& a, TfCallContext& ctx) {
  cidr::Network n;
  Value error;
  if (!network_arg(a[0], n, ctx, error)) return error;
  std::int64_t host = 0;
  if (!integer_arg(a[1], host)) return fn_error(ctx, "cidrhost() needs a whole host number");
  u128 size = block(n.bits() - n.prefix);
  u128 offset = host >= 0 ? u128(static_cast<std::uint64_t>(host)) : size - u128(static_cast<std::uint64_t>(-host));
  if ((host < 0 && u128(static_cast<std::uint64_t>(-host)) > size) || offset >= size) {
    return fn_error(ctx, "host number " + std::to_string(host) + " is outside the prefix's " +
                             std::to_string(n.bits() - n.prefix) + " host bits");
  }
  return Value::string(cidr::address_text(n.v6, n.address + offset), ctx.at);
}

Value fn_cidrsubnet(std::vector<Value>& a, TfCallContext& ctx) {
  cidr::Network n;
  Value error;
  if (!network_arg(a[0], n, ctx, error)) return error;
  std::int64_t newbits = 0, netnum = 0;
  if (!integer_arg(a[1], newbits) || !integer_arg(a[2], netnum)) return fn_error(ctx, "cidrsubnet() needs whole numbers");
  if (newbits < 0 || n.prefix + newbits > n.bits()) {
    return fn_error(ctx, "cannot extend a /" + std::to_string(n.prefix) + " prefix by " + std::to_string(newbits) + " bits");
  }
  int prefix = n.prefix + static_cast<int>(newbits);
  if (netnum < 0 || u128(static_cast<std::uint64_t>(netnum)) >= block(static_cast<int>(newbits))) {
    return fn_error(ctx, "network number " + std::to_string(netnum) + " does not fit in " + std::to_string(newbits) + " bits");
  }
  u128 subnet = n.address + (u128(static_cast<std::uint64_t>(netnum)) << (n.bits() - prefix));
  return Value::string(cidr::address_text(n.v6, subnet) + "/" + std::to_string(prefix), ctx.at);
}

// Consecutive subnets of the given extra bits, each aligned to its own size.
Value fn_cidrsubnets(std::vector<Value>& a, TfCallContext& ctx) {
  cidr::Network n;
  Value error;
  if (!network_arg(a[0], n, ctx, error)) return error;
  Array out;
  u128 next = n.address;
  for (std::size_t i = 1; i < a.size(); ++i) {
    std::int64_t newbits = 0;
    if (!integer_arg(a[i], newbits) || newbits < 1 || n.prefix + newbits > n.bits()) {
      return fn_error(ctx, "cidrsubnets() needs whole numbers of new bits that fit the prefix");
    }
    int prefix = n.prefix + static_cast<int>(newbits);
    u128 size = block(n.bits() - prefix);
    u128 start = (next + size - 1) / size * size;
    if (start < next || start < n.address || start + (size - 1) > n.last()) {
      return fn_error(ctx, "not enough room in the prefix for the requested subnets");
    }
    out.push_back(Value::string(cidr::address_text(n.v6, start) + "/" + std::to_string(prefix), ctx.at));
    next = start + size;
  }
  return Value::array(std::move(out), ctx.at);
}

Value fn_cidrnetmask(std::vector<Value>& a, TfCallContext& ctx) {
  cidr::Network n;
  Value error;
  if (!network_arg(a[0], n, ctx, error)) return error;
  if (n.v6) return fn_error(ctx, "cidrnetmask() works on IPv4 prefixes only");
  return Value::string(cidr::address_text(false, ~n.host_mask() & u128(0xFFFFFFFFu)), ctx.at);
}

}  // namespace

void add_network_functions(FunctionMap& map) {
  map["cidrhost"] = {fn_cidrhost, 2, 2, true};
  map["cidrsubnet"] = {fn_cidrsubnet, 3, 3, true};
  map["cidrsubnets"] = {fn_cidrsubnets, 2, -1, true};
  map["cidrnetmask"] = {fn_cidrnetmask, 1, 1, true};
}

}  // namespace vl::tf
