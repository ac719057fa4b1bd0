// The escapes of HCL's string literals: quoted strings (\n \r \t \" \\ \uXXXX \UXXXXXXXX, $${ and %%{)
// and heredocs (only $${ and %%{; CRLF line ends read as \n, as Terraform reads them).
#pragma once

#include <string>
#include <string_view>

namespace vl::tf {

// Unescapes the literal text of a quoted HCL string.
std::string unescape_quoted(std::string_view raw);
// Unescapes the literal text of a heredoc.
std::string unescape_heredoc(std::string_view raw);

}  // namespace vl::tf
