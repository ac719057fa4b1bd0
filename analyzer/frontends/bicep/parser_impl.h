// The Bicep parser's working state, internal to the parser (parser.h is its interface and describes the
// grammar it follows): one Parser per file, a recursive descent over the lexer's tokens. The token
// helpers and node construction are inline here; the rest is defined by what it parses: parser.cpp (the
// file, its declarations and error recovery), parser_expressions.cpp (expressions, arguments) and
// parser_types.cpp (type expressions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/bicep/lexer.h"
#include "frontends/bicep/parser.h"

namespace vl::bicep::parsing {

struct ParseError {
  std::uint32_t begin, end;
  std::string message;
};

// Does a line starting with the word `w` start a declaration (in a .bicepparam file when `params_file`)?
bool is_declaration_keyword(std::string_view w, bool params_file);

class Parser {
 public:
  Parser(std::string_view text, bool params_file);
  std::unique_ptr<SyntaxTree> run();

 private:
  // ---- tokens ----------------------------------------------------------------------------------------

  const Token& peek(std::size_t ahead = 0) const {
    std::size_t k = i_ + ahead;
    return k < toks_.size() ? toks_[k] : toks_.back();
  }

  const Token& next() {
    const Token& t = toks_[i_];
    if (i_ + 1 < toks_.size()) ++i_;
    return t;
  }

  bool check(Tok k) const { return peek().kind == k; }

  std::string_view text_of(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }

  bool check_word(std::string_view w, std::size_t ahead = 0) const {
    const Token& t = peek(ahead);
    return t.kind == Tok::Identifier && text_of(t) == w;
  }

  // The next token that is not a new line.
  const Token& peek_past_newlines() const {
    std::size_t k = i_;
    while (k < toks_.size() && toks_[k].kind == Tok::NewLine) ++k;
    return k < toks_.size() ? toks_[k] : toks_.back();
  }

  void skip_newlines() {
    while (check(Tok::NewLine)) next();
  }

  [[noreturn]] void fail(const std::string& expected) const {
    const Token& t = peek();
    std::string found = t.kind == Tok::Identifier ? "'" + std::string(text_of(t)) + "'" : token_name(t.kind);
    if ((t.kind == Tok::NewLine || t.kind == Tok::EndOfFile) && i_ > 0) {
      // What is missing belongs right after the last token of the line, not after its comments.
      std::uint32_t at = toks_[i_ - 1].end;
      throw ParseError{at, at, "expected " + expected + ", found " + found};
    }
    throw ParseError{t.begin, t.end > t.begin ? t.end : t.begin + 1, "expected " + expected + ", found " + found};
  }

  const Token& expect(Tok k, const char* what) {
    if (!check(k)) fail(what);
    return next();
  }

  const Token& expect_word(std::string_view w) {
    if (!check_word(w)) fail("'" + std::string(w) + "'");
    return next();
  }

