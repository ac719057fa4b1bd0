// Array functions, and the collection functions ARM documents under several categories (string, array,
// object): concat, contains, empty, length, first, last, skip, take, indexOf, lastIndexOf, union and
// intersection are registered here once and handle every kind of argument.
// [src: learn.microsoft.com template-functions-array / -string / -object, ms.date 08/01/2025]
#include <algorithm>
#include <initializer_list>
#include <string>
#include <unordered_set>
#include <vector>

#include "eval/functions/function_support.h"
#include "eval/functions/equality.h"
#include "eval/functions/json_text.h"
#include "eval/functions/utf16.h"
#include "graph/symbol.h"

namespace vl {

namespace {

using fn::Tri;

// ---- helpers ---------------------------------------------------------------------------------------

// A text that is equal for equal fully known values (object keys case-insensitive, 1 == 1.0), used to
// find duplicates without comparing every pair. nullopt when the value holds an unknown or the budget
// (which counts the key's bytes) runs out.
std::optional<std::string> canonical_key(const Value& v, fn::WorkBudget& budget) {
  std::string out;
  struct Writer {
    std::string& out;
    fn::WorkBudget& budget;
    bool write(const Value& x, int depth) {
      if (depth > fn::kMaxNesting || !budget.spend(1 + (x.is_string() ? x.as_string().size() : 0))) return false;
      switch (x.kind()) {
        case Kind::Float: {
          double d = x.as_number();
          if (d > -9.2e18 && d < 9.2e18 && d == static_cast<double>(static_cast<std::int64_t>(d))) {
            out += 'n';
            out += std::to_string(static_cast<std::int64_t>(d));
          } else {
            out += 'f';
            out += fn::format_double(d);
          }
          return true;
        }
        case Kind::Int:
          out += 'n';
          out += std::to_string(x.as_int());
          return true;
        case Kind::String:
          out += 's';
          out += std::to_string(x.as_string().size());
          out += ':';
          out += x.as_string();
          return true;
        case Kind::Array:
          out += '[';
          for (const Value& item : x.as_array()) {
            if (!write(item, depth + 1)) return false;
            out += ',';
          }
          out += ']';
          return true;
        case Kind::Object: {
          std::vector<std::pair<std::string, const Value*>> members;
          for (const Member& m : x.as_object().members()) members.emplace_back(to_lower(m.key), &m.value);
          std::sort(members.begin(), members.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
          out += '{';
          for (const auto& [key, value] : members) {
            out += std::to_string(key.size());
            out += ':';
            out += key;
            if (!write(*value, depth + 1)) return false;
            out += ',';
          }
          out += '}';
          return true;
        }
        case Kind::Bool:
          out += x.as_bool() ? "T" : "F";
          return true;
        case Kind::Null:
          out += "N";
          return true;
        default:
          return false;
      }
    }
  };
  Writer w{out, budget};
  if (!w.write(v, 0)) return std::nullopt;
  return out;
}

// Items of an array with fast membership for known items; items holding unknowns are compared one by one.
class ItemSet {
 public:
  ItemSet(const Array& items, fn::WorkBudget& budget) : items_(items), budget_(budget) {
    for (const Value& item : items) {
      if (auto key = canonical_key(item, budget_)) {
        keys_.insert(std::move(*key));
      } else {
        has_unknown_ = true;
      }
    }
  }
  Tri contains(const Value& v) const {
    if (auto key = canonical_key(v, budget_)) {
      if (keys_.count(*key)) return Tri::True;
      if (!has_unknown_) return Tri::False;
    }
    Tri result = Tri::False;
    for (const Value& item : items_) {
      Tri t = fn::equal_values(item, v, budget_);
      if (t == Tri::True) return Tri::True;
      if (t == Tri::Unknown) result = Tri::Unknown;
    }
    return result;
  }

 private:
  const Array& items_;
  fn::WorkBudget& budget_;
  std::unordered_set<std::string> keys_;
  bool has_unknown_ = false;
};

// A slice of a string by UTF-16 positions [from, to), or an unknown when a cut would split a character.
Value string_slice(const ArmCallContext& c, const std::string& s, const fn::Utf16Index& index, std::size_t from,
                   std::size_t to) {
  std::size_t b = index.byte_of(from);
  std::size_t e = index.byte_of(to);
  if (b == fn::Utf16Index::npos || e == fn::Utf16Index::npos) {
    return c.fail("the position falls inside a character that .NET stores as two UTF-16 units");
  }
  return c.string(s.substr(b, e - b));
}

// ---- array -----------------------------------------------------------------------------------------

Value array_fn(ArmCallContext& c) {
  const Value& v = c.args[0];
  if (v.is_array()) return v;
  if (v.is_null() || v.is_opaque()) return fn::wrong_type(c, 0, "an int, string, array or object");
  return Value::array(Array{v}, c.at);
}

// createArray(unknown) is an array holding that unknown: its length and other items stay known.
Value create_array_fn(ArmCallContext& c) {
  for (const Value& a : c.args) {
    if (a.is_opaque() || a.is_absent()) return c.fail("a lambda or missing value cannot be an array item");
  }
  return Value::array(Array(c.args.begin(), c.args.end()), c.at);
}

// concat: all arrays, or strings (integers, booleans and floats written as string() writes them).
Value concat_fn(ArmCallContext& c) {
  bool arrays = c.args[0].is_array();
  std::size_t total = 0;
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    const Value& a = c.args[i];
    if (arrays != a.is_array()) return c.fail("arrays and strings cannot be mixed (argument " + std::to_string(i + 1) + ")");
    if (arrays) {
      total += a.as_array().size();
    } else {
      auto text = a.is_null() ? std::nullopt : fn::scalar_text(a);
      if (!text) return fn::wrong_type(c, i, "a string or an array");
      total += text->size();
    }
  }
  if (arrays) {
    if (!fn::items_fit(c, total)) return fn::too_many_items(c, total);
    Array out;
    out.reserve(total);
    for (const Value& a : c.args) out.insert(out.end(), a.as_array().begin(), a.as_array().end());
    return Value::array(std::move(out), c.at);
  }
  if (!fn::string_fits(c, total)) return fn::string_too_large(c, total);
  std::string out;
  out.reserve(total);
  for (const Value& a : c.args) out += *fn::scalar_text(a);
  return c.string(std::move(out));
}

// contains: a substring (case-sensitive), an object key (case-insensitive), or an array item (equality,
// case-sensitive). [src: template-functions-array#contains]
Value contains_fn(ArmCallContext& c) {
  const Value& container = c.args[0];
  const Value& item = c.args[1];
  if (container.is_string() || container.is_object()) {
    auto text = item.is_string() || item.is_int() ? fn::scalar_text(item) : std::nullopt;
    if (!text) return fn::wrong_type(c, 1, "a string or an int");
    if (container.is_string()) return c.boolean(container.as_string().find(*text) != std::string::npos);
    bool found = container.as_object().find(*text) != nullptr;
    if (!found && names_synthetic_location(*text)) return c.fail(kSyntheticLocationUnknown);
    return c.boolean(found);
  }
  if (!container.is_array()) return fn::wrong_type(c, 0, "an array, object or string");
  fn::WorkBudget budget;
  Tri t = ItemSet(container.as_array(), budget).contains(item);
  if (t == Tri::Unknown) return fn::blocking_unknown(c, {&container, &item}, budget);
  return c.boolean(t == Tri::True);
}

// Does an unknown string's symbol (graph/symbol.h) hold text besides its markers? Then the string is not
// empty, whatever the markers stand for: a resource id with an unknown name, 'kv-⟨param x⟩'.
bool symbol_has_text(const Value& v) {
  const std::string* symbol = symbol_of(v);
  if (!symbol) return false;
  std::string_view s = *symbol;
  while (!s.empty()) {
    std::size_t open = s.find(kMarkOpen);
    if (open != 0) return true;  // text before the next marker (or no marker left)
    std::size_t close = s.find(kMarkClose);
    if (close == std::string_view::npos) return false;
    s.remove_prefix(close + kMarkClose.size());
  }
  return false;
}

// empty(null()) is true. [src: template-functions-object#null] An unknown string whose symbol holds text
// is not empty: empty(resourceId('...', parameters('name'))) is false, as any id is never empty.
Value empty_fn(ArmCallContext& c) {
  const Value& v = c.args[0];
  if (v.is_unknown()) return symbol_has_text(v) ? c.boolean(false) : v;
  if (v.is_null()) return c.boolean(true);
  if (v.is_string()) return c.boolean(v.as_string().empty());
  if (v.is_array()) return c.boolean(v.as_array().empty());
  if (v.is_object()) return c.boolean(v.as_object().empty());
  return fn::wrong_type(c, 0, "an array, object or string");
}

// length of a string counts UTF-16 units, as .NET does.
Value length_fn(ArmCallContext& c) {
  const Value& v = c.args[0];
  if (v.is_string()) return c.integer(static_cast<std::int64_t>(fn::Utf16Index(v.as_string()).units()));
  if (v.is_array()) return c.integer(static_cast<std::int64_t>(v.as_array().size()));
  if (v.is_object()) return c.integer(static_cast<std::int64_t>(v.as_object().size()));
  return fn::wrong_type(c, 0, "an array, object or string");
}

// first/last: the item as written (an empty array gives null), or the first/last character (an empty
// string gives ''). [src: template-functions-string#first]
Value end_item(ArmCallContext& c, bool first) {
  const Value& v = c.args[0];
  if (v.is_array()) {
    const Array& items = v.as_array();
    if (items.empty()) return Value::null(c.at);
    return first ? items.front() : items.back();
  }
  if (!v.is_string()) return fn::wrong_type(c, 0, "an array or string");
  const std::string& s = v.as_string();
  fn::Utf16Index index(s);
  std::size_t n = index.units();
  if (n == 0) return c.string("");
  return first ? string_slice(c, s, index, 0, 1) : string_slice(c, s, index, n - 1, n);
}

Value first_fn(ArmCallContext& c) { return end_item(c, true); }
Value last_fn(ArmCallContext& c) { return end_item(c, false); }

// skip/take: counts of 0 or less and past the end are clamped. [src: template-functions-array#skip]
Value skip_take(ArmCallContext& c, bool skip) {
  auto count = fn::int_arg(c, 1);
  if (!count) return fn::wrong_type(c, 1, "an integer");
  const Value& v = c.args[0];
  std::size_t size = 0;
  fn::Utf16Index index(v.is_string() ? std::string_view(v.as_string()) : std::string_view());
  if (v.is_array()) {
    size = v.as_array().size();
  } else if (v.is_string()) {
    size = index.units();
  } else {
    return fn::wrong_type(c, 0, "an array or string");
  }
  std::size_t n = *count <= 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(*count), size);
  std::size_t from = skip ? n : 0;
  std::size_t to = skip ? size : n;
  if (v.is_string()) return string_slice(c, v.as_string(), index, from, to);
  const Array& items = v.as_array();
  return Value::array(Array(items.begin() + static_cast<std::ptrdiff_t>(from), items.begin() + static_cast<std::ptrdiff_t>(to)), c.at);
}

Value skip_fn(ArmCallContext& c) { return skip_take(c, true); }
Value take_fn(ArmCallContext& c) { return skip_take(c, false); }

// indexOf/lastIndexOf: in a string the comparison is case-insensitive and the position counts UTF-16
// units; in an array it is equality, case-sensitive for strings. [src: template-functions-string#indexof,
// template-functions-array#indexof]
Value index_of(ArmCallContext& c, bool first) {
  const Value& container = c.args[0];
  const Value& item = c.args[1];
  if (container.is_string()) {
    const std::string* needle = fn::string_arg(c, 1);
    if (!needle) return fn::wrong_type(c, 1, "a string");
    // .NET Framework and .NET Core disagree on lastIndexOf of '' (length-1 or length).
    if (!first && needle->empty()) return c.fail("the position of an empty string from the end differs between .NET versions");
    std::string hay = fn::fold_case(container.as_string());
    std::string pin = fn::fold_case(*needle);
    std::size_t pos = first ? hay.find(pin) : hay.rfind(pin);
    if (pos == std::string::npos) return c.integer(-1);
    return c.integer(static_cast<std::int64_t>(fn::Utf16Index(hay).unit_of(pos)));
  }
  if (!container.is_array()) return fn::wrong_type(c, 0, "an array or string");
  const Array& items = container.as_array();
  fn::WorkBudget budget;
  for (std::size_t k = 0; k < items.size(); ++k) {
    std::size_t i = first ? k : items.size() - 1 - k;
    Tri t = fn::equal_values(items[i], item, budget);
    if (t == Tri::True) return c.integer(static_cast<std::int64_t>(i));
    if (t == Tri::Unknown) return fn::blocking_unknown(c, {&items[i], &item}, budget);
  }
  return c.integer(-1);
}

Value index_of_fn(ArmCallContext& c) { return index_of(c, true); }
Value last_index_of_fn(ArmCallContext& c) { return index_of(c, false); }

// ---- union / intersection --------------------------------------------------------------------------

// union of objects: keys match case-insensitively; later values overwrite earlier ones; nested objects
// merge recursively, nested arrays do not (the later array wins). [src: template-functions-array#union,
// Remarks and the "deep merge" example]
std::optional<Value> merge_objects(const Value& base, const Value& later, Span at, int depth, fn::WorkBudget& budget) {
  if (depth > fn::kMaxNesting || !budget.spend(base.as_object().size() + later.as_object().size())) return std::nullopt;
  fn::ObjectBuilder merged(base.as_object());
  for (const Member& m : later.as_object().members()) {
    const Value* earlier = merged.find(m.key);
    if (earlier && earlier->is_object() && m.value.is_object()) {
      auto inner = merge_objects(*earlier, m.value, at, depth + 1, budget);
      if (!inner) return std::nullopt;
      merged.set(m.key, std::move(*inner), m.key_span);
    } else {
      merged.set(m);
    }
  }
  return Value::object(merged.take(), at);
}

// Unions and intersections take either all arrays or all objects.
Value same_kind(const ArmCallContext& c, bool& arrays) {
  arrays = c.args[0].is_array();
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    if (!c.args[i].is_array() && !c.args[i].is_object()) return fn::wrong_type(c, i, "an array or object");
    if (c.args[i].is_array() != arrays) return c.fail("arrays and objects cannot be mixed");
  }
  return Value();
}

