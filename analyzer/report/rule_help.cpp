// Rule documentation for the formats that carry it: SARIF's rule metadata (help text and Markdown,
// helpUri) and LSP's codeDescription. The words come from the rule's YAML file, so `vaultlint explain`,
// SARIF and the editor say the same thing.
#include <filesystem>

#include "report/escape.h"
#include "report/report.h"

namespace vl {

namespace {

// The project's public home; built-in rules link to their YAML file there. One place to change it.
constexpr std::string_view kRepository = "https://github.com/vaultlint/vaultlint";
constexpr std::string_view kBranch = "main";

// The Terraform fix names the attribute per finding ({attribute}); the help text says so generically.
std::string terraform_fix(const Rule& rule) {
  std::string fix = rule.fix_terraform;
  if (std::size_t at = fix.find("{attribute}"); at != std::string::npos) fix.replace(at, 11, "<attribute>");
  return fix;
}

void snippet(std::string& out, bool markdown, const char* label, const char* fence, const std::string& code) {
  if (code.empty()) return;
  if (markdown) {
    out += std::string("\n\n") + label + ":\n\n```" + fence + "\n" + code + (code.ends_with('\n') ? "" : "\n") + "```";
  } else {
    out += std::string("\n\n") + label + ":\n";
    std::size_t start = 0;
    while (start <= code.size()) {
      std::size_t nl = code.find('\n', start);
      std::string line = code.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      if (!line.empty() || nl != std::string::npos) out += "    " + line + "\n";
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    while (out.ends_with('\n')) out.pop_back();
  }
}

}  // namespace

std::string project_homepage() { return std::string(kRepository); }

std::string rule_help_uri(const Rule& rule) {
  if (rule.source.rfind("policies/", 0) == 0) {
    return std::string(kRepository) + "/blob/" + std::string(kBranch) + "/" + rule.source;
  }
  std::error_code ec;
  std::filesystem::path path = std::filesystem::absolute(rule.source, ec);
  return ec ? std::string() : file_uri(path.lexically_normal());
}

std::string rule_help(const Rule& rule, bool markdown) {
  std::string out = markdown ? "**" + rule.id + " " + rule.name + "**: " + rule.summary
                             : rule.id + " " + rule.name + ": " + rule.summary;
  std::string description = rule.description;
  while (description.ends_with('\n')) description.pop_back();
  if (!description.empty()) out += "\n\n" + description;
  if (!rule.checklist.empty()) out += std::string("\n\n") + (markdown ? "**Enforces:** " : "Enforces: ") + rule.checklist;
  out += std::string("\n\n") + (markdown ? "**Fix:** " : "Fix: ") + rule.fix;
  if (!rule.fix_terraform.empty()) {
    out += std::string("\n\n") + (markdown ? "**Fix (Terraform):** " : "Fix (Terraform): ") + terraform_fix(rule);
  }
  snippet(out, markdown, "ARM", "json", rule.snippet_arm);
  snippet(out, markdown, "Bicep", "bicep", rule.snippet_bicep);
  snippet(out, markdown, "Terraform", "hcl", rule.snippet_terraform);
  return out;
}

}  // namespace vl
