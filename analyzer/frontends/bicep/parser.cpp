// The Bicep parser (parser.h), its Parser (parser_impl.h) here for the file as a whole: its
// declarations, decorators and the recovery after a syntax error. Expressions are parsed in
// parser_expressions.cpp, types in parser_types.cpp.
#include "frontends/bicep/parser.h"

#include <algorithm>
#include <string>

#include "frontends/bicep/parser_impl.h"

namespace vl::bicep {

namespace parsing {

bool is_declaration_keyword(std::string_view w, bool params_file) {
  if (params_file) {
    return w == "using" || w == "extends" || w == "param" || w == "var" || w == "import" || w == "type" ||
           w == "func" || w == "extension" || w == "extensionConfig";
  }
  return w == "targetScope" || w == "metadata" || w == "param" || w == "var" || w == "type" || w == "func" ||
         w == "resource" || w == "module" || w == "output" || w == "import" || w == "extension" ||
         w == "provider" || w == "assert" || w == "test";
}

Parser::Parser(std::string_view text, bool params_file) : text_(text), tree_(std::make_unique<SyntaxTree>()) {
  tree_->params_file = params_file;
  LexResult lexed = lex(text);
  toks_ = std::move(lexed.tokens);
  for (const auto& c : lexed.comments) tree_->comments.emplace_back(c.begin, c.end);
  for (const auto& e : lexed.errors) lex_errors_.push_back(SyntaxError{e.begin, e.end, e.message});
  dropped_lex_errors_ = lexed.dropped_errors;
  compute_depths();
}

std::unique_ptr<SyntaxTree> Parser::run() {
  while (peek().kind != Tok::EndOfFile) {
    if (peek().kind == Tok::NewLine) {
      ++i_;
      continue;
    }
    std::size_t start = i_;
    try {
      Decl* d = declaration();
      tree_->decls.push_back(d);
      if (peek().kind != Tok::NewLine && peek().kind != Tok::EndOfFile) fail("a new line after the declaration");
    } catch (const ParseError& e) {
      report(e, toks_[start].begin);
      recover(start);
    }
  }
  // Lexical errors first, each once; parse errors that a lexical error explains are dropped.
  std::vector<SyntaxError> all = lex_errors_;
  for (const SyntaxError& e : parse_errors_) all.push_back(e);
  std::sort(all.begin(), all.end(), [](const SyntaxError& a, const SyntaxError& b) { return a.begin < b.begin; });
  std::size_t more = dropped_lex_errors_ + (all.size() > kMaxSyntaxErrors ? all.size() - kMaxSyntaxErrors : 0);
  if (all.size() > kMaxSyntaxErrors) all.resize(kMaxSyntaxErrors);
  if (more > 0 && !all.empty()) all.back().message += " (and " + std::to_string(more) + " more syntax errors in this file)";
  tree_->errors = std::move(all);
  return std::move(tree_);
}

// Bracket depth before each token (string holes count as brackets), for recovery.
void Parser::compute_depths() {
  depth_at_.resize(toks_.size());
  int d = 0;
  for (std::size_t k = 0; k < toks_.size(); ++k) {
    Tok t = toks_[k].kind;
    if (t == Tok::RightBrace || t == Tok::RightParen || t == Tok::RightSquare || t == Tok::StringRight) --d;
    depth_at_[k] = d;
    if (t == Tok::LeftBrace || t == Tok::LeftParen || t == Tok::LeftSquare || t == Tok::StringLeft) ++d;
  }
}

void Parser::report(const ParseError& e, std::uint32_t decl_begin) {
  for (const SyntaxError& le : lex_errors_) {
    if (le.begin >= decl_begin && le.begin <= e.end) return;  // the lexical error says it already
  }
  parse_errors_.push_back(SyntaxError{e.begin, e.end, e.message});
}

bool Parser::starts_declaration(std::size_t k) const {
  const Token& t = toks_[k];
  if (!t.line_start) return false;
  if (t.kind == Tok::At) return true;
  return t.kind == Tok::Identifier && is_declaration_keyword(text_of(t), tree_->params_file);
}

// Resumes at the next line that starts a declaration outside any brackets; failing that (brackets left
// open by the error), at the next one written at the start of its line.
void Parser::recover(std::size_t start) {
  for (std::size_t k = start + 1; k < toks_.size(); ++k) {
    if (starts_declaration(k) && depth_at_[k] <= 0) {
      i_ = k;
      return;
    }
  }
  for (std::size_t k = start + 1; k < toks_.size(); ++k) {
    const Token& t = toks_[k];
    if (starts_declaration(k) && (t.begin == 0 || text_[t.begin - 1] == '\n' || text_[t.begin - 1] == '\r')) {
      i_ = k;
      return;
    }
  }
  i_ = toks_.size() - 1;
}

std::vector<Decorator> Parser::decorators() {
  std::vector<Decorator> out;
  while (check(Tok::At)) {
    const Token& at = next();
    Decorator d;
    d.begin = at.begin;
    const Token& name = expect(Tok::Identifier, "a decorator name");
    Expr* e;
    if (check(Tok::LeftParen)) {
      e = make(ExprKind::Call, name.begin, name.end);
      e->text = std::string(text_of(name));
      call_arguments(e);
    } else {
      e = make(ExprKind::Ident, name.begin, name.end);
      e->text = std::string(text_of(name));
    }
    while (check(Tok::Dot)) {
      next();
      const Token& member = expect(Tok::Identifier, "a decorator name after '.'");
      Expr* m;
      if (check(Tok::LeftParen)) {
        m = make(ExprKind::MethodCall, e->begin, member.end);
        m->args.push_back(e);
        m->text = std::string(text_of(member));
        call_arguments(m);
      } else {
        m = make(ExprKind::Property, e->begin, member.end);
        m->args.push_back(e);
        m->text = std::string(text_of(member));
      }
      e = m;
    }
    d.expr = e;
    d.end = last_end();
    out.push_back(d);
    if (!check(Tok::NewLine)) fail("a new line after the decorator");
    skip_newlines();
  }
  return out;
}

Decl* Parser::declaration() {
  std::uint32_t begin = peek().begin;
  std::vector<Decorator> decs = decorators();
  if (!check(Tok::Identifier)) fail(tree_->params_file ? "a declaration (using, param, var, import, type)" : "a declaration (param, var, resource, module, output, ...)");
  std::string word(text_of(peek()));
  if (tree_->params_file) {
    if (word == "using") return using_decl(begin, std::move(decs));
    if (word == "extends") return path_decl(DeclKind::Extends, begin, std::move(decs));
    if (word == "param") return param_assign(begin, std::move(decs));
    if (word == "var") return var_decl(begin, std::move(decs));
    if (word == "import") return import_decl(begin, std::move(decs));
    if (word == "type") return type_decl(begin, std::move(decs));
    if (word == "func") return func_decl(begin, std::move(decs));
    if (word == "extension") return extension_decl(begin, std::move(decs));
    if (word == "extensionConfig") return extension_config(begin, std::move(decs));
    fail("a declaration (using, param, var, import, type)");
  }
  if (word == "targetScope") {
    Decl* d = make_decl(DeclKind::TargetScope, next(), begin, std::move(decs));
    expect(Tok::Assignment, "'=' after targetScope");
    d->value = expression();
    finish(d);
    return d;
  }
  if (word == "metadata" || word == "assert") {
    Decl* d = make_decl(word == "metadata" ? DeclKind::Metadata : DeclKind::Assert, next(), begin, std::move(decs));
    identifier_name(d, "a name");
    expect(Tok::Assignment, "'='");
    d->value = expression();
    finish(d);
    return d;
  }
  if (word == "param") return param_decl(begin, std::move(decs));
  if (word == "var") return var_decl(begin, std::move(decs));
  if (word == "type") return type_decl(begin, std::move(decs));
  if (word == "func") return func_decl(begin, std::move(decs));
  if (word == "resource") return resource_decl(begin, std::move(decs));
  if (word == "module") return module_decl(begin, std::move(decs));
  if (word == "output") return output_decl(begin, std::move(decs));
  if (word == "import") return import_decl(begin, std::move(decs));
  if (word == "extension" || word == "provider") return extension_decl(begin, std::move(decs));
  if (word == "test") {
    Decl* d = make_decl(DeclKind::Test, next(), begin, std::move(decs));
    identifier_name(d, "a test name");
    d->path = string_expr("the path of the file to test");
    expect(Tok::Assignment, "'='");
    if (!check(Tok::LeftBrace)) fail("'{'");
    d->value = object();
    finish(d);
    return d;
  }
  fail("a declaration (param, var, resource, module, output, ...)");
}

Decl* Parser::param_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Param, next(), begin, std::move(decs));
  identifier_name(d, "a parameter name");
  d->type = type(false);
  if (check(Tok::Assignment)) {
    next();
    d->value = expression();
  } else if (!check(Tok::NewLine) && !check(Tok::EndOfFile)) {
    fail("'=' or a new line after the parameter type");
  }
  finish(d);
  return d;
}

