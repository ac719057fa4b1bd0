#include "frontends/bicep/lexer.h"

#include "source/bytes.h"

namespace vl::bicep {

namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// What an open `${` or `{` inside one is waiting for.
struct Hole {
  bool brace = false;      // a plain `{` inside a hole: its `}` is an ordinary token
  bool multiline = false;  // the hole belongs to a $''' string
  std::uint8_t dollars = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) {}

  LexResult run() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    while (true) {
      skip_trivia();
      if (pos_ >= s_.size()) break;
      scan_token();
    }
    if (!holes_.empty()) error(static_cast<std::uint32_t>(s_.size()), 0, "the string is not terminated");
    push(Tok::EndOfFile, static_cast<std::uint32_t>(s_.size()));
    return std::move(out_);
  }

 private:
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

  void error(std::uint32_t begin, std::uint32_t end, std::string message) {
    if (out_.errors.size() >= kMaxLexErrors) {
      ++out_.dropped_errors;
      return;
    }
    out_.errors.push_back(LexError{begin, end, std::move(message)});
  }

  void push(Tok kind, std::uint32_t begin, bool multiline = false, std::uint8_t dollars = 0,
            std::uint32_t end = UINT32_MAX) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = end == UINT32_MAX ? static_cast<std::uint32_t>(pos_) : end;
    t.multiline = multiline;
    t.dollars = dollars;
    t.line_start = at_line_start_;
    at_line_start_ = kind == Tok::NewLine;
    out_.tokens.push_back(t);
  }

  // Whitespace, comments and (at the start of a line) diagnostic pragmas.
  void skip_trivia() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t') {
        ++pos_;
      } else if (c == '/' && peek(1) == '/') {
        std::size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') ++pos_;
        out_.comments.push_back(Comment{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_)});
      } else if (c == '/' && peek(1) == '*') {
        std::size_t start = pos_;
        std::size_t close = s_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) {
          error(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + 2), "the /* comment is not terminated");
          pos_ = s_.size();
        } else {
          pos_ = close + 2;
        }
        out_.comments.push_back(Comment{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_)});
      } else if (c == '#' && at_line_start_ && pragma_ahead()) {
        // `#disable-next-line code1 code2 // why`: the codes are Bicep's business; a trailing comment is
        // still a comment.
        while (pos_ < s_.size() && s_[pos_] != '\n' && s_[pos_] != '\r') {
          if (s_[pos_] == '/' && peek(1) == '/') break;
          ++pos_;
        }
      } else {
        return;
      }
    }
  }

  // Comments and pragmas on the lines after a line break belong to the same newline token; a pragma
  // counts only at the start of its line.
  void skip_trivia_after_newline() {
    bool saved = at_line_start_;
    at_line_start_ = true;
    skip_trivia();
    at_line_start_ = saved;
  }

  bool pragma_ahead() const {
    for (std::string_view kw : {"disable-next-line", "disable-diagnostics", "restore-diagnostics"}) {
      if (s_.substr(pos_ + 1, kw.size()) == kw) {
        char after = pos_ + 1 + kw.size() < s_.size() ? s_[pos_ + 1 + kw.size()] : '\n';
        if (!is_ident_char(after) && after != '-') return true;
      }
    }
    return false;
  }

  // Consumes `next` when it is the next character.
  bool match(char next) {
    if (peek() != next) return false;
    ++pos_;
    return true;
  }

  void scan_token() {
    auto begin = static_cast<std::uint32_t>(pos_);
    char c = s_[pos_++];
    switch (c) {
      case '\n':
      case '\r': scan_line_breaks(c, begin); return;
      case '{':
        if (!holes_.empty()) holes_.push_back(Hole{true, false, 0});
        push(Tok::LeftBrace, begin);
        return;
      case '}': scan_right_brace(begin); return;
      case '(': push(Tok::LeftParen, begin); return;
      case ')': push(Tok::RightParen, begin); return;
      case '[': push(Tok::LeftSquare, begin); return;
      case ']': push(Tok::RightSquare, begin); return;
      case '@': push(Tok::At, begin); return;
      case ',': push(Tok::Comma, begin); return;
      case ';': push(Tok::Semicolon, begin); return;
      case '+': push(Tok::Plus, begin); return;
      case '-': push(Tok::Minus, begin); return;
      case '%': push(Tok::Modulo, begin); return;
      case '*': push(Tok::Asterisk, begin); return;
      case '/': push(Tok::Slash, begin); return;
      case '^': push(Tok::Hat, begin); return;
      case '.':
        if (peek() == '.' && peek(1) == '.') {
          pos_ += 2;
          push(Tok::Ellipsis, begin);
        } else {
          push(Tok::Dot, begin);
        }
        return;
      case '?': push(match('?') ? Tok::Coalesce : Tok::Question, begin); return;
      case ':': push(match(':') ? Tok::DoubleColon : Tok::Colon, begin); return;
      case '!':
        push(match('=') ? Tok::NotEquals : match('~') ? Tok::NotEqualsInsensitive : Tok::Exclamation, begin);
        return;
      case '<': push(match('=') ? Tok::LessEqual : Tok::Less, begin); return;
      case '>': push(match('=') ? Tok::GreaterEqual : Tok::Greater, begin); return;
      case '=':
        push(match('=') ? Tok::Equals : match('~') ? Tok::EqualsInsensitive : match('>') ? Tok::Arrow : Tok::Assignment,
             begin);
        return;
      case '&':
        if (match('&')) {
          push(Tok::LogicalAnd, begin);
          return;
        }
        break;
      case '|': push(match('|') ? Tok::LogicalOr : Tok::Pipe, begin); return;
      case '$':
        if (scan_dollar_string(begin)) return;
        break;
      case '\'': scan_quoted(begin); return;
      default:
        if (is_digit(c)) {
          while (is_digit(peek())) ++pos_;
          push(Tok::Integer, begin);
          return;
        }
        if (is_ident_start(c)) {
          while (is_ident_char(peek())) ++pos_;
          std::string_view word = s_.substr(begin, pos_ - begin);
          push(word == "true" ? Tok::True : word == "false" ? Tok::False : word == "null" ? Tok::Null : Tok::Identifier, begin);
          return;
        }
        break;
    }
    scan_unrecognized(c, begin);
  }

  // A line break (`c`, just read at `begin`): one token for a run of line breaks, with the blank space
  // and comments between them; it spans the first line break only (where "expected a new line" would
  // point).
  void scan_line_breaks(char c, std::uint32_t begin) {
    if (!holes_.empty() && !holes_.back().multiline) {
      // A single-line string cannot hold a line break, not even in a hole.
      error(begin, begin, "the string is not terminated before the end of the line");
      holes_.clear();
    }
    auto first_end = static_cast<std::uint32_t>(c == '\r' && peek() == '\n' ? pos_ + 1 : pos_);
    while (pos_ < s_.size()) {
      char d = s_[pos_];
      if (d == '\n' || d == '\r' || d == ' ' || d == '\t') {
        ++pos_;
        continue;
      }
      std::size_t save = pos_;
      skip_trivia_after_newline();
      if (pos_ == save) break;
    }
    push(Tok::NewLine, begin, false, 0, first_end);
  }

  // A `}`: the end of a plain brace, or of a string hole, after which the string goes on.
  void scan_right_brace(std::uint32_t begin) {
    if (!holes_.empty()) {
      Hole h = holes_.back();
      if (h.brace) {
        holes_.pop_back();
      } else {
        holes_.pop_back();
        Tok kind = h.multiline ? scan_multiline(false, h.dollars, begin) : scan_single(false, begin);
        if (kind == Tok::StringMiddle) holes_.push_back(h);
        push(kind, begin, h.multiline, h.dollars);
        return;
      }
    }
    push(Tok::RightBrace, begin);
  }

  // After a `$`: the dollars of a $''' string and its first piece. False, with only the dollars read,
  // when no ''' follows them.
  bool scan_dollar_string(std::uint32_t begin) {
    std::uint8_t dollars = 1;
    while (peek() == '$' && dollars < 200) {
      ++pos_;
      ++dollars;
    }
    if (peek() != '\'' || peek(1) != '\'' || peek(2) != '\'') return false;
    pos_ += 3;
    Tok kind = scan_multiline(true, dollars, begin);
    if (kind == Tok::StringLeft) holes_.push_back(Hole{false, true, dollars});
    push(kind, begin, true, dollars);
    return true;
  }

  // After a `'`: a ''' string (which has no holes), or a single-quoted string's first piece.
  void scan_quoted(std::uint32_t begin) {
    if (peek() == '\'' && peek(1) == '\'') {
      pos_ += 2;
      push(scan_multiline(true, 0, begin), begin, true, 0);
      return;
    }
    Tok kind = scan_single(true, begin);
    if (kind == Tok::StringLeft) holes_.push_back(Hole{false, false, 0});
    push(kind, begin);
  }

  // A character (`c`, read at `begin`) that starts no token.
  void scan_unrecognized(char c, std::uint32_t begin) {
    if (c == '"') {
      // A double-quoted string is one mistake, not two.
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\n' && s_[pos_] != '\r') ++pos_;
      if (pos_ < s_.size() && s_[pos_] == '"') ++pos_;
      error(begin, static_cast<std::uint32_t>(pos_), "Bicep strings use single quotes, not \"");
      push(Tok::Unrecognized, begin);
      return;
    }
    // Anything else: one unrecognized character (a whole UTF-8 sequence, so messages stay readable).
    while (pos_ < s_.size() && (static_cast<unsigned char>(s_[pos_]) & 0xC0) == 0x80) ++pos_;
    std::string shown(s_.substr(begin, pos_ - begin));
    error(begin, static_cast<std::uint32_t>(pos_),
          c == '"' ? "Bicep strings use single quotes, not \"" : "unexpected character '" + shown + "'");
    push(Tok::Unrecognized, begin);
  }

  // After the opening quote (or the `}` closing a hole): up to the closing quote or the next `${`.
  Tok scan_single(bool first, std::uint32_t begin) {
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n' || s_[pos_] == '\r') {
        error(begin, static_cast<std::uint32_t>(pos_), "the string is not terminated before the end of the line");
        return first ? Tok::StringComplete : Tok::StringRight;
      }
      char c = s_[pos_++];
      if (c == '\'') return first ? Tok::StringComplete : Tok::StringRight;
      if (c == '$' && peek() == '{') {
        ++pos_;
        return first ? Tok::StringLeft : Tok::StringMiddle;
      }
      if (c == '\\') {
        if (pos_ >= s_.size()) continue;
        char e = s_[pos_];
        if (e == 'u' && peek(1) == '{') {
          std::size_t p = pos_ + 2;
          while (p < s_.size() && is_hex(s_[p])) ++p;
          if (p < s_.size() && s_[p] == '}' && p > pos_ + 2) {
            pos_ = p + 1;
            continue;
          }
          error(static_cast<std::uint32_t>(pos_ - 1), static_cast<std::uint32_t>(pos_ + 1), "invalid \\u{...} escape");
          ++pos_;
          continue;
        }
        if (e == 'n' || e == 'r' || e == 't' || e == '\\' || e == '\'' || e == '$') {
          ++pos_;
          continue;
        }
        if (e == '\n' || e == '\r') continue;  // reported as unterminated above
        error(static_cast<std::uint32_t>(pos_ - 1), static_cast<std::uint32_t>(pos_ + 1),
              "unknown escape sequence (use \\n, \\r, \\t, \\\\, \\', \\$ or \\u{...})");
        ++pos_;
      }
    }
  }

  // After the opening ''' (or `}` of a hole): up to ''' (three or more quotes end it) or, in a $'''
  // string, `dollars` dollars and a `{`.
  Tok scan_multiline(bool first, std::uint8_t dollars, std::uint32_t begin) {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '$') {
        std::size_t run = 0;
        while (peek() == '$') {
          ++pos_;
          ++run;
        }
        if (dollars > 0 && run >= dollars && peek() == '{') {
          ++pos_;
          return first ? Tok::StringLeft : Tok::StringMiddle;
        }
      } else if (c == '\'') {
        std::size_t run = 0;
        while (peek() == '\'') {
          ++pos_;
          ++run;
        }
        if (run >= 3) return first ? Tok::StringComplete : Tok::StringRight;
      } else {
        ++pos_;
      }
    }
    error(begin, static_cast<std::uint32_t>(pos_), "the ''' string is not terminated");
    return first ? Tok::StringComplete : Tok::StringRight;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  bool at_line_start_ = true;
  std::vector<Hole> holes_;
  LexResult out_;
};

}  // namespace

