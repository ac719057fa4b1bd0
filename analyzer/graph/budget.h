// The budget of one lowering (one variant of one deployment unit), charged where the work is done, and
// the places where a limit or a cycle stopped evaluation. The scan driver installs a UnitBudget on the
// worker thread for the duration of a lowering (BudgetScope); every Value made while it is installed
// charges its bytes to it (value.cpp), frontends charge the resource, deployment and module instances
// they make, and the evaluators record each stop (a depth limit, a value too large, a cycle, the work
// budget used up) with `stopped()`. Every stop becomes a KV001 at its place (scan/lowering.cpp), whether or not a
// rule reads the value: a limit never changes a result without a word. Deterministic: nothing here
// depends on time or on the thread schedule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/value.h"

namespace vl {

enum class StopCause : std::uint8_t {
  Budget,     // the unit's work, byte or instance budget is used up
  Depth,      // nesting or calls deeper than a limit
  Size,       // a value over a size limit
  Cycle,      // something that depends on itself
};

struct EvalStop {
  StopCause cause;
  Span at;
  std::string message;
};

struct BudgetLimits {
  // Bytes of strings, arrays and objects made while lowering. Copies share their parts and cost
  // nothing, so this is the memory a lowering can take, not a count of what it reads.
  std::uint64_t bytes = 256ull << 20;
  // Resource, deployment and module instances (each one holds its evaluated properties).
  std::uint64_t instances = 20'000;
  // Function calls and loop iterations: the frontends' work meters take at most this many.
  std::uint64_t work = 10'000'000;

  // A unit's budget shared evenly by its `variants` (parameter files), so that many variants of one
  // template cost what one does; each share keeps a floor.
  BudgetLimits share(std::size_t variants) const;
};

// The variants of one unit evaluated at most (parameter files, .bicepparam files); more are a KV001.
inline constexpr std::size_t kMaxVariants = 32;

// One value expanded (its shared parts counted as often as they occur) may hold at most this many parts;
// a larger one is unknown, and a stop. Every walk over a value (equality, hashing, JSON text, the graph
// report) is therefore bounded, even when the value's parts are shared (an object doubled 70 times).
inline constexpr std::uint64_t kMaxExpandedParts = 2'000'000;

class UnitBudget {
 public:
  explicit UnitBudget(BudgetLimits limits = {}) : limits_(limits), bytes_left_(limits.bytes), instances_left_(limits.instances) {}
  UnitBudget(const UnitBudget&) = delete;
  UnitBudget& operator=(const UnitBudget&) = delete;

  // The budget installed on this thread, or null (unit tests, a bare frontend call).
  static UnitBudget* current();

  // Records why evaluation stopped at `at`: once per place and message, the first kMaxStops of them
  // (the rest are counted); a Budget stop only once, where the budget ran out.
  void stop(StopCause cause, Span at, std::string message);
  // Charges `n` bytes of a value made at `at`; false (and a stop) once the byte budget is used up.
  bool charge_bytes(std::uint64_t n, Span at);
  // Charges one instance of `what` (a resource, a deployment, a module) declared at `at`; false (and a
  // stop) once the unit has made as many as it may.
  bool charge_instance(Span at, std::string_view what);
  // The byte or instance budget is used up: evaluators stop (each returns unknown from then on).
  bool exhausted() const { return exhausted_; }

  const std::vector<EvalStop>& stops() const { return stops_; }
  std::size_t dropped_stops() const { return dropped_; }
  const BudgetLimits& limits() const { return limits_; }

  static constexpr std::size_t kMaxStops = 20;

 private:
  BudgetLimits limits_;
  std::uint64_t bytes_left_;
  std::uint64_t instances_left_;
  bool exhausted_ = false;
  bool budget_stop_recorded_ = false;
  std::vector<EvalStop> stops_;
  std::size_t dropped_ = 0;
};

// Installs a budget on this thread until the scope ends (restoring the one before).
class BudgetScope {
 public:
  explicit BudgetScope(UnitBudget& budget);
  ~BudgetScope();
  BudgetScope(const BudgetScope&) = delete;
  BudgetScope& operator=(const BudgetScope&) = delete;

 private:
  UnitBudget* saved_;
};

// A frontend's entry point holds one: it installs a budget of its own when none is installed (a unit
// test, a fuzzer), and then `report` gives that budget's stops; when the scan driver installed the budget,
// the driver reports them and `report` gives nothing.
class LoweringBudget {
 public:
  LoweringBudget();
  std::vector<Diagnostic> report(Span fallback) const;

 private:
  std::optional<UnitBudget> own_;
  std::optional<BudgetScope> scope_;
};

// The stops of a budget as KV001 diagnostics, each with the fix for its cause; a stop with no place is
// reported at `fallback`, and the last says how many more there were.
std::vector<Diagnostic> stop_diagnostics(const UnitBudget& budget, Span fallback);

// An unknown that says why evaluation stopped, recorded as a stop of the current budget (if any).
Value stopped(StopCause cause, std::string message, Span at);

// The work (function calls) a frontend's meter may take: `requested`, or less when the installed budget
// is a share of its unit's.
std::uint64_t work_share(std::uint64_t requested);

// Is the current budget's byte or instance budget used up?
inline bool budget_exhausted() {
  const UnitBudget* b = UnitBudget::current();
  return b && b->exhausted();
}

// The fix a KV001 gives for a stop of this cause.
std::string_view stop_fix(StopCause cause);

}  // namespace vl
