#include "source/json_reader.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>

#include "source/bytes.h"
#include "source/json_fast_reader.h"

namespace vl {

namespace {

// Pre-pass: one linear scan that finds comments and trailing commas (outside strings) and the nesting
// depth. Comments and trailing commas are blanked with spaces in a copy, so byte offsets stay exact and
// nlohmann can parse strictly. The copy is made only when there is something to blank.
struct Prepass {
  std::optional<std::string> blanked;
  std::vector<JsonComment> comments;
  std::vector<std::uint32_t> replaced;  // raw control characters inside strings, blanked (in order)
  bool too_deep = false;
  std::uint32_t too_deep_offset = 0;
};

Prepass prepass(std::string_view text, std::uint32_t max_depth, bool control_characters, bool lenient) {
  Prepass out;
  auto blank = [&](std::size_t begin, std::size_t end) {
    if (!out.blanked) out.blanked.emplace(text);
    for (std::size_t i = begin; i < end; ++i) {
      char& c = (*out.blanked)[i];
      if (c != '\n' && c != '\r') c = ' ';
    }
  };
  const std::size_t n = text.size();
  std::uint32_t depth = 0;
  std::size_t pending_comma = std::string_view::npos;
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    switch (c) {
      case '"': {
        // Strings are most of a template's bytes: jump from quote to quote with memchr, and skip a quote
        // that an odd number of backslashes escapes.
        pending_comma = std::string_view::npos;
        std::size_t from = i + 1;
        while (true) {
          const void* q = from < n ? std::memchr(text.data() + from, '"', n - from) : nullptr;
          if (!q) {
            i = n;  // unterminated: nlohmann reports it
            break;
          }
          std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(q) - text.data());
          std::size_t slashes = 0;
          while (quote - slashes > i + 1 && text[quote - slashes - 1] == '\\') ++slashes;
          if (slashes % 2 == 0) {
            if (control_characters) {
              for (std::size_t k = i + 1; k < quote; ++k) {
                if (static_cast<unsigned char>(text[k]) >= 0x20) continue;
                if (!out.blanked) out.blanked.emplace(text);
                (*out.blanked)[k] = ' ';
                out.replaced.push_back(static_cast<std::uint32_t>(k));
              }
            }
            i = quote;
            break;
          }
          from = quote + 1;
        }
        break;
      }
      case '/': {
        if (!lenient) break;  // an error, which nlohmann words
        if (i + 1 < n && text[i + 1] == '/') {
          std::size_t end = text.find_first_of("\r\n", i);  // a line ends at \r\n, \n or \r
          if (end == std::string_view::npos) end = n;
          out.comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)});
          blank(i, end);
          i = end - 1;
        } else if (i + 1 < n && text[i + 1] == '*') {
          std::size_t close = text.find("*/", i + 2);
          if (close == std::string_view::npos) return out;  // unterminated: nlohmann reports it
          std::size_t end = close + 2;
          out.comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)});
          blank(i, end);
          i = end - 1;
        }
        break;
      }
      case ',':
        pending_comma = i;
        break;
      case '{':
      case '[':
        pending_comma = std::string_view::npos;
        if (++depth > max_depth) {
          out.too_deep = true;
          out.too_deep_offset = static_cast<std::uint32_t>(i);
          return out;
        }
        break;
      case '}':
      case ']':
        if (pending_comma != std::string_view::npos && lenient) blank(pending_comma, pending_comma + 1);
        pending_comma = std::string_view::npos;
        if (depth > 0) --depth;
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        // Indentation is a large part of pretty-printed templates: skip a run at once.
        while (i + 1 < n && (text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\r' || text[i + 1] == '\t')) ++i;
        break;
      default:
        pending_comma = std::string_view::npos;
        break;
    }
  }
  return out;
}

// An input iterator over the text that publishes how far the lexer has read.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, const char** cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    *cursor_ = ++p_;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const CountingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** cursor_;
};

// The text between a string's quotes, unescaped as JSON does, with raw control characters kept: what
// Azure reads for a string nlohmann rejects.
std::string decode_string(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  auto hex4 = [&](std::size_t at, unsigned& cp) {
    if (at + 4 > raw.size()) return false;
    cp = 0;
    for (std::size_t k = at; k < at + 4; ++k) {
      char c = raw[k];
      unsigned d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 16;
      if (d > 15) return false;
      cp = cp * 16 + d;
    }
    return true;
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      out += raw[i];
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        unsigned cp = 0;
        if (!hex4(i + 1, cp)) {
          out += "\\u";
          break;
        }
        i += 4;
        unsigned low = 0;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' &&
            hex4(i + 3, low) && low >= 0xDC00 && low < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(out, cp);  // at most U+10FFFF
        break;
      }
      default: out += e; break;  // \" \\ \/
    }
  }
  return out;
}

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Adapts nlohmann's SAX callbacks to JsonEvents with offsets. At each callback the cursor is just past
// the token (numbers: one byte further, since the lexer reads ahead); starts are found by scanning back.
class PositionSax {
 public:
  using json = nlohmann::json;
  PositionSax(std::string_view text, const char** cursor, JsonEvents& events, JsonReadResult& result,
              std::string_view original, const std::vector<std::uint32_t>& replaced)
      : text_(text), cursor_(cursor), events_(events), result_(result), original_(original), replaced_(replaced) {}