// union of arrays keeps the first occurrence of each value, in order; items compare by equality
// (case-sensitive strings). [src: template-functions-array#union]
Value union_fn(ArmCallContext& c) {
  bool arrays = false;
  if (Value err = same_kind(c, arrays); !err.is_absent()) return err;
  if (!arrays) {
    if (c.args.size() == 1) return c.args[0];
    Value result = c.args[0];
    fn::WorkBudget budget;
    for (std::size_t i = 1; i < c.args.size(); ++i) {
      auto merged = merge_objects(result, c.args[i], c.at, 0, budget);
      if (!merged) return c.stop("the objects are too large or nested too deeply to merge");
      result = std::move(*merged);
    }
    if (!fn::items_fit(c, result.as_object().size())) return fn::too_many_items(c, result.as_object().size());
    return result;
  }
  Array out;
  fn::WorkBudget budget;
  std::unordered_set<std::string> seen;   // keys of the known items kept
  std::vector<bool> partly_known;         // per item of `out`: it holds an unknown
  for (const Value& arg : c.args) {
    for (const Value& item : arg.as_array()) {
      auto key = canonical_key(item, budget);
      if (key && seen.count(*key)) continue;
      // Known items with different keys differ; anything else is compared one by one. An item that
      // may equal an earlier one leaves the result's length unknown.
      bool duplicate = false;
      for (std::size_t k = 0; k < out.size() && !duplicate; ++k) {
        if (key && !partly_known[k]) continue;
        Tri t = fn::equal_values(out[k], item, budget);
        if (t == Tri::Unknown) return fn::blocking_unknown(c, {&out[k], &item}, budget);
        duplicate = t == Tri::True;
      }
      if (duplicate) continue;
      partly_known.push_back(!key);
      if (key) seen.insert(std::move(*key));
      out.push_back(item);
      if (!fn::items_fit(c, out.size())) return fn::too_many_items(c, out.size());
    }
  }
  return Value::array(std::move(out), c.at);
}

