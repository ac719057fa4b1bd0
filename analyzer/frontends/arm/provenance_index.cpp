// The provenance indexes of ARM files (provenance.h), which keep no document: a template's index holds
// the declarations an expression can name (each scope's parameters, variables and the types of its
// resources) and a list of anchors, the values whose text it reads back and parses again when asked
// about a span inside them. The graph asks long after the template was lowered and its document freed
// (the documents of the public corpus take 200 MB; its indexes a few). The answers are those a walk of
// the whole document gives: the same descent from the anchor down, in the scope the anchor is in.
#include <algorithm>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "frontends/arm/provenance.h"
#include "graph/json_value.h"

namespace vl::arm {

namespace {

// Values at least this long have anchors for each of their objects and arrays, so a query parses again
// a value of about this size at most (a scalar's enclosing container when that is larger).
constexpr std::uint32_t kAnchorBytes = 8 * 1024;
// Parsed anchors kept: the graph asks about the nodes of one unit after another, so the values asked
// about are mostly near each other.
constexpr std::size_t kParsedAnchors = 16;
constexpr int kMaxFindDepth = 512;

bool contains(Span outer, Span inner) {
  return outer.valid() && outer.file == inner.file && outer.begin <= inner.begin && inner.end <= outer.end;
}

std::uint32_t length(const Value& v) { return v.span().end - v.span().begin; }

bool is_container(const Value& v) { return v.is_object() || v.is_array(); }

// The text of a file's values, read back (from disk once the file's text is released).
class TextReader {
 public:
  TextReader(const SourceFile& source, FileId file) : source_(source), file_(file) {}
  std::optional<Value> value(std::uint32_t begin, std::uint32_t end) const {
    if (end > source_.size() || begin > end) return std::nullopt;
    const std::string text = source_.slice(begin, end);  // from disk once the file's text is released
    JsonDocument doc = parse_json_document_at(file_, text, begin);
    if (!doc.result.ok) return std::nullopt;
    return std::move(doc.root);
  }

 private:
  const SourceFile& source_;
  FileId file_;
};

// A template scope as the index keeps it: its parameters' names and whether each is secure, where each
// variable's value is written (read back when a walk follows it), and its resources' symbolic names and
// types. The answers are the TemplateModel's (template_model.cpp): the last declaration of a name wins.
class LazyScope final : public ProvenanceScope {
 public:
  LazyScope(const TextReader& text, FileId file, const Value& template_root) : text_(text) {
    TemplateModel model(file, template_root);
    for (const ParameterDecl& p : model.parameters()) parameters_[to_lower(p.name)] = {p.name, p.secure()};
    for (const VariableDecl& v : model.variables()) variables_[to_lower(v.name)] = {v.raw.span(), v.is_copy};
    for (const ResourceDecl& r : model.resources()) {
      resources_.emplace_back(r.symbolic_name, r.raw.as_object().get("type").as_string());
    }
  }

  bool parameter(std::string_view name, std::string& declared, bool& secure) const override {
    auto it = parameters_.find(to_lower(name));
    if (it == parameters_.end()) return false;
    declared = it->second.first;
    secure = it->second.second;
    return true;
  }

  bool variable(std::string_view name, Value& raw, bool& is_copy) const override {
    const std::string key = to_lower(name);
    auto it = variables_.find(key);
    if (it == variables_.end()) return false;
    is_copy = it->second.is_copy;
    auto cached = values_.find(key);
    if (cached == values_.end()) {
      std::optional<Value> v = text_.value(it->second.at.begin, it->second.at.end);
      cached = values_.emplace(key, v ? std::move(*v) : Value()).first;
    }
    raw = cached->second;
    return true;
  }

  std::string symbol_type(std::string_view symbol) const override {
    std::string type;
    for (const auto& [name, t] : resources_) {
      if (iequals(name, symbol)) type = t;
    }
    return type;
  }

  const ExprParseResult& parse(const std::string& expression_text) const override {
    auto it = expressions_.find(expression_text);
    if (it != expressions_.end()) return it->second;
    return expressions_.emplace(expression_text, parse_expression(expression_text)).first->second;
  }

  // Between queries: what was read back for the last ones goes once it grows (a walk holds what it reads).
  void trim() const {
    if (values_.size() > 256) values_.clear();
    if (expressions_.size() > 1024) expressions_.clear();
  }

