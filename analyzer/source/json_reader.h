// The position-tracking JSON reader shared by ARM templates, parameter files, Terraform's .tf.json and
// cached Bicep modules. A fast strict reader reads well-formed documents (runs of plain bytes at once);
// whatever it does not read exactly as nlohmann would (an error above all) goes to nlohmann's SAX parser,
// which does the lexing there (escapes, numbers, UTF-8 checks), a counting input adapter giving every
// token's exact byte offsets, and words the error. Read leniently, as Azure does: `//` and
// `/* */` comments, trailing commas and a UTF-8 BOM are accepted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vl {

// A string's or a key's text, escapes decoded. `verbatim`: it is the document's own bytes between the
// quotes, [begin + 1, end - 1) of the text read (no escape, no byte changed), so a sink that keeps the text
// (the policy documents' tape, graph/doc_json.cpp) can point at them instead of copying. Either way `value`
// is valid only during the call: it lies in the text or in the reader's buffer.
struct JsonText {
  std::string_view value;
  bool verbatim = false;
};

// Receives the document's tokens in order, each with its byte range [begin, end).
class JsonEvents {
 public:
  virtual ~JsonEvents() = default;
  virtual void begin_object(std::uint32_t begin) = 0;
  virtual void key(JsonText key, std::uint32_t begin, std::uint32_t end) = 0;
  virtual void end_object(std::uint32_t end) = 0;
  virtual void begin_array(std::uint32_t begin) = 0;
  virtual void end_array(std::uint32_t end) = 0;
  virtual void null(std::uint32_t begin, std::uint32_t end) = 0;
  virtual void boolean(bool value, std::uint32_t begin, std::uint32_t end) = 0;
  virtual void integer(std::int64_t value, std::uint32_t begin, std::uint32_t end) = 0;
  virtual void number(double value, std::uint32_t begin, std::uint32_t end) = 0;
  virtual void string(JsonText value, std::uint32_t begin, std::uint32_t end) = 0;
  // Forget every event so far: the reader starts the document again (its fast path gave up on it).
  virtual void restart() = 0;
};

struct JsonComment {
  std::uint32_t begin = 0;  // at the `//` or `/*`
  std::uint32_t end = 0;    // after the comment (before the newline of a line comment)
};

struct JsonReadResult {
  bool ok = true;
  std::uint32_t error_offset = 0;  // where the error is, when !ok
  std::string error;               // a message without nlohmann's prefix
  std::vector<JsonComment> comments;
};

struct JsonReadLimits {
  std::uint32_t max_depth = 256;  // deeper nesting is an error found before parsing
  // Accept raw control characters (a line break, a tab) inside strings, as Azure does; strict JSON
  // forbids them. Costs a scan of every string, so callers ask for it only when a strict read failed on
  // one (json_value.cpp).
  bool control_characters_in_strings = false;
  // Read with nlohmann's parser only, never the fast path (tests compare the two).
  bool exact_only = false;
  // Strict JSON, as the build compiles the policies' YAML to (cmake/policy_json.cpp): comments and
  // trailing commas are errors, and a well-formed document is read in one pass, with no pre-pass.
  bool strict = false;
};

// Does this read error mean a raw control character inside a string?
bool is_control_character_error(const JsonReadResult& result);

JsonReadResult read_json(std::string_view text, JsonEvents& events, const JsonReadLimits& limits = {});

}  // namespace vl
