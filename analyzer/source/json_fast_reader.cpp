#include "source/json_fast_reader.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "source/bytes.h"

namespace vl {

namespace {

// The fast path: a strict JSON reader for the well-formed documents nearly every file is. It scans runs of
// plain string bytes and whitespace at once and emits the events nlohmann's path gives (the same offsets,
// strings and numbers: integers read exactly, other numbers with strtod as nlohmann reads them), and gives
// up at the first thing it does not read exactly as nlohmann would (an error, a lone surrogate, an integer
// of more than 18 digits, ...): the caller then restarts the events and reads with nlohmann, which also
// words the error.
class FastReader {
 public:
  FastReader(std::string_view text, JsonEvents& events, std::uint32_t max_depth)
      : p_(text.data()), begin_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth), events_(events) {}

  bool read() {
    if (end_ - p_ >= 3 && static_cast<unsigned char>(p_[0]) == 0xEF && static_cast<unsigned char>(p_[1]) == 0xBB &&
        static_cast<unsigned char>(p_[2]) == 0xBF) {
      p_ += 3;
    }
    skip_ws();
    if (!value(0)) return false;
    skip_ws();
    return p_ == end_;
  }

 private:
  std::uint32_t at(const char* q) const { return static_cast<std::uint32_t>(q - begin_); }

  void skip_ws() { p_ = json_skip_ws(p_, end_); }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // `depth`: the containers around the value.
  bool value(std::uint32_t depth) {
    if (p_ >= end_) return false;
    const char* b = p_;
    switch (*p_) {
      case '{': return depth < max_depth_ && object(depth);
      case '[': return depth < max_depth_ && array(depth);
      case '"': {
        JsonText v;
        if (!string(v)) return false;
        events_.string(v, at(b), at(p_));
        return true;
      }
      case 't':
        if (!literal("true")) return false;
        events_.boolean(true, at(b), at(p_));
        return true;
      case 'f':
        if (!literal("false")) return false;
        events_.boolean(false, at(b), at(p_));
        return true;
      case 'n':
        if (!literal("null")) return false;
        events_.null(at(b), at(p_));
        return true;
      default:
        return number();
    }
  }

  bool object(std::uint32_t depth) {
    events_.begin_object(at(p_));
    ++p_;
    skip_ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      events_.end_object(at(p_));
      return true;
    }
    while (true) {
      if (p_ >= end_ || *p_ != '"') return false;
      const char* b = p_;
      JsonText key;
      if (!string(key)) return false;
      events_.key(key, at(b), at(p_));
      skip_ws();
      if (p_ >= end_ || *p_ != ':') return false;
      ++p_;
      skip_ws();
      if (!value(depth + 1)) return false;
      skip_ws();
      if (p_ >= end_) return false;
      if (*p_ == ',') {
        ++p_;
        skip_ws();
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      events_.end_object(at(p_));
      return true;
    }
  }

  bool array(std::uint32_t depth) {
    events_.begin_array(at(p_));
    ++p_;
    skip_ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      events_.end_array(at(p_));
      return true;
    }
    while (true) {
      if (!value(depth + 1)) return false;
      skip_ws();
      if (p_ >= end_) return false;
      if (*p_ == ',') {
        ++p_;
        skip_ws();
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      events_.end_array(at(p_));
      return true;
    }
  }

  static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  bool hex4(unsigned& cp) {
    if (end_ - p_ < 4) return false;
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      int d = hex(p_[k]);
      if (d < 0) return false;
      cp = cp * 16 + static_cast<unsigned>(d);
    }
    p_ += 4;
    return true;
  }

