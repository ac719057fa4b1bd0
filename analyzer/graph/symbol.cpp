#include "graph/symbol.h"

#include <memory>

namespace vl {

namespace {

// The markers of a text in order; false when a marker is broken (an open without its close, or nested).
bool markers_of(std::string_view text, std::vector<std::string_view>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find(kMarkOpen, i);
    std::size_t close = text.find(kMarkClose, i);
    if (open == std::string_view::npos) return close == std::string_view::npos;
    if (close == std::string_view::npos || close < open) return false;
    std::size_t next_open = text.find(kMarkOpen, open + kMarkOpen.size());
    if (next_open != std::string_view::npos && next_open < close) return false;
    out.push_back(text.substr(open, close + kMarkClose.size() - open));
    i = close + kMarkClose.size();
  }
  return true;
}

// The text without markers, and with `/` as `.`: the inside of a new marker.
std::string marker_inside(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.substr(i, kMarkOpen.size()) == kMarkOpen) {
      i += kMarkOpen.size();
    } else if (text.substr(i, kMarkClose.size()) == kMarkClose) {
      i += kMarkClose.size();
    } else {
      out += text[i] == '/' ? '.' : text[i];
      ++i;
    }
  }
  return out;
}

// Known values as call_symbol() shows them: JSON-like and stable, shared subtrees walked within a budget.
void append_text(std::string& out, const Value& v, std::size_t& budget) {
  if (budget == 0) return;
  --budget;
  switch (v.kind()) {
    case Kind::String:
      out += '"';
      out += v.as_string();
      out += '"';
      return;
    case Kind::Array:
      out += '[';
      for (std::size_t i = 0; i < v.as_array().size() && budget; ++i) {
        if (i) out += ',';
        append_text(out, v.as_array()[i], budget);
      }
      out += ']';
      return;
    case Kind::Object:
      out += '{';
      for (std::size_t i = 0; i < v.as_object().size() && budget; ++i) {
        const Member& m = v.as_object().members()[i];
        if (i) out += ',';
        out += m.key;
        out += ':';
        append_text(out, m.value, budget);
      }
      out += '}';
      return;
    case Kind::Unknown:
      out += v.unknown_info().symbol.empty() ? std::string("?") : v.unknown_info().symbol;
      return;
    default:
      out += v.display();
      return;
  }
}

}  // namespace

std::string symbol_marker(std::string_view what) {
  std::string out(kMarkOpen);
  out += marker_inside(what);
  out += kMarkClose;
  return out;
}

bool is_symbolic(std::string_view text) { return text.find(kMarkOpen) != std::string_view::npos; }

const std::string* symbol_of(const Value& v) {
  if (!v.is_unknown()) return nullptr;
  const std::string& s = v.unknown_info().symbol;
  return s.empty() ? nullptr : &s;
}

Value symbolic_unknown(std::string reason, Span origin, std::string symbol) {
  auto info = std::make_shared<UnknownInfo>();
  info->reason = std::move(reason);
  info->origin = origin;
  if (symbol.size() <= kMaxSymbolBytes) info->symbol = std::move(symbol);
  return Value::unknown(std::move(info));
}

Value with_symbol(const Value& unknown, std::string symbol) {
  auto info = std::make_shared<UnknownInfo>(unknown.unknown_info());
  info->symbol = symbol.size() <= kMaxSymbolBytes ? std::move(symbol) : std::string();
  return Value::unknown(std::move(info));
}

Value without_symbol(const Value& unknown) {
  if (!symbol_of(unknown)) return unknown;
  return with_symbol(unknown, std::string());
}

namespace {

// `unknown` named by its symbol followed by `accessor` (`.name`, `[0]`), as one new marker.
Value accessed(const Value& unknown, const std::string& symbol, std::string_view accessor) {
  std::string inside = symbol;
  inside += accessor;
  return with_symbol(unknown, symbol_marker(inside));
}

}  // namespace

