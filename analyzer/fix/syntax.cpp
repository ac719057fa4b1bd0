#include "fix/syntax.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "source/text.h"

namespace vl::fix {

namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// Skips what the syntax does not look into: strings (with their interpolations), comments, heredocs.
class Lexer {
 public:
  Lexer(Syntax syntax, std::string_view text) : s_(syntax), t_(text) {}

  // When a comment starts at i: the position after it; else i.
  std::size_t skip_comment(std::size_t i) const {
    if (i >= t_.size()) return i;
    if (t_[i] == '#' && s_ == Syntax::Hcl) return line_end(i);
    if (t_[i] == '/' && i + 1 < t_.size()) {
      if (t_[i + 1] == '/') return line_end(i);
      if (t_[i + 1] == '*') {
        std::size_t e = t_.find("*/", i + 2);
        return e == npos ? t_.size() : e + 2;
      }
    }
    return i;
  }

  // When a string or heredoc starts at i: the position after it; else i.
  std::size_t skip_string(std::size_t i, int depth = 0) const {
    if (i >= t_.size() || depth > 64) return i;
    char c = t_[i];
    if (s_ == Syntax::Bicep && c == '\'') {
      if (t_.substr(i, 3) == "'''") {
        std::size_t e = t_.find("'''", i + 3);
        return e == npos ? t_.size() : e + 3;
      }
      return quoted(i, '\'', depth);
    }
    if ((s_ == Syntax::Json || s_ == Syntax::Hcl) && c == '"') return quoted(i, '"', depth);
    if (s_ == Syntax::Hcl && c == '<' && t_.substr(i, 2) == "<<") return heredoc(i);
    return i;
  }

  std::size_t line_end(std::size_t i) const {
    std::size_t e = t_.find('\n', i);
    return e == npos ? t_.size() : e;
  }

 private:
  std::size_t quoted(std::size_t i, char quote, int depth) const {
    for (std::size_t j = i + 1; j < t_.size(); ++j) {
      char c = t_[j];
      if (c == '\\') {
        ++j;
        continue;
      }
      if (c == quote) return j + 1;
      if (s_ == Syntax::Json) continue;
      if (c == '\n' && s_ == Syntax::Hcl) return j;  // HCL strings end at the line's end
      bool interpolation = (c == '$' || (c == '%' && s_ == Syntax::Hcl)) && j + 1 < t_.size() && t_[j + 1] == '{';
      if (interpolation && s_ == Syntax::Hcl && j + 2 < t_.size() && j > i + 1 && t_[j - 1] == c) continue;  // $${
      if (interpolation) j = expression_end(j + 2, depth + 1) - 1;
    }
    return t_.size();
  }

  // From inside `${`: the position after its closing `}`.
  std::size_t expression_end(std::size_t i, int depth) const {
    int braces = 1;
    while (i < t_.size()) {
      std::size_t after = skip_string(i, depth);
      if (after != i) {
        i = after;
        continue;
      }
      char c = t_[i];
      if (c == '{') ++braces;
      if (c == '}' && --braces == 0) return i + 1;
      ++i;
    }
    return t_.size();
  }

  // `<<ID` or `<<-ID`, then lines up to one that holds only ID.
  std::size_t heredoc(std::size_t i) const {
    std::size_t j = i + 2;
    if (j < t_.size() && t_[j] == '-') ++j;
    std::size_t id_begin = j;
    while (j < t_.size() && is_ident(t_[j])) ++j;
    if (j == id_begin) return i;  // `<<` as an operator would be nothing HCL has: not a heredoc
    std::string_view id = t_.substr(id_begin, j - id_begin);
    std::size_t line = line_end(j);
    while (line < t_.size()) {
      std::size_t next = line + 1;
      std::size_t end = line_end(next);
      std::string_view content = t_.substr(next, end - next);
      while (!content.empty() && is_space(content.front())) content.remove_prefix(1);
      while (!content.empty() && is_space(content.back())) content.remove_suffix(1);
      if (content == id) return end;
      line = end;
    }
    return t_.size();
  }

