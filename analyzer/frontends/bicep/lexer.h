// The Bicep lexer: turns a file into tokens with byte offsets. Newlines are tokens (Bicep's grammar is
// newline-aware); comments and `#disable-next-line`-style pragmas are trivia, kept aside (comments are
// where suppressions live). Strings with `${...}` holes become a left piece, the hole's tokens, middle
// pieces and a right piece, as the Bicep compiler's own lexer does; `'''` strings are verbatim, and
// `$'''...${x}...'''` (one or more `$`) interpolates with that many dollars.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vl::bicep {

enum class Tok : std::uint8_t {
  EndOfFile,
  NewLine,
  Identifier,
  Integer,
  True,
  False,
  Null,
  StringComplete,  // 'abc' or '''abc'''
  StringLeft,      // 'abc${
  StringMiddle,    // }abc${
  StringRight,     // }abc'
  LeftBrace,
  RightBrace,
  LeftParen,
  RightParen,
  LeftSquare,
  RightSquare,
  Comma,
  Dot,
  Question,
  Colon,
  Semicolon,
  Assignment,
  Plus,
  Minus,
  Asterisk,
  Slash,
  Modulo,
  Exclamation,
  Less,
  Greater,
  LessEqual,
  GreaterEqual,
  Equals,
  NotEquals,
  EqualsInsensitive,
  NotEqualsInsensitive,
  LogicalAnd,
  LogicalOr,
  Coalesce,     // ??
  DoubleColon,  // ::
  Arrow,        // =>
  Pipe,         // |
  Ellipsis,     // ...
  Hat,          // ^
  At,           // @
  Unrecognized,
};

const char* token_name(Tok t);

struct Token {
  Tok kind = Tok::EndOfFile;
  std::uint8_t dollars = 0;     // string pieces of a multi-line string: 0 plain '''...''', n for $'''...'''
  bool multiline = false;       // a piece of a ''' string
  bool line_start = false;      // the first token on its line (after whitespace, comments and pragmas)
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

struct Comment {
  std::uint32_t begin = 0;  // at `//` or `/*`
  std::uint32_t end = 0;    // after the comment (before the newline of a line comment)
};

struct LexError {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string message;
};

// The lexical errors kept per file; past them, errors are only counted (megabytes of junk would
// otherwise make millions).
inline constexpr std::size_t kMaxLexErrors = 20;

struct LexResult {
  std::vector<Token> tokens;  // always ends with EndOfFile
  std::vector<Comment> comments;
  std::vector<LexError> errors;    // the first kMaxLexErrors
  std::size_t dropped_errors = 0;  // the others
};

LexResult lex(std::string_view text);

// The text of a string piece between its delimiters, with `\` escapes decoded (single-line strings) or
// verbatim (multi-line ones, whose first newline right after the opening quotes is dropped). False when
// an escape is invalid.
bool string_piece_value(std::string_view text, const Token& t, std::string& out);

}  // namespace vl::bicep
