// String functions: format, formatlist, lower, upper, title, replace, substr, join, split, startswith,
// endswith, strcontains, trimspace, trim, trimprefix, trimsuffix, chomp, indent, strrev, regex,
// regexall. Regular expressions are RE2, the syntax Terraform's own are.
#include <re2/re2.h>

#include <cctype>
#include <cstdio>

#include "frontends/terraform/evaluation/functions/function_registry.h"

namespace vl::tf {

namespace {

bool text_arg(const Value& v, std::string& out) { return as_text(v, out); }

// The byte offsets of each code point of `s`.
std::vector<std::size_t> code_point_starts(const std::string& s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  return out;
}

Value str(std::string s, TfCallContext& ctx) { return bounded_string(std::move(s), ctx.at, ctx.shared); }

// One `%...` verb of format(), Go-style, applied to `v`.
bool format_verb(char verb, const std::string& flags, int width, int precision, const Value& v, std::string& out,
                 std::string& error) {
  std::string spec = "%" + flags + (width >= 0 ? std::to_string(width) : "") + (precision >= 0 ? "." + std::to_string(precision) : "");
  char buf[512];
  Value n;
  switch (verb) {
    case 's':
    case 'v': {
      std::string s;
      if (v.is_array() || v.is_object()) s = json_text(v);
      else if (v.is_null()) s = "null";
      else if (!as_text(v, s)) {
        error = "format() %" + std::string(1, verb) + " of a " + type_name(v);
        return false;
      }
      if (width > 0 && static_cast<int>(s.size()) < width) {
        std::string pad(static_cast<std::size_t>(width) - s.size(), ' ');
        s = flags.find('-') != std::string::npos ? s + pad : pad + s;
      }
      out += s;
      return true;
    }
    case 'q': {
      std::string s;
      if (!as_text(v, s)) {
        error = "format() %q of a " + type_name(v);
        return false;
      }
      out += json_text(Value::string(s));
      return true;
    }
    case 't': {
      bool b;
      if (!as_boolean(v, b)) {
        error = "format() %t of a " + type_name(v);
        return false;
      }
      out += b ? "true" : "false";
      return true;
    }
    case 'd':
    case 'x':
    case 'X':
    case 'o':
    case 'b': {
      if (!as_number(v, n) || n.as_number() != static_cast<double>(to_int(n.as_number()))) {
        error = "format() %" + std::string(1, verb) + " of something that is not a whole number";
        return false;
      }
      auto i = static_cast<long long>(to_int(n.as_number()));
      if (verb == 'b') {
        std::string bits;
        unsigned long long u = i < 0 ? static_cast<unsigned long long>(-i) : static_cast<unsigned long long>(i);
        do {
          bits.insert(bits.begin(), static_cast<char>('0' + (u & 1)));
          u >>= 1;
        } while (u);
        out += (i < 0 ? "-" : "") + bits;
        return true;
      }
      std::snprintf(buf, sizeof buf, (spec + "ll" + verb).c_str(), i);
      out += buf;
      return true;
    }
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (!as_number(v, n)) {
        error = "format() %" + std::string(1, verb) + " of a " + type_name(v);
        return false;
      }
      std::snprintf(buf, sizeof buf, (spec + verb).c_str(), n.as_number());
      out += buf;
      return true;
    }
    default:
      error = "format() verb %" + std::string(1, verb) + " is not supported";
      return false;
  }
}

bool format_into(const std::string& f, const std::vector<Value>& args, std::size_t first, std::string& out,
                  std::string& error, std::size_t limit) {
  std::size_t next = first;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (out.size() > limit) {
      error = "the result is too large";
      return false;
    }
    if (f[i] != '%') {
      out += f[i];
      continue;
    }
    if (++i >= f.size()) {
      error = "format() string ends with %";
      return false;
    }
    if (f[i] == '%') {
      out += '%';
      continue;
    }
    std::string flags;
    while (i < f.size() && std::string("+- #0").find(f[i]) != std::string::npos) flags += f[i++];
    int width = -1, precision = -1;
    if (i < f.size() && f[i] == '[') {  // explicit argument index %[2]s
      std::size_t close = f.find(']', i);
      if (close == std::string::npos) {
        error = "format() has an unclosed [";
        return false;
      }
      next = first + static_cast<std::size_t>(std::max(1, std::atoi(f.c_str() + i + 1))) - 1;
      i = close + 1;
    }
    while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) width = (width < 0 ? 0 : width * 10) + (f[i++] - '0');
    if (i < f.size() && f[i] == '.') {
      precision = 0;
      ++i;
      while (i < f.size() && std::isdigit(static_cast<unsigned char>(f[i]))) precision = precision * 10 + (f[i++] - '0');
    }
    if (width > 400 || precision > 400) {
      error = "format() width or precision too large";
      return false;
    }
    if (i >= f.size()) {
      error = "format() string ends inside a verb";
      return false;
    }
    if (next >= args.size()) {
      error = "format() has too few arguments";
      return false;
    }
    if (!format_verb(f[i], flags, width, precision, args[next++], out, error)) return false;
  }
  return true;
}