  Syntax s_;
  std::string_view t_;
};

bool is_open(char c) { return c == '{' || c == '[' || c == '('; }
bool is_close(char c) { return c == '}' || c == ']' || c == ')'; }

std::optional<Value> json_literal(std::string_view text, bool arm_json) {
  if (text == "true" || text == "false") return Value::boolean(text == "true");
  if (text == "null") return Value::null();
  if (text.empty()) return std::nullopt;
  if (text.front() == '"') {
    if (text.size() < 2 || text.back() != '"') return std::nullopt;
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_string()) return std::nullopt;
    std::string s = j.get<std::string>();
    if (arm_json && !s.empty() && s[0] == '[' && !(s.size() > 1 && s[1] == '[')) return std::nullopt;  // an expression
    if (!arm_json && (s.find("${") != std::string::npos || s.find("%{") != std::string::npos)) return std::nullopt;
    return Value::string(std::move(s));
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  if (j.is_number_integer()) return Value::integer(j.get<std::int64_t>());
  if (j.is_number_float()) return Value::number(j.get<double>());
  return std::nullopt;
}

std::optional<Value> integer_literal(std::string_view text) {
  std::size_t i = text[0] == '-' ? 1 : 0;
  if (i == text.size() || text.size() > 18) return std::nullopt;
  for (std::size_t k = i; k < text.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(text[k]))) return std::nullopt;
  }
  return Value::integer(std::stoll(std::string(text)));
}

std::optional<Value> bicep_literal(std::string_view text) {
  if (text == "true" || text == "false") return Value::boolean(text == "true");
  if (text == "null") return Value::null();
  if (text.empty()) return std::nullopt;
  if (text.front() != '\'') return integer_literal(text);
  if (text.size() < 2 || text.back() != '\'' || text.substr(0, 3) == "'''") return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '\'') return std::nullopt;  // not one string
    if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') return std::nullopt;  // interpolation
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i + 1 >= text.size()) return std::nullopt;  // the closing quote escaped
    switch (text[i]) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '$': out += '$'; break;
      default: return std::nullopt;  // \u{...} and the like: not worth reading here
    }
  }
  return Value::string(std::move(out));
}

std::optional<Value> hcl_literal(std::string_view text) {
  if (text == "true" || text == "false") return Value::boolean(text == "true");
  if (text == "null") return Value::null();
  if (text.empty()) return std::nullopt;
  if (text.front() != '"') {
    if (auto i = integer_literal(text)) return i;
    return std::nullopt;
  }
  if (text.size() < 2 || text.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '"' || c == '\n') return std::nullopt;
    // A template (or `$${`, an escaped one: not worth reading).
    if ((c == '$' || c == '%') && i + 1 < text.size() && (text[i + 1] == '{' || text[i + 1] == c)) return std::nullopt;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i + 1 >= text.size()) return std::nullopt;
    switch (text[i]) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      default: return std::nullopt;
    }
  }
  return Value::string(std::move(out));
}

}  // namespace

std::optional<Syntax> syntax_of(const std::filesystem::path& path) {
  std::string name = to_lower(path.filename().string());
  if (name.ends_with(".json")) return Syntax::Json;
  if (name.ends_with(".bicep") || name.ends_with(".bicepparam")) return Syntax::Bicep;
  if (name.ends_with(".tf") || name.ends_with(".tfvars") || name.ends_with(".hcl")) return Syntax::Hcl;
  return std::nullopt;
}

std::optional<Value> read_literal(Syntax syntax, std::string_view text, bool arm_json) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  switch (syntax) {
    case Syntax::Json: return json_literal(text, arm_json);
    case Syntax::Bicep: return bicep_literal(text);
    case Syntax::Hcl: return hcl_literal(text);
  }
  return std::nullopt;
}

