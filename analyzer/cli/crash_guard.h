// The last line of defence for DESIGN section 6's "exit 3 (internal error), never a signal": a fault
// that no limit caught (a stack overflow in a recursion nobody bounded, a bad access, an abort, an
// exception escaping a noexcept function) prints one line naming it and exits 3, instead of dying of the
// signal and leaving CI with nothing to say. The limits are the defence; this is the net under them.
// Not installed under AddressSanitizer, whose own report is worth more.
#pragma once

namespace vl::cli {

// Installs handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT (on an alternate stack, so a stack
// overflow can be reported) and a std::terminate handler. Call once, first thing in main().
void install_crash_guard();

}  // namespace vl::cli
