#include "fix/fix.h"

#include <algorithm>
#include <map>
#include <set>

#include "fix/syntax.h"
#include "source/text.h"

namespace vl::fix {

namespace {

// One fix site made concrete against its text.
struct Op {
  enum class Kind { Replace, Insert } kind = Kind::Replace;
  FileId file = kNoFile;
  std::uint32_t begin = 0, end = 0;  // Replace: the bytes; Insert: the container
  std::string text;                  // Replace: the new text; Insert: the member (`key: value`)
  std::string key;                   // Insert: for duplicates
  Syntax syntax = Syntax::Json;
  bool block = false;                // Insert: an HCL block
  std::string value_text;            // Insert (HCL): the value, for aligned layout
  std::size_t owner = 0;             // the finding (index into the plan's items)
};

std::string shorten(std::string_view s) {
  std::string out(s.substr(0, 60));
  if (s.size() > 60) out += "...";
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

bool is_tf_json(const SourceFile& f) {
  std::string name = to_lower(f.path().filename().string());
  return name.ends_with(".tf.json") || name.ends_with(".tfvars.json");
}

// Checks a site against the text; an empty string when it holds, else why not.
std::string concrete(const FixSite& site, const SourceSet& sources, Op& op) {
  if (!site.span.valid() || site.span.file >= sources.size()) return "the place to edit is not known";
  const SourceFile& src = sources.get(site.span.file);
  std::optional<Syntax> syntax = syntax_of(src.path());
  if (!syntax) return src.display() + " is not a file vaultlint edits";
  const std::string& text = src.text();
  if (site.span.end > text.size() || site.span.begin > site.span.end) return "the place to edit is outside " + src.display();
  op.file = site.span.file;
  op.syntax = *syntax;

  if (site.action == FixSite::Action::Replace) {
    std::uint32_t b = site.span.begin, e = site.span.end;
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    std::string_view region(text.data() + b, e - b);
    op.kind = Op::Kind::Replace;
    op.begin = b;
    op.end = e;
    // An API version inside a type string (Bicep `'...@2023-07-01'`, azapi): its bare text.
    if (site.current.is_string() && !region.empty() && region == site.current.as_string() && region[0] != '"' &&
        region[0] != '\'') {
      if (!site.value.is_string()) return "the value is not text";
      if (site.value.as_string() == site.current.as_string()) return "it is " + site.value.display() + " already";
      op.text = site.value.as_string();
      return "";
    }
    std::optional<Value> literal = read_literal(*syntax, region, *syntax == Syntax::Json && !is_tf_json(src));
    if (!literal) return "`" + shorten(region) + "` in " + src.display() + " is an expression, not a value written there";
    // A written null is the default the rule failed on (null is absent); a mapped value (azurerm's true
    // for 'Enabled') is of the type the attribute takes; anything else is the value the scan saw.
    bool matches = literal->is_null() ? true
                   : site.terraform && literal->kind() != site.current.kind() ? literal->kind() == site.value.kind()
                                                                               : deep_equals(*literal, site.current);
    if (!matches) return "`" + shorten(region) + "` in " + src.display() + " is not the value the scan saw there";
    if (deep_equals(*literal, site.value)) return "it is " + site.value.display() + " already";
    op.text = render(*syntax, site.value);
    return "";
  }

  op.kind = Op::Kind::Insert;
  op.begin = site.span.begin;
  op.end = site.span.end;
  op.key = site.key;
  op.block = site.terraform;
  if (site.terraform && *syntax != Syntax::Hcl) return "adding an attribute to " + src.display() + " (JSON syntax) is not supported";
  if (!site.terraform && *syntax == Syntax::Hcl) return "adding a member to an HCL object expression is not supported";
  op.value_text = render(*syntax, site.value);
  op.text = *syntax == Syntax::Hcl ? site.key + " = " + op.value_text
                                   : render_key(*syntax, site.key) + ": " + op.value_text;
  return "";
}

class Lines {
 public:
  explicit Lines(const std::string& text) : t_(text) {}
  std::size_t start(std::size_t p) const {
    std::size_t s = t_.rfind('\n', p == 0 ? 0 : p - 1);
    return p == 0 || s == std::string::npos ? 0 : s + 1;
  }
  std::size_t eol(std::size_t p) const {
    std::size_t e = t_.find('\n', p);
    return e == std::string::npos ? t_.size() : e;
  }
  bool same_line(std::size_t a, std::size_t b) const { return t_.find('\n', std::min(a, b)) >= std::max(a, b); }
  std::string indent(std::size_t p) const {
    std::size_t s = start(p), e = s;
    while (e < t_.size() && (t_[e] == ' ' || t_[e] == '\t')) ++e;
    return t_.substr(s, e - s);
  }
  // One more level than `indent`, in the file's own unit (a tab, or two spaces).
  static std::string deeper(const std::string& indent) { return indent + (indent.find('\t') != std::string::npos ? "\t" : "  "); }

 private:
  const std::string& t_;
};

// Lays out the inserts into one object or block (all of one container); false and `why` when its text
// does not allow a safe edit.
bool layout_inserts(const std::vector<const Op*>& ops, const std::string& text, std::vector<TextEdit>& out, std::string& why) {
  const Op& first = *ops.front();
  const Syntax syntax = first.syntax;
  Lines lines(text);
  std::size_t open, close;
  std::size_t end = first.end;
  while (end > first.begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  if (first.block) {
    open = first_open_brace(syntax, text, first.begin, end);
  } else {
    open = first.begin < text.size() && text[first.begin] == '{' ? first.begin : std::string::npos;
  }
  if (open == std::string::npos) {
    why = "the object to add to is not written as one";
    return false;
  }
  close = matching_close(syntax, text, open);
  if (close == std::string::npos || close + 1 != end || text[close] != '}') {
    why = "the object to add to is not written as one";
    return false;
  }
  Contents contents = scan_contents(syntax, text, static_cast<std::uint32_t>(open), static_cast<std::uint32_t>(close));
  if (!contents.ok) {
    why = "the object to add to does not balance";
    return false;
  }
  auto edit = [&](std::size_t at, std::string s) { out.push_back(TextEdit{first.file, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at), std::move(s)}); };

  if (syntax == Syntax::Hcl) {
    if (lines.same_line(open, close)) {
      why = "the block is written on one line";
      return false;
    }
    const Item* anchor = nullptr;
    for (const Item& item : contents.items) {
      if (item.attribute) anchor = &item;
    }
    std::size_t at;
    std::string indent;
    std::size_t equals_column = 0;  // align with the anchor's `=` when it is aligned
    if (anchor) {
      at = lines.eol(anchor->end);
      if (at >= close) {
        why = "the block's last attribute shares its line with the closing brace";
        return false;
      }
      ++at;
      indent = lines.indent(anchor->begin);
      std::size_t name_end = anchor->begin;
      while (name_end < anchor->equals && text[name_end] != ' ' && text[name_end] != '\t') ++name_end;
      std::size_t line = lines.start(anchor->begin);
      if (anchor->equals > name_end + 1) equals_column = anchor->equals - line;
    } else {
      at = lines.eol(open);
      if (at >= close) {
        why = "the block's first line holds more than its brace";
        return false;
      }
      ++at;
      indent = contents.items.empty() ? Lines::deeper(lines.indent(open)) : lines.indent(contents.items.front().begin);
    }
    std::string added;
    for (const Op* op : ops) {
      std::string name = indent + op->key;
      if (equals_column > name.size() + 1) name.append(equals_column - name.size() - 1, ' ');
      added += name + " = " + op->value_text + "\n";
    }
    edit(at, added);
    return true;
  }

  const bool json = syntax == Syntax::Json;
  std::vector<std::string> members;
  for (const Op* op : ops) members.push_back(op->text);
  auto join = [&](const std::string& sep) {
    std::string s;
    for (std::size_t i = 0; i < members.size(); ++i) s += (i ? sep : "") + members[i];
    return s;
  };
  if (contents.items.empty()) {
    if (lines.same_line(open, close)) {
      out.push_back(TextEdit{first.file, static_cast<std::uint32_t>(open + 1), static_cast<std::uint32_t>(close), " " + join(", ") + " "});
    } else {
      std::string indent = Lines::deeper(lines.indent(open));
      edit(open + 1, "\n" + indent + join((json ? ",\n" : "\n") + indent));
    }
    return true;
  }
  const Item& last = contents.items.back();
  if (lines.same_line(last.end, close)) {
    // The closing brace follows the last member on its line: add after it on that line (one-line
    // objects), or on lines of their own before the brace (Bicep).
    if (json || lines.same_line(open, close)) {
      edit(last.end, ", " + join(", "));
    } else {
      std::string indent = lines.indent(last.begin);
      edit(last.end, "\n" + indent + join("\n" + indent));
    }
    return true;
  }
  std::string indent = lines.indent(last.begin);
  if (contents.trailing_comma) {
    // `last,` then the new members, each with its comma, as the object writes them.
    std::string sep = ",\n" + indent;
    edit(lines.eol(contents.comma), "\n" + indent + join(sep) + ",");
    return true;
  }
  std::size_t eol = lines.eol(last.end);
  if (json) {
    if (eol == last.end) {
      edit(last.end, ",\n" + indent + join(",\n" + indent));
    } else {
      // A comment after the last member stays on its line.
      edit(last.end, ",");
      edit(eol, "\n" + indent + join(",\n" + indent));
    }
  } else {
    edit(eol, "\n" + indent + join("\n" + indent));
  }
  return true;
}

std::string title_of(const Finding& f, const FixSite& site, const SourceSet& sources) {
  std::string value = site.value.is_string() ? site.value.as_string() : site.value.display();
  std::string t = "Set " + (site.property.empty() ? site.key : site.property) + " to " + value;
  if (site.span.valid() && f.location.valid() && site.span.file != f.location.file) {
    t += " in " + sources.get(site.span.file).display();
  }
  return t;
}

// Lays out the ops (of any findings): replaces as they are, inserts grouped by the object they go into.
// Findings whose inserts cannot be laid out are added to `refused` with the reason.
std::vector<TextEdit> layout(const std::vector<Op>& ops, const SourceSet& sources, std::map<std::size_t, std::string>& refused,
                             std::vector<std::set<std::size_t>>* owners = nullptr) {
  std::vector<TextEdit> edits;
  std::vector<std::set<std::size_t>> who;
  std::map<std::pair<FileId, std::uint32_t>, std::vector<const Op*>> containers;
  for (const Op& op : ops) {
    if (refused.count(op.owner)) continue;
    if (op.kind == Op::Kind::Replace) {
      edits.push_back(TextEdit{op.file, op.begin, op.end, op.text});
      who.push_back({op.owner});
    } else {
      std::vector<const Op*>& list = containers[{op.file, op.begin}];
      bool duplicate = false;
      for (const Op* o : list) duplicate = duplicate || o->key == op.key;
      if (!duplicate) list.push_back(&op);
    }
  }
  for (auto& [where, list] : containers) {
    std::vector<TextEdit> laid;
    std::string why;
    if (!layout_inserts(list, sources.get(where.first).text(), laid, why)) {
      for (const Op* op : list) refused.emplace(op->owner, why);
      continue;
    }
    std::set<std::size_t> owners_here;
    for (const Op* op : list) owners_here.insert(op->owner);
    for (TextEdit& e : laid) {
      edits.push_back(std::move(e));
      who.push_back(owners_here);
    }
  }
  // By file (its path: FileIds follow the order files were loaded in, which parallel loading does not fix)
  // and position; an insert at a position comes after a replace that ends there.
  std::vector<std::size_t> order(edits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const TextEdit& x = edits[a];
    const TextEdit& y = edits[b];
    if (x.file != y.file) {
      const std::string& px = sources.get(x.file).display();
      const std::string& py = sources.get(y.file).display();
      return px != py ? px < py : x.file < y.file;
    }
    if (x.begin != y.begin) return x.begin < y.begin;
    return (x.end - x.begin) > (y.end - y.begin);
  });
  std::vector<TextEdit> sorted;
  std::vector<std::set<std::size_t>> sorted_who;
  for (std::size_t i : order) {
    sorted.push_back(std::move(edits[i]));
    sorted_who.push_back(std::move(who[i]));
  }
  if (owners) *owners = std::move(sorted_who);
  return sorted;
}

// The first two edits that overlap (an insert inside a replaced range, or two ranges sharing bytes).
std::optional<std::pair<std::size_t, std::size_t>> overlap(const std::vector<TextEdit>& edits) {
  for (std::size_t i = 1; i < edits.size(); ++i) {
    const TextEdit& a = edits[i - 1];
    const TextEdit& b = edits[i];
    if (a.file != b.file) continue;
    bool clash = b.begin < a.end || (a.begin == b.begin && a.end == a.begin && b.end > b.begin);
    if (b.begin == a.begin && a.end == a.begin && b.end == b.begin) clash = false;  // two inserts: both go in
    if (clash) return std::make_pair(i - 1, i);
  }
  return std::nullopt;
}

}  // namespace

FixPlan plan(const std::vector<const Finding*>& findings, const SourceSet& sources) {
  FixPlan out;
  std::vector<Op> all;
  std::map<std::size_t, std::string> refused;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = *findings[i];
    FixPlan::Item item;
    item.finding = &f;
    if (f.fix_sites.empty() || f.suppressed || f.result != Verdict::Fail) {
      item.refused = f.fix_sites.empty() ? "its rule has no certain edit for it" : "it is not a failing, unsuppressed finding";
      out.items.push_back(std::move(item));
      refused.emplace(i, out.items.back().refused);
      continue;
    }
    std::vector<Op> ops;
    for (const FixSite& site : f.fix_sites) {
      Op op;
      op.owner = i;
      if (std::string why = concrete(site, sources, op); !why.empty()) {
        item.refused = why;
        break;
      }
      ops.push_back(std::move(op));
    }
    if (item.refused.empty()) {
      std::map<std::size_t, std::string> alone;
      item.edits = layout(ops, sources, alone);
      if (!alone.empty()) item.refused = alone.begin()->second;
      else if (overlap(item.edits)) item.refused = "its edits overlap";
    }
    if (!item.refused.empty()) {
      item.edits.clear();
      refused.emplace(i, item.refused);
    } else {
      item.title = title_of(f, f.fix_sites.front(), sources);
      for (Op& op : ops) all.push_back(std::move(op));
    }
    out.items.push_back(std::move(item));
  }
  // All together: a finding whose edit collides with an earlier one's is refused.
  while (true) {
    std::vector<std::set<std::size_t>> owners;
    std::map<std::size_t, std::string> before = refused;
    out.edits = layout(all, sources, refused, &owners);
    for (const auto& [i, why] : refused) {
      if (!before.count(i)) out.items[i].refused = why;
    }
    auto clash = overlap(out.edits);
    if (!clash) break;
    std::size_t later = std::max(*owners[clash->first].rbegin(), *owners[clash->second].rbegin());
    out.items[later].refused = "its edit collides with the fix of another finding";
    refused.emplace(later, out.items[later].refused);
  }
  for (FixPlan::Item& item : out.items) {
    if (!item.refused.empty()) {
      item.edits.clear();
      item.title.clear();
    }
  }
  return out;
}

std::string apply(const std::string& text, const std::vector<TextEdit>& edits) {
  std::string out;
  std::size_t at = 0;
  for (const TextEdit& e : edits) {
    if (e.begin < at || e.end > text.size()) continue;  // overlapping or outside: never produced by plan()
    out.append(text, at, e.begin - at);
    out += e.text;
    at = e.end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

}  // namespace vl::fix
