#include "frontends/terraform/hcl_prescan.h"

namespace vl::tf {

namespace {

enum class Context : std::uint8_t { Bracket, Interp, String, Heredoc };

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

struct Frame {
  Context context;
  std::string_view heredoc_id;  // Heredoc: the closing identifier
};

}  // namespace

PrescanResult prescan_hcl(std::string_view text, std::uint32_t max_depth) {
  PrescanResult out;
  std::vector<Frame> stack;
  const std::size_t n = text.size();
  auto push = [&](Frame f, std::size_t at) {
    stack.push_back(f);
    if (stack.size() > max_depth) {
      out.ok = false;
      out.error_offset = static_cast<std::uint32_t>(at);
      out.error = "nesting deeper than " + std::to_string(max_depth) + " levels";
      return false;
    }
    return true;
  };
  bool line_start = true;  // heredocs close on a line of their own
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[i];
    Context ctx = stack.empty() ? Context::Bracket : stack.back().context;
    if (ctx == Context::String) {
      if (c == '\\') {
        ++i;
      } else if (c == '"' || c == '\n') {
        stack.pop_back();  // a newline ends a broken string, so one error does not swallow the file
      } else if ((c == '$' || c == '%') && i + 2 < n && text[i + 1] == c && text[i + 2] == '{') {
        i += 2;  // $${ and %%{ are literal
      } else if ((c == '$' || c == '%') && i + 1 < n && text[i + 1] == '{') {
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
            stack.pop_back();
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
        if (!stack.empty()) stack.pop_back();  // a bracket or an interpolation closes
        break;
      case ']':
      case ')':
        if (!stack.empty() && stack.back().context == Context::Bracket) stack.pop_back();
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
