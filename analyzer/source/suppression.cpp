#include "source/suppression.h"

#include <cctype>

namespace vl {

namespace {

bool looks_like_rule_id(std::string_view w) {
  if (w.size() < 3) return false;
  std::size_t letters = 0;
  while (letters < w.size() && std::isupper(static_cast<unsigned char>(w[letters]))) ++letters;
  if (letters == 0 || letters == w.size()) return false;
  for (std::size_t i = letters; i < w.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(w[i]))) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// [begin, end) of the line that holds `offset`, and of the line after it.
std::pair<std::uint32_t, std::uint32_t> line_range(std::string_view text, std::uint32_t offset) {
  // A line ends at \r\n, \n or a lone \r.
  std::size_t begin = text.find_last_of("\r\n", offset == 0 ? 0 : offset - 1);
  begin = (begin == std::string_view::npos || offset == 0) ? 0 : begin + 1;
  std::size_t end = text.find_first_of("\r\n", offset);
  if (end != std::string_view::npos && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
  end = end == std::string_view::npos ? text.size() : end + 1;
  return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
}

}  // namespace

std::optional<Suppression> parse_suppression_comment(std::string_view text, FileId file, std::uint32_t begin,
                                                     std::uint32_t end, SuppressionStyle style) {
  std::string_view body = text.substr(begin, end - begin);
  if (body.rfind("//", 0) == 0 || body.rfind("/*", 0) == 0) body.remove_prefix(2);
  else if (body.rfind("#", 0) == 0) body.remove_prefix(1);
  if (body.size() >= 2 && body.substr(body.size() - 2) == "*/") body.remove_suffix(2);
  body = trim(body);
  const std::string_view marker = style == SuppressionStyle::NextLine ? "vaultlint-disable-next-line" : "vaultlint:ignore";
  if (body.rfind(marker, 0) != 0) return std::nullopt;
  body.remove_prefix(marker.size());
  if (!body.empty() && !std::isspace(static_cast<unsigned char>(body.front()))) return std::nullopt;

  Suppression s;
  s.written = Span{file, begin, end};
  s.file = file;
  // Leading words that look like rule ids, separated by spaces or commas.
  body = trim(body);
  while (!body.empty()) {
    std::size_t stop = 0;
    while (stop < body.size() && !std::isspace(static_cast<unsigned char>(body[stop])) && body[stop] != ',') ++stop;
    std::string_view word = body.substr(0, stop);
    if (!looks_like_rule_id(word)) break;
    s.rules.emplace_back(word);
    body.remove_prefix(stop);
    while (!body.empty() && (body.front() == ',' || std::isspace(static_cast<unsigned char>(body.front())))) body.remove_prefix(1);
  }
  if (body.rfind("--", 0) == 0) body.remove_prefix(2);
  else if (body.rfind(":", 0) == 0) body.remove_prefix(1);
  s.reason = std::string(trim(body));

  auto [own_begin, own_end] = line_range(text, begin);
  auto next = own_end < text.size() ? line_range(text, own_end) : std::make_pair(own_end, own_end);
  s.begin = style == SuppressionStyle::NextLine ? next.first : own_begin;
  s.end = next.second;
  return s;
}

}  // namespace vl
