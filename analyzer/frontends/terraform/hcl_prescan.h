// A linear pre-scan of HCL text, before tree-sitter sees it: nesting deeper than the limit (brackets,
// strings, template interpolations, heredocs) is rejected here, because tree-sitter itself needs seconds
// and hundreds of MB for 100,000-deep input (TOOLCHAIN.md). The same pass finds the comments, for inline
// suppressions, knowing which `#` and `//` are inside strings.
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
};

PrescanResult prescan_hcl(std::string_view text, std::uint32_t max_depth = 256);

}  // namespace vl::tf