// intersection: the items (or key/value pairs) of the first argument that every other argument has;
// keys match case-insensitively, values by equality (case-sensitive strings).
Value intersection_fn(ArmCallContext& c) {
  bool arrays = false;
  if (Value err = same_kind(c, arrays); !err.is_absent()) return err;
  fn::WorkBudget budget;
  if (!arrays) {
    std::vector<fn::ObjectBuilder> others;
    for (std::size_t i = 1; i < c.args.size(); ++i) others.emplace_back(c.args[i].as_object());
    fn::ObjectBuilder out;
    for (const Member& m : c.args[0].as_object().members()) {
      Tri in_all = Tri::True;
      for (std::size_t i = 0; i < others.size() && in_all != Tri::False; ++i) {
        const Value* other = others[i].find(m.key);
        Tri t = other ? fn::equal_values(m.value, *other, budget) : Tri::False;
        if (t == Tri::False) in_all = Tri::False;
        if (t == Tri::Unknown) in_all = Tri::Unknown;
      }
      if (in_all == Tri::Unknown) return fn::blocking_unknown(c, c.args, budget);
      if (in_all == Tri::True) out.set(m);
    }
    return Value::object(out.take(), c.at);
  }
  std::vector<ItemSet> others;
  for (std::size_t i = 1; i < c.args.size(); ++i) others.emplace_back(c.args[i].as_array(), budget);
  Array out;
  std::unordered_set<std::string> seen;
  for (const Value& item : c.args[0].as_array()) {
    auto key = canonical_key(item, budget);
    if (!key) return fn::blocking_unknown(c, {&item}, budget);
    if (seen.count(*key)) continue;
    Tri in_all = Tri::True;
    for (const ItemSet& set : others) {
      Tri t = set.contains(item);
      if (t == Tri::False) {
        in_all = Tri::False;
        break;
      }
      if (t == Tri::Unknown) in_all = Tri::Unknown;
    }
    if (in_all == Tri::Unknown) return fn::blocking_unknown(c, c.args, budget);
    if (in_all == Tri::True) {
      seen.insert(std::move(*key));
      out.push_back(item);
    }
  }
  return Value::array(std::move(out), c.at);
}