Value member_of_unknown(const Value& unknown, std::string_view property) {
  const std::string* symbol = symbol_of(unknown);
  return symbol ? accessed(unknown, *symbol, "." + std::string(property)) : unknown;
}

Value member_of_unknown(const Value& unknown, const Value& key) {
  if (key.is_string()) return member_of_unknown(unknown, key.as_string());
  const std::string* symbol = symbol_of(unknown);
  if (!symbol) return unknown;
  if (key.is_int()) return accessed(unknown, *symbol, "[" + std::to_string(key.as_int()) + "]");
  if (const std::string* named = symbol_of(key)) return accessed(unknown, *symbol, "[" + *named + "]");
  return without_symbol(unknown);
}

const std::string* id_text(const Value& v) {
  if (v.is_string()) return &v.as_string();
  return symbol_of(v);
}

std::string name_text(const Value& v) {
  const std::string* text = id_text(v);
  return text ? *text : std::string();
}

Value ensure_symbol(const Value& unknown_name, std::string_view identity) {
  if (!unknown_name.is_unknown() || symbol_of(unknown_name)) return unknown_name;
  return with_symbol(unknown_name, symbol_marker("resource " + std::string(identity)));
}

bool SymbolicText::append_unknown(const Value& unknown) {
  if (failed_) return false;
  if (first_unknown_.is_absent()) first_unknown_ = unknown;
  const std::string* symbol = symbol_of(unknown);
  if (!symbol) {
    // The whole cannot be named; it is unknown for the reason of its first unknown part, as before.
    failed_ = true;
    if (symbol_of(first_unknown_)) first_unknown_ = with_symbol(first_unknown_, "");
    return false;
  }
  text_ += *symbol;
  return true;
}

Value SymbolicText::result(Span at) {
  if (failed_) return first_unknown_;
  if (first_unknown_.is_absent()) return Value::string(std::move(text_), at);
  return with_symbol(first_unknown_, std::move(text_));
}

bool markers_preserved(std::string_view result, const std::vector<std::string_view>& inputs) {
  std::vector<std::string_view> found, allowed;
  if (!markers_of(result, found)) return false;
  for (std::string_view in : inputs) {
    if (!markers_of(in, allowed)) return false;
  }
  for (std::string_view m : found) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || iequals(m, a);
    if (!ok) return false;
  }
  return true;
}

std::optional<Value> call_on_symbols(std::string_view function, const std::vector<Value>& args,
                                     const std::function<Value(std::vector<Value>&)>& call) {
  const Value* first = nullptr;
  std::vector<std::string_view> inputs;
  std::vector<Value> substituted;
  substituted.reserve(args.size());
  for (const Value& a : args) {
    if (!a.is_unknown()) {
      substituted.push_back(a);
      continue;
    }
    const std::string* symbol = symbol_of(a);
    if (!symbol) return std::nullopt;
    if (!first) first = &a;
    inputs.push_back(*symbol);
    substituted.push_back(Value::string(*symbol, a.span()));
  }
  if (!first) return std::nullopt;
  Value result = call(substituted);
  // Whatever the result's type (a string, the items of split(), length()), it is named by the call
  // unless the function copied the symbols into a string.
  if (result.is_string() && is_symbolic(result.as_string()) && markers_preserved(result.as_string(), inputs)) {
    return with_symbol(*first, result.as_string());
  }
  std::vector<std::string> texts;
  for (const Value& a : args) {
    std::string text;
    std::size_t budget = 1000;
    append_text(text, a, budget);
    texts.push_back(std::move(text));
  }
  return with_symbol(*first, call_symbol(function, texts));
}

std::string call_symbol(std::string_view function, const std::vector<std::string>& argument_texts) {
  std::string inner(function);
  inner += '(';
  for (std::size_t i = 0; i < argument_texts.size(); ++i) {
    if (i) inner += ", ";
    inner += argument_texts[i];
  }
  inner += ')';
  return symbol_marker(inner);
}

}  // namespace vl
