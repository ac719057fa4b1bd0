// Secret values never reach a report. The secrets rules name what holds a secret, never its text; a
// finding lists the source ranges that hold one (Finding::redact), which a report that quotes source
// lines masks; and `vaultlint graph` shows secure values as "<redacted>".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/value.h"

namespace vl {

inline constexpr const char* kRedacted = "<redacted>";

// Every known string in the value replaced by "<redacted>".
Value redact_strings(const Value& v, int depth = 0);

// The spans where the value's strings are written (what to mask when quoting the source); with `numbers`,
// its numbers too (a secret may be a number, a PIN in a secure object).
void string_spans(const Value& v, std::vector<Span>& out, int depth = 0, bool numbers = false);

// One line of source text (starting at byte `line_begin` of `file`) with every byte that one of the spans
// covers shown as `*`, one per code point, so columns stay where they were.
std::string mask_line(std::string_view line, FileId file, std::uint32_t line_begin, const std::vector<Span>& spans);

}  // namespace vl
