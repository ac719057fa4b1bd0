// The Bicep parser's type expressions (parser_impl.h): names, parameterized types, `resource '...'`
// types, unions, literals, arrays, objects, tuples and nullable types.
#include <string>

#include "frontends/bicep/parser_impl.h"

namespace vl::bicep::parsing {

TypeExpr* Parser::type(bool allow_bare_resource) {
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

bool Parser::union_separator_ahead() const {
  return check(Tok::Pipe) || (check(Tok::NewLine) && peek(1).kind == Tok::Pipe);
}

TypeExpr* Parser::type_expression() {
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

TypeExpr* Parser::unary_type() {
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

TypeExpr* Parser::member_type() {
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

void Parser::type_arguments(TypeExpr* t) {
  DepthGuard guard(*this);
  expect(Tok::Less, "'<'");
  comma_list(Tok::Greater, "'>'", [&] { t->members.push_back(type_expression()); });
}

TypeExpr* Parser::primary_type() {
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

}  // namespace vl::bicep::parsing