 private:
  struct Variable {
    Span at;       // the declared value, or the `copy` entry
    bool is_copy;
  };
  const TextReader& text_;
  std::unordered_map<std::string, std::pair<std::string, bool>> parameters_;  // lower-case name -> name, secure
  std::unordered_map<std::string, Variable> variables_;                       // by lower-case name
  std::vector<std::pair<std::string, std::string>> resources_;                 // symbolic name, type
  mutable std::unordered_map<std::string, Value> values_;
  mutable std::unordered_map<std::string, ExprParseResult> expressions_;
};

class TemplateIndex final : public ProvenanceIndex {
 public:
  TemplateIndex(const SourceFile& source, FileId file, const Value& root) : text_(source, file), file_(file) {
    scopes_.push_back(std::make_unique<LazyScope>(text_, file, root));
    anchors_.push_back(Anchor{root.span().begin, root.span().end, kNone, 0, 0, false});
    record(root, 0, 0, false, 0);
  }

  std::vector<FileId> files() const override { return {file_}; }

  Provenance at(Span written) const override {
    if (written.file != file_) return {};
    std::lock_guard<std::mutex> lock(mutex_);
    // Anchors are in document order, each after its container: every anchor that holds the span holds the
    // last one that starts before it, so the innermost is on that one's chain of containers.
    auto after = std::upper_bound(anchors_.begin(), anchors_.end(), written.begin,
                                  [](std::uint32_t at, const Anchor& a) { return at < a.begin; });
    if (after == anchors_.begin()) return {};
    std::size_t i = static_cast<std::size_t>(after - anchors_.begin()) - 1;
    while (!(anchors_[i].begin <= written.begin && written.end <= anchors_[i].end)) {
      if (anchors_[i].parent == kNone) return {};
      i = anchors_[i].parent;
    }
    Parsed* parsed = parse(i);
    if (!parsed) return {};
    const Anchor& a = anchors_[i];
    scopes_[a.scope]->trim();
    return find(*parsed, parsed->root, *scopes_[a.scope], a.deployment_properties, written, a.depth);
  }

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Anchor {
    std::uint32_t begin, end;
    std::uint32_t parent;        // the anchor that holds it; kNone for the document
    std::uint32_t scope;         // into scopes_: the model its expressions evaluate in
    int depth;                   // of the value in the document
    bool deployment_properties;  // the `properties` of a nested deployment (its `template` may be a scope)
  };
  struct Parsed {
    std::size_t anchor;
    Value root;
    // Inner scopes met below it: the model, and the walk's view of it.
    std::unordered_map<const Value*, std::pair<std::unique_ptr<TemplateModel>, std::unique_ptr<ModelScope>>> models;
  };

  // Mirrors find(): the anchors are the objects and arrays inside long values, each with its scope.
  void record(const Value& v, std::uint32_t self, std::uint32_t scope, bool deployment_properties, int depth) {
    if (depth > kMaxFindDepth || length(v) < kAnchorBytes) return;
    if (v.is_array()) {
      for (const Value& item : v.as_array()) enter(item, self, scope, false, depth + 1);
      return;
    }
    if (!v.is_object()) return;
    const Object& o = v.as_object();
    const bool deployment = iequals(o.get("type").as_string(), "Microsoft.Resources/deployments");
    for (const Member& m : o.members()) {
      if (deployment_properties && iequals(m.key, "template") && m.value.is_object()) {
        const Value scope_option = o.get("expressionEvaluationOptions").as_object().get("scope");
        std::uint32_t inner = scope;
        if (scope_option.is_string() && iequals(scope_option.as_string(), "inner")) {
          scopes_.push_back(std::make_unique<LazyScope>(text_, file_, m.value));
          inner = static_cast<std::uint32_t>(scopes_.size() - 1);
        }
        enter(m.value, self, inner, false, depth + 1);
        continue;
      }
      enter(m.value, self, scope, deployment && iequals(m.key, "properties"), depth + 1);
    }
  }

  void enter(const Value& v, std::uint32_t parent, std::uint32_t scope, bool deployment_properties, int depth) {
    if (!is_container(v)) return;
    const auto self = static_cast<std::uint32_t>(anchors_.size());
    anchors_.push_back(Anchor{v.span().begin, v.span().end, parent, scope, depth, deployment_properties});
    record(v, self, scope, deployment_properties, depth);
  }

