// Text that reports quote from scanned files (vault names, messages, paths) is untrusted: a newline in a
// vault name must not forge a line of a text report or a GitHub workflow command, an ESC must not drive
// the terminal, and XML and JSON need valid UTF-8. These helpers make such text safe for each format.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace vl {

// Valid UTF-8 with every control character (C0 but tab, DEL, C1, and the Unicode line and paragraph
// separators) written visibly as \n, \r, \xNN or \uNNNN; invalid bytes become U+FFFD.
std::string visible(std::string_view text);

// `visible` and then the five XML entities, for attribute values and character data alike. With
// `keep_newlines` the newlines of `text` stay (character data of several lines): the caller then makes
// each quoted part visible() itself, so only its own newlines remain.
std::string xml_escape(std::string_view text, bool keep_newlines = false);

// A file: URI of an absolute path, percent-encoding what RFC 3986 does not allow in a path.
std::string file_uri(const std::filesystem::path& absolute);
// A relative reference (a path relative to the working directory), percent-encoded the same way.
std::string relative_uri(std::string_view generic_path);

}  // namespace vl
