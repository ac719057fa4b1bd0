// A linear pre-scan of HCL text, before tree-sitter sees it: nesting deeper than the limit (brackets,
// strings, template interpolations, heredocs) is rejected here, because tree-sitter itself needs seconds
// and hundreds of MB for 100,000-deep input (TOOLCHAIN.md). The same pass finds the comments, for inline
// suppressions, knowing which `#` and `//` are inside strings. Deterministic and linear: the same input is
// rejected (or not) whatever the machine's load.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vl::tf {

struct HclComment {
  std::uint32_t begin = 0;  // at `#`, `//` or `/*`
  std::uint32_t end = 0;    // after the comment (before the newline of a line comment)
};

struct PrescanResult {
  bool ok = true;
  std::uint32_t error_offset = 0;  // where the nesting went too deep
  std::string error;
  std::vector<HclComment> comments;
  // Numbers written with an exponent and no fraction (`1e3`, `1E+3`): HCL accepts them, the tree-sitter
  // grammar does not. The parser hands tree-sitter a copy with these bytes (the exponent marker and its
  // sign) turned into digits, and reads the number from the original text.
  std::vector<std::uint32_t> exponent_bytes;
};

// A quoted string or heredoc longer than this is rejected too: tree-sitter takes seconds and gigabytes on
// one of tens of megabytes, and no configuration needs one (the evaluator's own limit for a string is
// 4 MB).
inline constexpr std::size_t kMaxLiteralBytes = 1u << 20;

PrescanResult prescan_hcl(std::string_view text, std::uint32_t max_depth = 256,
                          std::size_t max_literal = kMaxLiteralBytes);

}  // namespace vl::tf
