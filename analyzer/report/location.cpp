#include "report/report.h"

namespace vl {

Location locate(const SourceSet& sources, Span span) {
  Location out;
  if (!span.valid() || span.file >= sources.size()) return out;
  const SourceFile& file = sources.get(span.file);
  out.file = file.display();
  Position b = file.position(span.begin);
  Position e = file.position(span.end > span.begin ? span.end : span.begin);
  out.line = b.line;
  out.column = b.column;
  out.end_line = e.line;
  out.end_column = e.column;
  return out;
}

const char* control_verdict_name(const ControlVerdict& v) {
  if (v.verdict) return verdict_name(*v.verdict);
  return v.applicable ? "not-checked" : "not-applicable";
}

}  // namespace vl
