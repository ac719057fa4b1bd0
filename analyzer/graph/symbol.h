// Symbolic values: an unknown string the scan can still name, so that two expressions that compute the
// same unknown id link to each other ("the vault whose name is parameter `vaultName`" is the vault that
// `resourceId('Microsoft.KeyVault/vaults', parameters('vaultName'))` points at). A symbol is the text of
// the string with every unknown leaf written as a marker ⟨what⟩: `kv-⟨param suffix⟩`,
// `/subscriptions/…/providers/Microsoft.KeyVault/vaults/⟨param vaultName⟩`. The value stays unknown for
// the rules; only linking reads the symbol. A symbol means something only inside the deployment unit and
// variant that made it, which is why the graph links symbolic ids only there.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/value.h"

namespace vl {

inline constexpr std::string_view kMarkOpen = "\xe2\x9f\xa8";   // ⟨ U+27E8
inline constexpr std::string_view kMarkClose = "\xe2\x9f\xa9";  // ⟩ U+27E9
// A longer symbol is dropped (the value stays unknown, unnamed): symbols are built from symbols, and a
// template that doubles a parameter forty times must not build a string of 2^40 bytes to name it.
inline constexpr std::size_t kMaxSymbolBytes = 4096;

// ⟨what⟩, with any marker characters inside `what` dropped so markers never nest, and `/` written as `.`
// so that a marker is always one segment of a name or id.
std::string symbol_marker(std::string_view what);
// Does the text hold a marker (is it a symbol rather than a known string)?
bool is_symbolic(std::string_view text);

// The symbol of an unknown value, or null when it has none (or the value is not unknown).
const std::string* symbol_of(const Value& v);
// An unknown with `reason`, `origin` and `symbol`.
Value symbolic_unknown(std::string reason, Span origin, std::string symbol);
// A copy of `unknown` (reason, origin, candidates) that carries `symbol`.
Value with_symbol(const Value& unknown, std::string symbol);
// `unknown` itself when it has no symbol, else a copy without it.
Value without_symbol(const Value& unknown);
// An item or member of an unknown value, named by the value's symbol and the key (`⟨param p.name⟩`,
// `⟨param p[0]⟩`), so that `p`, `p.name` and `p[0]` are not taken for one another; `key` is a known string
// (`.name`, as `p.name` and `p['name']` are the same), a known integer, or an unknown named by a symbol.
// Without a symbol when the value has none or the key is neither known nor named.
Value member_of_unknown(const Value& unknown, const Value& key);
Value member_of_unknown(const Value& unknown, std::string_view property);

// The text of a known string or id, or the symbol of an unknown one; null otherwise. Where an id may be
// known or symbolic (a scope, a property holding another resource's id), this is what links.
const std::string* id_text(const Value& v);
// The same as a copy; empty when there is neither.
std::string name_text(const Value& v);
// An unknown name that carries a symbol: its own, else ⟨resource `identity`⟩ (the declaration that has it),
// so that references to the resource through its symbol (`kv.id`) still find it.
Value ensure_symbol(const Value& unknown_name, std::string_view identity);

// Builds a string from parts (interpolation, concatenation). Known scalar text is appended as it is, an
// unknown part with a symbol as its symbol. result() is the known string when every part was known, an
// unknown carrying the symbol when some part was symbolic, or the first unknown part without a symbol
// (the string cannot be named).
class SymbolicText {
 public:
  // Appends known text.
  void append(std::string_view text) { text_ += text; }
  // Appends an unknown part; returns false (and keeps it as the result) when it has no symbol.
  bool append_unknown(const Value& unknown);
  bool failed() const { return failed_; }
  std::size_t size() const { return text_.size(); }
  Value result(Span at);

 private:
  std::string text_;
  Value first_unknown_;
  bool failed_ = false;
};

// Whether every marker in `result` is, case-insensitively, one of the markers of `inputs` and no marker is
// broken: a function that copied its symbolic arguments into its result (concat, format, resourceId, ...)
// rather than computing something new from their characters (substring, a hash).
bool markers_preserved(std::string_view result, const std::vector<std::string_view>& inputs);

// The symbol of a function applied to symbolic arguments that the function did not copy through: one
// marker, ⟨name(arg, ...)⟩, with the arguments' own markers flattened into it. The same call on the same
// arguments gives the same symbol.
std::string call_symbol(std::string_view function, const std::vector<std::string>& argument_texts);

// A function call whose unknown arguments all carry symbols: `call` runs the function with every symbol in
// place of its argument, and the result is an unknown (for the reason of the first unknown argument)
// whose symbol is what the function returned when it copied the symbols through (concat, format,
// resourceId, guid's inputs do not), else call_symbol(), whatever the result's type. nullopt when an
// unknown argument has no symbol: the result cannot be named.
std::optional<Value> call_on_symbols(std::string_view function, const std::vector<Value>& args,
                                     const std::function<Value(std::vector<Value>&)>& call);

}  // namespace vl
