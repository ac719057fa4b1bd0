// The JSON reader's fast path (source/json_reader.h): a strict reader for the well-formed documents nearly
// every file is, giving exactly the events nlohmann's path gives, or false where it is not sure.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "source/json_reader.h"

namespace vl {

// Where a run of plain JSON string bytes (not '"', '\\', a control character or a non-ASCII byte) from p ends:
// eight bytes at a time while none of them is special (a word test; a hit may be a false one only after a
// true one, so the bytes of a word with a hit are then looked at one by one), then byte by byte.
inline const char* json_plain_run_end(const char* p, const char* end) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t quote = w ^ (kOnes * '"');
    const std::uint64_t slash = w ^ (kOnes * '\\');
    const std::uint64_t special = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) |  // '"' or '\\'
                                  ((w - kOnes * 0x20) & ~w) |                             // below 0x20
                                  w;                                                      // 0x80 and above
    if (special & kHigh) break;
    p += 8;
  }
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
    ++p;
  }
  return p;
}

// Past JSON white space from p.
inline const char* json_skip_ws(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

// Reads a document (comments and trailing commas already blanked) into `events`; false, with events
// already given, when it gives up (among others at a container nested deeper than `max_depth`): the
// caller restarts the events and reads with nlohmann.
bool read_json_fast(std::string_view text, JsonEvents& events, std::uint32_t max_depth);

}  // namespace vl
