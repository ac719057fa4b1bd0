#include "policy/rule_check.h"

#include <stdexcept>

namespace vl {

RuleCheck RuleCheck::deferred(const DocNode& node, std::string source) {
  RuleCheck c;
  c.deferred_ = std::make_unique<Deferred>();
  c.deferred_->node = node;
  c.deferred_->source = std::move(source);
  return c;
}

const Condition* RuleCheck::get() const {
  if (parsed_ || !deferred_) return parsed_.get();
  Deferred& d = *deferred_;
  std::call_once(d.once, [&d] {
    try {
      d.parsed = parse_condition(d.node, d.error);
    } catch (const DocError& e) {
      d.error = e.what();
    }
  });
  if (!d.parsed) throw std::logic_error(d.source + ": " + d.error);
  return d.parsed.get();
}

}  // namespace vl
