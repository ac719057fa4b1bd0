#include "scan/scan_memory.h"

#include <algorithm>

namespace vl::scan {

std::size_t ScanMemory::extend(std::size_t n) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t first = kept_.size();
  kept_.resize(first + n);
  return first;
}

bool ScanMemory::admit(std::size_t i) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    // What the lowerings before `i` keep lies in [low, high]: the finished ones are known, each
    // unfinished one keeps at most per_item_max.
    std::uint64_t low = before_frontier_, high = before_frontier_;
    for (std::size_t j = frontier_; j < i; ++j) {
      if (kept_[j]) {
        low += *kept_[j];
        high += *kept_[j];
      } else {
        high += per_item_max_;
      }
    }
    if (low > cap_) return false;
    if (high <= cap_) return true;
    changed_.wait(lock);
  }
}

void ScanMemory::finish(std::size_t i, std::uint64_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    kept_[i] = std::min(bytes, per_item_max_);
    while (frontier_ < kept_.size() && kept_[frontier_]) before_frontier_ += *kept_[frontier_++];
  }
  changed_.notify_all();
}

}  // namespace vl::scan
