#include "frontends/bicep/parser.h"

#include <algorithm>
#include <charconv>

#include "frontends/bicep/lexer.h"

namespace vl::bicep {

namespace {

struct ParseError {
  std::uint32_t begin, end;
  std::string message;
};

bool is_declaration_keyword(std::string_view w, bool params_file) {
  if (params_file) {
    return w == "using" || w == "extends" || w == "param" || w == "var" || w == "import" || w == "type" ||
           w == "func" || w == "extension" || w == "extensionConfig";
  }
  return w == "targetScope" || w == "metadata" || w == "param" || w == "var" || w == "type" || w == "func" ||
         w == "resource" || w == "module" || w == "output" || w == "import" || w == "extension" ||
         w == "provider" || w == "assert" || w == "test";
}

// Binary operators and their precedence, as the Bicep compiler ranks them (higher binds tighter).
int precedence(Tok t) {
  switch (t) {
    case Tok::Modulo:
    case Tok::Asterisk:
    case Tok::Slash:
      return 100;
    case Tok::Plus:
    case Tok::Minus:
      return 90;
    case Tok::Greater:
    case Tok::GreaterEqual:
    case Tok::Less:
    case Tok::LessEqual:
      return 80;
    case Tok::Equals:
    case Tok::NotEquals:
    case Tok::EqualsInsensitive:
    case Tok::NotEqualsInsensitive:
      return 70;
    case Tok::LogicalAnd:
      return 50;
    case Tok::LogicalOr:
      return 40;
    case Tok::Coalesce:
      return 30;
    default:
      return -1;
  }
}

class Parser {
 public:
  Parser(std::string_view text, bool params_file) : text_(text), tree_(std::make_unique<SyntaxTree>()) {
    tree_->params_file = params_file;
    LexResult lexed = lex(text);
    toks_ = std::move(lexed.tokens);
    for (const auto& c : lexed.comments) tree_->comments.emplace_back(c.begin, c.end);
    for (const auto& e : lexed.errors) lex_errors_.push_back(SyntaxError{e.begin, e.end, e.message});
    dropped_lex_errors_ = lexed.dropped_errors;
    compute_depths();
  }

