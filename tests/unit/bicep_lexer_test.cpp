// The Bicep lexer: token kinds and offsets, new lines as tokens, comments and pragmas as trivia, strings
// with escapes, interpolation (nested) and ''' multi-line strings, every operator.
#include <catch2/catch.hpp>

#include "frontends/bicep/lexer.h"

using namespace vl::bicep;

namespace {

std::vector<Tok> kinds(std::string_view text) {
  std::vector<Tok> out;
  for (const Token& t : lex(text).tokens) out.push_back(t.kind);
  return out;
}

std::string value_of(std::string_view text, std::size_t index = 0) {
  LexResult r = lex(text);
  std::string out;
  REQUIRE(string_piece_value(text, r.tokens[index], out));
  return out;
}

}  // namespace

TEST_CASE("bicep lexer: identifiers, keywords, integers and new lines", "[bicep][lexer]") {
  CHECK(kinds("param x int = 42\n") ==
        std::vector<Tok>{Tok::Identifier, Tok::Identifier, Tok::Identifier, Tok::Assignment, Tok::Integer, Tok::NewLine, Tok::EndOfFile});
  CHECK(kinds("true false null") == std::vector<Tok>{Tok::True, Tok::False, Tok::Null, Tok::EndOfFile});
  // A run of blank lines, with comments between them, is one new line token.
  CHECK(kinds("a\n\n  // comment\n\r\n  /* block */\nb") == std::vector<Tok>{Tok::Identifier, Tok::NewLine, Tok::Identifier, Tok::EndOfFile});
  LexResult r = lex("ab  cd");
  CHECK(r.tokens[1].begin == 4);
  CHECK(r.tokens[1].end == 6);
  CHECK(r.tokens[0].line_start);
  CHECK_FALSE(r.tokens[1].line_start);
}

TEST_CASE("bicep lexer: every operator", "[bicep][lexer]") {
  CHECK(kinds("{ } ( ) [ ] , . ? : ; = + - * / % ! < > <= >= == != =~ !~ && || ?? :: => | ... ^ @") ==
        std::vector<Tok>{Tok::LeftBrace,   Tok::RightBrace,   Tok::LeftParen,    Tok::RightParen, Tok::LeftSquare,
                         Tok::RightSquare, Tok::Comma,        Tok::Dot,          Tok::Question,   Tok::Colon,
                         Tok::Semicolon,   Tok::Assignment,   Tok::Plus,         Tok::Minus,      Tok::Asterisk,
                         Tok::Slash,       Tok::Modulo,       Tok::Exclamation,  Tok::Less,       Tok::Greater,
                         Tok::LessEqual,   Tok::GreaterEqual, Tok::Equals,       Tok::NotEquals,  Tok::EqualsInsensitive,
                         Tok::NotEqualsInsensitive, Tok::LogicalAnd, Tok::LogicalOr, Tok::Coalesce, Tok::DoubleColon,
                         Tok::Arrow,       Tok::Pipe,         Tok::Ellipsis,     Tok::Hat,        Tok::At,
                         Tok::EndOfFile});
  // ?. and .? are two tokens each, as in Bicep.
  CHECK(kinds("a.?b") == std::vector<Tok>{Tok::Identifier, Tok::Dot, Tok::Question, Tok::Identifier, Tok::EndOfFile});
  CHECK(kinds("a[?0]") == std::vector<Tok>{Tok::Identifier, Tok::LeftSquare, Tok::Question, Tok::Integer, Tok::RightSquare, Tok::EndOfFile});
}