Decl* Parser::param_assign(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::ParamAssign, next(), begin, std::move(decs));
  identifier_name(d, "a parameter name");
  expect(Tok::Assignment, "'=' after the parameter name");
  d->value = expression();
  finish(d);
  return d;
}

Decl* Parser::var_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Var, next(), begin, std::move(decs));
  identifier_name(d, "a variable name");
  if (!check(Tok::Assignment)) d->type = type(false);
  expect(Tok::Assignment, "'=' after the variable name");
  d->value = expression();
  finish(d);
  return d;
}

Decl* Parser::type_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Type, next(), begin, std::move(decs));
  identifier_name(d, "a type name");
  expect(Tok::Assignment, "'=' after the type name");
  d->type = type_expression();
  finish(d);
  return d;
}

Decl* Parser::func_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Func, next(), begin, std::move(decs));
  identifier_name(d, "a function name");
  expect(Tok::LeftParen, "'(' and the function's parameters");
  comma_list(Tok::RightParen, "')'", [&] {
    const Token& name = expect(Tok::Identifier, "a parameter name");
    TypeExpr* t = type(false);
    d->func_params.emplace_back(std::string(text_of(name)), t);
  });
  d->type = type(false);
  expect(Tok::Arrow, "'=>'");
  if (!is_declaration_keyword(peek_word_past_newlines(), false)) skip_newlines();
  d->value = expression();
  finish(d);
  return d;
}

