// The JSON reader's fast path (source/json_reader.h): a strict reader for the well-formed documents nearly
// every file is, giving exactly the events nlohmann's path gives, or false where it is not sure.
#pragma once

#include <string_view>

#include "source/json_reader.h"

namespace vl {

// Reads a document (comments and trailing commas already blanked) into `events`; false, with events
// already given, when it gives up: the caller restarts the events and reads with nlohmann.
bool read_json_fast(std::string_view text, JsonEvents& events);

}  // namespace vl
