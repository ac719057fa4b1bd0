// String functions: base64, base64ToJson, base64ToString, dataUri, dataUriToString, endsWith, format,
// join, padLeft, replace, split, startsWith, string, substring, toLower, toUpper, trim, uri,
// uriComponent, uriComponentToString. (concat, contains, empty, first, last, indexOf, lastIndexOf,
// length, skip and take are registered once with the array functions; guid and uniqueString with the
// hash functions; json with the object functions.) Positions and lengths count UTF-16 units, as .NET
// does. [src: learn.microsoft.com template-functions-string, ms.date 08/01/2025]
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "eval/functions/function_support.h"

namespace vl {

namespace {

// ---- base64 and percent-encoding -------------------------------------------------------------------

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    auto n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
             static_cast<unsigned char>(bytes[i + 2]);
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], kBase64[n & 63]};
  }
  if (i + 1 == bytes.size()) {
    auto n = static_cast<unsigned char>(bytes[i]) << 16;
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    auto n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {kBase64[(n >> 18) & 63], kBase64[(n >> 12) & 63], kBase64[(n >> 6) & 63], '='};
  }
  return out;
}

// Strict base64 as .NET Convert.FromBase64String reads it: white space ignored, padding required.
std::optional<std::string> base64_decode(std::string_view text) {
  std::string clean;
  for (char ch : text) {
    if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') clean.push_back(ch);
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(clean.size() / 4 * 3);
  for (std::size_t i = 0; i < clean.size(); i += 4) {
    int pad = 0;
    std::uint32_t n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char ch = clean[i + k];
      int v;
      if (ch == '=') {
        // Padding only at the very end, in the last two places.
        if (i + 4 != clean.size() || k < 2) return std::nullopt;
        ++pad;
        v = 0;
      } else {
        if (pad) return std::nullopt;
        const char* p = std::find(kBase64, kBase64 + 64, ch);
        if (p == kBase64 + 64) return std::nullopt;
        v = static_cast<int>(p - kBase64);
      }
      n = (n << 6) | static_cast<std::uint32_t>(v);
    }
    out.push_back(static_cast<char>((n >> 16) & 0xFF));
    if (pad < 2) out.push_back(static_cast<char>((n >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(n & 0xFF));
  }
  return out;
}

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// %XX sequences decoded (invalid ones kept as written), the bytes read as UTF-8.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return fn::sanitize_utf8(out);
}

Value base64_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  return c.string(base64_encode(*s));
}

// The decoded bytes read as UTF-8; invalid sequences become U+FFFD, as .NET's decoder makes them.
Value base64_to_string_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  auto bytes = base64_decode(*s);
  if (!bytes) return c.fail("the text is not valid base64");
  return c.string(fn::sanitize_utf8(*bytes));
}

Value base64_to_json_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  auto bytes = base64_decode(*s);
  if (!bytes) return c.fail("the text is not valid base64");
  return fn::parse_json_text(c, fn::sanitize_utf8(*bytes));
}

// dataUri('Hello') is 'data:text/plain;charset=utf8;base64,SGVsbG8='. [src: template-functions-string#datauri]
Value data_uri_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  return c.string("data:text/plain;charset=utf8;base64," + base64_encode(*s));
}

// data:[<media type>][;base64],<data>. The data is read as UTF-8 whatever charset the URI names.
Value data_uri_to_string_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::size_t comma = s->find(',');
  if (!istarts_with(*s, "data:") || comma == std::string::npos) return c.fail("'" + *s + "' is not a data URI");
  std::string_view meta = std::string_view(*s).substr(5, comma - 5);
  std::string_view data = std::string_view(*s).substr(comma + 1);
  if (iends_with(meta, ";base64")) {
    auto bytes = base64_decode(data);
    if (!bytes) return c.fail("the data URI's base64 data is not valid");
    return c.string(fn::sanitize_utf8(*bytes));
  }
  return c.string(percent_decode(data));
}

