#include "eval/functions/utf16.h"

#include <algorithm>

#include "source/bytes.h"

namespace vl::fn {

Utf16Index::Utf16Index(std::string_view s) : s_(s) {
  ascii_ = std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (ascii_) return;
  std::size_t i = 0;
  while (i < s.size()) {
    auto start = static_cast<std::uint32_t>(i);
    std::uint32_t cp = decode_utf8(s, i);
    starts_.push_back(start);
    second_half_.push_back(false);
    if (cp >= 0x10000) {
      starts_.push_back(start);
      second_half_.push_back(true);
    }
  }
}

std::size_t Utf16Index::byte_of(std::size_t u) const {
  if (ascii_) return std::min(u, s_.size());
  if (u >= starts_.size()) return s_.size();
  return second_half_[u] ? npos : starts_[u];
}

std::size_t Utf16Index::unit_of(std::size_t byte) const {
  if (ascii_) return byte;
  return static_cast<std::size_t>(std::lower_bound(starts_.begin(), starts_.end(), byte) - starts_.begin());
}

namespace {

// Blocks whose characters have no case, so mapping them is the identity.
bool caseless(std::uint32_t cp) {
  struct Range {
    std::uint32_t lo, hi;
  };
  static constexpr Range kRanges[] = {
      {0x02B0, 0x036F}, {0x0590, 0x05FF}, {0x0600, 0x06FF}, {0x0900, 0x0E7F}, {0x2000, 0x206F},
      {0x20A0, 0x20CF}, {0x2190, 0x23FF}, {0x2500, 0x27BF}, {0x2E80, 0x9FFF}, {0xAC00, 0xD7AF},
      {0xE000, 0xF8FF}, {0xFE30, 0xFE4F}, {0xFF01, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFFFD},
      {0x1F000, 0x1FAFF},
  };
  for (const Range& r : kRanges) {
    if (cp >= r.lo && cp <= r.hi) return true;
  }
  return false;
}

bool even(std::uint32_t cp) { return cp % 2 == 0; }

}  // namespace

std::uint32_t lower_cp(std::uint32_t cp, bool& known) {
  known = true;
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (cp < 0x100) return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 0x20 : cp;
  if (cp < 0x180) {  // Latin Extended-A: mostly upper/lower pairs
    if (cp == 0x130) return 'i';
    if (cp == 0x178) return 0xFF;
    if ((cp <= 0x137 && even(cp)) || (cp >= 0x139 && cp <= 0x148 && !even(cp)) ||
        (cp >= 0x14A && cp <= 0x177 && even(cp)) || (cp >= 0x179 && cp <= 0x17E && !even(cp))) {
      return cp + 1;
    }
    return cp;
  }
  if (cp >= 0x370 && cp <= 0x3FF) {  // Greek
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 0x3F;
    if ((cp >= 0x3AC && cp <= 0x3CE) || cp == 0x390 || cp == 0x374 || cp == 0x375 || cp == 0x37A ||
        cp == 0x37E || cp == 0x384 || cp == 0x385 || cp == 0x387) {
      return cp;
    }
  } else if (cp >= 0x400 && cp <= 0x45F) {  // basic Cyrillic
    if (cp <= 0x40F) return cp + 0x50;
    if (cp <= 0x42F) return cp + 0x20;
    return cp;
  } else if (cp >= 0xFF21 && cp <= 0xFF3A) {  // fullwidth Latin
    return cp + 0x20;
  } else if ((cp >= 0xFF41 && cp <= 0xFF5A) || caseless(cp)) {
    return cp;
  }
  known = false;
  return cp;
}

std::uint32_t upper_cp(std::uint32_t cp, bool& known) {
  known = true;
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  if (cp < 0x100) {
    if (cp == 0xB5) return 0x39C;
    if (cp == 0xFF) return 0x178;
    return cp >= 0xE0 && cp <= 0xFE && cp != 0xF7 ? cp - 0x20 : cp;
  }
  if (cp < 0x180) {
    if (cp == 0x131) return 'I';
    if (cp == 0x17F) return 'S';
    if ((cp <= 0x137 && !even(cp)) || (cp >= 0x13A && cp <= 0x148 && even(cp)) ||
        (cp >= 0x14B && cp <= 0x177 && !even(cp)) || (cp >= 0x17A && cp <= 0x17E && even(cp))) {
      return cp - 1;
    }
    return cp;
  }
  if (cp >= 0x370 && cp <= 0x3FF) {
    if (cp >= 0x3B1 && cp <= 0x3C9) return cp == 0x3C2 ? 0x3A3 : cp - 0x20;
    if (cp == 0x3AC) return 0x386;
    if (cp >= 0x3AD && cp <= 0x3AF) return cp - 0x25;
    if (cp == 0x3CC) return 0x38C;
    if (cp == 0x3CD || cp == 0x3CE) return cp - 0x3F;
    if ((cp >= 0x386 && cp <= 0x3AB) || cp == 0x3B0 || cp == 0x374 || cp == 0x375 || cp == 0x37A ||
        cp == 0x37E || cp == 0x384 || cp == 0x385) {
      return cp;
    }
  } else if (cp >= 0x400 && cp <= 0x45F) {
    if (cp >= 0x450) return cp - 0x50;
    if (cp >= 0x430) return cp - 0x20;
    return cp;
  } else if (cp >= 0xFF41 && cp <= 0xFF5A) {
    return cp - 0x20;
  } else if ((cp >= 0xFF21 && cp <= 0xFF3A) || caseless(cp)) {
    return cp;
  }
  known = false;
  return cp;
}

std::string fold_case(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = decode_utf8(s, i);
    bool known = false;
    append_utf8(out, upper_cp(cp, known));
  }
  return out;
}

}  // namespace vl::fn
