#include "frontends/terraform/mapping/provider_version.h"

#include <algorithm>
#include <cctype>

#include "source/text.h"

namespace vl::tf {

std::optional<Version> parse_version(std::string_view text) {
  Version v{0, 0, 0};
  std::size_t part = 0;
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == 'v')) ++i;
  if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  while (i < text.size() && part < 3) {
    long n = 0;
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 1000000) n = n * 10 + (text[i++] - '0');
    if (i == start) break;
    v[part++] = n;
    if (i < text.size() && text[i] == '.') ++i;
    else break;
  }
  return v;
}

namespace {

Version next_patch(Version v) { return {v[0], v[1], v[2] + 1}; }

// How many parts a version text states ("4" 1, "4.42" 2, "4.42.0" 3).
std::size_t parts(std::string_view text) {
  std::size_t n = 1;
  for (char c : text) n += c == '.';
  return std::min<std::size_t>(n, 3);
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

void VersionRange::pin(const Version& v) {
  low = v;
  high = next_patch(v);
}

void VersionRange::constrain(std::string_view constraints) {
  for (const std::string& raw : split(constraints, ',')) {
    std::string c = trim(raw);
    std::string op;
    while (!c.empty() && (c[0] == '~' || c[0] == '>' || c[0] == '<' || c[0] == '=' || c[0] == '!')) {
      op += c[0];
      c.erase(0, 1);
    }
    c = trim(c);
    std::optional<Version> v = parse_version(c);
    if (!v) continue;
    Version lo = low, hi = high;
    if (op.empty() || op == "=") {
      lo = *v;
      hi = next_patch(*v);
    } else if (op == ">=") {
      lo = *v;
    } else if (op == ">") {
      lo = next_patch(*v);
    } else if (op == "<") {
      hi = *v;
    } else if (op == "<=") {
      hi = next_patch(*v);
    } else if (op == "~>") {
      // ~> 4.0 allows 4.x; ~> 4.42.1 allows 4.42.x; ~> 4 allows 4.x.
      lo = *v;
      std::size_t n = parts(c);
      hi = n >= 3 ? Version{(*v)[0], (*v)[1] + 1, 0} : Version{(*v)[0] + 1, 0, 0};
    } else {
      continue;  // != excludes one version: the range stays
    }
    low = std::max(low, lo);
    high = std::min(high, hi);
  }
}

}  // namespace vl::tf