// uriComponent: .NET Uri.EscapeDataString, every byte but the unreserved characters percent-encoded.
Value uri_component_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::string out;
  for (char ch : *s) {
    auto u = static_cast<unsigned char>(ch);
    bool unreserved = std::isalnum(u) || ch == '-' || ch == '_' || ch == '.' || ch == '~';
    if (unreserved && u < 0x80) {
      out.push_back(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  if (!fn::string_fits(c, out.size())) return fn::string_too_large(c, out.size());
  return c.string(std::move(out));
}

Value uri_component_to_string_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  return c.string(percent_decode(*s));
}

// ---- uri -------------------------------------------------------------------------------------------

struct UriParts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

// RFC 3986 appendix B.
UriParts split_uri(std::string_view s) {
  UriParts u;
  std::size_t colon = s.find(':');
  std::size_t first_delim = s.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 && (first_delim == std::string_view::npos || colon < first_delim)) {
    u.scheme = std::string(s.substr(0, colon));
    s.remove_prefix(colon + 1);
  }
  if (s.substr(0, 2) == "//") {
    s.remove_prefix(2);
    std::size_t end = s.find_first_of("/?#");
    u.has_authority = true;
    u.authority = std::string(s.substr(0, end));
    s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  }
  std::size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  std::size_t q = s.find('?');
  if (q != std::string_view::npos) {
    u.has_query = true;
    u.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  u.path = std::string(s);
  return u;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string input) {
  std::string out;
  std::string_view in(input);
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      std::size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t next = in.find('/', in.front() == '/' ? 1 : 0);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view() : in.substr(next);
    }
  }
  return out;
}

// RFC 3986 section 5.2.2, strict.
UriParts resolve(const UriParts& base, const UriParts& ref) {
  UriParts t;
  if (!ref.scheme.empty()) {
    t = ref;
    t.path = remove_dot_segments(ref.path);
    return t;
  }
  t.scheme = base.scheme;
  t.has_fragment = ref.has_fragment;
  t.fragment = ref.fragment;
  if (ref.has_authority) {
    t.has_authority = true;
    t.authority = ref.authority;
    t.path = remove_dot_segments(ref.path);
    t.has_query = ref.has_query;
    t.query = ref.query;
    return t;
  }
  t.has_authority = base.has_authority;
  t.authority = base.authority;
  if (ref.path.empty()) {
    t.path = base.path;
    t.has_query = ref.has_query || base.has_query;
    t.query = ref.has_query ? ref.query : base.query;
    return t;
  }
  if (ref.path.front() == '/') {
    t.path = remove_dot_segments(ref.path);
  } else {
    std::string merged;
    if (base.has_authority && base.path.empty()) {
      merged = "/" + ref.path;
    } else {
      std::size_t slash = base.path.rfind('/');
      merged = (slash == std::string::npos ? "" : base.path.substr(0, slash + 1)) + ref.path;
    }
    t.path = remove_dot_segments(merged);
  }
  t.has_query = ref.has_query;
  t.query = ref.query;
  return t;
}

// As .NET's Uri writes it: scheme and host lower-cased, the default port dropped, "/" for an empty
// http(s) path.
std::string compose(UriParts u) {
  u.scheme = to_lower(u.scheme);
  std::string out = u.scheme + ":";
  if (u.has_authority) {
    std::size_t at = u.authority.rfind('@');
    std::string userinfo = at == std::string::npos ? "" : u.authority.substr(0, at + 1);
    std::string hostport = at == std::string::npos ? u.authority : u.authority.substr(at + 1);
    std::size_t colon = hostport.rfind(':');
    if (colon != std::string::npos && hostport.find(']', colon) == std::string::npos) {
      std::string port = hostport.substr(colon + 1);
      if ((u.scheme == "http" && port == "80") || (u.scheme == "https" && port == "443") || port.empty()) {
        hostport.erase(colon);
      }
    }
    out += "//" + userinfo + to_lower(hostport);
    if (u.path.empty() && (u.scheme == "http" || u.scheme == "https")) u.path = "/";
  }
  out += u.path;
  if (u.has_query) out += "?" + u.query;
  if (u.has_fragment) out += "#" + u.fragment;
  return out;
}