  bool null() {
    auto e = end();
    events_.null(e - 4, e);
    return true;
  }
  bool boolean(bool v) {
    auto e = end();
    events_.boolean(v, e - (v ? 4 : 5), e);
    return true;
  }
  bool number_integer(json::number_integer_t v) {
    auto [b, e] = number_range();
    events_.integer(v, b, e);
    return true;
  }
  bool number_unsigned(json::number_unsigned_t v) {
    auto [b, e] = number_range();
    if (v <= static_cast<json::number_unsigned_t>(INT64_MAX)) {
      events_.integer(static_cast<std::int64_t>(v), b, e);
    } else {
      events_.number(static_cast<double>(v), b, e);
    }
    return true;
  }
  bool number_float(json::number_float_t v, const std::string&) {
    auto [b, e] = number_range();
    events_.number(v, b, e);
    return true;
  }
  bool string(std::string& v) {
    auto e = end();
    auto b = string_start(e);
    restore(v, b, e);
    events_.string(JsonText{v, false}, b, e);
    return true;
  }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) {
    events_.begin_object(end() - 1);
    return true;
  }
  bool key(std::string& v) {
    auto e = end();
    auto b = string_start(e);
    restore(v, b, e);
    events_.key(JsonText{v, false}, b, e);
    return true;
  }
  bool end_object() {
    events_.end_object(end());
    return true;
  }
  bool start_array(std::size_t) {
    events_.begin_array(end() - 1);
    return true;
  }
  bool end_array() {
    events_.end_array(end());
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    result_.ok = false;
    // `position` counts the bytes the lexer has read: the error is at the last one.
    std::size_t at = position > 0 ? position - 1 : 0;
    if (at > text_.size()) at = text_.size();
    result_.error_offset = static_cast<std::uint32_t>(at);
    std::string message = ex.what();
    // "[json.exception.parse_error.101] parse error at line 4, column 56: syntax error ..." -> the tail
    auto colon = message.find(": ");
    if (colon != std::string::npos) message = message.substr(colon + 2);
    result_.error = message;
    return false;
  }

 private:
  std::uint32_t end() const { return static_cast<std::uint32_t>(*cursor_ - text_.data()); }

  // A string whose raw control characters the prepass blanked: decoded again from the original text.
  void restore(std::string& v, std::uint32_t b, std::uint32_t e) const {
    if (replaced_.empty() || e < b + 2) return;
    auto it = std::lower_bound(replaced_.begin(), replaced_.end(), b);
    if (it == replaced_.end() || *it >= e) return;
    v = decode_string(original_.substr(b + 1, e - b - 2));
  }

  std::pair<std::uint32_t, std::uint32_t> number_range() const {
    std::uint32_t e = end();
    if (e > 0 && !is_number_char(text_[e - 1])) --e;  // the lexer read one byte past the number
    std::uint32_t b = e;
    while (b > 0 && is_number_char(text_[b - 1])) --b;
    return {b, e};
  }

  // Scans back from the closing quote to the opening quote: the first quote not preceded by an odd
  // number of backslashes (an unescaped quote cannot occur inside a string).
  std::uint32_t string_start(std::uint32_t end) const {
    std::uint32_t i = end - 1;  // the closing quote
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      std::uint32_t slashes = 0;
      while (i > slashes && text_[i - slashes - 1] == '\\') ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return 0;
  }

  std::string_view text_;
  const char** cursor_;
  JsonEvents& events_;
  JsonReadResult& result_;
  std::string_view original_;
  const std::vector<std::uint32_t>& replaced_;
};


}  // namespace

bool is_control_character_error(const JsonReadResult& result) {
  return !result.ok && result.error.find("control character") != std::string::npos;
}

JsonReadResult read_json(std::string_view text, JsonEvents& events, const JsonReadLimits& limits) {
  JsonReadResult result;
  // Strict JSON needs no pre-pass unless the fast path gives up: it has nothing to blank, and the fast
  // path refuses a document nested too deep.
  if (limits.strict && !limits.exact_only && !limits.control_characters_in_strings) {
    if (read_json_fast(text, events, limits.max_depth)) return result;
    events.restart();
  }
  Prepass pre = prepass(text, limits.max_depth, limits.control_characters_in_strings, !limits.strict);
  result.comments = std::move(pre.comments);
  if (pre.too_deep) {
    result.ok = false;
    result.error_offset = pre.too_deep_offset;
    result.error = "nesting deeper than " + std::to_string(limits.max_depth) + " levels";
    return result;
  }
  std::string_view input = pre.blanked ? std::string_view(*pre.blanked) : text;
  if (pre.replaced.empty() && !limits.exact_only && !limits.strict) {
    if (read_json_fast(input, events, limits.max_depth)) return result;
    events.restart();
  }
  const char* cursor = input.data();
  PositionSax sax(input, &cursor, events, result, text, pre.replaced);
  CountingIterator first(input.data(), &cursor);
  CountingIterator last(input.data() + input.size(), &cursor);
  nlohmann::json::sax_parse(first, last, &sax, nlohmann::json::input_format_t::json, true, false);
  return result;
}

}  // namespace vl
