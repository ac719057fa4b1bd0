#include "report/escape.h"

#include <cstdint>

#include "source/text.h"

namespace vl {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the valid UTF-8 sequence at `i` (its code point in `cp`), or 0 when it is invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;  // overlong, surrogate
  return n;
}

void append_hex(std::string& out, const char* prefix, std::uint32_t value, int digits, bool upper = false) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  out += prefix;
  for (int d = digits - 1; d >= 0; --d) out += hex[(value >> (4 * d)) & 15];
}

bool unreserved_in_path(unsigned char c, bool colon) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '/' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' ||
         c == '*' || c == '+' || c == ',' || c == ';' || c == '=' || c == '@' || (colon && c == ':');
}

// A colon stays only in absolute URIs: in a relative reference, "c:x" would read as a scheme.
std::string percent_encode_path(std::string_view path, bool colon) {
  std::string out;
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if (unreserved_in_path(c, colon)) out += ch;
    else append_hex(out, "%", c, 2, true);  // RFC 3986 prefers upper case, as editors write URIs
  }
  return out;
}

}  // namespace

std::string visible(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (cp == '\n') out += "\\n";
    else if (cp == '\r') out += "\\r";
    else if ((cp < 0x20 && cp != '\t') || cp == 0x7F) append_hex(out, "\\x", cp, 2);
    else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) append_hex(out, "\\u", cp, 4);
    else out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string xml_escape(std::string_view text, bool keep_newlines) {
  std::string safe;
  if (keep_newlines) {
    for (const std::string& line : split(text, '\n')) safe += visible(line) + "\n";
    safe.pop_back();  // split() gives at least one part
  } else {
    safe = visible(text);
  }
  std::string out;
  out.reserve(safe.size());
  for (char c : safe) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;  // attribute values normalise a raw tab to a space
      default: out += c;
    }
  }
  return out;
}

std::string file_uri(const std::filesystem::path& absolute) {
  std::string generic = absolute.generic_string();
  if (generic.empty() || generic[0] != '/') generic = "/" + generic;
  return "file://" + percent_encode_path(generic, true);
}

std::string relative_uri(std::string_view generic_path) { return percent_encode_path(generic_path, false); }

}  // namespace vl