Value fn_format(std::vector<Value>& a, TfCallContext& ctx) {
  std::string f, out, error;
  if (!text_arg(a[0], f)) return fn_error(ctx, "format() needs a format string");
  if (!format_into(f, a, 1, out, error, ctx.shared.max_string_bytes)) return fn_error(ctx, error);
  return str(std::move(out), ctx);
}

Value fn_formatlist(std::vector<Value>& a, TfCallContext& ctx) {
  std::string f;
  if (!text_arg(a[0], f)) return fn_error(ctx, "formatlist() needs a format string");
  std::size_t n = SIZE_MAX;
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (a[i].is_array()) n = std::min(n, a[i].as_array().size());
  }
  if (n == SIZE_MAX) n = 1;
  Array out;
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<Value> row{a[0]};
    for (std::size_t i = 1; i < a.size(); ++i) row.push_back(a[i].is_array() ? a[i].as_array()[k] : a[i]);
    std::string s, error;
    if (!format_into(f, row, 1, s, error, ctx.shared.max_string_bytes)) return fn_error(ctx, error);
    out.push_back(Value::string(std::move(s), ctx.at));
  }
  return Value::array(std::move(out), ctx.at);
}

Value case_map(std::vector<Value>& a, TfCallContext& ctx, int mode) {  // 0 lower, 1 upper, 2 title
  std::string s;
  if (!text_arg(a[0], s)) return fn_error(ctx, "a string function of a " + type_name(a[0]));
  bool word_start = true;
  for (char& c : s) {
    if (mode == 0) c = ascii_lower(c);
    else if (mode == 1 || (mode == 2 && word_start)) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    word_start = std::isspace(static_cast<unsigned char>(c)) != 0;
  }
  return str(std::move(s), ctx);
}
Value fn_lower(std::vector<Value>& a, TfCallContext& ctx) { return case_map(a, ctx, 0); }
Value fn_upper(std::vector<Value>& a, TfCallContext& ctx) { return case_map(a, ctx, 1); }
Value fn_title(std::vector<Value>& a, TfCallContext& ctx) { return case_map(a, ctx, 2); }

Value fn_replace(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s, from, to;
  if (!text_arg(a[0], s) || !text_arg(a[1], from) || !text_arg(a[2], to)) return fn_error(ctx, "replace() needs three strings");
  if (from.size() > 2 && from.front() == '/' && from.back() == '/') {
    RE2 re(from.substr(1, from.size() - 2), RE2::Quiet);
    if (!re.ok()) return fn_error(ctx, "replace() with an invalid regular expression");
    // Terraform writes $1 for groups; RE2 writes \1.
    std::string rewrite;
    for (std::size_t i = 0; i < to.size(); ++i) {
      if (to[i] == '$' && i + 1 < to.size() && std::isdigit(static_cast<unsigned char>(to[i + 1]))) {
        rewrite += '\\';
        continue;
      }
      if (to[i] == '$' && i + 3 < to.size() && to[i + 1] == '{' && std::isdigit(static_cast<unsigned char>(to[i + 2])) && to[i + 3] == '}') {
        rewrite += '\\';
        rewrite += to[i + 2];
        i += 3;
        continue;
      }
      if (to[i] == '\\') rewrite += '\\';
      rewrite += to[i];
    }
    RE2::GlobalReplace(&s, re, rewrite);
    return str(std::move(s), ctx);
  }
  if (from.empty()) return str(std::move(s), ctx);
  std::string out;
  std::size_t pos = 0;
  for (std::size_t hit = s.find(from); hit != std::string::npos; hit = s.find(from, pos)) {
    out.append(s, pos, hit - pos).append(to);
    pos = hit + from.size();
    if (out.size() > ctx.shared.max_string_bytes) return stopped(StopCause::Size, "a string too large to evaluate", ctx.at);
  }
  out.append(s, pos);
  return str(std::move(out), ctx);
}

