#include "policy/redaction.h"

namespace vl {

Value redact_strings(const Value& v, int depth) {
  if (depth > kMaxValueDepth) return Value::string(kRedacted, v.span());
  if (v.is_string()) return Value::string(kRedacted, v.span());
  if (v.is_array()) {
    Array items;
    for (const Value& item : v.as_array()) items.push_back(redact_strings(item, depth + 1));
    return Value::array(std::move(items), v.span());
  }
  if (v.is_object()) {
    Object o;
    for (const Member& m : v.as_object().members()) o.append(m.key, redact_strings(m.value, depth + 1), m.key_span, m.value_span);
    return Value::object(std::move(o), v.span());
  }
  return v;
}

void string_spans(const Value& v, std::vector<Span>& out, int depth, bool numbers) {
  if (depth > kMaxValueDepth) return;
  if ((v.is_string() || (numbers && v.is_number())) && v.span().valid()) out.push_back(v.span());
  if (v.is_array()) {
    for (const Value& item : v.as_array()) string_spans(item, out, depth + 1, numbers);
  }
  if (v.is_object()) {
    for (const Member& m : v.as_object().members()) string_spans(m.value, out, depth + 1, numbers);
  }
}

std::string mask_line(std::string_view line, FileId file, std::uint32_t line_begin, const std::vector<Span>& spans) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto offset = static_cast<std::uint32_t>(line_begin + i);
    bool masked = false;
    for (const Span& s : spans) masked = masked || (s.file == file && offset >= s.begin && offset < s.end);
    auto c = static_cast<unsigned char>(line[i]);
    if (!masked) {
      out += line[i];
    } else if ((c & 0xC0) != 0x80) {
      out += '*';  // a code point's first byte; its continuation bytes are dropped
    }
  }
  return out;
}

}  // namespace vl
