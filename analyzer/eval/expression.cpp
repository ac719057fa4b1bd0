#include "eval/expression.h"

#include <cctype>
#include <charconv>

namespace vl {

namespace {

constexpr int kMaxDepth = 128;  // nested calls and accessors; deeper is an error, never a stack overflow

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  ExprParseResult run() {
    ExprParseResult result;
    auto expr = parse_postfix(0);
    skip_ws();
    if (expr && pos_ != s_.size()) fail("unexpected '" + std::string(1, s_[pos_]) + "'");
    if (!error_.empty()) {
      result.error = error_;
      result.error_offset = static_cast<std::uint32_t>(error_pos_);
      return result;
    }
    result.expr = std::move(expr);
    return result;
  }

 private:
  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  std::nullptr_t fail(std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_pos_ = pos_;
    }
    return nullptr;
  }

  static bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
  static bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

  std::string_view identifier() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && ident_char(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  std::unique_ptr<Expr> parse_postfix(int depth) {
    if (depth > kMaxDepth) return fail("expression nested deeper than " + std::to_string(kMaxDepth) + " levels");
    auto expr = parse_primary(depth);
    // Each accessor nests the tree one level deeper (evaluating and freeing it recurse), so a chain
    // counts against the same limit as nested calls.
    int links = 0;
    while (expr) {
      skip_ws();
      if (pos_ >= s_.size()) break;
      if ((s_[pos_] == '.' || s_[pos_] == '[') && depth + ++links > kMaxDepth) {
        return fail("expression nested deeper than " + std::to_string(kMaxDepth) + " levels (a chain of accessors)");
      }
      if (s_[pos_] == '.') {
        ++pos_;
        skip_ws();
        std::size_t at = pos_;
        if (pos_ >= s_.size() || !ident_start(s_[pos_])) return fail("expected a property name after '.'");
        auto node = std::make_unique<Expr>();
        node->kind = Expr::Kind::Property;
        node->offset = static_cast<std::uint32_t>(at);
        node->text = std::string(identifier());
        node->args.push_back(std::move(expr));
        expr = std::move(node);
      } else if (s_[pos_] == '[') {
        std::size_t at = pos_;
        ++pos_;
        auto index = parse_postfix(depth + 1);
        if (!index) return nullptr;
        skip_ws();
        if (pos_ >= s_.size() || s_[pos_] != ']') return fail("expected ']'");
        ++pos_;
        auto node = std::make_unique<Expr>();
        node->kind = Expr::Kind::Index;
        node->offset = static_cast<std::uint32_t>(at);
        node->args.push_back(std::move(expr));
        node->args.push_back(std::move(index));
        expr = std::move(node);
      } else {
        break;
      }
    }
    return expr;
  }

  std::unique_ptr<Expr> parse_primary(int depth) {
    skip_ws();
    if (pos_ >= s_.size()) return fail("unexpected end of expression");
    std::size_t start = pos_;
    char c = s_[pos_];
    auto node = std::make_unique<Expr>();
    node->offset = static_cast<std::uint32_t>(start);
    if (c == '\'') {
      ++pos_;
      std::string value;
      while (true) {
        if (pos_ >= s_.size()) return fail("unterminated string literal");
        if (s_[pos_] == '\'') {
          if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '\'') {
            value.push_back('\'');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        value.push_back(s_[pos_++]);
      }
      node->kind = Expr::Kind::String;
      node->text = std::move(value);
      return node;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+') {
      std::size_t end = pos_ + 1;
      bool is_float = false;
      while (end < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[end])) || s_[end] == '.')) {
        if (s_[end] == '.') is_float = true;
        ++end;
      }
      std::string_view digits = s_.substr(pos_, end - pos_);
      if (digits.front() == '+') digits.remove_prefix(1);
      if (is_float) {
        try {
          node->kind = Expr::Kind::Float;
          node->number = std::stod(std::string(digits));
        } catch (...) {
          return fail("invalid number");
        }
      } else {
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), node->integer);
        if (ec != std::errc() || p != digits.data() + digits.size()) return fail("invalid integer literal");
        node->kind = Expr::Kind::Int;
      }
      pos_ = end;
      return node;
    }
    if (!ident_start(c)) return fail("unexpected '" + std::string(1, c) + "'");
    std::string name(identifier());
    skip_ws();
    // A namespaced user-defined function: ns.fn(...)
    if (pos_ < s_.size() && s_[pos_] == '.') {
      std::size_t save = pos_;
      ++pos_;
      skip_ws();
      std::string_view member = identifier();
      skip_ws();
      if (!member.empty() && pos_ < s_.size() && s_[pos_] == '(') {
        node->ns = std::move(name);
        name = std::string(member);
      } else {
        pos_ = save;
      }
    }
    if (pos_ < s_.size() && s_[pos_] == '(') {
      ++pos_;
      node->kind = Expr::Kind::Call;
      node->text = std::move(name);
      skip_ws();
      if (pos_ < s_.size() && s_[pos_] == ')') {
        ++pos_;
        return node;
      }
      while (true) {
        auto arg = parse_postfix(depth + 1);
        if (!arg) return nullptr;
        node->args.push_back(std::move(arg));
        skip_ws();
        if (pos_ >= s_.size()) return fail("expected ')'");
        if (s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (s_[pos_] == ')') {
          ++pos_;
          return node;
        }
        return fail("expected ',' or ')'");
      }
    }
    if (node->ns.empty()) {
      if (name == "true" || name == "false") {
        node->kind = Expr::Kind::Bool;
        node->boolean = name == "true";
        return node;
      }
      if (name == "null") {
        node->kind = Expr::Kind::Null;
        return node;
      }
    }
    pos_ = start;
    return fail("unknown identifier '" + name + "' (a function call needs parentheses)");
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
  std::size_t error_pos_ = 0;
};

}  // namespace

ExprParseResult parse_expression(std::string_view text) { return Parser(text).run(); }

TemplateString classify_template_string(std::string_view s) {
  // "[...]" is an expression; "[[...]" is the literal "[...]"; anything else is a literal.
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']') {
    if (s[1] == '[') return TemplateString{false, s.substr(1)};
    return TemplateString{true, s.substr(1, s.size() - 2)};
  }
  return TemplateString{false, s};
}

}  // namespace vl