Value fn_substr(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  Value off, len;
  if (!text_arg(a[0], s) || !as_number(a[1], off) || !as_number(a[2], len)) return fn_error(ctx, "substr() needs a string and two numbers");
  std::vector<std::size_t> starts = code_point_starts(s);
  auto n = static_cast<std::int64_t>(starts.size());
  std::int64_t o = to_int(off.as_number());
  std::int64_t l = to_int(len.as_number());
  if (o < 0) o += n;
  if (o < 0 || o > n) return fn_error(ctx, "substr() offset out of range");
  std::int64_t end = l < 0 ? n : std::min(n, o + l);
  std::size_t b = o < n ? starts[static_cast<std::size_t>(o)] : s.size();
  std::size_t e = end < n ? starts[static_cast<std::size_t>(end)] : s.size();
  return str(s.substr(b, e - b), ctx);
}

Value fn_join(std::vector<Value>& a, TfCallContext& ctx) {
  std::string sep, out;
  if (!text_arg(a[0], sep)) return fn_error(ctx, "join() needs a separator string");
  bool first = true;
  for (std::size_t i = 1; i < a.size(); ++i) {
    if (!a[i].is_array()) return fn_error(ctx, "join() of a " + type_name(a[i]));
    for (const Value& v : a[i].as_array()) {
      std::string s;
      if (!text_arg(v, s)) return fn_error(ctx, "join() of a list holding a " + type_name(v));
      if (!first) out += sep;
      out += s;
      first = false;
      if (out.size() > ctx.shared.max_string_bytes) return stopped(StopCause::Size, "a string too large to evaluate", ctx.at);
    }
  }
  return str(std::move(out), ctx);
}

Value fn_split(std::vector<Value>& a, TfCallContext& ctx) {
  std::string sep, s;
  if (!text_arg(a[0], sep) || !text_arg(a[1], s)) return fn_error(ctx, "split() needs two strings");
  Array out;
  if (sep.empty()) {
    std::vector<std::size_t> starts = code_point_starts(s);
    for (std::size_t i = 0; i < starts.size(); ++i) {
      std::size_t e = i + 1 < starts.size() ? starts[i + 1] : s.size();
      out.push_back(Value::string(s.substr(starts[i], e - starts[i]), ctx.at));
    }
  } else {
    std::size_t pos = 0;
    while (true) {
      std::size_t hit = s.find(sep, pos);
      out.push_back(Value::string(s.substr(pos, hit == std::string::npos ? std::string::npos : hit - pos), ctx.at));
      if (hit == std::string::npos) break;
      pos = hit + sep.size();
    }
  }
  return Value::array(std::move(out), ctx.at);
}

Value affix(std::vector<Value>& a, TfCallContext& ctx, int mode) {  // 0 startswith, 1 endswith, 2 strcontains
  std::string s, t;
  if (!text_arg(a[0], s) || !text_arg(a[1], t)) return fn_error(ctx, "a string test needs two strings");
  bool r = mode == 0 ? s.starts_with(t) : mode == 1 ? s.ends_with(t) : s.find(t) != std::string::npos;
  return Value::boolean(r, ctx.at);
}
Value fn_startswith(std::vector<Value>& a, TfCallContext& ctx) { return affix(a, ctx, 0); }
Value fn_endswith(std::vector<Value>& a, TfCallContext& ctx) { return affix(a, ctx, 1); }
Value fn_strcontains(std::vector<Value>& a, TfCallContext& ctx) { return affix(a, ctx, 2); }

Value fn_trimspace(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  if (!text_arg(a[0], s)) return fn_error(ctx, "trimspace() of a " + type_name(a[0]));
  std::size_t b = s.find_first_not_of(" \t\r\n\v\f");
  if (b == std::string::npos) return str("", ctx);
  std::size_t e = s.find_last_not_of(" \t\r\n\v\f");
  return str(s.substr(b, e - b + 1), ctx);
}

Value fn_trim(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s, chars;
  if (!text_arg(a[0], s) || !text_arg(a[1], chars)) return fn_error(ctx, "trim() needs two strings");
  std::size_t b = s.find_first_not_of(chars);
  if (b == std::string::npos) return str("", ctx);
  std::size_t e = s.find_last_not_of(chars);
  return str(s.substr(b, e - b + 1), ctx);
}

Value fn_trimprefix(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s, p;
  if (!text_arg(a[0], s) || !text_arg(a[1], p)) return fn_error(ctx, "trimprefix() needs two strings");
  return str(s.starts_with(p) ? s.substr(p.size()) : s, ctx);
}

Value fn_trimsuffix(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s, p;
  if (!text_arg(a[0], s) || !text_arg(a[1], p)) return fn_error(ctx, "trimsuffix() needs two strings");
  return str(s.ends_with(p) ? s.substr(0, s.size() - p.size()) : s, ctx);
}

