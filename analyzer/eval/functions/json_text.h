// ARM's text of values, as the template functions write and read it: numbers as .NET writes them,
// scalars as string() and concat() convert them, compact JSON (string() of arrays and objects), and
// values read from JSON text (json(), base64ToJson()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "eval/functions/function_support.h"

namespace vl::fn {

// A double as .NET's default (shortest round-trip) text: 1.5, 0.0001, 1E-05, 1E+15.
std::string format_double(double d);
// ARM's text of a scalar, as string() and concat() write it: strings as they are, integers in decimal,
// booleans as .NET writes them (True/False), null as the empty string. nullopt for arrays, objects and
// anything not known.
std::optional<std::string> scalar_text(const Value& v);
// Compact JSON (string() of arrays and objects). Unknown parts render as <unknown>; `first_unknown`, when
// given, receives the first one met, so callers that need exact text can give up. nullopt past
// `max_bytes` of text or kMaxNesting levels.
std::optional<std::string> compact_json(const Value& v, std::size_t max_bytes = SIZE_MAX,
                                        const Value** first_unknown = nullptr);
// Builds a Value from JSON text (json(), base64ToJson()); every value gets the span `at`. Single-quoted
// strings are accepted, as Azure's JSON reader accepts them. An unknown with the reason on error.
Value parse_json_text(const ArmCallContext& c, std::string_view text);

}  // namespace vl::fn
