#include "eval/functions/function_support.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <nlohmann/json.hpp>

namespace vl::fn {

// ---- arguments -------------------------------------------------------------------------------------

Value wrong_type(const CallContext& c, std::size_t i, std::string_view expected) {
  std::string got = i < c.args.size() ? c.args[i].display() : "nothing";
  return c.fail("argument " + std::to_string(i + 1) + " must be " + std::string(expected) + ", got " + got);
}

const std::string* string_arg(const CallContext& c, std::size_t i) {
  return i < c.args.size() && c.args[i].is_string() ? &c.args[i].as_string() : nullptr;
}

std::optional<std::int64_t> int_arg(const CallContext& c, std::size_t i) {
  if (i < c.args.size() && c.args[i].is_int()) return c.args[i].as_int();
  return std::nullopt;
}

bool is_lambda(const Value& v) {
  const OpaquePayload* p = v.is_opaque() ? v.opaque_ptr().get() : nullptr;
  return dynamic_cast<const LambdaPayload*>(p) || dynamic_cast<const CallableLambda*>(p);
}

// ---- limits ----------------------------------------------------------------------------------------

bool string_fits(const CallContext& c, std::size_t bytes) { return bytes <= c.evaluator.limits().max_string_bytes; }

bool items_fit(const CallContext& c, std::size_t items) {
  return items <= c.evaluator.limits().max_collection_items;
}

Value string_too_large(const CallContext& c, std::size_t bytes) {
  std::string size = bytes == SIZE_MAX ? "more than " + std::to_string(c.evaluator.limits().max_string_bytes)
                                       : std::to_string(bytes);
  return c.stop("the result would be a string of " + size + " bytes, over the evaluation limit");
}

Value too_many_items(const CallContext& c, std::size_t items) {
  return c.stop("the result would hold " + std::to_string(items) + " items, over the evaluation limit");
}

// ---- objects ---------------------------------------------------------------------------------------

ObjectBuilder::ObjectBuilder(Object start) : object_(std::move(start)) {
  const auto& members = object_.members();
  for (std::size_t i = 0; i < members.size(); ++i) index_[to_lower(members[i].key)] = i;  // last one wins, as in find()
}

void ObjectBuilder::set(const std::string& key, Value value, Span key_span, Span value_span) {
  auto [it, added] = index_.emplace(to_lower(key), object_.size());
  if (added) {
    object_.append(key, std::move(value), key_span, value_span);
    return;
  }
  Member& m = object_.members()[it->second];
  m.value = std::move(value);
  if (key_span.valid()) m.key_span = key_span;
  m.value_span = value_span;
}

const Value* ObjectBuilder::find(std::string_view key) const {
  auto it = index_.find(to_lower(key));
  return it == index_.end() ? nullptr : &object_.members()[it->second].value;
}

// ---- conversions -----------------------------------------------------------------------------------

namespace {

// The shortest decimal digits that read back as d, and the decimal exponent of the first digit.
void shortest_digits(double d, std::string& digits, int& exponent) {
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  // buf is "[-]d.ddde[+-]xx"
  std::string_view text(buf);
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  std::size_t e = text.find('e');
  for (char ch : text.substr(0, e)) {
    if (ch != '.') digits.push_back(ch);
  }
  exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
}

void escape_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    std::uint32_t cp = decode_utf8(s, i);
    switch (cp) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      default: break;
    }
    // Control characters and the line separators JavaScript treats as line ends, as Json.NET escapes them.
    if (cp < 0x20 || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  out.push_back('"');
}

struct JsonWriter {
  std::string& out;
  std::size_t max_bytes;
  const Value* first_unknown = nullptr;
  bool write(const Value& v, int depth);
};

bool JsonWriter::write(const Value& v, int depth) {
  if (depth > kMaxNesting || out.size() > max_bytes) return false;
  switch (v.kind()) {
    case Kind::Null:
      out += "null";
      return true;
    case Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return true;
    case Kind::Int:
      out += std::to_string(v.as_int());
      return true;
    case Kind::Float: {
      // Json.NET writes a whole double with ".0" so that it reads back as a double.
      std::string text = format_double(v.as_number());
      if (std::isfinite(v.as_number()) && text.find_first_of(".E") == std::string::npos) text += ".0";
      out += text;
      return true;
    }
    case Kind::String:
      escape_json_string(out, v.as_string());
      return true;
    case Kind::Array: {
      out.push_back('[');
      bool first = true;
      for (const Value& item : v.as_array()) {
        if (!first) out.push_back(',');
        first = false;
        if (!write(item, depth + 1)) return false;
      }
      out.push_back(']');
      return true;
    }
    case Kind::Object: {
      out.push_back('{');
      bool first = true;
      for (const Member& m : v.as_object().members()) {
        if (!first) out.push_back(',');
        first = false;
        escape_json_string(out, m.key);
        out.push_back(':');
        if (!write(m.value, depth + 1)) return false;
      }
      out.push_back('}');
      return true;
    }
    case Kind::Unknown:
      if (!first_unknown) first_unknown = &v;
      out += "<unknown>";
      return true;
    case Kind::Opaque:
      out += "<lambda>";
      return true;
    case Kind::Absent:
      out += "<absent>";
      return true;
  }
  return false;
}

}  // namespace

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
  std::string digits;
  int exponent = 0;
  shortest_digits(d, digits, exponent);
  std::string out = std::signbit(d) ? "-" : "";
  if (exponent < -4 || exponent >= 15) {
    // Scientific, as .NET writes it: 1E+15, 1.5E-07.
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char buf[16];
    std::snprintf(buf, sizeof buf, "E%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + buf;
  }
  if (exponent < 0) return out + "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  auto int_len = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= int_len) return out + digits + std::string(int_len - digits.size(), '0');
  return out + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

std::optional<std::string> scalar_text(const Value& v) {
  switch (v.kind()) {
    case Kind::String:
      return v.as_string();
    case Kind::Int:
      return std::to_string(v.as_int());
    case Kind::Float:
      return format_double(v.as_number());
    case Kind::Bool:
      return std::string(v.as_bool() ? "True" : "False");
    case Kind::Null:
      return std::string();
    default:
      return std::nullopt;
  }
}

std::optional<std::string> compact_json(const Value& v, std::size_t max_bytes, const Value** first_unknown) {
  std::string out;
  JsonWriter writer{out, max_bytes};
  bool ok = writer.write(v, 0) && out.size() <= max_bytes;
  if (first_unknown) *first_unknown = writer.first_unknown;
  if (!ok) return std::nullopt;
  return out;
}

namespace {

using ordered_json = nlohmann::ordered_json;

// Rewrites 'single-quoted' strings as "double-quoted" ones, which Azure's reader (Json.NET) accepts and
// nlohmann does not, and measures the nesting. False when a string is not closed.
bool normalize_json(std::string_view text, std::string& out, int& max_depth) {
  out.reserve(text.size());
  int depth = 0;
  max_depth = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char ch = text[i];
    if (ch == '"' || ch == '\'') {
      char quote = ch;
      out.push_back('"');
      ++i;
      bool closed = false;
      while (i < text.size()) {
        char s = text[i];
        if (s == '\\' && i + 1 < text.size()) {
          if (quote == '\'' && text[i + 1] == '\'') {
            out.push_back('\'');
          } else {
            out.push_back(s);
            out.push_back(text[i + 1]);
          }
          i += 2;
          continue;
        }
        ++i;
        if (s == quote) {
          closed = true;
          break;
        }
        if (s == '"') out.push_back('\\');  // a double quote inside a single-quoted string
        out.push_back(s);
      }
      if (!closed) return false;
      out.push_back('"');
      continue;
    }
    if (ch == '[' || ch == '{') max_depth = std::max(max_depth, ++depth);
    if (ch == ']' || ch == '}') --depth;
    out.push_back(ch);
    ++i;
  }
  return true;
}

Value from_json(const CallContext& c, const ordered_json& j, std::string& error) {
  switch (j.type()) {
    case ordered_json::value_t::null:
    case ordered_json::value_t::discarded:
      return Value::null(c.at);
    case ordered_json::value_t::boolean:
      return Value::boolean(j.get<bool>(), c.at);
    case ordered_json::value_t::number_integer:
      return Value::integer(j.get<std::int64_t>(), c.at);
    case ordered_json::value_t::number_unsigned: {
      auto u = j.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return Value::integer(static_cast<std::int64_t>(u), c.at);
      return Value::number(static_cast<double>(u), c.at);
    }
    case ordered_json::value_t::number_float:
      return Value::number(j.get<double>(), c.at);
    case ordered_json::value_t::string:
      return Value::string(j.get<std::string>(), c.at);
    case ordered_json::value_t::array: {
      if (!items_fit(c, j.size())) {
        error = "an array of " + std::to_string(j.size()) + " items is over the evaluation limit";
        return Value();
      }
      Array items;
      items.reserve(j.size());
      for (const auto& item : j) {
        items.push_back(from_json(c, item, error));
        if (!error.empty()) return Value();
      }
      return Value::array(std::move(items), c.at);
    }
    case ordered_json::value_t::object: {
      if (!items_fit(c, j.size())) {
        error = "an object of " + std::to_string(j.size()) + " members is over the evaluation limit";
        return Value();
      }
      ObjectBuilder members;
      for (const auto& [key, item] : j.items()) {
        members.set(key, from_json(c, item, error), c.at);
        if (!error.empty()) return Value();
      }
      return Value::object(members.take(), c.at);
    }
    case ordered_json::value_t::binary:
      break;
  }
  error = "unsupported JSON value";
  return Value();
}

}  // namespace