  // The anchor's value, parsed again from the file's text (kept, a few at a time).
  Parsed* parse(std::size_t anchor) const {
    for (auto it = parsed_.begin(); it != parsed_.end(); ++it) {
      if (it->anchor != anchor) continue;
      parsed_.splice(parsed_.begin(), parsed_, it);
      return &parsed_.front();
    }
    std::optional<Value> root = text_.value(anchors_[anchor].begin, anchors_[anchor].end);
    if (!root) return nullptr;
    parsed_.push_front(Parsed{anchor, std::move(*root), {}});
    if (parsed_.size() > kParsedAnchors) parsed_.pop_back();
    return &parsed_.front();
  }

  const ProvenanceScope& model_of(Parsed& parsed, const Value& template_root) const {
    auto& m = parsed.models[&template_root];
    if (!m.first) {
      m.first = std::make_unique<TemplateModel>(file_, template_root);
      m.second = std::make_unique<ModelScope>(*m.first);
    }
    return *m.second;
  }

  Provenance find(Parsed& parsed, const Value& v, const ProvenanceScope& model, bool deployment_properties, Span written,
                  int depth) const {
    if (depth > kMaxFindDepth) return {};
    if (v.span().begin == written.begin && v.span().end == written.end) {
      ProvenanceWalker walker(model);
      return walker.of(v);
    }
    if (v.is_array()) {
      for (const Value& item : v.as_array()) {
        if (contains(item.span(), written)) return find(parsed, item, model, false, written, depth + 1);
      }
      return {};
    }
    if (!v.is_object()) return {};
    const Object& o = v.as_object();
    const bool deployment = iequals(o.get("type").as_string(), "Microsoft.Resources/deployments");
    for (const Member& m : o.members()) {
      if (!contains(m.value.span(), written)) continue;
      if (deployment_properties && iequals(m.key, "template") && m.value.is_object()) {
        // A nested template evaluates in its own scope only with `expressionEvaluationOptions.scope: inner`.
        const Value scope = o.get("expressionEvaluationOptions").as_object().get("scope");
        bool inner = scope.is_string() && iequals(scope.as_string(), "inner");
        return find(parsed, m.value, inner ? model_of(parsed, m.value) : model, false, written, depth + 1);
      }
      return find(parsed, m.value, model, deployment && iequals(m.key, "properties"), written, depth + 1);
    }
    return {};
  }

  TextReader text_;
  FileId file_;
  std::vector<std::unique_ptr<LazyScope>> scopes_;
  std::vector<Anchor> anchors_;
  mutable std::mutex mutex_;
  mutable std::list<Parsed> parsed_;  // most recently used first
};

// A parameter file holds no expressions: each parameter's entry is a literal, or a Key Vault reference.
class ParameterFileIndex final : public ProvenanceIndex {
 public:
  ParameterFileIndex(FileId file, const Value& root) : file_(file) {
    for (const Member& m : root.as_object().get("parameters").as_object().members()) {
      const Member* ref = m.value.as_object().find_member("reference");
      entries_.push_back(Entry{m.span(), ref ? ref->span() : Span{}});
    }
  }

  std::vector<FileId> files() const override { return {file_}; }

  Provenance at(Span written) const override {
    Provenance out;
    if (written.file != file_) return out;
    for (const Entry& e : entries_) {
      if (written.begin < e.whole.begin || written.end > e.whole.end) continue;
      out.known = true;
      if (e.reference.valid()) {
        out.add({Origin::KeyVaultReference, "reference", "", "", e.reference});
      } else {
        out.add({Origin::Literal, "", "", "", written});
      }
      return out;
    }
    return out;
  }

 private:
  struct Entry {
    Span whole;      // the parameter's entry, its name to the end of its value
    Span reference;  // its `reference`, when it is a Key Vault reference
  };
  FileId file_;
  std::vector<Entry> entries_;
};

}  // namespace

std::shared_ptr<const ProvenanceIndex> template_provenance_index(const SourceFile& source, FileId file, const Value& root) {
  return std::make_shared<TemplateIndex>(source, file, root);
}

std::shared_ptr<const ProvenanceIndex> parameter_file_provenance_index(FileId file, const Value& root) {
  return std::make_shared<ParameterFileIndex>(file, root);
}

}  // namespace vl::arm
