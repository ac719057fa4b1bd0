#include "frontends/terraform/modules/provenance.h"

#include <algorithm>

namespace vl::tf {

namespace {

constexpr int kMaxDepth = 96;

// A name bound where an expression is written (`each`, a dynamic block's iterator, a for-expression's
// variables) and what it ranges over (null: an index or count, nothing written or supplied).
struct Binding {
  std::string name;
  const Expr* source = nullptr;
};

bool one_of(const std::string& name, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (name == n) return true;
  }
  return false;
}

class Walker {
 public:
  Walker(const ModuleConfig* config, std::vector<Binding> scope) : config_(config), locals_(std::move(scope)) {}

  Provenance of(const Expr& e) {
    Provenance out;
    out.known = true;
    walk(e, out, 0);
    return out;
  }

 private:
  void walk(const Expr& e, Provenance& out, int depth) {
    if (--budget_ < 0 || depth > kMaxDepth) {
      out.known = false;
      return;
    }
    switch (e.kind) {
      case ExprKind::Null:
      case ExprKind::Bool:
      case ExprKind::Number:
        out.add({Origin::Literal, "", "", "", e.span});
        return;
      case ExprKind::String:
        if (!e.text.empty()) out.add({Origin::Literal, "", "", "", e.span});
        return;
      case ExprKind::Unary:
      case ExprKind::Binary:  // comparisons, logic and arithmetic: a fact about the values, not the values
        return;
      case ExprKind::Template:
      case ExprKind::Tuple:
      case ExprKind::Interp:
      case ExprKind::Parens:
        for (const ExprPtr& item : e.items) {
          if (item) walk(*item, out, depth + 1);
        }
        if (e.kind == ExprKind::Template && e.items.empty()) out.add({Origin::Literal, "", "", "", e.span});
        return;
      case ExprKind::Object:  // keys are names; what the object holds is its values
        for (std::size_t i = 1; i < e.items.size(); i += 2) walk(*e.items[i], out, depth + 1);
        return;
      case ExprKind::TemplateIf:
      case ExprKind::Conditional:  // the condition picks a branch; the value is made of the branches
        for (std::size_t i = 1; i < e.items.size(); ++i) walk(*e.items[i], out, depth + 1);
        return;
      case ExprKind::TemplateFor:
      case ExprKind::ForTuple:
      case ExprKind::ForObject: {
        const Expr* collection = e.item(0);
        std::size_t bound = 0;
        for (const std::string* name : {&e.text, &e.text2}) {
          if (name->empty()) continue;
          locals_.push_back(Binding{*name, collection});
          ++bound;
        }
        std::size_t last = e.items.size() - (e.has_cond ? 1 : 0);
        for (std::size_t i = 1; i < last; ++i) walk(*e.items[i], out, depth + 1);
        locals_.resize(locals_.size() - bound);
        return;
      }
      case ExprKind::Variable:
      case ExprKind::GetAttr:
      case ExprKind::Index:
        traversal(e, out, depth);
        return;
      case ExprKind::Splat:
        if (e.item(0)) walk(*e.item(0), out, depth + 1);
        return;
      case ExprKind::SplatItem:
        return;
      case ExprKind::Call:
        call(e, out, depth);
        return;
      case ExprKind::Error:
        out.known = false;
        return;
    }
  }

  void call(const Expr& e, Provenance& out, int depth) {
    const std::string& name = e.text;
    if (one_of(name, {"uuid", "timestamp", "bcrypt", "plantimestamp"})) {
      out.add({Origin::Generated, name, "", "", e.span});
      return;
    }
    if (one_of(name, {"file", "templatefile", "filebase64", "fileset"})) {  // files of the repository
      out.add({Origin::Literal, "", "", "", e.span});
      return;
    }
    // A test or a count of a value tells something about it but does not carry it.
    if (one_of(name, {"length", "contains", "startswith", "endswith", "can", "alltrue", "anytrue", "index"})) return;
    for (const ExprPtr& a : e.items) {
      if (a) walk(*a, out, depth + 1);
    }
  }