// uri(base, relative): RFC 3986 resolution, except that a relative path starting with '/' after a base
// ending with '/' keeps the base path ("the trailing slash and the leading slash will be combined into
// one"). [src: template-functions-string#uri]
Value uri_fn(CallContext& c) {
  const std::string* base = fn::string_arg(c, 0);
  const std::string* relative = fn::string_arg(c, 1);
  if (!base) return fn::wrong_type(c, 0, "a string");
  if (!relative) return fn::wrong_type(c, 1, "a string");
  UriParts b = split_uri(*base);
  if (b.scheme.empty()) return c.fail("'" + *base + "' is not an absolute URI");
  std::string_view rel(*relative);
  if (!base->empty() && base->back() == '/' && !rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  return c.string(compose(resolve(b, split_uri(rel))));
}

// ---- simple transformations ------------------------------------------------------------------------

// .NET char.IsWhiteSpace.
bool is_white_space(std::uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

Value trim_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::size_t begin = s->size();
  std::size_t end = 0;
  std::size_t i = 0;
  while (i < s->size()) {
    std::size_t start = i;
    if (!is_white_space(fn::decode_utf8(*s, i))) {
      begin = std::min(begin, start);
      end = i;
    }
  }
  return c.string(begin < end ? s->substr(begin, end - begin) : std::string());
}

// toLower/toUpper: .NET's invariant culture mapping, character by character. A letter outside the
// scripts vaultlint maps makes the result unknown rather than wrong.
Value change_case(CallContext& c, bool upper) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::string out;
  out.reserve(s->size());
  std::size_t i = 0;
  while (i < s->size()) {
    std::size_t start = i;
    std::uint32_t cp = fn::decode_utf8(*s, i);
    bool known = true;
    std::uint32_t mapped = upper ? fn::upper_cp(cp, known) : fn::lower_cp(cp, known);
    if (!known) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", cp);
      return c.fail(std::string("no case mapping known for character ") + buf);
    }
    if (mapped == cp) {
      out.append(*s, start, i - start);
    } else {
      fn::append_utf8(out, mapped);
    }
  }
  return c.string(std::move(out));
}

Value to_lower_fn(CallContext& c) { return change_case(c, false); }
Value to_upper_fn(CallContext& c) { return change_case(c, true); }

// startsWith/endsWith compare case-insensitively. [src: template-functions-string#startswith]
Value affix_fn(CallContext& c, bool start) {
  const std::string* s = fn::string_arg(c, 0);
  const std::string* affix = fn::string_arg(c, 1);
  if (!s) return fn::wrong_type(c, 0, "a string");
  if (!affix) return fn::wrong_type(c, 1, "a string");
  std::string hay = fn::fold_case(*s);
  std::string pin = fn::fold_case(*affix);
  if (pin.size() > hay.size()) return c.boolean(false);
  return c.boolean(start ? hay.compare(0, pin.size(), pin) == 0 : hay.compare(hay.size() - pin.size(), pin.size(), pin) == 0);
}

Value starts_with_fn(CallContext& c) { return affix_fn(c, true); }
Value ends_with_fn(CallContext& c) { return affix_fn(c, false); }

// substring(s, start = 0, length = rest): fails when the range leaves the string or length < 0.
// [src: template-functions-string#substring, Remarks]
Value substring_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  fn::Utf16Index index(*s);
  auto n = static_cast<std::int64_t>(index.units());
  std::int64_t start = 0;
  if (c.args.size() > 1) {
    auto v = fn::int_arg(c, 1);
    if (!v) return fn::wrong_type(c, 1, "an integer");
    start = *v;
  }
  std::int64_t length = start >= 0 && start <= n ? n - start : 0;
  if (c.args.size() > 2) {
    auto v = fn::int_arg(c, 2);
    if (!v) return fn::wrong_type(c, 2, "an integer");
    length = *v;
  }
  if (start < 0 || start > n || length < 0 || length > n - start) {
    return c.fail("the index and length must refer to a location within the string (index " + std::to_string(start) +
                  ", length " + std::to_string(length) + ", string length " + std::to_string(n) + "; the deployment would fail)");
  }
  std::size_t b = index.byte_of(static_cast<std::size_t>(start));
  std::size_t e = index.byte_of(static_cast<std::size_t>(start + length));
  if (b == fn::Utf16Index::npos || e == fn::Utf16Index::npos) {
    return c.fail("the position falls inside a character that .NET stores as two UTF-16 units");
  }
  return c.string(s->substr(b, e - b));
}

