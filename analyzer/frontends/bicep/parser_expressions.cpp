// The Bicep parser's expressions (parser_impl.h): operators by the Bicep compiler's precedence, member
// access, calls and their arguments, strings with interpolation, arrays, objects, lambdas and for
// expressions.
#include <charconv>
#include <string>

#include "frontends/bicep/parser_impl.h"

namespace vl::bicep::parsing {

namespace {

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

}  // namespace

void Parser::call_arguments(Expr* call) {
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

Expr* Parser::expression() {
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
Expr* Parser::binary(int min_precedence) {
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

Expr* Parser::unary() {
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

Expr* Parser::member() {
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

Expr* Parser::primary() {
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
const Token& Parser::peek_after_bracket() const {
  std::size_t k = i_ + 1;
  while (k < toks_.size() && toks_[k].kind == Tok::NewLine) ++k;
  return k < toks_.size() ? toks_[k] : toks_.back();
}

void Parser::lambda_body(Expr* lambda) {
  DepthGuard guard(*this);
  expect(Tok::Arrow, "'=>'");
  if (!is_declaration_keyword(peek_word_past_newlines(), tree_->params_file)) skip_newlines();
  Expr* body = expression();
  lambda->args.push_back(body);
  lambda->end = body->end;
}

// `(x)`, or the parameter list of a lambda `(a, b) => ...` / `() => ...`.
Expr* Parser::paren_or_lambda() {
  DepthGuard guard(*this);
  const Token& open = next();
  std::vector<Expr*> items;
  comma_list(Tok::RightParen, "')'", [&] { items.push_back(expression()); });
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

Expr* Parser::string_expr(const char* what) {
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

Expr* Parser::array() {
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

Expr* Parser::object() {
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

Expr* Parser::for_expression() {
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

}  // namespace vl::bicep::parsing
