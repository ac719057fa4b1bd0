// The values all deployment units keep, bounded for the whole scan, deterministically. Each lowering's
// own budget bounds what one unit makes (graph/budget.h), but every unit's resources are kept until the
// rules have run, so twenty small files that each keep 250 MB would still take 5 GB. Lowerings are
// numbered in scan order; one runs only if the units before it keep at most `cap` bytes in all, else it
// is a KV001 and nothing of it is checked. Whether a unit runs depends on the units before it alone,
// never on the thread schedule: a worker that cannot yet tell waits for the lowerings before its own to
// finish (each is charged at most `per_item_max`, so while few are running it rarely needs to).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace vl::scan {

// The values all lowerings of one scan may keep (the memory a scan takes beyond this is its running
// lowerings, each bounded by its unit budget).
inline constexpr std::uint64_t kScanRetainedBytes = 1ull << 30;

class ScanMemory {
 public:
  ScanMemory(std::uint64_t cap, std::uint64_t per_item_max) : cap_(cap), per_item_max_(per_item_max) {}

  // Numbers `n` more lowerings, after those numbered before (a later wave); returns the first number.
  std::size_t extend(std::size_t n);

  // May lowering `i` run? Blocks until that is decided. Deadlock-free when lowerings are started in
  // order (parallel_for hands out indexes in order): the first unfinished one never waits.
  bool admit(std::size_t i);
  // Lowering `i` is over and keeps `bytes` (counted as at most per_item_max); call it for every
  // admitted lowering, and for those refused (with 0), even when a lowering throws.
  void finish(std::size_t i, std::uint64_t bytes);
  std::uint64_t cap() const { return cap_; }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::optional<std::uint64_t>> kept_;
  std::size_t frontier_ = 0;        // every lowering before it is finished
  std::uint64_t before_frontier_ = 0;  // what they keep
  std::uint64_t cap_;
  std::uint64_t per_item_max_;
};

}  // namespace vl::scan
