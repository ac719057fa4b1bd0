// Hash functions: uniqueString and guid, exactly as Azure computes them, so that names built from them
// match what a deployment creates. [src: shared/facts/FACTS.md "uniqueString() and guid()";
// template-functions-string#guid]
#include <array>
#include <string>

#include "eval/functions/function_support.h"
#include "eval/functions/json_text.h"
#include "source/bytes.h"

namespace vl {

namespace {

// The arguments joined with '-', each written as ARM converts a value to a string.
std::optional<std::string> joined_arguments(const ArmCallContext& c, Value& error) {
  std::string out;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const Value& a = c.args[i];
    auto text = a.is_string() || a.is_int() || a.is_bool() ? fn::scalar_text(a) : std::nullopt;
    if (!text) {
      error = fn::wrong_type(c, i, "a string");
      return std::nullopt;
    }
    if (i > 0) out.push_back('-');
    out += *text;
  }
  return out;
}

std::uint32_t rotl(std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

std::uint32_t fmix32(std::uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

std::uint32_t load_le(const unsigned char* p, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = n; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

constexpr std::uint32_t kC1 = 0x239b961bu;
constexpr std::uint32_t kC2 = 0xab0e9789u;

std::uint32_t mix_k1(std::uint32_t k1) { return rotl(k1 * kC1, 15) * kC2; }
std::uint32_t mix_k2(std::uint32_t k2) { return rotl(k2 * kC2, 17) * kC1; }

// Microsoft's 64-bit MurmurHash variant behind uniqueString (seed 0), as FACTS.md records it.
std::uint64_t murmur64(std::string_view text) {
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::uint32_t h1 = 0, h2 = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    h1 ^= mix_k1(load_le(data + i, 4));
    h1 = rotl(h1, 19) + h2;
    h1 = h1 * 5 + 0x561ccd1bu;
    h2 ^= mix_k2(load_le(data + i + 4, 4));
    h2 = rotl(h2, 13) + h1;
    h2 = h2 * 5 + 0x0bcaa747u;
  }
  std::size_t tail = n - i;
  if (tail > 0) h1 ^= mix_k1(load_le(data + i, std::min<std::size_t>(tail, 4)));
  if (tail > 4) h2 ^= mix_k2(load_le(data + i + 4, tail - 4));
  h1 ^= static_cast<std::uint32_t>(n);
  h2 ^= static_cast<std::uint32_t>(n);
  h1 += h2;
  h2 += h1;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 += h2;
  h2 += h1;
  return (static_cast<std::uint64_t>(h2) << 32) | h1;
}

// 13 characters of base32, 5 bits at a time from the most significant; the last carries 4 bits and a 0.
std::string base32_13(std::uint64_t v) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  for (int k = 1; k <= 13; ++k) {
    int shift = 64 - 5 * k;
    out.push_back(kAlphabet[(shift >= 0 ? v >> shift : v << 1) & 31]);
  }
  return out;
}

// uniqueString('aaa') is 'zavj67f3en4hc'. Case-sensitive.
Value unique_string_fn(ArmCallContext& c) {
  Value error;
  auto text = joined_arguments(c, error);
  if (!text) return error;
  return c.string(base32_13(murmur64(*text)));
}

// An RFC 4122 version-5 (SHA-1) UUID of the joined arguments under the namespace ARM uses,
// 11fb06fb-712d-4ddd-98c7-e71bbd588830.
Value guid_fn(ArmCallContext& c) {
  Value error;
  auto text = joined_arguments(c, error);
  if (!text) return error;
  static constexpr std::array<unsigned char, 16> kNamespace = {0x11, 0xfb, 0x06, 0xfb, 0x71, 0x2d, 0x4d, 0xdd,
                                                              0x98, 0xc7, 0xe7, 0x1b, 0xbd, 0x58, 0x88, 0x30};
  std::string input(kNamespace.begin(), kNamespace.end());
  std::string uuid = digest(DigestKind::Sha1, input + *text).substr(0, 16);
  uuid[6] = static_cast<char>((static_cast<unsigned char>(uuid[6]) & 0x0F) | 0x50);  // version 5
  uuid[8] = static_cast<char>((static_cast<unsigned char>(uuid[8]) & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out = hex_lower(uuid);  // 8-4-4-4-12 digits
  for (std::size_t dash : {8, 13, 18, 23}) out.insert(dash, 1, '-');
  return c.string(std::move(out));
}

}  // namespace

void register_hash_functions(FunctionTable& t) {
  t.add({"uniqueString", 1, -1, false, unique_string_fn});
  t.add({"guid", 1, -1, false, guid_fn});
}

}  // namespace vl
