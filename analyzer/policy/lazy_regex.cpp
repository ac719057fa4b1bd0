#include "policy/lazy_regex.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>

namespace vl {

LazyRegex::LazyRegex(std::string text, bool case_sensitive) : text_(std::move(text)), case_sensitive_(case_sensitive) {
  is_literal_ = literal_form(text_, case_sensitive_, literal_);
}

bool LazyRegex::literal_form(std::string_view p, bool case_sensitive, Literal& out) {
  out = Literal();
  out.ignore_case = !case_sensitive;
  if (p.starts_with("(?i)")) {
    out.ignore_case = true;
    p.remove_prefix(4);
  }
  if (p.starts_with("^")) {
    out.at_start = true;
    p.remove_prefix(1);
  }
  if (p.ends_with("$") && !p.ends_with("\\$")) {
    out.at_end = true;
    p.remove_suffix(1);
  }
  constexpr std::string_view kMeta = "\\.+*?()|[]{}^$";
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80 || c < 0x20) return false;
    if (c == '\\') {
      // An escaped punctuation character is itself; a letter or digit after it is a class or an escape.
      if (++i >= p.size()) return false;
      const auto e = static_cast<unsigned char>(p[i]);
      if (e >= 0x80 || std::isalnum(e) || e < 0x20) return false;
      out.bytes += static_cast<char>(e);
      continue;
    }
    if (kMeta.find(static_cast<char>(c)) != std::string_view::npos) return false;
    out.bytes += static_cast<char>(c);
  }
  return true;
}

bool LazyRegex::partial_match(std::string_view text) const {
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!is_literal_ || (literal_.ignore_case && !ascii)) {
    const re2::RE2& compiled = re();
    return compiled.ok() && re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), compiled);
  }
  const std::string& lit = literal_.bytes;
  auto equal_at = [&](std::size_t at) {
    if (!literal_.ignore_case) return text.compare(at, lit.size(), lit) == 0;
    for (std::size_t k = 0; k < lit.size(); ++k) {
      if (std::tolower(static_cast<unsigned char>(text[at + k])) != std::tolower(static_cast<unsigned char>(lit[k]))) return false;
    }
    return true;
  };
  if (lit.size() > text.size()) return false;
  if (literal_.at_start && literal_.at_end) return lit.size() == text.size() && equal_at(0);
  if (literal_.at_start) return equal_at(0);
  if (literal_.at_end) return equal_at(text.size() - lit.size());
  for (std::size_t at = 0; at + lit.size() <= text.size(); ++at) {
    if (equal_at(at)) return true;
  }
  return false;
}

LazyRegex::~LazyRegex() = default;

const re2::RE2& LazyRegex::re() const {
  std::call_once(compiled_, [this] {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(case_sensitive_);
    re_ = std::make_unique<const re2::RE2>(text_, options);
  });
  return *re_;
}

std::string LazyRegex::error() const { return re().ok() ? std::string() : re().error(); }

}  // namespace vl
