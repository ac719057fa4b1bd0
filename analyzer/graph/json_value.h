// Builds a Value tree, with spans on every value and key, from the position-tracking JSON reader.
#pragma once

#include <string_view>

#include "graph/value.h"
#include "source/json_reader.h"

namespace vl {

struct JsonDocument {
  Value root;             // absent when the text could not be parsed
  JsonReadResult result;  // ok / error offset and message / comments
};

JsonDocument parse_json_document(FileId file, std::string_view text, const JsonReadLimits& limits = {});

// The same for a piece of a file: `text` is the file's bytes from offset `base` on (one value, as an
// index that keeps no document reads back the part it needs), and every span is an offset in the file.
JsonDocument parse_json_document_at(FileId file, std::string_view text, std::uint32_t base,
                                    const JsonReadLimits& limits = {});

}  // namespace vl