// ---- building arrays -------------------------------------------------------------------------------

// range(start, count): count from 0 to 10000, start + count no greater than 2147483647.
// [src: template-functions-array#range]
Value range_fn(ArmCallContext& c) {
  auto start = fn::int_arg(c, 0);
  auto count = fn::int_arg(c, 1);
  if (!start) return fn::wrong_type(c, 0, "an integer");
  if (!count) return fn::wrong_type(c, 1, "an integer");
  // ARM refuses the template (a KV001): not a value that is merely unknown.
  if (*count < 0 || *count > 10000) return c.stop("the count must be from 0 to 10000, got " + std::to_string(*count));
  if (*start > 2147483647 - *count) return c.fail("the start plus the count must be no greater than 2147483647");
  if (!fn::items_fit(c, static_cast<std::size_t>(*count))) return fn::too_many_items(c, static_cast<std::size_t>(*count));
  Array out;
  out.reserve(static_cast<std::size_t>(*count));
  for (std::int64_t i = 0; i < *count; ++i) out.push_back(Value::integer(*start + i, c.at));
  return Value::array(std::move(out), c.at);
}

// flatten: an array of arrays into one array, one level deep. [src: Bicep SystemNamespaceType, flatten]
Value flatten_fn(ArmCallContext& c) {
  if (!c.args[0].is_array()) return fn::wrong_type(c, 0, "an array of arrays");
  std::size_t total = 0;
  for (const Value& item : c.args[0].as_array()) {
    if (item.is_unknown()) return without_symbol(item);
    if (!item.is_array()) return c.fail("every item must be an array, got " + item.display());
    total += item.as_array().size();
  }
  if (!fn::items_fit(c, total)) return fn::too_many_items(c, total);
  Array out;
  out.reserve(total);
  for (const Value& item : c.args[0].as_array()) out.insert(out.end(), item.as_array().begin(), item.as_array().end());
  return Value::array(std::move(out), c.at);
}

