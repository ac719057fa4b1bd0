// compiled_document (graph/doc_node.h): reads the JSON the build compiles the embedded YAML to
// (cmake/policy_json.cpp) straight into a tape. Strict JSON, as that tool writes it: no comments, no
// trailing commas, no BOM (the lenient reader of templates, source/json_reader.h, builds a Value tree and
// strings one by one: two thirds of the catalogue's load). A string without escapes stays where it lies in
// the tape's copy of the text; an escaped one is decoded after it.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "graph/doc_node.h"
#include "graph/doc_tape.h"
#include "source/bytes.h"
#include "source/json_fast_reader.h"

namespace vl {

namespace {

constexpr int kMaxDepth = 256;  // what the template reader allows too (source/json_reader.h)

class TapeReader {
 public:
  TapeReader(std::string_view json, DocTapeBuilder& out) : p_(json.data()), begin_(json.data()), end_(json.data() + json.size()), out_(out) {}

  // One value, with nothing but white space around it.
  bool read() {
    skip_ws();
    return value(0) && json_skip_ws(p_, end_) == end_;
  }

 private:
  std::uint32_t at(const char* q) const { return static_cast<std::uint32_t>(q - begin_); }
  bool next_is(char c) const { return p_ < end_ && *p_ == c; }

  void skip_ws() { p_ = json_skip_ws(p_, end_); }

  bool word(std::string_view w) {
    if (static_cast<std::size_t>(end_ - p_) < w.size() || std::memcmp(p_, w.data(), w.size()) != 0) return false;
    p_ += w.size();
    return true;
  }

  bool value(int depth) {
    if (p_ >= end_) return false;
    switch (*p_) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': {
        std::uint32_t text = 0, size = 0;
        if (!string(text, size)) return false;
        out_.string_at(text, size);
        return true;
      }
      case 't':
        if (!word("true")) return false;
        out_.boolean(true);
        return true;
      case 'f':
        if (!word("false")) return false;
        out_.boolean(false);
        return true;
      case 'n':
        if (!word("null")) return false;
        out_.null();
        return true;
      default: return number();
    }
  }

  // After an opening bracket: the items up to `close`, separated by commas, each read by `item`.
  template <typename Item>
  bool items(char close, Item item) {
    ++p_;
    skip_ws();
    for (bool first = true;; first = false) {
      if (first && next_is(close)) break;
      if (!item()) return false;
      skip_ws();
      if (!next_is(',')) break;
      ++p_;
      skip_ws();
    }
    if (!next_is(close)) return false;
    ++p_;
    out_.end();
    return true;
  }

  bool object(int depth) {
    if (depth > kMaxDepth) return false;
    out_.begin_object();
    return items('}', [&] {
      std::uint32_t text = 0, size = 0;
      if (!next_is('"') || !string(text, size)) return false;
      out_.key_at(text, size);
      skip_ws();
      if (!next_is(':')) return false;
      ++p_;
      skip_ws();
      return value(depth);
    });
  }

  bool array(int depth) {
    if (depth > kMaxDepth) return false;
    out_.begin_array();
    return items(']', [&] { return value(depth); });
  }

  // To the next '"', '\\' or control character. Bytes above 0x7F are taken as they are: the compiled text
  // is what yaml-cpp read, UTF-8.
  void scan() {
    p_ = json_plain_run_end(p_, end_);
    while (p_ < end_ && static_cast<unsigned char>(*p_) >= 0x80) p_ = json_plain_run_end(p_ + 1, end_);
  }

  // At the opening quote; the string's text as a range of the tape's bytes.
  bool string(std::uint32_t& text, std::uint32_t& size) {
    const char* start = ++p_;
    scan();
    if (next_is('"')) {  // nearly always: no escape, read where it lies
      text = at(start);
      size = static_cast<std::uint32_t>(p_ - start);
      ++p_;
      return true;
    }
    std::string& bytes = out_.bytes();
    text = static_cast<std::uint32_t>(bytes.size());
    bytes.append(start, p_);
    while (p_ < end_ && *p_ == '\\') {
      if (!escape(bytes)) return false;
      const char* run = p_;
      scan();
      bytes.append(run, p_);
    }
    if (!next_is('"')) return false;  // a control character, or the end
    ++p_;
    size = static_cast<std::uint32_t>(bytes.size() - text);
    return true;
  }

  bool hex4(std::uint32_t& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const char c = *p_;
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      out = out * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  }

  // At the backslash; appends what the escape stands for. A lone surrogate is an error, as in the
  // template reader.
  bool escape(std::string& bytes) {
    if (end_ - p_ < 2) return false;
    const char c = p_[1];
    p_ += 2;
    switch (c) {
      case '"': bytes += '"'; return true;
      case '\\': bytes += '\\'; return true;
      case '/': bytes += '/'; return true;
      case 'b': bytes += '\b'; return true;
      case 'f': bytes += '\f'; return true;
      case 'n': bytes += '\n'; return true;
      case 'r': bytes += '\r'; return true;
      case 't': bytes += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      std::uint32_t low = 0;
      if (!word("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(bytes, cp);
    return true;
  }

  static bool digit(char c) { return c >= '0' && c <= '9'; }

  // An integer is kept with its text as written (JSON has no other spelling but "-0", read as "0"); a
  // fraction, an exponent or an integer beyond 64 bits is a float.
  bool number() {
    const char* b = p_;
    if (next_is('-')) ++p_;
    if (next_is('0')) {
      ++p_;
    } else if (p_ < end_ && digit(*p_)) {
      while (p_ < end_ && digit(*p_)) ++p_;
    } else {
      return false;
    }
    bool integral = true;
    if (next_is('.')) {
      integral = false;
      ++p_;
      if (p_ >= end_ || !digit(*p_)) return false;
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    if (next_is('e') || next_is('E')) {
      integral = false;
      ++p_;
      if (next_is('+') || next_is('-')) ++p_;
      if (p_ >= end_ || !digit(*p_)) return false;
      while (p_ < end_ && digit(*p_)) ++p_;
    }
    std::int64_t i = 0;
    if (integral && std::from_chars(b, p_, i).ec == std::errc()) {
      if (i == 0 && *b == '-') out_.integer(0, out_.append_bytes("0"), 1);
      else out_.integer(i, at(b), static_cast<std::uint32_t>(p_ - b));
      return true;
    }
    const double d = std::strtod(std::string(b, p_).c_str(), nullptr);
    if (!std::isfinite(d)) return false;  // as the template reader: an overflow is an error
    out_.number(d);
    return true;
  }

  const char* p_;  // what is read next
  const char* const begin_;
  const char* const end_;
  DocTapeBuilder& out_;
};

}  // namespace

DocTree compiled_document(std::string_view json) {
  if (json.size() >= std::numeric_limits<std::uint32_t>::max() / 2) return DocTree();
  DocTapeBuilder out(/*marks=*/false, json.size() / 16 + 1);
  out.bytes().reserve(json.size() + json.size() / 8);
  out.bytes().assign(json);  // the texts without escapes are read where they lie
  TapeReader reader(json, out);
  if (!reader.read()) return DocTree();
  return DocTree(out.finish());
}

}  // namespace vl