Value parse_json_text(const CallContext& c, std::string_view text) {
  std::string normalized;
  int depth = 0;
  if (!normalize_json(text, normalized, depth)) return c.fail("the JSON text has an unterminated string");
  if (depth > kMaxNesting) return c.fail("the JSON text is nested deeper than " + std::to_string(kMaxNesting) + " levels");
  ordered_json j;
  try {
    j = ordered_json::parse(normalized, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const std::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..." -> the tail:
    // the library's own labels mean nothing to a reader of the template.
    std::string message = e.what();
    if (std::size_t label = message.find("] "); message.starts_with("[json.exception.") && label != std::string::npos) {
      message.erase(0, label + 2);
    }
    return c.fail("the text is not valid JSON: " + message);
  }
  std::string error;
  Value v = from_json(c, j, error);
  if (!error.empty()) return c.fail(error);
  return v;
}

// ---- equality --------------------------------------------------------------------------------------

namespace {

Tri equal_at(const Value& a, const Value& b, bool ignore_case, int depth, WorkBudget& budget) {
  if (a.is_unknown() || b.is_unknown() || depth > kMaxNesting || !budget.spend()) return Tri::Unknown;
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int() ? Tri::True : Tri::False;
    return a.as_number() == b.as_number() ? Tri::True : Tri::False;
  }
  if (a.kind() != b.kind()) return Tri::False;
  switch (a.kind()) {
    case Kind::Array: {
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.size() != y.size()) return Tri::False;
      Tri result = Tri::True;
      for (std::size_t i = 0; i < x.size(); ++i) {
        Tri t = equal_at(x[i], y[i], ignore_case, depth + 1, budget);
        if (t == Tri::False) return Tri::False;
        if (t == Tri::Unknown) result = Tri::Unknown;
      }
      return result;
    }
    case Kind::Object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return Tri::False;
      Tri result = Tri::True;
      for (const Member& m : x.members()) {
        const Value* other = y.find(m.key);
        if (!other) return Tri::False;
        Tri t = equal_at(m.value, *other, ignore_case, depth + 1, budget);
        if (t == Tri::False) return Tri::False;
        if (t == Tri::Unknown) result = Tri::Unknown;
      }
      return result;
    }
    case Kind::Opaque:
      return a.opaque_ptr() == b.opaque_ptr() ? Tri::True : Tri::Unknown;
    default:
      return deep_equals(a, b, ignore_case) ? Tri::True : Tri::False;
  }
}