  std::uint32_t last_end() const { return i_ > 0 ? toks_[i_ - 1].end : 0; }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxNesting) {
        --p.depth_;
        const Token& t = p.peek();
        throw ParseError{t.begin, t.end > t.begin ? t.end : t.begin + 1,
                         "nesting deeper than " + std::to_string(kMaxNesting) + " levels"};
      }
    }
    ~DepthGuard() { --p.depth_; }
  };

  // ---- errors and recovery -------------------------------------------------------------------------

  // Bracket depth before each token (string holes count as brackets), for recovery.
  void compute_depths();
  void report(const ParseError& e, std::uint32_t decl_begin);
  bool starts_declaration(std::size_t k) const;

  // Resumes at the next line that starts a declaration outside any brackets; failing that (brackets left
  // open by the error), at the next one written at the start of its line.
  void recover(std::size_t start);

  // ---- node construction ---------------------------------------------------------------------------

  Expr* make(ExprKind kind, std::uint32_t begin, std::uint32_t end) {
    Expr& e = tree_->exprs.emplace_back();
    e.kind = kind;
    e.begin = begin;
    e.end = end;
    return &e;
  }

  TypeExpr* make_type(TypeKind kind, std::uint32_t begin, std::uint32_t end) {
    TypeExpr& t = tree_->types.emplace_back();
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    return &t;
  }

  Decl* make_decl(DeclKind kind, const Token& keyword, std::uint32_t begin, std::vector<Decorator> decorators) {
    Decl& d = tree_->decl_pool.emplace_back();
    d.kind = kind;
    d.keyword_begin = keyword.begin;
    d.keyword_end = keyword.end;
    d.begin = begin;
    d.decorators = std::move(decorators);
    return &d;
  }

  void finish(Decl* d) { d->end = last_end(); }

  void identifier_name(Decl* d, const char* what) {
    const Token& t = expect(Tok::Identifier, what);
    d->name = std::string(text_of(t));
    d->name_begin = t.begin;
    d->name_end = t.end;
  }

  // ---- declarations --------------------------------------------------------------------------------

  std::vector<Decorator> decorators();
  Decl* declaration();
  Decl* param_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* param_assign(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* var_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* type_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* func_decl(std::uint32_t begin, std::vector<Decorator> decs);
  std::string_view peek_word_past_newlines() const;

  // The body of a resource or module: an object, `if (...) {...}`, or `[for ...]`; new lines may come
  // before an `if`.
  Expr* declaration_body();
  Expr* if_body();
  Decl* resource_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* module_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* output_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* import_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* extension_decl(std::uint32_t begin, std::vector<Decorator> decs);
  void extension_rest(Decl* d);
  Decl* extension_config(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* using_decl(std::uint32_t begin, std::vector<Decorator> decs);
  Decl* path_decl(DeclKind kind, std::uint32_t begin, std::vector<Decorator> decs);

  // ---- element lists -------------------------------------------------------------------------------

  // The items of an array, object, import list or object/tuple type: separated by new lines or by
  // commas (not both: a new line right after a comma is an error, as in Bicep).
  template <typename F>
  void elements(Tok close, F&& element) {
    if (check(close)) return;
    skip_newlines();
    bool expect_element = true;
    while (!check(close) && !check(Tok::EndOfFile)) {
      if (!expect_element) {
        if (check(Tok::NewLine)) {
          skip_newlines();
        } else if (check(Tok::Comma)) {
          next();
          if (check(Tok::NewLine)) fail("the next item on the same line after ',' (or no comma before the new line)");
        } else {
          fail("a new line or ',' between items");
        }
        expect_element = true;
        continue;
      }
      element();
      expect_element = false;
    }
  }

  // Items separated by commas, with new lines allowed around each, then `close` (`what` names it in
  // an error): function and lambda parameters, type arguments.
  template <typename F>
  void comma_list(Tok close, const char* what, F&& item) {
    skip_newlines();
    while (!check(close)) {
      item();
      skip_newlines();
      if (!check(Tok::Comma)) break;
      next();
      skip_newlines();
    }
    expect(close, what);
  }

  void call_arguments(Expr* call);

  // ---- expressions ---------------------------------------------------------------------------------

  Expr* expression();

  // Recursion here is bounded by the number of precedence levels; nesting is counted where brackets,
  // ternaries and prefix operators nest.
  Expr* binary(int min_precedence);
  Expr* unary();
  Expr* member();
  Expr* primary();

  // The token after `[` and any new lines.
  const Token& peek_after_bracket() const;
  void lambda_body(Expr* lambda);

  // `(x)`, or the parameter list of a lambda `(a, b) => ...` / `() => ...`.
  Expr* paren_or_lambda();
  Expr* string_expr(const char* what);
  Expr* array();
  Expr* object();
  Expr* for_expression();

  // ---- types ---------------------------------------------------------------------------------------

  TypeExpr* type(bool allow_bare_resource);
  bool union_separator_ahead() const;
  TypeExpr* type_expression();
  TypeExpr* unary_type();
  TypeExpr* member_type();
  void type_arguments(TypeExpr* t);
  TypeExpr* primary_type();

  // ---- state ---------------------------------------------------------------------------------------

  std::string_view text_;
  std::unique_ptr<SyntaxTree> tree_;
  std::vector<Token> toks_;
  std::vector<int> depth_at_;
  std::vector<SyntaxError> lex_errors_;
  std::size_t dropped_lex_errors_ = 0;
  std::vector<SyntaxError> parse_errors_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace vl::bicep::parsing
