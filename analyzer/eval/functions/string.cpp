// String functions: endsWith, join, padLeft, replace, split, startsWith, string, substring, toLower,
// toUpper, trim. (base64, dataUri, uri and their kin are in encoding.cpp, format in format.cpp; concat,
// contains, empty, first, last, indexOf, lastIndexOf, length, skip and take are registered once with the
// array functions; guid and uniqueString with the hash functions; json with the object functions.)
// Positions and lengths count UTF-16 units, as .NET does. [src: learn.microsoft.com
// template-functions-string, ms.date 08/01/2025]
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "eval/functions/function_support.h"
#include "eval/functions/json_text.h"
#include "eval/functions/utf16.h"
#include "graph/symbol.h"
#include "source/bytes.h"

namespace vl {

namespace {

// ---- simple transformations ------------------------------------------------------------------------

// .NET char.IsWhiteSpace.
bool is_white_space(std::uint32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

Value trim_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::size_t begin = s->size();
  std::size_t end = 0;
  std::size_t i = 0;
  while (i < s->size()) {
    std::size_t start = i;
    if (!is_white_space(decode_utf8(*s, i))) {
      begin = std::min(begin, start);
      end = i;
    }
  }
  return c.string(begin < end ? s->substr(begin, end - begin) : std::string());
}

// toLower/toUpper: .NET's invariant culture mapping, character by character. A letter outside the
// scripts vaultlint maps makes the result unknown rather than wrong.
Value change_case(ArmCallContext& c, bool upper) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::string out;
  out.reserve(s->size());
  std::size_t i = 0;
  while (i < s->size()) {
    std::size_t start = i;
    std::uint32_t cp = decode_utf8(*s, i);
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
      append_utf8(out, mapped);
    }
  }
  return c.string(std::move(out));
}

Value to_lower_fn(ArmCallContext& c) { return change_case(c, false); }
Value to_upper_fn(ArmCallContext& c) { return change_case(c, true); }

// startsWith/endsWith compare case-insensitively. [src: template-functions-string#startswith]
Value affix_fn(ArmCallContext& c, bool start) {
  const std::string* s = fn::string_arg(c, 0);
  const std::string* affix = fn::string_arg(c, 1);
  if (!s) return fn::wrong_type(c, 0, "a string");
  if (!affix) return fn::wrong_type(c, 1, "a string");
  std::string hay = fn::fold_case(*s);
  std::string pin = fn::fold_case(*affix);
  if (pin.size() > hay.size()) return c.boolean(false);
  return c.boolean(start ? hay.compare(0, pin.size(), pin) == 0 : hay.compare(hay.size() - pin.size(), pin.size(), pin) == 0);
}

Value starts_with_fn(ArmCallContext& c) { return affix_fn(c, true); }
Value ends_with_fn(ArmCallContext& c) { return affix_fn(c, false); }

// substring(s, start = 0, length = rest): fails when the range leaves the string or length < 0.
// [src: template-functions-string#substring, Remarks]
Value substring_fn(ArmCallContext& c) {
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
Value pad_left_fn(ArmCallContext& c) {
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
Value replace_fn(ArmCallContext& c) {
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

// split() of an unknown resource id named by a symbol (`resourceGroup().id` when the resource group is a
// parameter), by '/': a marker in an id is one whole segment (graph/symbol.h) standing for a name that
// cannot hold '/', so the segments are known where the id is and keep their markers where it is not.
// Anything else split from an unknown is unknown, and no longer named by the argument's symbol.
Value split_unknown(ArmCallContext& c) {
  const Value& text = c.args[0].is_unknown() ? c.args[0] : c.args[1];
  const std::string* symbol = symbol_of(c.args[0]);
  const Value& d = c.args[1];
  bool by_slash = (d.is_string() && d.as_string() == "/") ||
                  (d.is_array() && d.as_array().size() == 1 && d.as_array()[0].is_string() &&
                   d.as_array()[0].as_string() == "/");
  if (!symbol || !by_slash || symbol->empty() || (*symbol)[0] != '/') return without_symbol(text);
  Array out;
  std::size_t last = 0;
  for (std::size_t i = 0; i <= symbol->size(); ++i) {
    if (i < symbol->size() && (*symbol)[i] != '/') continue;
    std::string segment = symbol->substr(last, i - last);
    out.push_back(is_symbolic(segment) ? with_symbol(c.args[0], std::move(segment)) : c.string(std::move(segment)));
    if (!fn::items_fit(c, out.size())) return fn::too_many_items(c, out.size());
    last = i + 1;
  }
  return Value::array(std::move(out), c.at);
}

// split(s, delimiter or [delimiters]): .NET String.Split(string[], None): at each position the first
// delimiter of the list that matches; empty delimiters are ignored.
Value split_fn(ArmCallContext& c) {
  if (c.args[0].is_unknown() || c.args[1].is_unknown()) return split_unknown(c);
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::vector<std::string> delimiters;
  const Value& d = c.args[1];
  if (d.is_string()) {
    delimiters.push_back(d.as_string());
  } else if (d.is_array()) {
    for (const Value& item : d.as_array()) {
      if (item.is_unknown()) return without_symbol(item);
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
Value join_fn(ArmCallContext& c) {
  if (!c.args[0].is_array()) return fn::wrong_type(c, 0, "an array of strings");
  const std::string* delimiter = fn::string_arg(c, 1);
  if (!delimiter) return fn::wrong_type(c, 1, "a string");
  std::string out;
  bool first = true;
  for (const Value& item : c.args[0].as_array()) {
    if (item.is_unknown()) return without_symbol(item);
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
Value string_fn(ArmCallContext& c) {
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

}  // namespace

void register_string_functions(FunctionTable& t) {
  t.add({"trim", 1, 1, false, trim_fn});
  t.add({"toLower", 1, 1, false, to_lower_fn});
  t.add({"toUpper", 1, 1, false, to_upper_fn});
  t.add({"startsWith", 2, 2, false, starts_with_fn});
  t.add({"endsWith", 2, 2, false, ends_with_fn});
  t.add({"substring", 1, 3, false, substring_fn});
  t.add({"padLeft", 2, 3, false, pad_left_fn});
  t.add({"replace", 3, 3, false, replace_fn});
  t.add({"split", 2, 2, true, split_fn});
  t.add({"join", 2, 2, false, join_fn});
  t.add({"string", 1, 1, false, string_fn});
}

}  // namespace vl