// padLeft(value, totalLength, char = ' '): the value is a string or an integer; the padding one
// character. [src: template-functions-string#padleft]
Value pad_left_fn(CallContext& c) {
  const Value& v = c.args[0];
  if (!v.is_string() && !v.is_int()) return fn::wrong_type(c, 0, "a string or an integer");
  std::string s = *fn::scalar_text(v);
  auto total = fn::int_arg(c, 1);
  if (!total) return fn::wrong_type(c, 1, "an integer");
  if (*total < 0) return c.fail("the total length cannot be negative");
  std::string pad = " ";
  if (c.args.size() > 2) {
    const std::string* p = fn::string_arg(c, 2);
    if (!p || fn::Utf16Index(*p).units() != 1) return fn::wrong_type(c, 2, "a single character");
    pad = *p;
  }
  auto length = static_cast<std::int64_t>(fn::Utf16Index(s).units());
  if (*total <= length) return c.string(std::move(s));
  auto count = static_cast<std::size_t>(*total - length);
  // Checked before multiplying, so an absurd length cannot overflow the size.
  if (count > c.evaluator.limits().max_string_bytes) return fn::string_too_large(c, count);
  if (!fn::string_fits(c, s.size() + count * pad.size())) return fn::string_too_large(c, s.size() + count * pad.size());
  std::string out;
  out.reserve(s.size() + count * pad.size());
  for (std::size_t i = 0; i < count; ++i) out += pad;
  out += s;
  return c.string(std::move(out));
}

// replace(s, old, new): every occurrence, case-sensitive (.NET String.Replace is ordinal; the docs name
// no case rule). An empty old string is an error in .NET.
Value replace_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  const std::string* from = fn::string_arg(c, 1);
  const std::string* to = fn::string_arg(c, 2);
  if (!s) return fn::wrong_type(c, 0, "a string");
  if (!from) return fn::wrong_type(c, 1, "a string");
  if (!to) return fn::wrong_type(c, 2, "a string");
  if (from->empty()) return c.fail("the string to replace cannot be empty");
  std::size_t count = 0;
  for (std::size_t pos = s->find(*from); pos != std::string::npos; pos = s->find(*from, pos + from->size())) ++count;
  if (to->size() > from->size()) {
    std::size_t growth = to->size() - from->size();
    std::size_t needed = 0;
    if (__builtin_mul_overflow(count, growth, &needed) || __builtin_add_overflow(needed, s->size(), &needed)) {
      needed = SIZE_MAX;
    }
    if (!fn::string_fits(c, needed)) return fn::string_too_large(c, needed);
  }
  std::string out;
  std::size_t last = 0;
  for (std::size_t pos = s->find(*from); pos != std::string::npos; pos = s->find(*from, last)) {
    out.append(*s, last, pos - last);
    out += *to;
    last = pos + from->size();
  }
  out.append(*s, last, std::string::npos);
  return c.string(std::move(out));
}

// split(s, delimiter or [delimiters]): .NET String.Split(string[], None): at each position the first
// delimiter of the list that matches; empty delimiters are ignored.
Value split_fn(CallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::vector<std::string> delimiters;
  const Value& d = c.args[1];
  if (d.is_string()) {
    delimiters.push_back(d.as_string());
  } else if (d.is_array()) {
    for (const Value& item : d.as_array()) {
      if (item.is_unknown()) return item;
      if (!item.is_string()) return c.fail("every delimiter must be a string, got " + item.display());
      delimiters.push_back(item.as_string());
    }
  } else {
    return fn::wrong_type(c, 1, "a string or an array of strings");
  }
  delimiters.erase(std::remove(delimiters.begin(), delimiters.end(), std::string()), delimiters.end());
  Array out;
  std::size_t last = 0;
  std::size_t i = 0;
  while (i < s->size() && !delimiters.empty()) {
    auto match = std::find_if(delimiters.begin(), delimiters.end(),
                              [&](const std::string& delim) { return s->compare(i, delim.size(), delim) == 0; });
    if (match == delimiters.end()) {
      ++i;
      continue;
    }
    out.push_back(c.string(s->substr(last, i - last)));
    if (!fn::items_fit(c, out.size())) return fn::too_many_items(c, out.size());
    i += match->size();
    last = i;
  }
  out.push_back(c.string(s->substr(last)));
  return Value::array(std::move(out), c.at);
}

