// Spans: byte ranges in a source file. Everything internal is byte offsets; lines and columns are
// computed only when a report is written (see source_file.h).
#pragma once

#include <cstdint>

namespace vl {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

struct Span {
  FileId file = kNoFile;
  std::uint32_t begin = 0;  // byte offset, inclusive
  std::uint32_t end = 0;    // byte offset, exclusive

  bool valid() const { return file != kNoFile; }
  friend bool operator==(const Span&, const Span&) = default;
};

// The span from the start of `a` to the end of `b` (same file).
inline Span join(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  return Span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
}

}  // namespace vl
