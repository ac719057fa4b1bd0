#include "cli/crash_guard.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <initializer_list>

#include "scan/alternate_stack.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VL_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define VL_SANITIZED 1
#endif

namespace vl::cli {

namespace {

// Async-signal-safe: write(2) and _exit(2) only.
void say(const char* text) {
  std::size_t n = std::strlen(text);
  while (n > 0) {
    ssize_t w = ::write(STDERR_FILENO, text, n);
    if (w <= 0) return;
    text += w;
    n -= static_cast<std::size_t>(w);
  }
}

const char* what(int sig) {
  switch (sig) {
    case SIGSEGV:
      return "a bad memory access or a stack overflow (SIGSEGV)";
    case SIGBUS:
      return "a bad memory access (SIGBUS)";
    case SIGFPE:
      return "an arithmetic fault (SIGFPE)";
    case SIGILL:
      return "an illegal instruction (SIGILL)";
    case SIGABRT:
      return "an abort (SIGABRT)";
  }
  return "a fatal signal";
}

void on_signal(int sig) {
  say("vaultlint: internal error: ");
  say(what(sig));
  say("; this is a bug in vaultlint, not in the scanned files: please report it with the input\n");
  ::_exit(3);
}

void on_terminate() {
  say("vaultlint: internal error: an unexpected exception ended the scan; this is a bug in vaultlint: please report it with the input\n");
  ::_exit(3);
}

}  // namespace

void install_crash_guard() {
#ifndef VL_SANITIZED
  // The handler runs on a stack of its own: the thread's stack may be the one that overflowed. Worker
  // threads get theirs from parallel_for (scan/alternate_stack.h).
  ensure_alternate_stack();
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::sigaction(sig, &sa, nullptr);
  std::set_terminate(on_terminate);
#endif
}

}  // namespace vl::cli