// join(array, delimiter): the items written as string() writes scalars.
Value join_fn(CallContext& c) {
  if (!c.args[0].is_array()) return fn::wrong_type(c, 0, "an array of strings");
  const std::string* delimiter = fn::string_arg(c, 1);
  if (!delimiter) return fn::wrong_type(c, 1, "a string");
  std::string out;
  bool first = true;
  for (const Value& item : c.args[0].as_array()) {
    if (item.is_unknown()) return item;
    auto text = item.is_string() || item.is_int() || item.is_bool() ? fn::scalar_text(item) : std::nullopt;
    if (!text) return c.fail("every item must be a string, got " + item.display());
    if (!first) out += *delimiter;
    first = false;
    out += *text;
    if (!fn::string_fits(c, out.size())) return fn::string_too_large(c, out.size());
  }
  return c.string(std::move(out));
}

// string(value): scalars as ARM writes them (True/False for booleans), arrays and objects as compact
// JSON. [src: template-functions-string#string]
Value string_fn(CallContext& c) {
  const Value& v = c.args[0];
  if (auto text = fn::scalar_text(v)) return c.string(std::move(*text));
  if (v.is_array() || v.is_object()) {
    const Value* unknown = nullptr;
    auto json = fn::compact_json(v, c.evaluator.limits().max_string_bytes, &unknown);
    if (unknown) return *unknown;
    if (!json) return c.stop("the value is too large or nested too deeply to write as a string");
    return c.string(std::move(*json));
  }
  return fn::wrong_type(c, 0, "a value");
}

// ---- format ----------------------------------------------------------------------------------------

// Digits with ',' every three from the right.
std::string group_thousands(std::string_view digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// |x| with `decimals` digits after the point, rounded from the binary value ("%.*f").
std::string fixed_magnitude(double x, int decimals) {
  int n = std::snprintf(nullptr, 0, "%.*f", decimals, std::fabs(x));
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), "%.*f", decimals, std::fabs(x));
  out.pop_back();
  return out;
}

std::string with_sign(bool negative, std::string magnitude) {
  bool nonzero = magnitude.find_first_of("123456789") != std::string::npos;
  return negative && nonzero ? "-" + magnitude : magnitude;
}

// .NET custom numeric formats built from '0', '#', ',' and '.' only ("000", "#,##0.00").
std::optional<std::string> custom_number(const Value& v, std::string_view spec) {
  if (spec.find_first_not_of("0#,.") != std::string_view::npos) return std::nullopt;
  std::size_t dot = spec.find('.');
  std::string_view int_part = spec.substr(0, dot);
  std::string_view frac_part = dot == std::string_view::npos ? std::string_view() : spec.substr(dot + 1);
  if (frac_part.find_first_of(".,") != std::string_view::npos) return std::nullopt;
  if (!int_part.empty() && int_part.back() == ',') return std::nullopt;  // trailing commas scale by 1000
  bool grouping = int_part.find(',') != std::string_view::npos;
  auto min_int = static_cast<std::size_t>(std::count(int_part.begin(), int_part.end(), '0'));
  auto min_frac = static_cast<int>(std::count(frac_part.begin(), frac_part.end(), '0'));
  auto max_frac = static_cast<int>(frac_part.size());
  bool negative = v.is_int() ? v.as_int() < 0 : v.as_number() < 0;
  std::string text = v.is_int() ? std::to_string(v.as_int()) : fixed_magnitude(v.as_number(), max_frac);
  if (v.is_int()) {
    if (negative) text.erase(0, 1);
    if (max_frac > 0) text += "." + std::string(static_cast<std::size_t>(max_frac), '0');
  }
  std::size_t point = text.find('.');
  std::string int_digits = text.substr(0, point);
  std::string frac_digits = point == std::string::npos ? "" : text.substr(point + 1);
  while (static_cast<int>(frac_digits.size()) > min_frac && frac_digits.back() == '0') frac_digits.pop_back();
  while (int_digits.size() > 1 && int_digits.front() == '0') int_digits.erase(0, 1);
  if (int_digits == "0" && min_int == 0) int_digits.clear();
  if (int_digits.size() < min_int) int_digits.insert(0, min_int - int_digits.size(), '0');
  std::string out = grouping ? group_thousands(int_digits) : int_digits;
  if (!frac_digits.empty()) out += "." + frac_digits;
  return with_sign(negative, out);
}