// indexFromEnd(array, n): the n-th item counting from the end, 1-based. tryIndexFromEnd gives null
// instead of failing. [src: template-functions-array#indexfromend]
Value from_end(ArmCallContext& c, bool try_only) {
  if (!c.args[0].is_array()) return fn::wrong_type(c, 0, "an array");
  auto n = fn::int_arg(c, 1);
  if (!n) return fn::wrong_type(c, 1, "an integer");
  const Array& items = c.args[0].as_array();
  if (*n < 1 || static_cast<std::uint64_t>(*n) > items.size()) {
    if (try_only) return Value::null(c.at);
    return c.fail("index " + std::to_string(*n) + " from the end is outside an array of " + std::to_string(items.size()) +
                  " items (the deployment would fail)");
  }
  return items[items.size() - static_cast<std::size_t>(*n)];
}

Value index_from_end_fn(ArmCallContext& c) { return from_end(c, false); }
Value try_index_from_end_fn(ArmCallContext& c) { return from_end(c, true); }

}  // namespace

void register_array_functions(FunctionTable& t) {
  t.add({"array", 1, 1, false, array_fn});
  t.add({"createArray", 0, -1, true, create_array_fn});
  t.add({"concat", 1, -1, false, concat_fn});
  t.add({"contains", 2, 2, false, contains_fn});
  t.add({"empty", 1, 1, true, empty_fn});
  t.add({"length", 1, 1, false, length_fn});
  t.add({"first", 1, 1, false, first_fn});
  t.add({"last", 1, 1, false, last_fn});
  t.add({"skip", 2, 2, false, skip_fn});
  t.add({"take", 2, 2, false, take_fn});
  t.add({"indexOf", 2, 2, false, index_of_fn});
  t.add({"lastIndexOf", 2, 2, false, last_index_of_fn});
  t.add({"union", 1, -1, false, union_fn});
  t.add({"intersection", 2, -1, false, intersection_fn});
  t.add({"range", 2, 2, false, range_fn});
  t.add({"flatten", 1, 1, false, flatten_fn});
  t.add({"indexFromEnd", 2, 2, false, index_from_end_fn});
  t.add({"tryIndexFromEnd", 2, 2, false, try_index_from_end_fn});
}

}  // namespace vl
