#include "frontends/terraform/hcl/hcl_prescan.h"

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

// One pass over the text: a stack of the brackets, strings, interpolations and heredocs open at each
// byte. Each step reads the byte at `i` (and may move `i` past what it consumed); false stops the pass,
// with `out_` saying why.
class Prescanner {
 public:
  Prescanner(std::string_view text, std::uint32_t max_depth, std::size_t max_literal)
      : text_(text), n_(text.size()), max_depth_(max_depth), max_literal_(max_literal) {}

  PrescanResult run() {
    for (std::size_t i = 0; i < n_; ++i) {
      Context ctx = stack_.empty() ? Context::Bracket : stack_.back().context;
      if ((ctx == Context::String || ctx == Context::Heredoc) && i - stack_.back().begin > max_literal_) {
        out_.ok = false;
        out_.error_offset = static_cast<std::uint32_t>(stack_.back().begin);
        out_.error = std::string("a string literal of over ") + std::to_string(max_literal_ >> 20) +
                     " MB, more than vaultlint parses (its limit for one string)";
        return out_;
      }
      bool go_on = ctx == Context::String ? in_string(i) : ctx == Context::Heredoc ? in_heredoc(i) : in_code(i);
      if (!go_on) return out_;
    }
    return out_;
  }

 private:
  bool too_deep(std::size_t at) {
    out_.ok = false;
    out_.error_offset = static_cast<std::uint32_t>(at);
    out_.error = "nesting deeper than " + std::to_string(max_depth_) + " levels";
    return false;
  }

  bool push(Frame f, std::size_t at) {
    f.begin = at;
    stack_.push_back(f);
    if (stack_.size() + directives_ > max_depth_) return too_deep(at);
    return true;
  }

  void pop() {
    directives_ -= stack_.back().directives;
    stack_.pop_back();
  }

  // At `%{` in a string or heredoc: directives nest like brackets (tree-sitter and the conversion recurse
  // on them), so they count towards the same depth.
  bool directive(std::size_t at) {
    int step = directive_step(text_, at + 2);
    Frame& f = stack_.back();
    if (step > 0) {
      ++f.directives;
      ++directives_;
      if (stack_.size() + directives_ > max_depth_) return too_deep(at);
    } else if (step < 0 && f.directives > 0) {
      --f.directives;
      --directives_;
    }
    return true;
  }

  // `${` or `%{` at `i` in a string or heredoc opens an interpolation or a directive; `$${` and `%%{` are
  // literal.
  bool template_opening(std::size_t& i) {
    char c = text_[i];
    if ((c == '$' || c == '%') && i + 2 < n_ && text_[i + 1] == c && text_[i + 2] == '{') {
      i += 2;
    } else if ((c == '$' || c == '%') && i + 1 < n_ && text_[i + 1] == '{') {
      if (c == '%' && !directive(i)) return false;
      if (!push({Context::Interp, {}}, i)) return false;
      ++i;
    }
    return true;
  }

  bool in_string(std::size_t& i) {
    char c = text_[i];
    if (c == '\\') {
      ++i;
      return true;
    }
    if (c == '"' || c == '\n') {
      pop();  // a newline ends a broken string, so one error does not swallow the file
      return true;
    }
    return template_opening(i);
  }

  bool in_heredoc(std::size_t& i) {
    char c = text_[i];
    if (line_start_) {
      std::size_t j = i;
      while (j < n_ && (text_[j] == ' ' || text_[j] == '\t')) ++j;
      std::string_view id = stack_.back().heredoc_id;
      if (text_.substr(j, id.size()) == id) {
        std::size_t k = j + id.size();
        while (k < n_ && (text_[k] == ' ' || text_[k] == '\t' || text_[k] == '\r')) ++k;
        if (k >= n_ || text_[k] == '\n') {
          pop();
          i = k;  // at the newline (or the end)
          line_start_ = true;
          return true;
        }
      }
    }
    line_start_ = c == '\n';
    return template_opening(i);
  }

  // Code: top level, inside brackets, or inside a template interpolation.
  bool in_code(std::size_t& i) {
    char c = text_[i];
    if (c == '#' || (c == '/' && i + 1 < n_ && text_[i + 1] == '/')) {
      std::size_t end = text_.find('\n', i);
      if (end == std::string_view::npos) end = n_;
      std::size_t stop = end;
      if (stop > i && text_[stop - 1] == '\r') --stop;
      out_.comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(stop)});
      i = end - 1;  // the loop's ++i lands on the newline
      return true;
    }
    if (c == '/' && i + 1 < n_ && text_[i + 1] == '*') {
      std::size_t end = text_.find("*/", i + 2);
      end = end == std::string_view::npos ? n_ : end + 2;
      out_.comments.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)});
      i = end - 1;
      return true;
    }
    if (c >= '0' && c <= '9' && (i == 0 || (!word_char(text_[i - 1]) && text_[i - 1] != '.'))) {
      number(i);
      return true;
    }
    switch (c) {
      case '"': return push({Context::String, {}}, i);
      case '{':
      case '[':
      case '(': return push({Context::Bracket, {}}, i);
      case '}':
        if (!stack_.empty()) pop();  // a bracket or an interpolation closes
        return true;
      case ']':
      case ')':
        if (!stack_.empty() && stack_.back().context == Context::Bracket) pop();
        return true;
      case '<': return heredoc_opening(i);
      default: return true;
    }
  }

  // A number: digits, then (when there is no fraction) an exponent is marked for the parser.
  void number(std::size_t& i) {
    std::size_t j = i;
    while (j < n_ && text_[j] >= '0' && text_[j] <= '9') ++j;
    if (j < n_ && (text_[j] == 'e' || text_[j] == 'E')) {
      std::size_t k = j + 1;
      if (k < n_ && (text_[k] == '+' || text_[k] == '-')) ++k;
      std::size_t digits = k;
      while (k < n_ && text_[k] >= '0' && text_[k] <= '9') ++k;
      if (k > digits && (k >= n_ || (!word_char(text_[k]) && text_[k] != '.'))) {
        for (std::size_t m = j; m < digits; ++m) out_.exponent_bytes.push_back(static_cast<std::uint32_t>(m));
      }
    }
    i = j - 1;
  }

  // `<<ID` or `<<-ID` at the end of a line opens a heredoc.
  bool heredoc_opening(std::size_t& i) {
    if (i + 2 < n_ && text_[i + 1] == '<') {
      std::size_t j = i + 2;
      if (j < n_ && text_[j] == '-') ++j;
      std::size_t id_start = j;
      while (j < n_ && ident_char(text_[j])) ++j;
      std::size_t k = j;
      while (k < n_ && text_[k] == '\r') ++k;
      if (j > id_start && k < n_ && text_[k] == '\n') {
        if (!push({Context::Heredoc, text_.substr(id_start, j - id_start)}, i)) return false;
        i = k;  // at the newline: the heredoc's first line starts after it
        line_start_ = true;
      }
    }
    return true;
  }

  std::string_view text_;
  std::size_t n_;
  std::uint32_t max_depth_;
  std::size_t max_literal_;
  PrescanResult out_;
  std::vector<Frame> stack_;
  std::size_t directives_ = 0;  // template directives open in all the strings and heredocs on the stack
  bool line_start_ = true;      // heredocs close on a line of their own
};

}  // namespace

PrescanResult prescan_hcl(std::string_view text, std::uint32_t max_depth, std::size_t max_literal) {
  return Prescanner(text, max_depth, max_literal).run();
}

}  // namespace vl::tf
