// How the scan bounds the lowering of all its units (issue 22), apart from the lowering itself:
// parameter files beyond kMaxVariants, the two waves in which units are lowered, and the KV001 of a
// unit the scan's memory bound leaves out (scan/scan_memory.h).
#pragma once

#include <cstdint>
#include <vector>

#include "graph/diagnostic.h"
#include "graph/unit_task.h"

namespace vl::scan {

// Units with more variants than kMaxVariants (graph/budget.h) keep the first ones; a KV001 at each
// such unit's entry names what is left out.
void cap_variants(std::vector<UnitTask>& tasks, std::vector<Diagnostic>& out);

// The units another unit names literally (UnitTask::links) as a module or linked template. They are
// lowered in a second wave, and only when no unit of the first wave read them: a chain of linked
// templates then costs one unit's budget, not one per file.
std::vector<bool> named_by_others(const std::vector<UnitTask>& tasks);

// The KV001 of a lowering the scan's memory bound refuses.
Diagnostic not_admitted(const UnitTask& task, std::uint32_t variant, std::uint64_t cap);

}  // namespace vl::scan
