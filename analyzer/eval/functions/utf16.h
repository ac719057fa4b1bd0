// Text as ARM (.NET) sees it: positions counted in UTF-16 code units, as .NET string indexes count, and
// the invariant case mapping of ToUpperInvariant/ToLowerInvariant, character by character. The bytes
// themselves are UTF-8 (source/bytes.h decodes them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vl::fn {

// Positions in a UTF-8 string counted in UTF-16 code units, as .NET string indexes count.
class Utf16Index {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  explicit Utf16Index(std::string_view s);
  std::size_t units() const { return ascii_ ? s_.size() : starts_.size(); }
  // Byte offset where unit u starts (u == units() is the end), or npos when u is the second half of a
  // surrogate pair: cutting there would split a character.
  std::size_t byte_of(std::size_t u) const;
  // Unit index of a byte offset that is a character boundary.
  std::size_t unit_of(std::size_t byte) const;

 private:
  std::string_view s_;
  bool ascii_ = true;
  std::vector<std::uint32_t> starts_;  // per unit: byte offset of its character
  std::vector<bool> second_half_;      // per unit: low surrogate of a pair
};

// Invariant simple case mapping (ToUpperInvariant/ToLowerInvariant per character) for the scripts the
// table covers. `known` is false for a letter outside the table, whose case vaultlint cannot map.
std::uint32_t upper_cp(std::uint32_t cp, bool& known);
std::uint32_t lower_cp(std::uint32_t cp, bool& known);
// The string upper-cased character by character, for OrdinalIgnoreCase comparisons (a character
// outside the table compares as itself). UTF-16 positions are unchanged by it.
std::string fold_case(std::string_view s);

}  // namespace vl::fn
