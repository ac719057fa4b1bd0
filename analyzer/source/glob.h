// Gitignore-style glob patterns: `*` and `?` within a path segment, `**` across segments, `[a-z]`
// classes. Used for .gitignore files and for the configuration's excludes.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace vl {

class GlobPattern {
 public:
  // `pattern` is matched against a whole '/'-separated relative path.
  explicit GlobPattern(std::string_view pattern);
  ~GlobPattern();
  GlobPattern(GlobPattern&&) noexcept;
  GlobPattern& operator=(GlobPattern&&) noexcept;

  bool matches(std::string_view path) const;
  bool valid() const;

 private:
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace vl