  void traversal(const Expr& e, Provenance& out, int depth) {
    std::vector<const Expr*> steps;
    const Expr* root = &e;
    while ((root->kind == ExprKind::GetAttr || root->kind == ExprKind::Index) && !root->items.empty()) {
      steps.push_back(root);
      root = root->items[0].get();
    }
    std::reverse(steps.begin(), steps.end());
    // Computed keys (`var.map[var.key]`) pick what is read: they are part of what the value is made of.
    for (const Expr* s : steps) {
      if (s->kind == ExprKind::Index && s->item(1) && s->item(1)->kind != ExprKind::String && s->item(1)->kind != ExprKind::Number) {
        walk(*s->item(1), out, depth + 1);
      }
    }
    if (root->kind != ExprKind::Variable) {
      walk(*root, out, depth + 1);
      return;
    }
    auto attr = [&](std::size_t i) -> std::string {
      return i < steps.size() && steps[i]->kind == ExprKind::GetAttr ? steps[i]->text : std::string();
    };
    auto rest = [&](std::size_t from) {
      std::string path;
      for (std::size_t i = from; i < steps.size(); ++i) {
        if (steps[i]->kind == ExprKind::GetAttr) path += (path.empty() ? "" : ".") + steps[i]->text;
      }
      return path;
    };
    const std::string& name = root->text;
    for (std::size_t i = locals_.size(); i-- > 0;) {
      if (locals_[i].name != name) continue;
      const Expr* source = locals_[i].source;
      if (!source) return;  // count, an index: nothing written or supplied
      std::vector<Binding> saved(locals_.begin() + static_cast<std::ptrdiff_t>(i), locals_.end());
      locals_.resize(i);
      walk(*source, out, depth + 1);
      locals_.insert(locals_.end(), saved.begin(), saved.end());
      return;
    }
    if (name == "var") {
      const VariableDecl* v = config_ ? config_->variable(attr(0)) : nullptr;
      if (!v) {
        out.known = false;
        return;
      }
      out.add({v->sensitive ? Origin::SecureParameter : Origin::Parameter, v->name, "", "", e.span});
      return;
    }
    if (name == "local") {
      const NamedExpr* l = config_ ? config_->local(attr(0)) : nullptr;
      if (!l || !l->value) {
        out.known = false;
        return;
      }
      for (const NamedExpr* f : following_) {
        if (f == l) return;  // a cycle: a KV001 of its own
      }
      following_.push_back(l);
      std::vector<Binding> saved = std::move(locals_);
      locals_.clear();
      walk(*l->value, out, depth + 1);
      locals_ = std::move(saved);
      following_.pop_back();
      return;
    }
    if (name == "module") {
      out.add({Origin::ModuleOutput, attr(0) + (attr(1).empty() ? "" : "." + attr(1)), "", "", e.span});
      return;
    }
    if (name == "path" || name == "terraform") {
      out.add({Origin::Context, name + "." + attr(0), "", "", e.span});
      return;
    }
    if (name == "data") {
      out.add({Origin::ResourceValue, "data." + attr(0) + "." + attr(1), attr(0), rest(2), e.span});
      return;
    }
    if (name == "each" || name == "count" || name == "self") {
      out.known = false;  // outside the block that binds it
      return;
    }
    if (!attr(0).empty() && name.find('_') != std::string::npos) {
      out.add({Origin::ResourceValue, name + "." + attr(0), name, rest(1), e.span});
      return;
    }
    out.known = false;
  }

  const ModuleConfig* config_;
  std::vector<Binding> locals_;
  std::vector<const NamedExpr*> following_;
  int budget_ = 20000;
};

bool holds(Span outer, Span inner) {
  return outer.valid() && outer.file == inner.file && outer.begin <= inner.begin && inner.end <= outer.end;
}

// Finds the expression written at a span by descending through the blocks, attributes and expressions
// that hold it, with the names bound there (`each`, a dynamic block's iterator, a for-expression's
// variables); no index of every expression.
class Finder {
 public:
  explicit Finder(Span written) : written_(written) {}

