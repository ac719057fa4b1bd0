// `vaultlint graph PATH --format json|dot`.
#pragma once

#include <ostream>

#include "report/report.h"

namespace vl {

void write_graph_json(const ScanResult& scan, std::ostream& out);
void write_graph_dot(const ScanResult& scan, std::ostream& out);

}  // namespace vl
