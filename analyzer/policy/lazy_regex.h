// A regular expression of the policies, compiled by re2 when it is first matched: a one-file run matches
// few of the catalogue's and the data tables' patterns, and compiling all of them at start-up was a tenth
// of its instructions. The embedded policies' patterns are checked by a test (Catalogue::check,
// SecretPatterns::check); a user's rule file compiles its patterns as it is read, to report a bad one then.
#pragma once

#include <memory>
#include <mutex>
#include <string>

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

 private:
  std::string text_;
  bool case_sensitive_;
  mutable std::once_flag compiled_;
  mutable std::unique_ptr<const re2::RE2> re_;
};

}  // namespace vl