// The first unknown at or below v, or null; stops early when the budget runs out.
const Value* find_unknown_in(const Value& v, WorkBudget& budget, int depth) {
  if (v.is_unknown()) return &v;
  if (depth > kMaxNesting || !budget.spend()) return nullptr;
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (const Value* u = find_unknown_in(item, budget, depth + 1)) return u;
    }
  } else if (v.is_object()) {
    for (const Member& m : v.as_object().members()) {
      if (const Value* u = find_unknown_in(m.value, budget, depth + 1)) return u;
    }
  }
  return nullptr;
}

}  // namespace

Tri equal_values(const Value& a, const Value& b, WorkBudget& budget, bool ignore_case) {
  return equal_at(a, b, ignore_case, 0, budget);
}

namespace {

Value too_large_to_compare(const CallContext& c) {
  return c.stop("the values are too large or nested too deeply to compare");
}

}  // namespace

Value blocking_unknown(const CallContext& c, std::initializer_list<const Value*> values, const WorkBudget& budget) {
  if (budget.left == 0) return too_large_to_compare(c);
  WorkBudget search;
  for (const Value* v : values) {
    if (const Value* u = find_unknown_in(*v, search, 0)) return *u;
  }
  return too_large_to_compare(c);
}

Value blocking_unknown(const CallContext& c, const std::vector<Value>& values, const WorkBudget& budget) {
  if (budget.left == 0) return too_large_to_compare(c);
  WorkBudget search;
  for (const Value& v : values) {
    if (const Value* u = find_unknown_in(v, search, 0)) return *u;
  }
  return too_large_to_compare(c);
}

