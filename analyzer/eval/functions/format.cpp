// format(): .NET composite formatting ({index[,alignment][:formatString]}) with .NET's standard and custom
// numeric format strings, as ARM's format() applies them. [src: learn.microsoft.com
// template-functions-string#format, ms.date 08/01/2025]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "eval/functions/function_support.h"
#include "eval/functions/json_text.h"
#include "eval/functions/utf16.h"

namespace vl {

namespace {

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
std::optional<std::string> format_argument(const ArmCallContext& c, const Value& v, std::string_view spec, Value& error) {
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
Value format_fn(ArmCallContext& c) {
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

void register_format_functions(FunctionTable& t) {
  t.add({"format", 1, -1, false, format_fn});
}

}  // namespace vl