Value fn_chomp(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  if (!text_arg(a[0], s)) return fn_error(ctx, "chomp() of a " + type_name(a[0]));
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return str(std::move(s), ctx);
}

Value fn_indent(std::vector<Value>& a, TfCallContext& ctx) {
  Value n;
  std::string s;
  if (!as_number(a[0], n) || !text_arg(a[1], s) || to_int(n.as_number()) < 0 || to_int(n.as_number()) > 1000) return fn_error(ctx, "indent() needs a number and a string");
  std::string pad(static_cast<std::size_t>(to_int(n.as_number())), ' '), out;
  for (char c : s) {
    out += c;
    if (c == '\n') out += pad;
  }
  return str(std::move(out), ctx);
}

Value fn_strrev(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  if (!text_arg(a[0], s)) return fn_error(ctx, "strrev() of a " + type_name(a[0]));
  std::vector<std::size_t> starts = code_point_starts(s);
  std::string out;
  for (std::size_t i = starts.size(); i-- > 0;) {
    std::size_t e = i + 1 < starts.size() ? starts[i + 1] : s.size();
    out.append(s, starts[i], e - starts[i]);
  }
  return str(std::move(out), ctx);
}

// The match of `re` at `text` as Terraform returns it: the string, a list of groups, or a map of
// named groups.
Value match_value(const RE2& re, const std::vector<re2::StringPiece>& groups, TfCallContext& ctx) {
  if (re.NumberOfCapturingGroups() == 0) return Value::string(std::string(groups[0]), ctx.at);
  const auto& names = re.CapturingGroupNames();
  if (!names.empty()) {
    Object o;
    for (const auto& [index, name] : names) o.append(name, Value::string(std::string(groups[static_cast<std::size_t>(index)]), ctx.at));
    return Value::object(std::move(o), ctx.at);
  }
  Array list;
  for (std::size_t i = 1; i < groups.size(); ++i) list.push_back(Value::string(std::string(groups[i]), ctx.at));
  return Value::array(std::move(list), ctx.at);
}

Value regex_impl(std::vector<Value>& a, TfCallContext& ctx, bool all) {
  std::string pattern, s;
  if (!text_arg(a[0], pattern) || !text_arg(a[1], s)) return fn_error(ctx, "regex() needs two strings");
  RE2 re(pattern, RE2::Quiet);
  if (!re.ok()) return fn_error(ctx, "an invalid regular expression: " + re.error());
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1);
  re2::StringPiece input(s);
  std::size_t pos = 0;
  Array matches;
  while (pos <= s.size() && re.Match(input, pos, s.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) {
    matches.push_back(match_value(re, groups, ctx));
    if (!all) return matches.front();
    std::size_t end = static_cast<std::size_t>(groups[0].data() - s.data()) + groups[0].size();
    pos = end > pos ? end : pos + 1;
    if (matches.size() > ctx.shared.max_collection_items) break;
  }
  if (!all) return fn_error(ctx, "regex() found no match");
  return Value::array(std::move(matches), ctx.at);
}
Value fn_regex(std::vector<Value>& a, TfCallContext& ctx) { return regex_impl(a, ctx, false); }
Value fn_regexall(std::vector<Value>& a, TfCallContext& ctx) { return regex_impl(a, ctx, true); }

}  // namespace

void add_string_functions(FunctionMap& map) {
  map["format"] = {fn_format, 1, -1, true};
  map["formatlist"] = {fn_formatlist, 1, -1, true};
  map["lower"] = {fn_lower, 1, 1, true};
  map["upper"] = {fn_upper, 1, 1, true};
  map["title"] = {fn_title, 1, 1, true};
  map["replace"] = {fn_replace, 3, 3, true};
  map["substr"] = {fn_substr, 3, 3, true};
  map["join"] = {fn_join, 2, -1, true};
  map["split"] = {fn_split, 2, 2, true};
  map["startswith"] = {fn_startswith, 2, 2, true};
  map["endswith"] = {fn_endswith, 2, 2, true};
  map["strcontains"] = {fn_strcontains, 2, 2, true};
  map["trimspace"] = {fn_trimspace, 1, 1, true};
  map["trim"] = {fn_trim, 2, 2, true};
  map["trimprefix"] = {fn_trimprefix, 2, 2, true};
  map["trimsuffix"] = {fn_trimsuffix, 2, 2, true};
  map["chomp"] = {fn_chomp, 1, 1, true};
  map["indent"] = {fn_indent, 2, 2, true};
  map["strrev"] = {fn_strrev, 1, 1, true};
  map["regex"] = {fn_regex, 2, 2, true};
  map["regexall"] = {fn_regexall, 2, 2, true};
}

}  // namespace vl::tf
