// The fix a KV001 or KV002 finding gives: the one its frontend gave for the cause, else one chosen by what
// the message says (a cycle, a budget, a depth limit, a size, an unreadable file, ...), so a cycle is never
// told to "correct the syntax".
#pragma once

#include <string>

#include "graph/diagnostic.h"

namespace vl {

// Empty when the rule's own fix fits (a syntax error, and every KV002, KV003).
std::string diagnostic_fix(const Diagnostic& d);

}  // namespace vl
