// The fix stage: from findings and the texts they point into, the edits that certainly fix them
// (`vaultlint scan --fix`, the language server's quick fixes, SARIF `fixes`). The policy engine says
// where each rule's certain edit goes (policy/fix_site.h); this stage checks that place against the text
// (a literal of the value the scan saw, an object or block written there), writes the value in the
// syntax of the file it lands in (ARM JSON, Bicep, HCL: a parameter file or tfvars may differ from the
// template), and lays out inserts so that formatting and comments stay: a new member goes on its own line
// after the last one, with that one's indentation (and, in HCL, its `=` alignment).
//
// It sits beside report/ and uses policy/ (the findings) and source/ (the texts); report/ uses it for
// SARIF, the CLI and the language server for the rest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "policy/finding.h"
#include "source/source_file.h"

namespace vl::fix {

struct TextEdit {
  FileId file = kNoFile;
  std::uint32_t begin = 0, end = 0;  // the bytes replaced ([begin, end); equal for an insert)
  std::string text;
};

struct FixPlan {
  struct Item {
    const Finding* finding = nullptr;
    std::string title;             // "Set enablePurgeProtection to true" (" in FILE" when elsewhere)
    std::vector<TextEdit> edits;   // this finding's edits laid out on their own (a quick fix, SARIF)
    std::string refused;           // why it gets no edit; empty when it has one
  };
  std::vector<Item> items;         // one per finding asked about, in order
  std::vector<TextEdit> edits;     // every fixable finding's edits together, sorted by file and position
};

// Plans the edits of the findings given (those without fix sites are refused with the reason). Edits of
// several findings that insert into one object are laid out together; a finding whose edit would overlap
// another's is refused.
FixPlan plan(const std::vector<const Finding*>& findings, const SourceSet& sources);

// The text after its edits (those of one file; sorted and not overlapping, as plan() gives them).
std::string apply(const std::string& text, const std::vector<TextEdit>& edits);

// The text with every byte that one of the spans (those in `file`) covers shown as `*`, its length kept so
// that edits still apply: what a dry run's diff quotes never shows a secret (policy/redaction.h).
std::string mask_spans(std::string text, FileId file, const std::vector<Span>& spans);

// A unified diff of two versions of a file, with `context` lines around each change; empty when equal.
std::string unified_diff(const std::string& old_name, const std::string& new_name, const std::string& before,
                         const std::string& after, int context = 3);

}  // namespace vl::fix