TEST_CASE("bicep lexer: strings, escapes and interpolation", "[bicep][lexer]") {
  CHECK(value_of(R"('it\'s \\ \n \t \$ \${x} \u{1F600}')") == "it's \\ \n \t $ ${x} \xF0\x9F\x98\x80");
  CHECK(kinds("'a${b}c${d}e'") == std::vector<Tok>{Tok::StringLeft, Tok::Identifier, Tok::StringMiddle, Tok::Identifier,
                                                   Tok::StringRight, Tok::EndOfFile});
  // Nested: a string inside a hole inside a string; braces of an object in a hole are ordinary tokens.
  CHECK(kinds("'x${f('y${z}')}w'") ==
        std::vector<Tok>{Tok::StringLeft, Tok::Identifier, Tok::LeftParen, Tok::StringLeft, Tok::Identifier, Tok::StringRight,
                         Tok::RightParen, Tok::StringRight, Tok::EndOfFile});
  CHECK(kinds("'${ {a: 1}.a }'") == std::vector<Tok>{Tok::StringLeft, Tok::LeftBrace, Tok::Identifier, Tok::Colon, Tok::Integer,
                                                      Tok::RightBrace, Tok::Dot, Tok::Identifier, Tok::StringRight, Tok::EndOfFile});
  std::string text = "'pre${x}mid${y}post'";
  LexResult r = lex(text);
  std::string piece;
  REQUIRE(string_piece_value(text, r.tokens[0], piece));
  CHECK(piece == "pre");
  REQUIRE(string_piece_value(text, r.tokens[2], piece));
  CHECK(piece == "mid");
  REQUIRE(string_piece_value(text, r.tokens[4], piece));
  CHECK(piece == "post");
}

TEST_CASE("bicep lexer: multi-line strings", "[bicep][lexer]") {
  // Verbatim: no escapes, no interpolation; the new line right after ''' is dropped.
  CHECK(value_of("'''\nline ${x} \\n\n'''") == "line ${x} \\n\n");
  CHECK(value_of("'''it''s'''") == "it''s");
  CHECK(kinds("'''a\nb'''") == std::vector<Tok>{Tok::StringComplete, Tok::EndOfFile});
  // $''' interpolates with ${, $$''' with $${.
  CHECK(kinds("$'''a${b}c'''") == std::vector<Tok>{Tok::StringLeft, Tok::Identifier, Tok::StringRight, Tok::EndOfFile});
  CHECK(kinds("$$'''a${b}$${c}'''") == std::vector<Tok>{Tok::StringLeft, Tok::Identifier, Tok::StringRight, Tok::EndOfFile});
  std::string text = "$$'''a${b}$${c}d'''";
  LexResult r = lex(text);
  std::string piece;
  REQUIRE(string_piece_value(text, r.tokens[0], piece));
  CHECK(piece == "a${b}");
  REQUIRE(string_piece_value(text, r.tokens[2], piece));
  CHECK(piece == "d");
}

TEST_CASE("bicep lexer: comments and pragmas are trivia", "[bicep][lexer]") {
  LexResult r = lex("a // one\n/* two\n */ b\n#disable-next-line BCP081 // why\nc");
  CHECK(r.comments.size() == 3);
  CHECK(r.errors.empty());
  std::vector<Tok> k;
  for (const Token& t : r.tokens) k.push_back(t.kind);
  CHECK(k == std::vector<Tok>{Tok::Identifier, Tok::NewLine, Tok::Identifier, Tok::NewLine, Tok::Identifier, Tok::EndOfFile});
  CHECK(kinds("#disable-diagnostics a b\nx\n#restore-diagnostics a b\n") ==
        std::vector<Tok>{Tok::NewLine, Tok::Identifier, Tok::NewLine, Tok::EndOfFile});
  // A UTF-8 byte order mark is skipped.
  CHECK(kinds("\xEF\xBB\xBFparam") == std::vector<Tok>{Tok::Identifier, Tok::EndOfFile});
}

TEST_CASE("bicep lexer: errors", "[bicep][lexer]") {
  CHECK_FALSE(lex("'abc").errors.empty());
  CHECK_FALSE(lex("'abc\ndef'").errors.empty());
  CHECK_FALSE(lex("\"double\"").errors.empty());
  CHECK_FALSE(lex("'\\q'").errors.empty());
  CHECK_FALSE(lex("/* open").errors.empty());
  CHECK_FALSE(lex("'''open").errors.empty());
  CHECK_FALSE(lex("a # b").errors.empty());
  CHECK(lex("'\\q'").errors[0].begin == 1);
  // Lexing always ends with EndOfFile, whatever the input.
  CHECK(lex("'${").tokens.back().kind == Tok::EndOfFile);
}