std::string_view Parser::peek_word_past_newlines() const {
  const Token& t = peek_past_newlines();
  return t.kind == Tok::Identifier ? text_of(t) : std::string_view();
}

// The body of a resource or module: an object, `if (...) {...}`, or `[for ...]`; new lines may come
// before an `if`.
Expr* Parser::declaration_body() {
  if (peek_past_newlines().kind == Tok::Identifier && text_of(peek_past_newlines()) == "if") skip_newlines();
  if (check_word("if")) return if_body();
  if (check(Tok::LeftBrace)) return object();
  if (check(Tok::LeftSquare)) return for_expression();
  fail("'{', 'if' or '[for'");
}

Expr* Parser::if_body() {
  const Token& kw = next();
  Expr* e = make(ExprKind::IfBody, kw.begin, kw.end);
  if (!check(Tok::LeftParen)) fail("'(' and the condition");
  e->args.push_back(paren_or_lambda());
  if (!check(Tok::LeftBrace)) fail("'{' after the condition");
  e->args.push_back(object());
  e->end = last_end();
  return e;
}

Decl* Parser::resource_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Resource, next(), begin, std::move(decs));
  identifier_name(d, "a resource name");
  d->path = string_expr("the resource type string ('Microsoft.X/y@version')");
  if (check_word("existing")) {
    next();
    d->existing = true;
  }
  expect(Tok::Assignment, "'='");
  d->value = declaration_body();
  finish(d);
  return d;
}

