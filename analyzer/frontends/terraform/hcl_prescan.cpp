#include "frontends/terraform/hcl_prescan.h"

namespace vl::tf {

namespace {

enum class Context : std::uint8_t { Bracket, Interp, String, Heredoc };

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

struct Frame {
  Context context;
  std::string_view heredoc_id;  // Heredoc: the closing identifier
  std::uint32_t directives = 0; // String, Heredoc: `%{ if }` / `%{ for }` open in it
  std::size_t begin = 0;        // where it opens
};

// A template directive after `%{` (and an optional `~`): +1 for `if`/`for`, -1 for `endif`/`endfor`,
// 0 for anything else (`else`, an interpolation).
int directive_step(std::string_view text, std::size_t i) {
  std::size_t n = text.size();
  if (i < n && text[i] == '~') ++i;
  while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  std::size_t start = i;
  while (i < n && ident_char(text[i])) ++i;
  std::string_view word = text.substr(start, i - start);
  if (word == "if" || word == "for") return 1;
  if (word == "endif" || word == "endfor") return -1;
  return 0;
}

}  // namespace

PrescanResult prescan_hcl(std::string_view text, std::uint32_t max_depth, std::size_t max_literal) {
  PrescanResult out;
  std::vector<Frame> stack;
  std::size_t directives = 0;  // template directives open in all the strings and heredocs on the stack
  const std::size_t n = text.size();
  auto too_deep = [&](std::size_t at) {
    out.ok = false;
    out.error_offset = static_cast<std::uint32_t>(at);
    out.error = "nesting deeper than " + std::to_string(max_depth) + " levels";
    return false;
  };
  auto push = [&](Frame f, std::size_t at) {
    f.begin = at;
    stack.push_back(f);
    if (stack.size() + directives > max_depth) return too_deep(at);
    return true;
  };
  auto pop = [&] {
    directives -= stack.back().directives;
    stack.pop_back();
  };
  // At `%{` in a string or heredoc: directives nest like brackets (tree-sitter and the conversion recurse
  // on them), so they count towards the same depth.
  auto directive = [&](std::size_t at) {
    int step = directive_step(text, at + 2);
    Frame& f = stack.back();
    if (step > 0) {
      ++f.directives;
      ++directives;
      if (stack.size() + directives > max_depth) return too_deep(at);
    } else if (step < 0 && f.directives > 0) {
      --f.directives;
      --directives;
    }
    return true;
  };
  bool line_start = true;  // heredocs close on a line of their own
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    Context ctx = stack.empty() ? Context::Bracket : stack.back().context;
    if ((ctx == Context::String || ctx == Context::Heredoc) && i - stack.back().begin > max_literal) {
      out.ok = false;
      out.error_offset = static_cast<std::uint32_t>(stack.back().begin);
      out.error = std::string("a string literal of over ") + std::to_string(max_literal >> 20) +
                  " MB, more than vaultlint parses (its limit for one string)";
      return out;
    }
    if (ctx == Context::String) {
      if (c == '\\') {
        ++i;
      } else if (c == '"' || c == '\n') {
        pop();  // a newline ends a broken string, so one error does not swallow the file
      } else if ((c == '$' || c == '%') && i + 2 < n && text[i + 1] == c && text[i + 2] == '{') {
        i += 2;  // $${ and %%{ are literal
      } else if ((c == '$' || c == '%') && i + 1 < n && text[i + 1] == '{') {
        if (c == '%' && !directive(i)) return out;
        if (!push({Context::Interp, {}}, i)) return out;
        ++i;
      }
      continue;
    }
    if (ctx == Context::Heredoc) {
      if (line_start) {
        std::size_t j = i;
        while (j < n && (text[j] == ' ' || text[j] == '\t')) ++j;
        std::string_view id = stack.back().heredoc_id;
        if (text.substr(j, id.size()) == id) {
          std::size_t k = j + id.size();
          while (k < n && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')) ++k;
          if (k >= n || text[k] == '\n') {
            pop();
            i = k;  // at the newline (or the end)
            line_start = true;
            continue;
          }
        }
      }
      line_start = c == '\n';
      if ((c == '$' || c == '%') && i + 2 < n && text[i + 1] == c && text[i + 2] == '{') {
        i += 2;
      } else if ((c == '$' || c == '%') && i + 1 < n && text[i + 1] == '{') {
        if (c == '%' && !directive(i)) return out;
        if (!push({Context::Interp, {}}, i)) return out;
        ++i;
      }
      continue;
    }
    // Code (top level, inside brackets, or inside a template interpolation).
    if (c == '#' || (c == '/' && i + 1 < n && text[i + 1] == '/')) {
      std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) end = n;
      std::size_t stop = end;
      if (stop > i && text[stop - 1] == '\r') --stop;
      out.comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(stop)});
      i = end - 1;  // the loop's ++i lands on the newline
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      end = end == std::string_view::npos ? n : end + 2;
      out.comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)});
      i = end - 1;
      continue;
    }
    if (c >= '0' && c <= '9' && (i == 0 || (!word_char(text[i - 1]) && text[i - 1] != '.'))) {
      // A number: digits, then (when there is no fraction) an exponent is marked for the parser.
      std::size_t j = i;
      while (j < n && text[j] >= '0' && text[j] <= '9') ++j;
      if (j < n && (text[j] == 'e' || text[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < n && (text[k] == '+' || text[k] == '-')) ++k;
        std::size_t digits = k;
        while (k < n && text[k] >= '0' && text[k] <= '9') ++k;
        if (k > digits && (k >= n || (!word_char(text[k]) && text[k] != '.'))) {
          for (std::size_t m = j; m < digits; ++m) out.exponent_bytes.push_back(static_cast<std::uint32_t>(m));
        }
      }
      i = j - 1;
      continue;
    }
    switch (c) {
      case '"':
        if (!push({Context::String, {}}, i)) return out;
        break;
      case '{':
      case '[':
      case '(':
        if (!push({Context::Bracket, {}}, i)) return out;
        break;
      case '}':
        if (!stack.empty()) pop();  // a bracket or an interpolation closes
        break;
      case ']':
      case ')':
        if (!stack.empty() && stack.back().context == Context::Bracket) pop();
        break;
      case '<':
        if (i + 2 < n && text[i + 1] == '<') {
          std::size_t j = i + 2;
          if (j < n && text[j] == '-') ++j;
          std::size_t id_start = j;
          while (j < n && ident_char(text[j])) ++j;
          std::size_t k = j;
          while (k < n && text[k] == '\r') ++k;
          if (j > id_start && k < n && text[k] == '\n') {
            if (!push({Context::Heredoc, text.substr(id_start, j - id_start)}, i)) return out;
            i = k;  // at the newline: the heredoc's first line starts after it
            line_start = true;
            continue;
          }
        }
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace vl::tf