// ---- text ------------------------------------------------------------------------------------------

std::uint32_t decode_utf8(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = b0 >= 0xF0 && b0 <= 0xF4 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 && b0 <= 0xDF ? 2 : 0;
  if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return 0xFFFD;
  }
  std::uint32_t cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char b = byte(i + static_cast<std::size_t>(k));
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string sanitize_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t start = i;
    std::uint32_t cp = decode_utf8(bytes, i);
    if (cp == 0xFFFD && i - start == 1) {
      append_utf8(out, cp);
    } else {
      out.append(bytes.substr(start, i - start));
    }
  }
  return out;
}

Utf16Index::Utf16Index(std::string_view s) : s_(s) {
  ascii_ = std::all_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (ascii_) return;
  std::size_t i = 0;
  while (i < s.size()) {
    auto start = static_cast<std::uint32_t>(i);
    std::uint32_t cp = decode_utf8(s, i);
    starts_.push_back(start);
    second_half_.push_back(false);
    if (cp >= 0x10000) {
      starts_.push_back(start);
      second_half_.push_back(true);
    }
  }
}

std::size_t Utf16Index::byte_of(std::size_t u) const {
  if (ascii_) return std::min(u, s_.size());
  if (u >= starts_.size()) return s_.size();
  return second_half_[u] ? npos : starts_[u];
}

std::size_t Utf16Index::unit_of(std::size_t byte) const {
  if (ascii_) return byte;
  return static_cast<std::size_t>(std::lower_bound(starts_.begin(), starts_.end(), byte) - starts_.begin());
}

namespace {

// Blocks whose characters have no case, so mapping them is the identity.
bool caseless(std::uint32_t cp) {
  struct Range {
    std::uint32_t lo, hi;
  };
  static constexpr Range kRanges[] = {
      {0x02B0, 0x036F}, {0x0590, 0x05FF}, {0x0600, 0x06FF}, {0x0900, 0x0E7F}, {0x2000, 0x206F},
      {0x20A0, 0x20CF}, {0x2190, 0x23FF}, {0x2500, 0x27BF}, {0x2E80, 0x9FFF}, {0xAC00, 0xD7AF},
      {0xE000, 0xF8FF}, {0xFE30, 0xFE4F}, {0xFF01, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFFFD},
      {0x1F000, 0x1FAFF},
  };
  for (const Range& r : kRanges) {
    if (cp >= r.lo && cp <= r.hi) return true;
  }
  return false;
}

bool even(std::uint32_t cp) { return cp % 2 == 0; }

}  // namespace