Decl* Parser::module_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Module, next(), begin, std::move(decs));
  identifier_name(d, "a module name");
  d->path = string_expr("the module path string");
  expect(Tok::Assignment, "'='");
  d->value = declaration_body();
  finish(d);
  return d;
}

Decl* Parser::output_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Output, next(), begin, std::move(decs));
  identifier_name(d, "an output name");
  if (check_word("resource") && peek(1).kind != Tok::Less) d->output_resource = true;
  d->type = type(true);
  expect(Tok::Assignment, "'='");
  d->value = expression();
  finish(d);
  return d;
}

Decl* Parser::import_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  const Token& kw = next();
  if (check(Tok::StringComplete) || check(Tok::StringLeft)) {
    // The old `import 'az@1.0.0'` form of an extension.
    Decl* d = make_decl(DeclKind::Extension, kw, begin, std::move(decs));
    extension_rest(d);
    return d;
  }
  Decl* d = make_decl(DeclKind::Import, kw, begin, std::move(decs));
  if (check(Tok::Asterisk)) {
    next();
    expect_word("as");
    const Token& alias = expect(Tok::Identifier, "a namespace name");
    d->wildcard_alias = std::string(text_of(alias));
  } else if (check(Tok::LeftBrace)) {
    next();
    elements(Tok::RightBrace, [&] {
      ImportedSymbol s;
      if (check(Tok::Identifier)) {
        s.name = std::string(text_of(next()));
      } else if (check(Tok::StringComplete)) {
        Expr* e = string_expr("a symbol name");
        s.name = e->text;
      } else {
        fail("the name of an exported symbol");
      }
      s.alias = s.name;
      if (check_word("as")) {
        next();
        s.alias = std::string(text_of(expect(Tok::Identifier, "an alias")));
      }
      d->imported.push_back(std::move(s));
    });
    expect(Tok::RightBrace, "'}'");
  } else {
    fail("'{' or '*' after import");
  }
  expect_word("from");
  d->path = string_expr("the path to import from");
  finish(d);
  return d;
}

Decl* Parser::extension_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Extension, next(), begin, std::move(decs));
  if (check(Tok::Identifier)) {
    const Token& t = next();
    d->name = std::string(text_of(t));
    d->name_begin = t.begin;
    d->name_end = t.end;
  } else {
    d->path = string_expr("the extension name or reference");
  }
  extension_rest(d);
  return d;
}

void Parser::extension_rest(Decl* d) {
  if (!d->path && d->name.empty()) d->path = string_expr("the extension reference");
  if (check_word("with")) {
    next();
    if (!check(Tok::LeftBrace)) fail("'{' after with");
    d->value = object();
  }
  if (check_word("as")) {
    next();
    const Token& alias = expect(Tok::Identifier, "an alias");
    d->name = std::string(text_of(alias));
    d->name_begin = alias.begin;
    d->name_end = alias.end;
  }
  finish(d);
}

Decl* Parser::extension_config(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Extension, next(), begin, std::move(decs));
  identifier_name(d, "an extension alias");
  expect_word("with");
  if (!check(Tok::LeftBrace)) fail("'{' after with");
  d->value = object();
  finish(d);
  return d;
}

Decl* Parser::using_decl(std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(DeclKind::Using, next(), begin, std::move(decs));
  if (check_word("none")) {
    next();
    d->none = true;
  } else {
    d->path = string_expr("the path of the template ('./main.bicep') or none");
  }
  if (check_word("with")) {
    next();
    if (!check(Tok::LeftBrace)) fail("'{' after with");
    d->value = object();
  }
  finish(d);
  return d;
}

Decl* Parser::path_decl(DeclKind kind, std::uint32_t begin, std::vector<Decorator> decs) {
  Decl* d = make_decl(kind, next(), begin, std::move(decs));
  d->path = string_expr("a path");
  finish(d);
  return d;
}

}  // namespace parsing

std::unique_ptr<SyntaxTree> parse(std::string_view text, bool params_file) { return parsing::Parser(text, params_file).run(); }

}  // namespace vl::bicep
