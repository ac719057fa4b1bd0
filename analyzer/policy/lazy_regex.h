// A regular expression of the policies, compiled by re2 when it is first matched: a one-file run matches
// few of the catalogue's and the data tables' patterns, and compiling all of them at start-up was a tenth
// of its instructions. The embedded policies' patterns are checked by a test (Catalogue::check,
// SecretPatterns::check); a user's rule file compiles its patterns as it is read, to report a bad one then.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace vl {

class LazyRegex {
 public:
  explicit LazyRegex(std::string text, bool case_sensitive = true);
  ~LazyRegex();  // both out of line, where RE2 is complete
  // The compiled pattern (compiled once, on the first call from any thread).
  const re2::RE2& re() const;
  // Compiles it now: the error, or "" when it is a valid RE2 pattern.
  std::string error() const;
  const std::string& text() const { return text_; }
  // Does it match part of `text` (re2::RE2::PartialMatch; false when it does not compile)? A pattern that
  // is a literal, perhaps anchored (`^random_password$`, `(?i)public`, `^Microsoft\.KeyVault/vaults$`), is
  // matched without compiling it when the case does not matter or the text is ASCII (where re2's case
  // folding is ASCII's): compiling took 57 K instructions a pattern, most of a small Terraform scan's
  // secrets checks.
  bool partial_match(std::string_view text) const;

 private:
  // The literal form, when the pattern has one: its bytes and anchors.
  struct Literal {
    std::string bytes;
    bool ignore_case = false, at_start = false, at_end = false;
  };
  static bool literal_form(std::string_view pattern, bool case_sensitive, Literal& out);

  std::string text_;
  bool case_sensitive_;
  bool is_literal_ = false;
  Literal literal_;
  mutable std::once_flag compiled_;
  mutable std::unique_ptr<const re2::RE2> re_;
};

}  // namespace vl
