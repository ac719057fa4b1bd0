// The memory a lowered deployment unit keeps once its lowering is over: its resources' values, each
// buffer counted once however many values share it (unlike expanded_parts, which counts what a walk
// costs). The scan bounds the sum over all units (scan/scan_memory.h).
#pragma once

#include <cstdint>
#include <unordered_set>

#include "graph/lowered.h"
#include "graph/value.h"

namespace vl {

// Bytes of `v` not yet in `seen` (buffers already counted cost nothing); adds what it counts to `seen`.
std::uint64_t retained_bytes(const Value& v, std::unordered_set<const void*>& seen);

// Bytes a lowered unit keeps: its resources (their values and strings) and diagnostics.
std::uint64_t retained_bytes(const LoweredUnit& unit);

}  // namespace vl
