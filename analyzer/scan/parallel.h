// Runs fn(0..n-1) on up to `jobs` threads. Each index writes its own result slot, so the output order is
// the input order whatever the scheduling: scans are deterministic. Never more threads than items (nor
// than kMaxThreads, nor than the system gives: a thread that cannot be started leaves its work to the
// others). An exception thrown by fn on any thread stops the remaining work and is rethrown here, on
// the calling thread, after every thread has finished (an uncaught exception on a worker would abort).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "scan/alternate_stack.h"

namespace vl {

inline constexpr unsigned kMaxThreads = 256;

template <typename Fn>
void parallel_for(std::size_t n, unsigned jobs, Fn&& fn) {
  unsigned threads = std::max(1u, std::min<unsigned>(std::min(jobs, kMaxThreads), static_cast<unsigned>(std::min<std::size_t>(n, kMaxThreads))));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    ensure_alternate_stack();  // a stack overflow on this thread is reported, not a bare SIGSEGV
    for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next.store(n);  // the others stop after their current item
      }
    }
  };
  std::vector<std::thread> pool;
  if (threads > 1) pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running (and this one) do the work
    }
  }
  worker();
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace vl
