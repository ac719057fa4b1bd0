#include "eval/functions/json_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <nlohmann/json.hpp>

#include "source/bytes.h"

namespace vl::fn {

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

Value from_json(const ArmCallContext& c, const ordered_json& j, std::string& error) {
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

Value parse_json_text(const ArmCallContext& c, std::string_view text) {
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

}  // namespace vl::fn
