// Gitignore-style glob patterns: `*` and `?` within a path segment, `**` across segments, `[a-z]`
// classes. Used for .gitignore files and for the configuration's excludes.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

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

// Many patterns matched in one pass over the path (an RE2 set): a .gitignore of tens of thousands of
// patterns costs one match per path, not one per pattern.
class GlobSet {
 public:
  GlobSet();
  ~GlobSet();
  GlobSet(GlobSet&&) noexcept;
  GlobSet& operator=(GlobSet&&) noexcept;

  // Adds a pattern (before compile()); false when it is not a valid pattern (it never matches).
  bool add(std::string_view pattern);
  // False when the set could not be built within its memory limit (then nothing matches).
  bool compile();
  // The indexes (in the order added) of the patterns that match the whole path, ascending.
  void match(std::string_view path, std::vector<int>& out) const;
  std::size_t size() const { return patterns_.size(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<int> patterns_;  // set index -> pattern index (invalid patterns have none)
  int added_ = 0;
};

}  // namespace vl
