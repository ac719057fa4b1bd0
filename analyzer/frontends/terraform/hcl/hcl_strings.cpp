#include "frontends/terraform/hcl/hcl_strings.h"

#include <cstdint>

#include "source/bytes.h"

namespace vl::tf {

namespace {

bool hex_value(std::string_view s, std::uint32_t& out) {
  out = 0;
  for (char c : s) {
    int digit = hex_digit(c);
    if (digit < 0) return false;
    out = (out << 4) | static_cast<std::uint32_t>(digit);
  }
  return true;
}

}  // namespace

std::string unescape_heredoc(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
    } else if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') {
      continue;  // CRLF files: the value holds \n, as Terraform's does
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape_quoted(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      char n = raw[++i];
      std::uint32_t cp;
      switch (n) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'u':
          if (i + 4 < raw.size() + 0 && hex_value(raw.substr(i + 1, 4), cp)) {
            append_utf8(out, cp);
            i += 4;
          } else {
            out += "\\u";
          }
          break;
        case 'U':
          if (i + 8 < raw.size() + 0 && hex_value(raw.substr(i + 1, 8), cp)) {
            append_utf8(out, cp);
            i += 8;
          } else {
            out += "\\U";
          }
          break;
        default:
          out += '\\';
          out += n;
      }
    } else if ((c == '$' || c == '%') && i + 2 < raw.size() && raw[i + 1] == c && raw[i + 2] == '{') {
      out += c;
      out += '{';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace vl::tf
