// Severities, ordered, with the names the CLI and reports use.
#pragma once

#include <optional>
#include <string_view>

namespace vl {

enum class Severity { Low = 0, Medium = 1, High = 2, Critical = 3 };

inline const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Low:
      return "low";
    case Severity::Medium:
      return "medium";
    case Severity::High:
      return "high";
    case Severity::Critical:
      return "critical";
  }
  return "low";
}

inline std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "low") return Severity::Low;
  if (s == "medium") return Severity::Medium;
  if (s == "high") return Severity::High;
  if (s == "critical") return Severity::Critical;
  return std::nullopt;
}

}  // namespace vl
