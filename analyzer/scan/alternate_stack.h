// An alternate signal stack for the calling thread, so the CLI's crash guard (cli/crash_guard.h) can
// still report a stack overflow that happens on a worker thread: the handler needs a stack, and the
// thread's own is the one that overflowed. Each thread needs its own; parallel_for gives one to each of
// its workers. Harmless without a handler installed. A thread that has one already keeps it (the
// sanitizers give every thread their own, and free it as theirs when the thread ends).
#pragma once

#include <signal.h>

namespace vl {

inline void ensure_alternate_stack() {
  thread_local char stack_area[1 << 16];
  thread_local bool done = false;
  if (done) return;
  done = true;
  stack_t current{};
  if (::sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
  stack_t ss{};
  ss.ss_sp = stack_area;
  ss.ss_size = sizeof(stack_area);
  ::sigaltstack(&ss, nullptr);
}

}  // namespace vl