std::string render(Syntax syntax, const Value& v) {
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_null()) return "null";
  const std::string s = v.is_string() ? v.as_string() : v.display();
  if (syntax == Syntax::Json) return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out(1, syntax == Syntax::Bicep ? '\'' : '"');
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool opens = i + 1 < s.size() && s[i + 1] == '{';
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (syntax == Syntax::Bicep && c == '\'') out += "\\'";
    else if (syntax == Syntax::Bicep && c == '$' && opens) out += "\\$";
    else if (syntax == Syntax::Hcl && c == '"') out += "\\\"";
    else if (syntax == Syntax::Hcl && (c == '$' || c == '%') && opens) out += std::string(2, c);
    else out += c;
  }
  out += syntax == Syntax::Bicep ? '\'' : '"';
  return out;
}

std::string render_key(Syntax syntax, const std::string& key) {
  if (syntax == Syntax::Json) return render(Syntax::Json, Value::string(key));
  bool plain = !key.empty() && is_ident_start(key[0]);
  for (char c : key) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (plain || syntax == Syntax::Hcl) return key;
  return render(Syntax::Bicep, Value::string(key));
}

std::size_t matching_close(Syntax syntax, std::string_view text, std::size_t open) {
  Lexer lex(syntax, text);
  std::vector<char> stack;
  std::size_t i = open;
  while (i < text.size()) {
    std::size_t after = lex.skip_comment(i);
    if (after == i) after = lex.skip_string(i);
    if (after != i) {
      i = after;
      continue;
    }
    char c = text[i];
    if (is_open(c)) stack.push_back(c == '{' ? '}' : c == '[' ? ']' : ')');
    if (is_close(c)) {
      if (stack.empty() || stack.back() != c) return npos;
      stack.pop_back();
      if (stack.empty()) return i;
    }
    ++i;
  }
  return npos;
}

std::size_t first_open_brace(Syntax syntax, std::string_view text, std::size_t from, std::size_t to) {
  Lexer lex(syntax, text);
  std::size_t i = from;
  while (i < to && i < text.size()) {
    std::size_t after = lex.skip_comment(i);
    if (after == i) after = lex.skip_string(i);
    if (after != i) {
      i = after;
      continue;
    }
    if (text[i] == '{') return i;
    ++i;
  }
  return npos;
}

Contents scan_contents(Syntax syntax, std::string_view text, std::uint32_t open, std::uint32_t close) {
  Contents out;
  if (close <= open || close >= text.size()) return out;
  Lexer lex(syntax, text);
  int depth = 0;
  bool in_item = false;
  bool comma_pending = false;
  auto finish = [&] { in_item = false; };
  std::size_t i = open + 1;
  while (i < close) {
    std::size_t after = lex.skip_comment(i);
    if (after != i) {
      i = after;
      continue;
    }
    char c = text[i];
    if (depth == 0 && c == '\n' && syntax != Syntax::Json) {
      finish();
      ++i;
      continue;
    }
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (depth == 0 && c == ',' && syntax != Syntax::Hcl) {
      finish();
      comma_pending = true;
      out.comma = static_cast<std::uint32_t>(i);
      ++i;
      continue;
    }
    // Something significant.
    if (depth == 0 && !in_item) {
      in_item = true;
      comma_pending = false;
      Item item;
      item.begin = static_cast<std::uint32_t>(i);
      if (syntax == Syntax::Hcl && is_ident_start(c)) {
        std::size_t j = i;
        while (j < close && is_ident(text[j])) ++j;
        while (j < close && (text[j] == ' ' || text[j] == '\t')) ++j;
        if (j < close && text[j] == '=' && (j + 1 >= close || text[j + 1] != '=')) {
          item.attribute = true;
          item.equals = static_cast<std::uint32_t>(j);
        }
      }
      out.items.push_back(item);
    }
    after = lex.skip_string(i);
    if (after != i) {
      i = after;
    } else {
      if (is_open(c)) ++depth;
      if (is_close(c) && --depth < 0) return out;
      ++i;
    }
    if (!out.items.empty()) out.items.back().end = static_cast<std::uint32_t>(std::min<std::size_t>(i, close));
  }
  if (depth != 0) return out;
  out.trailing_comma = comma_pending && !out.items.empty();
  out.ok = true;
  return out;
}

}  // namespace vl::fix