  const Expr* body(const Body& b, std::vector<Binding>& scope, int depth) {
    if (depth > 64) return nullptr;
    // A block with for_each binds `each` to it (a resource, data source or module).
    const Attribute* for_each = b.attribute("for_each");
    for (const Attribute& a : b.attributes) {
      if (!a.value || !holds(a.value->span, written_)) continue;
      if (for_each && a.name != "for_each" && a.name != "count") scope.push_back(Binding{"each", for_each->value.get()});
      return expr(*a.value, scope, 0);
    }
    for (const Block& blk : b.blocks) {
      if (!holds(blk.span, written_)) continue;
      if (for_each) scope.push_back(Binding{"each", for_each->value.get()});
      if (blk.type == "dynamic" && !blk.labels.empty()) {
        const Attribute* fe = blk.body->attribute("for_each");
        const Attribute* it = blk.body->attribute("iterator");
        std::string name = it && it->value->kind == ExprKind::Variable ? it->value->text : blk.labels[0];
        if (fe && !holds(fe->value->span, written_)) scope.push_back(Binding{name, fe->value.get()});
      }
      return body(*blk.body, scope, depth + 1);
    }
    return nullptr;
  }

 private:
  const Expr* expr(const Expr& e, std::vector<Binding>& scope, int depth) {
    if (depth > kMaxExprDepth || !holds(e.span, written_)) return nullptr;
    if (e.span.begin == written_.begin && e.span.end == written_.end) return &e;  // the outermost of a range
    const bool loop = e.kind == ExprKind::ForTuple || e.kind == ExprKind::ForObject || e.kind == ExprKind::TemplateFor;
    for (std::size_t i = 0; i < e.items.size(); ++i) {
      const Expr* item = e.items[i].get();
      if (!item || !holds(item->span, written_)) continue;
      if (loop && i > 0) {
        for (const std::string* name : {&e.text, &e.text2}) {
          if (!name->empty()) scope.push_back(Binding{*name, e.item(0)});
        }
      }
      return expr(*item, scope, depth + 1);
    }
    return nullptr;
  }

  Span written_;
};

class Index final : public ProvenanceIndex {
 public:
  Index(std::shared_ptr<const ModuleConfig> config, std::shared_ptr<const ParsedFile> vars)
      : config_(std::move(config)), vars_(std::move(vars)) {}

  std::vector<FileId> files() const override {
    std::vector<FileId> out;
    if (config_) {
      for (const auto& f : config_->files) out.push_back(f->file);
    }
    if (vars_) out.push_back(vars_->file);
    return out;
  }

  Provenance at(Span written) const override {
    auto search = [&](const ParsedFile& f) -> Provenance {
      if (!f.ok || f.file != written.file) return {};
      std::vector<Binding> scope;
      Finder finder(written);
      const Expr* e = finder.body(f.body, scope, 0);
      if (!e) return {};
      Walker walker(config_.get(), std::move(scope));
      return walker.of(*e);
    };
    if (config_) {
      for (const auto& f : config_->files) {
        if (f->file == written.file) return search(*f);
      }
    }
    return vars_ ? search(*vars_) : Provenance{};
  }

 private:
  std::shared_ptr<const ModuleConfig> config_;
  std::shared_ptr<const ParsedFile> vars_;
};

}  // namespace

std::shared_ptr<const ProvenanceIndex> module_provenance_index(std::shared_ptr<const ModuleConfig> config) {
  if (!config) return nullptr;
  return std::make_shared<Index>(std::move(config), nullptr);
}

std::shared_ptr<const ProvenanceIndex> tfvars_provenance_index(std::shared_ptr<const ParsedFile> file) {
  if (!file) return nullptr;
  return std::make_shared<Index>(nullptr, std::move(file));
}

}  // namespace vl::tf
