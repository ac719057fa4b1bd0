// The crash guard (cli/crash_guard.h): a fault no limit caught exits 3 with a message, never a signal,
// also for a stack overflow on a worker thread. Each case runs in a forked child.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include "cli/crash_guard.h"
#include "scan/parallel.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VL_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define VL_TEST_SANITIZED 1
#endif

namespace {

// Recursion with no limit, as an unbounded recursion over hostile input would be.
int deep(int n) {
  volatile char frame[4096];
  frame[0] = static_cast<char>(n);
  return n == -1 ? frame[0] : deep(n + 1) + frame[0];
}

// Runs `fault` in a child with the guard installed; its exit status and what it wrote to stderr.
std::pair<int, std::string> in_child(void (*fault)()) {
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipefd[1], STDERR_FILENO);
    ::close(pipefd[0]);
    vl::cli::install_crash_guard();
    fault();
    ::_exit(0);
  }
  ::close(pipefd[1]);
  std::string err;
  char buf[512];
  for (ssize_t n; (n = ::read(pipefd[0], buf, sizeof buf)) > 0;) err.append(buf, static_cast<std::size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {status, err};
}

}  // namespace

TEST_CASE("crash guard: a stack overflow, on the main thread or a worker, exits 3 with a message", "[robustness][cli]") {
#ifdef VL_TEST_SANITIZED
  SUCCEED("not installed under AddressSanitizer, which reports the fault itself");
#else
  for (auto fault : {+[] { deep(0); },
                     +[] { vl::parallel_for(4, 2, [](std::size_t i) { if (i == 3) deep(0); }); },
                     +[] { std::raise(SIGABRT); },
                     +[] { std::terminate(); }}) {
    auto [status, err] = in_child(fault);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 3);
    CHECK(err.find("vaultlint: internal error: ") == 0);
  }
#endif
}