const char* token_name(Tok t) {
  switch (t) {
    case Tok::EndOfFile: return "the end of the file";
    case Tok::NewLine: return "a new line";
    case Tok::Identifier: return "an identifier";
    case Tok::Integer: return "an integer";
    case Tok::True: return "'true'";
    case Tok::False: return "'false'";
    case Tok::Null: return "'null'";
    case Tok::StringComplete: case Tok::StringLeft: return "a string";
    case Tok::StringMiddle: case Tok::StringRight: return "the rest of a string";
    case Tok::LeftBrace: return "'{'";
    case Tok::RightBrace: return "'}'";
    case Tok::LeftParen: return "'('";
    case Tok::RightParen: return "')'";
    case Tok::LeftSquare: return "'['";
    case Tok::RightSquare: return "']'";
    case Tok::Comma: return "','";
    case Tok::Dot: return "'.'";
    case Tok::Question: return "'?'";
    case Tok::Colon: return "':'";
    case Tok::Semicolon: return "';'";
    case Tok::Assignment: return "'='";
    case Tok::Plus: return "'+'";
    case Tok::Minus: return "'-'";
    case Tok::Asterisk: return "'*'";
    case Tok::Slash: return "'/'";
    case Tok::Modulo: return "'%'";
    case Tok::Exclamation: return "'!'";
    case Tok::Less: return "'<'";
    case Tok::Greater: return "'>'";
    case Tok::LessEqual: return "'<='";
    case Tok::GreaterEqual: return "'>='";
    case Tok::Equals: return "'=='";
    case Tok::NotEquals: return "'!='";
    case Tok::EqualsInsensitive: return "'=~'";
    case Tok::NotEqualsInsensitive: return "'!~'";
    case Tok::LogicalAnd: return "'&&'";
    case Tok::LogicalOr: return "'||'";
    case Tok::Coalesce: return "'?" "?'";
    case Tok::DoubleColon: return "'::'";
    case Tok::Arrow: return "'=>'";
    case Tok::Pipe: return "'|'";
    case Tok::Ellipsis: return "'...'";
    case Tok::Hat: return "'^'";
    case Tok::At: return "'@'";
    case Tok::Unrecognized: return "an unrecognized character";
  }
  return "a token";
}