// A number formatted by a .NET standard (D, N, F, X, E, G, R) or simple custom format specifier.
// nullopt for what vaultlint does not reproduce (culture-specific C and P, other custom formats).
std::optional<std::string> format_number(const Value& v, std::string_view spec) {
  if (spec.empty()) return fn::scalar_text(v);
  char kind = spec[0];
  std::string_view digits = spec.substr(1);
  bool standard = std::isalpha(static_cast<unsigned char>(kind)) && digits.size() <= 2 &&
                  std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  if (!standard) return custom_number(v, spec);
  int precision = digits.empty() ? -1 : std::stoi(std::string(digits));
  bool negative = v.is_int() ? v.as_int() < 0 : v.as_number() < 0;
  switch (kind) {
    case 'D':
    case 'd': {
      if (!v.is_int()) return std::nullopt;  // .NET: D is for integers only
      std::string magnitude = std::to_string(v.as_int());
      if (negative) magnitude.erase(0, 1);
      if (precision > static_cast<int>(magnitude.size())) magnitude.insert(0, static_cast<std::size_t>(precision) - magnitude.size(), '0');
      return negative ? "-" + magnitude : magnitude;
    }
    case 'N':
    case 'n':
    case 'F':
    case 'f': {
      int decimals = precision < 0 ? 2 : precision;
      std::string text = v.is_int() ? std::to_string(v.as_int()) : fixed_magnitude(v.as_number(), decimals);
      if (v.is_int()) {
        if (negative) text.erase(0, 1);
        if (decimals > 0) text += "." + std::string(static_cast<std::size_t>(decimals), '0');
      }
      if (kind == 'N' || kind == 'n') {
        std::size_t point = text.find('.');
        text = group_thousands(text.substr(0, point)) + (point == std::string::npos ? "" : text.substr(point));
      }
      return with_sign(negative, text);
    }
    case 'X':
    case 'x': {
      if (!v.is_int()) return std::nullopt;
      char buf[32];
      std::snprintf(buf, sizeof buf, kind == 'X' ? "%llX" : "%llx", static_cast<unsigned long long>(v.as_int()));
      std::string hex = buf;
      if (precision > static_cast<int>(hex.size())) hex.insert(0, static_cast<std::size_t>(precision) - hex.size(), '0');
      return hex;
    }
    case 'E':
    case 'e': {
      // d.ddddddE+ddd: six decimals by default, the exponent with a sign and at least three digits.
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.*e", precision < 0 ? 6 : precision, std::fabs(v.as_number()));
      std::string text = buf;
      std::size_t e = text.find('e');
      int exponent = std::stoi(text.substr(e + 1));
      std::snprintf(buf, sizeof buf, "%c%c%03d", kind, exponent < 0 ? '-' : '+', std::abs(exponent));
      return with_sign(negative, text.substr(0, e) + buf);
    }
    case 'G':
    case 'g':
    case 'R':
    case 'r':
      if (precision >= 0 && (kind == 'G' || kind == 'g')) return std::nullopt;
      return fn::scalar_text(v);
    default:
      return std::nullopt;
  }
}

// One format item's text, or an unknown in `error`.
std::optional<std::string> format_argument(const CallContext& c, const Value& v, std::string_view spec, Value& error) {
  // Strings and booleans are not IFormattable in .NET: their format specifier is ignored.
  if (v.is_string() || v.is_bool() || v.is_null()) return fn::scalar_text(v);
  if (v.is_number()) {
    auto text = format_number(v, spec);
    if (!text) error = c.fail("the format specifier '" + std::string(spec) + "' for " + v.display() + " is not supported");
    return text;
  }
  error = c.fail("cannot format " + v.display() + " (only strings, numbers and booleans)");
  return std::nullopt;
}