std::uint32_t lower_cp(std::uint32_t cp, bool& known) {
  known = true;
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
  if (cp < 0x100) return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 0x20 : cp;
  if (cp < 0x180) {  // Latin Extended-A: mostly upper/lower pairs
    if (cp == 0x130) return 'i';
    if (cp == 0x178) return 0xFF;
    if ((cp <= 0x137 && even(cp)) || (cp >= 0x139 && cp <= 0x148 && !even(cp)) ||
        (cp >= 0x14A && cp <= 0x177 && even(cp)) || (cp >= 0x179 && cp <= 0x17E && !even(cp))) {
      return cp + 1;
    }
    return cp;
  }
  if (cp >= 0x370 && cp <= 0x3FF) {  // Greek
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
    if (cp == 0x386) return 0x3AC;
    if (cp >= 0x388 && cp <= 0x38A) return cp + 0x25;
    if (cp == 0x38C) return 0x3CC;
    if (cp == 0x38E || cp == 0x38F) return cp + 0x3F;
    if ((cp >= 0x3AC && cp <= 0x3CE) || cp == 0x390 || cp == 0x374 || cp == 0x375 || cp == 0x37A ||
        cp == 0x37E || cp == 0x384 || cp == 0x385 || cp == 0x387) {
      return cp;
    }
  } else if (cp >= 0x400 && cp <= 0x45F) {  // basic Cyrillic
    if (cp <= 0x40F) return cp + 0x50;
    if (cp <= 0x42F) return cp + 0x20;
    return cp;
  } else if (cp >= 0xFF21 && cp <= 0xFF3A) {  // fullwidth Latin
    return cp + 0x20;
  } else if ((cp >= 0xFF41 && cp <= 0xFF5A) || caseless(cp)) {
    return cp;
  }
  known = false;
  return cp;
}

std::uint32_t upper_cp(std::uint32_t cp, bool& known) {
  known = true;
  if (cp < 0x80) return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
  if (cp < 0x100) {
    if (cp == 0xB5) return 0x39C;
    if (cp == 0xFF) return 0x178;
    return cp >= 0xE0 && cp <= 0xFE && cp != 0xF7 ? cp - 0x20 : cp;
  }
  if (cp < 0x180) {
    if (cp == 0x131) return 'I';
    if (cp == 0x17F) return 'S';
    if ((cp <= 0x137 && !even(cp)) || (cp >= 0x13A && cp <= 0x148 && even(cp)) ||
        (cp >= 0x14B && cp <= 0x177 && !even(cp)) || (cp >= 0x17A && cp <= 0x17E && even(cp))) {
      return cp - 1;
    }
    return cp;
  }
  if (cp >= 0x370 && cp <= 0x3FF) {
    if (cp >= 0x3B1 && cp <= 0x3C9) return cp == 0x3C2 ? 0x3A3 : cp - 0x20;
    if (cp == 0x3AC) return 0x386;
    if (cp >= 0x3AD && cp <= 0x3AF) return cp - 0x25;
    if (cp == 0x3CC) return 0x38C;
    if (cp == 0x3CD || cp == 0x3CE) return cp - 0x3F;
    if ((cp >= 0x386 && cp <= 0x3AB) || cp == 0x3B0 || cp == 0x374 || cp == 0x375 || cp == 0x37A ||
        cp == 0x37E || cp == 0x384 || cp == 0x385) {
      return cp;
    }
  } else if (cp >= 0x400 && cp <= 0x45F) {
    if (cp >= 0x450) return cp - 0x50;
    if (cp >= 0x430) return cp - 0x20;
    return cp;
  } else if (cp >= 0xFF41 && cp <= 0xFF5A) {
    return cp - 0x20;
  } else if ((cp >= 0xFF21 && cp <= 0xFF3A) || caseless(cp)) {
    return cp;
  }
  known = false;
  return cp;
}

std::string fold_case(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::uint32_t cp = decode_utf8(s, i);
    bool known = false;
    append_utf8(out, upper_cp(cp, known));
  }
  return out;
}

}  // namespace vl::fn
