#include "policy/lazy_regex.h"

#include <re2/re2.h>

namespace vl {

LazyRegex::LazyRegex(std::string text, bool case_sensitive) : text_(std::move(text)), case_sensitive_(case_sensitive) {}

LazyRegex::~LazyRegex() = default;

const re2::RE2& LazyRegex::re() const {
  std::call_once(compiled_, [this] {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(case_sensitive_);
    re_ = std::make_unique<const re2::RE2>(text_, options);
  });
  return *re_;
}

std::string LazyRegex::error() const { return re().ok() ? std::string() : re().error(); }

}  // namespace vl
