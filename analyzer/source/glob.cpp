#include "source/glob.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>

namespace vl {

namespace {

std::string to_regex(std::string_view p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        bool slash_before = i == 0 || p[i - 1] == '/';
        bool slash_after = i + 2 < p.size() && p[i + 2] == '/';
        if (slash_before && slash_after) {  // "a/**/b": zero or more whole segments
          out += "(?:.*/)?";
          i += 2;
          continue;
        }
        out += ".*";
        ++i;
        continue;
      }
      out += "[^/]*";
    } else if (c == '?') {
      out += "[^/]";
    } else if (c == '[') {
      std::size_t close = p.find(']', i + 1);
      if (close == std::string_view::npos) {
        out += "\\[";
        continue;
      }
      std::string_view body = p.substr(i + 1, close - i - 1);
      out += '[';
      if (!body.empty() && (body[0] == '!' || body[0] == '^')) {
        out += '^';
        body.remove_prefix(1);
      }
      for (char b : body) {
        if (b == '\\' || b == ']' || b == '[') out += '\\';
        out += b;
      }
      out += ']';
      i = close;
    } else if (c == '\\' && i + 1 < p.size()) {
      out += RE2::QuoteMeta(std::string(1, p[++i]));
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return out;
}

}  // namespace

GlobPattern::GlobPattern(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  re_ = std::make_unique<RE2>(to_regex(pattern), options);
}

GlobPattern::~GlobPattern() = default;
GlobPattern::GlobPattern(GlobPattern&&) noexcept = default;
GlobPattern& GlobPattern::operator=(GlobPattern&&) noexcept = default;

bool GlobPattern::valid() const { return re_ && re_->ok(); }

bool GlobPattern::matches(std::string_view path) const {
  return valid() && RE2::FullMatch(re2::StringPiece(path.data(), path.size()), *re_);
}

}  // namespace vl

namespace vl {

struct GlobSet::Impl {
  Impl() : set(options(), RE2::ANCHOR_BOTH) {}
  static RE2::Options options() {
    RE2::Options o;
    o.set_log_errors(false);
    o.set_max_mem(64 << 20);  // the compiled set and its DFA; past it the set fails to build
    return o;
  }
  RE2::Set set;
  bool compiled = false;
};

GlobSet::GlobSet() : impl_(std::make_unique<Impl>()) {}
GlobSet::~GlobSet() = default;
GlobSet::GlobSet(GlobSet&&) noexcept = default;
GlobSet& GlobSet::operator=(GlobSet&&) noexcept = default;

bool GlobSet::add(std::string_view pattern) {
  int index = added_++;
  std::string error;
  if (impl_->set.Add(to_regex(pattern), &error) < 0) return false;
  patterns_.push_back(index);
  return true;
}

bool GlobSet::compile() {
  impl_->compiled = patterns_.empty() || impl_->set.Compile();
  return impl_->compiled;
}

void GlobSet::match(std::string_view path, std::vector<int>& out) const {
  out.clear();
  if (!impl_->compiled || patterns_.empty()) return;
  std::vector<int> hits;
  RE2::Set::ErrorInfo error{};
  if (!impl_->set.Match(re2::StringPiece(path.data(), path.size()), &hits, &error)) return;
  for (int h : hits) out.push_back(patterns_[static_cast<std::size_t>(h)]);
  std::sort(out.begin(), out.end());
}

}  // namespace vl
