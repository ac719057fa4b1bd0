#include "graph/budget.h"

#include <algorithm>

namespace vl {

namespace {

thread_local UnitBudget* current_budget = nullptr;

std::string megabytes(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MB"; }

}  // namespace

UnitBudget* UnitBudget::current() { return current_budget; }

BudgetLimits BudgetLimits::share(std::size_t variants) const {
  if (variants <= 1) return *this;
  BudgetLimits out = *this;
  out.bytes = std::max<std::uint64_t>(bytes / variants, 16ull << 20);
  out.instances = std::max<std::uint64_t>(instances / variants, 2'000);
  out.work = std::max<std::uint64_t>(work / variants, 500'000);
  return out;
}

std::uint64_t work_share(std::uint64_t requested) {
  const UnitBudget* b = current_budget;
  return b ? std::min(requested, b->limits().work) : requested;
}

void UnitBudget::stop(StopCause cause, Span at, std::string message) {
  if (cause == StopCause::Budget) {
    if (budget_stop_recorded_) return;
    budget_stop_recorded_ = true;
  }
  for (const EvalStop& s : stops_) {
    if (s.at == at && s.message == message) return;
  }
  if (stops_.size() >= kMaxStops) {
    ++dropped_;
    return;
  }
  stops_.push_back(EvalStop{cause, at, std::move(message)});
}

bool UnitBudget::charge_bytes(std::uint64_t n, Span at) {
  if (n <= bytes_left_) {
    bytes_left_ -= n;
    return true;
  }
  bytes_left_ = 0;
  if (!exhausted_) {
    exhausted_ = true;
    stop(StopCause::Budget, at,
         "evaluation stopped: the values made here and before it reach " + megabytes(limits_.bytes) +
             ", the memory budget of one evaluation of a deployment unit; what the rest sets is unknown");
  }
  return false;
}

bool UnitBudget::charge_instance(Span at, std::string_view what) {
  if (instances_left_ > 0) {
    --instances_left_;
    return true;
  }
  if (!exhausted_) {
    exhausted_ = true;
    stop(StopCause::Budget, at,
         "evaluation stopped: " + std::string(what) + " would be instance " + std::to_string(limits_.instances + 1) +
             " of the deployment unit, over the limit of " + std::to_string(limits_.instances) +
             " resource, deployment and module instances; what the rest deploys is not checked");
  }
  return false;
}

BudgetScope::BudgetScope(UnitBudget& budget) : saved_(current_budget) { current_budget = &budget; }
BudgetScope::~BudgetScope() { current_budget = saved_; }

LoweringBudget::LoweringBudget() {
  if (UnitBudget::current()) return;
  own_.emplace();
  scope_.emplace(*own_);
}

std::vector<Diagnostic> LoweringBudget::report(Span fallback) const {
  return own_ ? stop_diagnostics(*own_, fallback) : std::vector<Diagnostic>{};
}

std::vector<Diagnostic> stop_diagnostics(const UnitBudget& budget, Span fallback) {
  std::vector<Diagnostic> out;
  for (const EvalStop& s : budget.stops()) {
    Span at = s.at.valid() ? s.at : fallback;
    if (!at.valid()) continue;
    out.push_back(Diagnostic{"KV001", at, s.message, {}, std::string(stop_fix(s.cause))});
  }
  if (budget.dropped_stops() > 0 && !out.empty()) {
    out.back().message += " (and " + std::to_string(budget.dropped_stops()) + " more places where evaluation stopped)";
  }
  return out;
}

Value stopped(StopCause cause, std::string message, Span at) {
  if (UnitBudget* b = UnitBudget::current()) b->stop(cause, at, message);
  return Value::unknown(std::move(message), at);
}

std::string_view stop_fix(StopCause cause) {
  switch (cause) {
    case StopCause::Budget:
      return "Make the deployment smaller where it stopped (fewer nested loops, deployments or module instances, "
             "smaller generated values), or split it: vaultlint bounds the time and memory one deployment unit may "
             "take, and does not check what lies past the limit.";
    case StopCause::Depth:
      return "Nest less deeply at the reported place (calls of functions that call each other, accessors, "
             "templates within templates): vaultlint stops there rather than exhaust its stack.";
    case StopCause::Size:
      return "Make the value smaller: vaultlint does not evaluate strings, arrays or objects beyond its size limits.";
    case StopCause::Cycle:
      return "Break the cycle: one of the values that refer to each other must not depend on the others.";
  }
  return {};
}

}  // namespace vl