  // Past one well-formed UTF-8 sequence (RFC 3629, as nlohmann checks it) starting at p_.
  bool utf8() {
    auto in = [](unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
    const auto* u = reinterpret_cast<const unsigned char*>(p_);
    const std::ptrdiff_t left = end_ - p_;
    int n = 0;
    if (in(u[0], 0xC2, 0xDF)) {
      n = left >= 2 && in(u[1], 0x80, 0xBF) ? 2 : 0;
    } else if (u[0] == 0xE0) {
      n = left >= 3 && in(u[1], 0xA0, 0xBF) && in(u[2], 0x80, 0xBF) ? 3 : 0;
    } else if (in(u[0], 0xE1, 0xEC) || in(u[0], 0xEE, 0xEF)) {
      n = left >= 3 && in(u[1], 0x80, 0xBF) && in(u[2], 0x80, 0xBF) ? 3 : 0;
    } else if (u[0] == 0xED) {
      n = left >= 3 && in(u[1], 0x80, 0x9F) && in(u[2], 0x80, 0xBF) ? 3 : 0;
    } else if (u[0] == 0xF0) {
      n = left >= 4 && in(u[1], 0x90, 0xBF) && in(u[2], 0x80, 0xBF) && in(u[3], 0x80, 0xBF) ? 4 : 0;
    } else if (in(u[0], 0xF1, 0xF3)) {
      n = left >= 4 && in(u[1], 0x80, 0xBF) && in(u[2], 0x80, 0xBF) && in(u[3], 0x80, 0xBF) ? 4 : 0;
    } else if (u[0] == 0xF4) {
      n = left >= 4 && in(u[1], 0x80, 0x8F) && in(u[2], 0x80, 0xBF) && in(u[3], 0x80, 0xBF) ? 4 : 0;
    }
    if (n == 0) return false;
    p_ += n;
    return true;
  }

  // A string from its opening quote; p_ ends after the closing one. Its text is where it lies in the
  // document (verbatim) until an escape, which copies what came before into buffer_ and decodes there.
  bool string(JsonText& out) {
    const char* const start = ++p_;
    bool escaped = false;
    while (true) {
      const char* run = p_;
      p_ = json_plain_run_end(p_, end_);
      if (p_ >= end_) return false;
      const auto c = static_cast<unsigned char>(*p_);
      if (c >= 0x80) {
        if (!utf8()) return false;
        if (escaped) buffer_.append(run, static_cast<std::size_t>(p_ - run));
        continue;
      }
      if (escaped) buffer_.append(run, static_cast<std::size_t>(p_ - run));
      if (c == '"') {
        out = escaped ? JsonText{buffer_, false} : JsonText{std::string_view(start, static_cast<std::size_t>(p_ - start)), true};
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (!escaped) {
        escaped = true;
        buffer_.assign(start, static_cast<std::size_t>(p_ - start));
      }
      if (!escape()) return false;
    }
  }

  // At a backslash: appends what the escape stands for to buffer_.
  bool escape() {
    if (++p_ >= end_) return false;
    switch (*p_++) {
      case '"': buffer_ += '"'; return true;
      case '\\': buffer_ += '\\'; return true;
      case '/': buffer_ += '/'; return true;
      case 'b': buffer_ += '\b'; return true;
      case 'f': buffer_ += '\f'; return true;
      case 'n': buffer_ += '\n'; return true;
      case 'r': buffer_ += '\r'; return true;
      case 't': buffer_ += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    unsigned cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      unsigned low = 0;
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(buffer_, cp);  // at most U+10FFFF
    return true;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number() {
    const char* b = p_;
    auto digit = [&](const char* q) { return q < end_ && *q >= '0' && *q <= '9'; };
    bool negative = false;
    if (p_ < end_ && *p_ == '-') {
      negative = true;
      ++p_;
    }
    if (!digit(p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (digit(p_)) ++p_;
    }
    const char* int_end = p_;
    bool integral = true;
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (!digit(p_)) return false;
      while (digit(p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!digit(p_)) return false;
      while (digit(p_)) ++p_;
    }
    if (integral) {
      const char* d = b + (negative ? 1 : 0);
      if (int_end - d > 18) return false;  // near the limits: nlohmann decides (integer or double)
      std::int64_t v = 0;
      for (; d < int_end; ++d) v = v * 10 + (*d - '0');
      events_.integer(negative ? -v : v, at(b), at(p_));
      return true;
    }
    std::string token(b, p_);
    char* stop = nullptr;
    double v = std::strtod(token.c_str(), &stop);
    if (stop != token.c_str() + token.size() || !std::isfinite(v)) return false;  // nlohmann: number overflow
    events_.number(v, at(b), at(p_));
    return true;
  }

  const char* p_;
  const char* begin_;
  const char* end_;
  const std::uint32_t max_depth_;
  JsonEvents& events_;
  std::string buffer_;  // the text of a string with an escape, decoded (reused)
};

}  // namespace

bool read_json_fast(std::string_view text, JsonEvents& events, std::uint32_t max_depth) {
  FastReader reader(text, events, max_depth);
  return reader.read();
}

}  // namespace vl