  std::unique_ptr<SyntaxTree> run() {
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
  void compute_depths() {
    depth_at_.resize(toks_.size());
    int d = 0;
    for (std::size_t k = 0; k < toks_.size(); ++k) {
      Tok t = toks_[k].kind;
      if (t == Tok::RightBrace || t == Tok::RightParen || t == Tok::RightSquare || t == Tok::StringRight) --d;
      depth_at_[k] = d;
      if (t == Tok::LeftBrace || t == Tok::LeftParen || t == Tok::LeftSquare || t == Tok::StringLeft) ++d;
    }
  }

  void report(const ParseError& e, std::uint32_t decl_begin) {
    for (const SyntaxError& le : lex_errors_) {
      if (le.begin >= decl_begin && le.begin <= e.end) return;  // the lexical error says it already
    }
    parse_errors_.push_back(SyntaxError{e.begin, e.end, e.message});
  }

  bool starts_declaration(std::size_t k) const {
    const Token& t = toks_[k];
    if (!t.line_start) return false;
    if (t.kind == Tok::At) return true;
    return t.kind == Tok::Identifier && is_declaration_keyword(text_of(t), tree_->params_file);
  }

  // Resumes at the next line that starts a declaration outside any brackets; failing that (brackets left
  // open by the error), at the next one written at the start of its line.
  void recover(std::size_t start) {
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

  std::vector<Decorator> decorators() {
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

  Decl* declaration() {
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

  Decl* param_decl(std::uint32_t begin, std::vector<Decorator> decs) {
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

  Decl* param_assign(std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(DeclKind::ParamAssign, next(), begin, std::move(decs));
    identifier_name(d, "a parameter name");
    expect(Tok::Assignment, "'=' after the parameter name");
    d->value = expression();
    finish(d);
    return d;
  }

  Decl* var_decl(std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(DeclKind::Var, next(), begin, std::move(decs));
    identifier_name(d, "a variable name");
    if (!check(Tok::Assignment)) d->type = type(false);
    expect(Tok::Assignment, "'=' after the variable name");
    d->value = expression();
    finish(d);
    return d;
  }

  Decl* type_decl(std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(DeclKind::Type, next(), begin, std::move(decs));
    identifier_name(d, "a type name");
    expect(Tok::Assignment, "'=' after the type name");
    d->type = type_expression();
    finish(d);
    return d;
  }

  Decl* func_decl(std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(DeclKind::Func, next(), begin, std::move(decs));
    identifier_name(d, "a function name");
    expect(Tok::LeftParen, "'(' and the function's parameters");
    skip_newlines();
    while (!check(Tok::RightParen)) {
      const Token& name = expect(Tok::Identifier, "a parameter name");
      TypeExpr* t = type(false);
      d->func_params.emplace_back(std::string(text_of(name)), t);
      skip_newlines();
      if (check(Tok::Comma)) {
        next();
        skip_newlines();
      } else {
        break;
      }
    }
    expect(Tok::RightParen, "')'");
    d->type = type(false);
    expect(Tok::Arrow, "'=>'");
    if (!is_declaration_keyword(peek_word_past_newlines(), false)) skip_newlines();
    d->value = expression();
    finish(d);
    return d;
  }

  std::string_view peek_word_past_newlines() const {
    const Token& t = peek_past_newlines();
    return t.kind == Tok::Identifier ? text_of(t) : std::string_view();
  }

  // The body of a resource or module: an object, `if (...) {...}`, or `[for ...]`; new lines may come
  // before an `if`.
  Expr* declaration_body() {
    if (peek_past_newlines().kind == Tok::Identifier && text_of(peek_past_newlines()) == "if") skip_newlines();
    if (check_word("if")) return if_body();
    if (check(Tok::LeftBrace)) return object();
    if (check(Tok::LeftSquare)) return for_expression();
    fail("'{', 'if' or '[for'");
  }

  Expr* if_body() {
    const Token& kw = next();
    Expr* e = make(ExprKind::IfBody, kw.begin, kw.end);
    if (!check(Tok::LeftParen)) fail("'(' and the condition");
    e->args.push_back(paren_or_lambda());
    if (!check(Tok::LeftBrace)) fail("'{' after the condition");
    e->args.push_back(object());
    e->end = last_end();
    return e;
  }

  Decl* resource_decl(std::uint32_t begin, std::vector<Decorator> decs) {
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

  Decl* module_decl(std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(DeclKind::Module, next(), begin, std::move(decs));
    identifier_name(d, "a module name");
    d->path = string_expr("the module path string");
    expect(Tok::Assignment, "'='");
    d->value = declaration_body();
    finish(d);
    return d;
  }

  Decl* output_decl(std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(DeclKind::Output, next(), begin, std::move(decs));
    identifier_name(d, "an output name");
    if (check_word("resource") && peek(1).kind != Tok::Less) d->output_resource = true;
    d->type = type(true);
    expect(Tok::Assignment, "'='");
    d->value = expression();
    finish(d);
    return d;
  }

  Decl* import_decl(std::uint32_t begin, std::vector<Decorator> decs) {
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

  Decl* extension_decl(std::uint32_t begin, std::vector<Decorator> decs) {
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

  void extension_rest(Decl* d) {
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

  Decl* extension_config(std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(DeclKind::Extension, next(), begin, std::move(decs));
    identifier_name(d, "an extension alias");
    expect_word("with");
    if (!check(Tok::LeftBrace)) fail("'{' after with");
    d->value = object();
    finish(d);
    return d;
  }

  Decl* using_decl(std::uint32_t begin, std::vector<Decorator> decs) {
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

  Decl* path_decl(DeclKind kind, std::uint32_t begin, std::vector<Decorator> decs) {
    Decl* d = make_decl(kind, next(), begin, std::move(decs));
    d->path = string_expr("a path");
    finish(d);
    return d;
  }

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

  void call_arguments(Expr* call) {
    DepthGuard guard(*this);
    expect(Tok::LeftParen, "'('");
    if (check(Tok::RightParen)) {
      next();
      call->end = last_end();
      return;
    }
    skip_newlines();
    while (true) {
      call->args.push_back(expression());
      skip_newlines();
      if (check(Tok::Comma)) {
        next();
        skip_newlines();
        if (check(Tok::RightParen)) fail("another argument after ','");
        continue;
      }
      break;
    }
    expect(Tok::RightParen, "',' or ')' after the argument");
    call->end = last_end();
  }

  // ---- expressions ---------------------------------------------------------------------------------

  Expr* expression() {
    Expr* cond = binary(0);
    if (peek_past_newlines().kind != Tok::Question) return cond;
    DepthGuard guard(*this);  // a chain of ternaries nests without brackets
    skip_newlines();
    next();
    Expr* then = expression();
    if (peek_past_newlines().kind == Tok::Colon) skip_newlines();
    expect(Tok::Colon, "':' of the conditional expression");
    Expr* otherwise = expression();
    Expr* e = make(ExprKind::Ternary, cond->begin, otherwise->end);
    e->args = {cond, then, otherwise};
    return e;
  }

  // Recursion here is bounded by the number of precedence levels; nesting is counted where brackets,
  // ternaries and prefix operators nest.
  Expr* binary(int min_precedence) {
    Expr* left = unary();
    while (true) {
      int p = precedence(peek().kind);
      if (p <= min_precedence) break;
      Tok op = next().kind;
      Expr* right = binary(p);
      Expr* e = make(ExprKind::Binary, left->begin, right->end);
      e->op = static_cast<std::uint8_t>(op);
      e->args = {left, right};
      left = e;
    }
    return left;
  }

  Expr* unary() {
    if (check(Tok::Exclamation) || check(Tok::Minus)) {
      DepthGuard guard(*this);
      const Token& op = next();
      Expr* operand = unary();
      Expr* e = make(ExprKind::Unary, op.begin, operand->end);
      e->op = static_cast<std::uint8_t>(op.kind);
      e->args.push_back(operand);
      return e;
    }
    return member();
  }

  Expr* member() {
    Expr* e = primary();
    // Each postfix access nests the tree one level deeper (`a.b.c` is ((a.b).c)): a chain counts
    // against the same limit as brackets, so what is built stays shallow enough to walk.
    for (int chain = 0;; ++chain) {
      if (chain > kMaxNesting) {
        const Token& t = peek();
        throw ParseError{t.begin, t.end, "nesting deeper than " + std::to_string(kMaxNesting) + " levels"};
      }
      if (check(Tok::LeftSquare)) {
        DepthGuard guard(*this);
        next();
        Expr* idx = make(ExprKind::Index, e->begin, 0);
        if (check(Tok::Question)) {
          next();
          idx->safe = true;
        }
        if (check(Tok::Hat)) {
          next();
          idx->from_end = true;
        }
        idx->args.push_back(e);
        idx->args.push_back(expression());
        expect(Tok::RightSquare, "']'");
        idx->end = last_end();
        e = idx;
        continue;
      }
      if (check(Tok::Dot)) {
        next();
        bool safe = false;
        if (check(Tok::Question)) {
          next();
          safe = true;
        }
        const Token& name = expect(Tok::Identifier, "a property or function name after '.'");
        if (check(Tok::LeftParen) && !safe) {
          Expr* call = make(ExprKind::MethodCall, e->begin, name.end);
          call->args.push_back(e);
          call->text = std::string(text_of(name));
          call_arguments(call);
          e = call;
        } else {
          Expr* prop = make(ExprKind::Property, e->begin, name.end);
          prop->args.push_back(e);
          prop->text = std::string(text_of(name));
          prop->safe = safe;
          e = prop;
        }
        continue;
      }
      if (check(Tok::DoubleColon)) {
        next();
        const Token& name = expect(Tok::Identifier, "a child resource name after '::'");
        Expr* access = make(ExprKind::ResourceAccess, e->begin, name.end);
        access->args.push_back(e);
        access->text = std::string(text_of(name));
        e = access;
        continue;
      }
      if (check(Tok::Exclamation)) {
        const Token& bang = next();
        Expr* nn = make(ExprKind::NonNull, e->begin, bang.end);
        nn->args.push_back(e);
        e = nn;
        continue;
      }
      return e;
    }
  }

  Expr* primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Integer: {
        next();
        Expr* e = make(ExprKind::Int, t.begin, t.end);
        std::string_view digits = text_of(t);
        std::uint64_t v = 0;
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec != std::errc() || v > static_cast<std::uint64_t>(INT64_MAX)) {
          throw ParseError{t.begin, t.end, "the integer " + std::string(digits) + " is too large"};
        }
        e->integer = static_cast<std::int64_t>(v);
        return e;
      }
      case Tok::True:
      case Tok::False: {
        next();
        Expr* e = make(ExprKind::Bool, t.begin, t.end);
        e->integer = t.kind == Tok::True;
        return e;
      }
      case Tok::Null:
        next();
        return make(ExprKind::Null, t.begin, t.end);
      case Tok::StringComplete:
      case Tok::StringLeft:
        return string_expr("a string");
      case Tok::LeftBrace:
        return object();
      case Tok::LeftSquare: {
        const Token& after = peek_after_bracket();
        if (after.kind == Tok::Identifier && text_of(after) == "for") return for_expression();
        return array();
      }
      case Tok::LeftParen:
        return paren_or_lambda();
      case Tok::Identifier: {
        next();
        if (check(Tok::LeftParen)) {
          Expr* call = make(ExprKind::Call, t.begin, t.end);
          call->text = std::string(text_of(t));
          call_arguments(call);
          return call;
        }
        if (check(Tok::Arrow)) {
          Expr* lambda = make(ExprKind::Lambda, t.begin, t.end);
          lambda->strings.emplace_back(text_of(t));
          lambda_body(lambda);
          return lambda;
        }
        Expr* e = make(ExprKind::Ident, t.begin, t.end);
        e->text = std::string(text_of(t));
        return e;
      }
      default:
        fail("an expression");
    }
  }

  // The token after `[` and any new lines.
  const Token& peek_after_bracket() const {
    std::size_t k = i_ + 1;
    while (k < toks_.size() && toks_[k].kind == Tok::NewLine) ++k;
    return k < toks_.size() ? toks_[k] : toks_.back();
  }

  void lambda_body(Expr* lambda) {
    DepthGuard guard(*this);
    expect(Tok::Arrow, "'=>'");
    if (!is_declaration_keyword(peek_word_past_newlines(), tree_->params_file)) skip_newlines();
    Expr* body = expression();
    lambda->args.push_back(body);
    lambda->end = body->end;
  }

  // `(x)`, or the parameter list of a lambda `(a, b) => ...` / `() => ...`.
  Expr* paren_or_lambda() {
    DepthGuard guard(*this);
    const Token& open = next();
    std::vector<Expr*> items;
    skip_newlines();
    while (!check(Tok::RightParen)) {
      items.push_back(expression());
      skip_newlines();
      if (check(Tok::Comma)) {
        next();
        skip_newlines();
      } else {
        break;
      }
    }
    expect(Tok::RightParen, "')'");
    if (check(Tok::Arrow)) {
      Expr* lambda = make(ExprKind::Lambda, open.begin, last_end());
      for (Expr* item : items) {
        if (item->kind != ExprKind::Ident) throw ParseError{item->begin, item->end, "expected a lambda parameter name"};
        lambda->strings.push_back(item->text);
      }
      lambda_body(lambda);
      return lambda;
    }
    if (items.size() != 1) throw ParseError{open.begin, last_end(), "parentheses must hold exactly one expression"};
    Expr* e = make(ExprKind::Paren, open.begin, last_end());
    e->args.push_back(items[0]);
    return e;
  }

  Expr* string_expr(const char* what) {
    if (check(Tok::StringComplete)) {
      const Token& t = next();
      Expr* e = make(ExprKind::String, t.begin, t.end);
      if (!string_piece_value(text_, t, e->text)) throw ParseError{t.begin, t.end, "the string has an invalid escape"};
      return e;
    }
    if (!check(Tok::StringLeft)) fail(what);
    DepthGuard guard(*this);
    const Token& first = next();
    Expr* e = make(ExprKind::Interp, first.begin, first.end);
    std::string segment;
    if (!string_piece_value(text_, first, segment)) throw ParseError{first.begin, first.end, "the string has an invalid escape"};
    e->strings.push_back(std::move(segment));
    while (true) {
      e->args.push_back(expression());
      if (!check(Tok::StringMiddle) && !check(Tok::StringRight)) fail("'}' closing the ${...} in the string");
      const Token& piece = next();
      if (!string_piece_value(text_, piece, segment)) throw ParseError{piece.begin, piece.end, "the string has an invalid escape"};
      e->strings.push_back(std::move(segment));
      if (piece.kind == Tok::StringRight) break;
    }
    e->end = last_end();
    return e;
  }

  Expr* array() {
    DepthGuard guard(*this);
    const Token& open = next();
    Expr* e = make(ExprKind::Array, open.begin, open.end);
    elements(Tok::RightSquare, [&] {
      if (check(Tok::Ellipsis)) {
        const Token& dots = next();
        Expr* inner = expression();
        Expr* spread = make(ExprKind::Spread, dots.begin, inner->end);
        spread->args.push_back(inner);
        e->args.push_back(spread);
      } else {
        e->args.push_back(expression());
      }
    });
    expect(Tok::RightSquare, "']'");
    e->end = last_end();
    return e;
  }

  Expr* object() {
    DepthGuard guard(*this);
    const Token& open = next();
    Expr* e = make(ExprKind::Object, open.begin, open.end);
    elements(Tok::RightBrace, [&] {
      ObjectItem item;
      if (check(Tok::At) || (check_word("resource") && peek(1).kind == Tok::Identifier)) {
        // A nested child resource.
        std::uint32_t begin = peek().begin;
        std::vector<Decorator> decs = decorators();
        if (!check_word("resource")) fail("'resource' after the decorators");
        item.kind = ObjectItem::Kind::Resource;
        item.resource = resource_decl(begin, std::move(decs));
      } else if (check(Tok::Ellipsis)) {
        const Token& dots = next();
        item.kind = ObjectItem::Kind::Spread;
        item.value = expression();
        Expr* spread = make(ExprKind::Spread, dots.begin, item.value->end);
        spread->args.push_back(item.value);
        item.value = spread;
      } else {
        if (check(Tok::Identifier)) {
          const Token& t = next();
          item.key = make(ExprKind::String, t.begin, t.end);
          item.key->text = std::string(text_of(t));
        } else if (check(Tok::StringComplete) || check(Tok::StringLeft)) {
          item.key = string_expr("a property name");
        } else {
          fail("a property name");
        }
        expect(Tok::Colon, "':' after the property name");
        item.value = expression();
      }
      e->items.push_back(item);
    });
    expect(Tok::RightBrace, "'}'");
    e->end = last_end();
    return e;
  }

  Expr* for_expression() {
    DepthGuard guard(*this);
    const Token& open = next();
    skip_newlines();
    expect_word("for");
    Expr* e = make(ExprKind::For, open.begin, open.end);
    if (check(Tok::Identifier)) {
      e->strings.push_back(std::string(text_of(next())));
      e->strings.emplace_back();
    } else if (check(Tok::LeftParen)) {
      next();
      const Token& item = expect(Tok::Identifier, "the loop item name");
      expect(Tok::Comma, "',' and the index name");
      const Token& index = expect(Tok::Identifier, "the loop index name");
      expect(Tok::RightParen, "')'");
      e->strings = {std::string(text_of(item)), std::string(text_of(index))};
    } else {
      fail("the loop variable or (item, index)");
    }
    expect_word("in");
    e->args.push_back(expression());
    expect(Tok::Colon, "':' after the loop's collection");
    if (check_word("if") && peek(1).kind == Tok::LeftParen) {
      e->args.push_back(if_body());
    } else {
      e->args.push_back(expression());
    }
    skip_newlines();
    expect(Tok::RightSquare, "']' closing the loop");
    e->end = last_end();
    return e;
  }

  // ---- types ---------------------------------------------------------------------------------------

  TypeExpr* type(bool allow_bare_resource) {
    if (check_word("resource") && peek(1).kind != Tok::Less) {
      const Token& kw = next();
      TypeExpr* t = make_type(TypeKind::Resource, kw.begin, kw.end);
      if (check(Tok::StringComplete) || check(Tok::StringLeft)) {
        Expr* s = string_expr("a resource type string");
        t->text = s->text;
        t->end = s->end;
      } else if (!allow_bare_resource) {
        fail("a resource type string");
      }
      return t;
    }
    return type_expression();
  }

  bool union_separator_ahead() const {
    return check(Tok::Pipe) || (check(Tok::NewLine) && peek(1).kind == Tok::Pipe);
  }

  TypeExpr* type_expression() {
    bool leading = union_separator_ahead();
    std::uint32_t begin = peek().begin;
    if (leading) {
      skip_newlines();
      next();
    }
    TypeExpr* first = unary_type();
    if (!leading && !union_separator_ahead()) return first;
    TypeExpr* u = make_type(TypeKind::Union, begin, first->end);
    u->members.push_back(first);
    while (union_separator_ahead()) {
      skip_newlines();
      next();
      if (check(Tok::NewLine)) fail("a type after '|'");
      u->members.push_back(unary_type());
    }
    u->end = last_end();
    return u;
  }

  TypeExpr* unary_type() {
    TypeExpr* t;
    if (check(Tok::Minus) || check(Tok::Exclamation)) {
      DepthGuard guard(*this);
      const Token& op = next();
      TypeExpr* inner = member_type();
      t = make_type(TypeKind::Literal, op.begin, inner->end);
      t->text = std::string(text_of(op));
      t->members.push_back(inner);
    } else {
      t = member_type();
    }
    while (check(Tok::Question) || check(Tok::Exclamation)) {
      const Token& op = next();
      TypeExpr* wrap = make_type(op.kind == Tok::Question ? TypeKind::Nullable : TypeKind::NonNullable, t->begin, op.end);
      wrap->members.push_back(t);
      t = wrap;
    }
    return t;
  }

  TypeExpr* member_type() {
    TypeExpr* t = primary_type();
    while (true) {
      if (check(Tok::LeftSquare)) {
        DepthGuard guard(*this);
        next();
        TypeExpr* wrap;
        if (check(Tok::RightSquare)) {
          wrap = make_type(TypeKind::Array, t->begin, 0);
        } else if (check(Tok::Asterisk)) {
          next();
          wrap = make_type(TypeKind::Access, t->begin, 0);
          wrap->text = "[*]";
        } else {
          wrap = make_type(TypeKind::Access, t->begin, 0);
          wrap->literal = expression();
        }
        expect(Tok::RightSquare, "']'");
        wrap->end = last_end();
        wrap->members.push_back(t);
        t = wrap;
        continue;
      }
      if (check(Tok::Dot)) {
        next();
        TypeExpr* wrap = make_type(TypeKind::Access, t->begin, 0);
        if (check(Tok::Asterisk)) {
          next();
          wrap->text = "*";
        } else {
          wrap->text = std::string(text_of(expect(Tok::Identifier, "a property name")));
          if (check(Tok::Less)) {
            wrap->kind = TypeKind::Parameterized;
            type_arguments(wrap);
          }
        }
        wrap->end = last_end();
        wrap->members.insert(wrap->members.begin(), t);
        t = wrap;
        continue;
      }
      return t;
    }
  }

  void type_arguments(TypeExpr* t) {
    DepthGuard guard(*this);
    expect(Tok::Less, "'<'");
    skip_newlines();
    while (!check(Tok::Greater)) {
      t->members.push_back(type_expression());
      skip_newlines();
      if (check(Tok::Comma)) {
        next();
        skip_newlines();
      } else {
        break;
      }
    }
    expect(Tok::Greater, "'>'");
  }

  TypeExpr* primary_type() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Integer:
      case Tok::True:
      case Tok::False:
      case Tok::Null:
      case Tok::StringComplete:
      case Tok::StringLeft: {
        Expr* lit = primary();
        TypeExpr* out = make_type(TypeKind::Literal, lit->begin, lit->end);
        out->literal = lit;
        return out;
      }
      case Tok::LeftBrace: {
        DepthGuard guard(*this);
        next();
        TypeExpr* out = make_type(TypeKind::Object, t.begin, t.end);
        elements(Tok::RightBrace, [&] {
          TypeProp p;
          p.decorators = decorators();
          if (check(Tok::Identifier)) {
            p.name = std::string(text_of(next()));
          } else if (check(Tok::StringComplete) || check(Tok::StringLeft)) {
            p.name = string_expr("a property name")->text;
          } else if (check(Tok::Asterisk)) {
            next();
            p.name = "*";
          } else {
            fail("a property name or '*'");
          }
          expect(Tok::Colon, "':' after the property name");
          p.type = type_expression();
          out->props.push_back(std::move(p));
        });
        expect(Tok::RightBrace, "'}'");
        out->end = last_end();
        return out;
      }
      case Tok::LeftSquare: {
        DepthGuard guard(*this);
        next();
        TypeExpr* out = make_type(TypeKind::Tuple, t.begin, t.end);
        elements(Tok::RightSquare, [&] {
          decorators();
          out->members.push_back(type_expression());
        });
        expect(Tok::RightSquare, "']'");
        out->end = last_end();
        return out;
      }
      case Tok::LeftParen: {
        DepthGuard guard(*this);
        next();
        TypeExpr* out = make_type(TypeKind::Paren, t.begin, t.end);
        out->members.push_back(type_expression());
        expect(Tok::RightParen, "')'");
        out->end = last_end();
        return out;
      }
      case Tok::Identifier: {
        next();
        TypeExpr* out = make_type(TypeKind::Name, t.begin, t.end);
        out->text = std::string(text_of(t));
        if (check(Tok::Less)) {
          out->kind = TypeKind::Parameterized;
          type_arguments(out);
          out->end = last_end();
        }
        return out;
      }
      default:
        fail("a type");
    }
  }

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

}  // namespace

std::unique_ptr<SyntaxTree> parse(std::string_view text, bool params_file) { return Parser(text, params_file).run(); }

}  // namespace vl::bicep
