// LSP Diagnostics of findings, shared by `--format lsp` and the language server (lsp/), so an editor
// shows exactly what the CLI writes. Positions are 0-based lines and, by the encoding the client and
// server agreed on, UTF-16 code units (LSP's default) or UTF-8 bytes.
#pragma once

#include <nlohmann/json.hpp>

#include "policy/finding.h"
#include "source/source_file.h"

namespace vl {

enum class PositionEncoding { Utf16, Utf8 };

// {"start": {"line", "character"}, "end": {...}}, end exclusive.
nlohmann::ordered_json lsp_range(const SourceFile& file, Span span, PositionEncoding encoding);
// A Diagnostic: range, severity, code, codeDescription, source, message (with the fix), related
// information, and data (fingerprint, result, rule name).
nlohmann::ordered_json lsp_diagnostic(const Finding& f, const SourceSet& sources, PositionEncoding encoding);

}  // namespace vl
