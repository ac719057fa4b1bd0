// Build-time: the rules' compiled JSON as C++ document tapes (analyzer/policy/embedded_tapes.h).
#pragma once

#include <string>
#include <utility>
#include <vector>

// `rules`: (name under policies/, compiled JSON) in the embedded files' order. Throws when one does not read.
std::string policy_tapes_source(const std::vector<std::pair<std::string, std::string>>& rules);
