#include "policy/diagnostic_fix.h"

#include <initializer_list>
#include <string_view>

#include "graph/budget.h"

namespace vl {

namespace {

bool mentions(const std::string& message, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (message.find(w) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string diagnostic_fix(const Diagnostic& d) {
  if (!d.fix.empty()) return d.fix;
  if (d.rule != "KV001") return {};
  const std::string& m = d.message;
  if (mentions(m, {"over --max-file-size"})) {
    return "Split the file, or raise --max-file-size (for example --max-file-size 64MB) if it is a template you trust.";
  }
  if (mentions(m, {"UTF-16", "UTF-32"})) return "Save the file as UTF-8 (with or without a byte-order mark).";
  if (mentions(m, {"is binary"})) {
    return "This is not a text template: leave it out of the scan (--exclude, .gitignore), or save it as UTF-8 text.";
  }
  if (mentions(m, {"could not be read", "Permission denied", "permission denied", "cannot be read"})) {
    return "Make it readable by the user that runs vaultlint, or leave it out of the scan (--exclude).";
  }
  if (mentions(m, {"cycle", "depends on itself", "calls itself", "extend each other"})) {
    return std::string(stop_fix(StopCause::Cycle));
  }
  if (mentions(m, {"evaluation stopped", "budget", "instances, more than", "would be instance"})) {
    return std::string(stop_fix(StopCause::Budget));
  }
  if (mentions(m, {"over ARM's limit of"})) {
    return "ARM runs a copy loop at most 800 times: split the loop (or the array it iterates) into several.";
  }
  if (mentions(m, {"deeper than", "too deeply", "nested more than", "levels deep"})) {
    return std::string(stop_fix(StopCause::Depth));
  }
  if (mentions(m, {"over the evaluation limit", "parts once its shared parts are expanded", "string literal of"})) {
    return std::string(stop_fix(StopCause::Size));
  }
  return {};
}

}  // namespace vl