LexResult lex(std::string_view text) { return Lexer(text).run(); }

bool string_piece_value(std::string_view text, const Token& t, std::string& out) {
  std::string_view raw = text.substr(t.begin, t.end - t.begin);
  out.clear();
  if (t.multiline) {
    // Opening: [$...]''' or `}`; closing: ''' or [$...]{.
    std::size_t open = (t.kind == Tok::StringComplete || t.kind == Tok::StringLeft) ? t.dollars + 3u : 1u;
    std::size_t close = (t.kind == Tok::StringComplete || t.kind == Tok::StringRight) ? 3u : t.dollars + 1u;
    if (raw.size() < open + close) return false;
    std::string_view body = raw.substr(open, raw.size() - open - close);
    if (t.kind == Tok::StringComplete || t.kind == Tok::StringLeft) {
      if (!body.empty() && body[0] == '\r') body.remove_prefix(1);
      if (!body.empty() && body[0] == '\n') body.remove_prefix(1);
    }
    out.assign(body);
    return true;
  }
  std::size_t open = 1;
  std::size_t close = (t.kind == Tok::StringComplete || t.kind == Tok::StringRight) ? 1u : 2u;
  if (raw.size() < open + close) return false;
  std::string_view body = raw.substr(open, raw.size() - open - close);
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= body.size()) return false;
    char e = body[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '$': out += '$'; break;
      case 'u': {
        if (i + 1 >= body.size() || body[i + 1] != '{') return false;
        std::size_t close_brace = body.find('}', i + 2);
        if (close_brace == std::string_view::npos || close_brace == i + 2 || close_brace - (i + 2) > 8) return false;
        std::uint32_t cp = 0;
        for (std::size_t k = i + 2; k < close_brace; ++k) {
          char h = body[k];
          if (!is_hex(h)) return false;
          cp = cp * 16 + static_cast<std::uint32_t>(is_digit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (cp > 0x10FFFF) return false;
        append_utf8(out, cp);
        i = close_brace;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

}  // namespace vl::bicep
