// Just enough of ARM JSON, Bicep and HCL to edit them safely: which syntax a file has, whether a span
// holds a literal (and which value), how a value is written, and where the members of an object or block
// sit (strings, interpolations, heredocs and comments skipped, brackets balanced).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/value.h"

namespace vl::fix {

enum class Syntax { Json, Bicep, Hcl };

// By the file's name: .json (also .tf.json, .tfvars.json), .bicep / .bicepparam, .tf / .tfvars.
std::optional<Syntax> syntax_of(const std::filesystem::path& path);

// The value of a literal (true, false, null, a number, a string without interpolation; in ARM JSON a
// string that is not an expression), or nothing when the text is anything else.
std::optional<Value> read_literal(Syntax syntax, std::string_view text, bool arm_json);

// How a value (bool, integer, string) is written in the syntax.
std::string render(Syntax syntax, const Value& value);

// A key as a member name: "key" in JSON, key (or 'key') in Bicep, key in HCL.
std::string render_key(Syntax syntax, const std::string& key);

// The items directly inside a bracketed container whose opening bracket is at `open` and closing one at
// `close` (byte offsets into text): each item's first and one-past-last significant byte (comments and
// whitespace excluded, a separating comma not part of it). Items are separated by commas (JSON, Bicep)
// and, in Bicep and HCL, by line ends outside brackets. `ok` is false when the text does not balance.
struct Item {
  std::uint32_t begin = 0, end = 0;
  bool attribute = false;  // HCL: `name = ...` (rather than a nested block)
  std::uint32_t equals = 0;  // HCL attribute: where its `=` is
};
struct Contents {
  bool ok = false;
  std::vector<Item> items;
  bool trailing_comma = false;  // a comma after the last item
  std::uint32_t comma = 0;      // where that comma is
};
Contents scan_contents(Syntax syntax, std::string_view text, std::uint32_t open, std::uint32_t close);

// The position of the bracket that closes the one at `open` (of the same kind), skipping strings and
// comments; npos when unbalanced. And the first `{` at or after `from` outside strings and comments.
std::size_t matching_close(Syntax syntax, std::string_view text, std::size_t open);
std::size_t first_open_brace(Syntax syntax, std::string_view text, std::size_t from, std::size_t to);

}  // namespace vl::fix