// format(formatString, args...): .NET composite formatting: {index[,alignment][:formatString]}, with
// {{ and }} as escapes. [src: template-functions-string#format, "the same formatting options as the
// System.String.Format method"]
Value format_fn(CallContext& c) {
  const std::string* f = fn::string_arg(c, 0);
  if (!f) return fn::wrong_type(c, 0, "a string");
  auto invalid = [&] { return c.fail("'" + *f + "' is not a valid format string"); };
  std::string out;
  std::size_t i = 0;
  while (i < f->size()) {
    char ch = (*f)[i];
    if (ch == '}') {
      if (i + 1 < f->size() && (*f)[i + 1] == '}') {
        out.push_back('}');
        i += 2;
        continue;
      }
      return invalid();
    }
    if (ch != '{') {
      out.push_back(ch);
      ++i;
      continue;
    }
    if (i + 1 < f->size() && (*f)[i + 1] == '{') {
      out.push_back('{');
      i += 2;
      continue;
    }
    std::size_t close = f->find('}', i);
    if (close == std::string::npos) return invalid();
    std::string_view item = std::string_view(*f).substr(i + 1, close - i - 1);
    i = close + 1;
    std::size_t colon = item.find(':');
    std::string_view spec = colon == std::string_view::npos ? std::string_view() : item.substr(colon + 1);
    std::string_view head = item.substr(0, colon);
    std::size_t comma = head.find(',');
    std::string_view index_text = head.substr(0, comma);
    while (!index_text.empty() && index_text.back() == ' ') index_text.remove_suffix(1);
    if (index_text.empty() || index_text.size() > 6 || index_text.find_first_not_of("0123456789") != std::string_view::npos) {
      return invalid();
    }
    std::size_t index = std::stoul(std::string(index_text));
    if (index + 1 >= c.args.size()) return c.fail("format item {" + std::string(index_text) + "} has no argument");
    long width = 0;
    if (comma != std::string_view::npos) {
      std::string width_text(head.substr(comma + 1));
      width_text.erase(std::remove(width_text.begin(), width_text.end(), ' '), width_text.end());
      std::size_t used = 0;
      try {
        width = std::stol(width_text, &used);
      } catch (...) {
        return invalid();
      }
      if (used != width_text.size()) return invalid();
    }
    Value error;
    auto text = format_argument(c, c.args[index + 1], spec, error);
    if (!text) return error;
    auto units = static_cast<long>(fn::Utf16Index(*text).units());
    std::size_t pad = std::labs(width) > units ? static_cast<std::size_t>(std::labs(width) - units) : 0;
    if (!fn::string_fits(c, out.size() + text->size() + pad)) return fn::string_too_large(c, out.size() + text->size() + pad);
    if (width > 0) out.append(pad, ' ');
    out += *text;
    if (width < 0) out.append(pad, ' ');
  }
  return c.string(std::move(out));
}

}  // namespace

void register_string_functions(FunctionTable& t) {
  t.add({"base64", 1, 1, false, base64_fn});
  t.add({"base64ToString", 1, 1, false, base64_to_string_fn});
  t.add({"base64ToJson", 1, 1, false, base64_to_json_fn});
  t.add({"dataUri", 1, 1, false, data_uri_fn});
  t.add({"dataUriToString", 1, 1, false, data_uri_to_string_fn});
  t.add({"uri", 2, 2, false, uri_fn});
  t.add({"uriComponent", 1, 1, false, uri_component_fn});
  t.add({"uriComponentToString", 1, 1, false, uri_component_to_string_fn});
  t.add({"trim", 1, 1, false, trim_fn});
  t.add({"toLower", 1, 1, false, to_lower_fn});
  t.add({"toUpper", 1, 1, false, to_upper_fn});
  t.add({"startsWith", 2, 2, false, starts_with_fn});
  t.add({"endsWith", 2, 2, false, ends_with_fn});
  t.add({"substring", 1, 3, false, substring_fn});
  t.add({"padLeft", 2, 3, false, pad_left_fn});
  t.add({"replace", 3, 3, false, replace_fn});
  t.add({"split", 2, 2, false, split_fn});
  t.add({"join", 2, 2, false, join_fn});
  t.add({"string", 1, 1, false, string_fn});
  t.add({"format", 1, -1, false, format_fn});
}

}  // namespace vl
