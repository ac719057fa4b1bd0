// Inline suppressions: `// vaultlint-disable-next-line KV122 reason` (ARM JSON and Bicep comments),
// `# vaultlint:ignore KV122 reason` (Terraform, on or above the line), or a resource-level ignore a
// frontend reads from the resource itself (ARM `metadata.vaultlint.ignore`). A suppression covers a byte
// range of one file; a finding that starts inside it, of a rule it names, is suppressed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/span.h"

namespace vl {

struct Suppression {
  Span written;                     // the comment or metadata that says it (KV003 points here)
  FileId file = kNoFile;            // what it covers: [begin, end) of this file
  std::uint32_t begin = 0, end = 0;
  std::vector<std::string> rules;   // as written: ids such as KV122 (an unknown one is a KV003)
  std::string reason;               // empty: suppresses, and is itself a KV003

  bool covers(Span at) const { return at.file == file && at.begin >= begin && at.begin < end; }
};

// Which comment markers a format uses.
enum class SuppressionStyle {
  NextLine,    // `vaultlint-disable-next-line`: covers the line after the comment's line
  SameOrNext,  // `vaultlint:ignore`: covers the comment's own line (trailing) and the next one
};

// Reads one comment (its text including `//`, `#` or `/* */`) at [begin, end) of `text`; nullopt when it
// is not a vaultlint suppression. Rule ids are the leading words that look like rule ids (KV123), comma
// or space separated; the rest, after an optional `--` or `:`, is the reason.
std::optional<Suppression> parse_suppression_comment(std::string_view text, FileId file, std::uint32_t begin,
                                                     std::uint32_t end, SuppressionStyle style);

}  // namespace vl
