// Provenance (graph/provenance.h) of Bicep expressions: a walk over one file's syntax. A parameter is a
// (secure, with @secure()) parameter, a .bicepparam assignment and a variable are followed into their
// values, a loop or lambda variable into the collection it ranges over, `res.x` / `res::child.x` is a
// resource value, `mod.outputs.x` a module output, `res.listKeys()` and list*() list results,
// `res.getSecret()`, getSecret() and az.getSecret() Key Vault references, newGuid() / utcNow() generated,
// resourceGroup() / subscription() / resourceId() / readEnvironmentVariable() the deployment context; other
// functions are transparent. Internal to the Bicep frontend.
#include "frontends/bicep/bicep_frontend.h"

#include <atomic>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>

#include "frontends/bicep/lexer.h"

namespace vl::bicep {

namespace {

constexpr int kMaxDepth = 96;

// A loop or lambda variable and the collection it ranges over (null: nothing the walk can follow).
struct Binding {
  std::string name;
  const Expr* source = nullptr;
};

bool one_of(const std::string& lower, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (lower == n) return true;
  }
  return false;
}

std::string type_of(const Decl& d) {
  if (!d.path || d.path->kind != ExprKind::String) return "";
  const std::string& t = d.path->text;
  return t.substr(0, t.find('@'));
}

const Expr* strip(const Expr* e) {
  while (e && (e->kind == ExprKind::NonNull || e->kind == ExprKind::Paren)) e = e->args[0];
  return e;
}

// The declarations of one file by name.
struct Symbols {
  std::unordered_map<std::string, const Decl*> values;  // params, param assignments, vars, resources, modules

  explicit Symbols(const SyntaxTree& tree) {
    for (const Decl* d : tree.decls) {
      switch (d->kind) {
        case DeclKind::Param:
        case DeclKind::ParamAssign:
        case DeclKind::Var:
        case DeclKind::Resource:
        case DeclKind::Module:
          values.emplace(d->name, d);
          break;
        default:
          break;
      }
    }
  }
};

class Walker {
 public:
  // User-defined functions need nothing of their own: a call's result is made of its arguments.
  Walker(const Symbols& symbols, FileId file, std::vector<Binding> scope)
      : file_(file), symbols_(symbols), locals_(std::move(scope)) {}

  Provenance of(const Expr& e) {
    Provenance out;
    out.known = true;
    walk(e, out, 0);
    return out;
  }

 private:
  Span span_of(const Expr& e) const { return Span{file_, e.begin, e.end}; }

  void add(Provenance& out, Origin o, std::string name, const Expr& at, std::string type = "", std::string attribute = "") {
    out.add({o, std::move(name), std::move(type), std::move(attribute), span_of(at)});
  }

  void walk(const Expr& e, Provenance& out, int depth) {
    if (--budget_ < 0 || depth > kMaxDepth) {
      out.known = false;
      return;
    }
    switch (e.kind) {
      case ExprKind::Null:
      case ExprKind::Bool:
      case ExprKind::Int:
      case ExprKind::String:
        add(out, Origin::Literal, "", e);
        return;
      case ExprKind::Interp:
        for (const std::string& s : e.strings) {
          if (!s.empty()) {
            add(out, Origin::Literal, "", e);
            break;
          }
        }
        for (const Expr* hole : e.args) walk(*hole, out, depth + 1);
        return;
      case ExprKind::Ident:
        ident(e, e, "", out, depth);
        return;
      case ExprKind::Array:
        for (const Expr* item : e.args) walk(*item, out, depth + 1);
        return;
      case ExprKind::Object:
        for (const ObjectItem& item : e.items) {
          if (item.kind != ObjectItem::Kind::Resource && item.value) walk(*item.value, out, depth + 1);
        }
        return;
      case ExprKind::Property:
      case ExprKind::Index:
      case ExprKind::ResourceAccess:
        chain(e, out, depth);
        return;
      case ExprKind::Call:
        call(e, e.text, e.args, 0, out, depth);
        return;
      case ExprKind::MethodCall:
        method_call(e, out, depth);
        return;
      case ExprKind::Ternary:  // the condition picks a branch; the value is made of the branches
        walk(*e.args[1], out, depth + 1);
        walk(*e.args[2], out, depth + 1);
        return;
      case ExprKind::For: {
        locals_.push_back(Binding{e.strings[0], e.args[0]});
        if (e.strings.size() > 1 && !e.strings[1].empty()) locals_.push_back(Binding{e.strings[1], nullptr});
        walk(*e.args[1], out, depth + 1);
        locals_.resize(locals_.size() - (e.strings.size() > 1 && !e.strings[1].empty() ? 2 : 1));
        return;
      }
      case ExprKind::IfBody:
        walk(*e.args[1], out, depth + 1);
        return;
      case ExprKind::Lambda:  // its parameters are bound by the call that applies it (call())
        walk(*e.args[0], out, depth + 1);
        return;
      case ExprKind::NonNull:
      case ExprKind::Paren:
      case ExprKind::Spread:
        walk(*e.args[0], out, depth + 1);
        return;
      case ExprKind::Unary:  // `!x`, `-x`: a fact about the value, not the value
        return;
      case ExprKind::Binary:
        // `a ?? b` is one of them; comparisons, logic and arithmetic give a fact about them, not them.
        if (e.op == static_cast<std::uint8_t>(Tok::Coalesce)) {
          for (const Expr* a : e.args) walk(*a, out, depth + 1);
        }
        return;
      case ExprKind::Error:
        out.known = false;
        return;
    }
  }

  // A name: a loop or lambda variable, a parameter, a variable, a resource or a module.
  void ident(const Expr& e, const Expr& whole, const std::string& attribute, Provenance& out, int depth) {
    for (std::size_t i = locals_.size(); i-- > 0;) {
      if (locals_[i].name != e.text) continue;
      const Expr* source = locals_[i].source;
      if (!source) return;  // an index: a number, nothing written or supplied
      // What the variable ranges over, in the scope that collection was written in.
      std::vector<Binding> saved(locals_.begin() + static_cast<std::ptrdiff_t>(i), locals_.end());
      locals_.resize(i);
      walk(*source, out, depth + 1);
      locals_.insert(locals_.end(), saved.begin(), saved.end());
      return;
    }
    auto it = symbols_.values.find(e.text);
    if (it == symbols_.values.end()) {
      out.known = false;  // imported, or not declared: nothing to follow
      return;
    }
    const Decl& d = *it->second;
    switch (d.kind) {
      case DeclKind::Param: {
        bool secure = false;
        for (const Decorator& dec : d.decorators) secure = secure || (dec.expr && dec.expr->text == "secure");
        add(out, secure ? Origin::SecureParameter : Origin::Parameter, d.name, whole);
        return;
      }
      case DeclKind::ParamAssign:
      case DeclKind::Var:
        follow(d, out, depth);
        return;
      case DeclKind::Resource:
        add(out, Origin::ResourceValue, d.name, whole, type_of(d), attribute);
        return;
      case DeclKind::Module: {
        // mod.outputs.x: that output; mod.name: the name written in the call.
        std::string output = attribute.rfind("outputs.", 0) == 0 ? attribute.substr(8) : attribute;
        add(out, Origin::ModuleOutput, d.name + (output.empty() ? "" : "." + output.substr(0, output.find('.'))), whole);
        return;
      }
      default:
        out.known = false;
        return;
    }
  }

  // A variable or .bicepparam assignment: what its value is made of, in the file's own scope.
  void follow(const Decl& d, Provenance& out, int depth) {
    for (const Decl* f : following_) {
      if (f == &d) return;  // a cycle: a KV001 of its own
    }
    if (!d.value) {
      out.known = false;
      return;
    }
    following_.push_back(&d);
    std::vector<Binding> saved = std::move(locals_);
    locals_.clear();
    walk(*d.value, out, depth + 1);
    locals_ = std::move(saved);
    following_.pop_back();
  }

  // a.b.c, a[0].b, a::child.b: the chain's base decides; indexes computed from values count too.
  void chain(const Expr& e, Provenance& out, int depth) {
    std::vector<std::string> parts;
    const Expr* at = &e;
    while (at->kind == ExprKind::Property || at->kind == ExprKind::Index || at->kind == ExprKind::NonNull ||
           at->kind == ExprKind::Paren) {
      if (at->kind == ExprKind::Property) parts.push_back(at->text);
      if (at->kind == ExprKind::Index) {
        const Expr* index = strip(at->args[1]);
        if (index->kind == ExprKind::String) parts.push_back(index->text);
        else if (index->kind == ExprKind::Int) parts.push_back(std::to_string(index->integer));
        else walk(*at->args[1], out, depth + 1);
      }
      at = at->args[0];
    }
    std::string attribute;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) attribute += (attribute.empty() ? "" : ".") + *it;
    if (at->kind == ExprKind::Ident) {
      ident(*at, e, attribute, out, depth);
    } else if (at->kind == ExprKind::ResourceAccess) {
      // parent::child: a nested child resource of a declared parent.
      std::string name = at->text;
      const Expr* base = strip(at->args[0]);
      std::string type;
      if (base->kind == ExprKind::Ident) {
        auto it = symbols_.values.find(base->text);
        if (it != symbols_.values.end() && it->second->kind == DeclKind::Resource) {
          type = type_of(*it->second) + "/" + child_type(*it->second, at->text);
          name = base->text + "::" + at->text;
        }
      }
      add(out, Origin::ResourceValue, name, e, type, attribute);
    } else if (at->kind == ExprKind::Call || at->kind == ExprKind::MethodCall) {
      std::size_t before = out.sources.size();
      walk(*at, out, depth + 1);
      // What is read from a list*() or reference() result.
      for (std::size_t i = before; i < out.sources.size(); ++i) {
        ProvenanceSource& s = out.sources[i];
        if ((s.origin == Origin::ListResult || s.origin == Origin::ResourceValue) && s.attribute.empty()) s.attribute = attribute;
      }
    } else {
      walk(*at, out, depth + 1);
    }
  }

  std::string child_type(const Decl& parent, const std::string& child) const {
    const Expr* body = parent.value;
    if (body && body->kind == ExprKind::For) body = body->args[1];
    if (body && body->kind == ExprKind::IfBody) body = body->args[1];
    if (!body || body->kind != ExprKind::Object) return child;
    for (const ObjectItem& item : body->items) {
      if (item.kind == ObjectItem::Kind::Resource && item.resource && item.resource->name == child) return type_of(*item.resource);
    }
    return child;
  }

  // res.listKeys(), res.getSecret('x'), az.getSecret(...), sys.concat(...).
  void method_call(const Expr& e, Provenance& out, int depth) {
    const Expr* base = strip(e.args[0]);
    const std::string name = to_lower(e.text);
    const bool ns = base->kind == ExprKind::Ident && (base->text == "az" || base->text == "sys") &&
                    !symbols_.values.count(base->text);
    if (ns) {
      call(e, e.text, e.args, 1, out, depth);
      return;
    }
    if (name == "getsecret") {
      add(out, Origin::KeyVaultReference, "getSecret", e);
      return;
    }
    // x.listKeys() on a resource (or a variable naming one); a variable holding an object has no list*()
    // functions (Bicep rejects the call), so what it holds is walked instead.
    auto var = base->kind == ExprKind::Ident ? symbols_.values.find(base->text) : symbols_.values.end();
    bool on_variable = var != symbols_.values.end() && var->second->kind == DeclKind::Var;
    if (on_variable && var->second->value) {
      const Expr* held = strip(var->second->value);
      auto named = held->kind == ExprKind::Ident ? symbols_.values.find(held->text) : symbols_.values.end();
      on_variable = named == symbols_.values.end() ||
                    (named->second->kind != DeclKind::Resource && named->second->kind != DeclKind::Module);
    }
    if (name.rfind("list", 0) == 0 && !on_variable) {
      add(out, Origin::ListResult, e.text, e);
      return;
    }
    std::size_t before = out.sources.size();
    walk(*e.args[0], out, depth + 1);
    for (std::size_t i = before; i < out.sources.size(); ++i) {
      if (out.sources[i].origin == Origin::ResourceValue) out.sources[i].attribute = e.text + "()";
    }
  }

  void call(const Expr& e, const std::string& function, const std::vector<Expr*>& args, std::size_t first, Provenance& out,
            int depth) {
    const std::string name = to_lower(function);
    if (name == "getsecret") {
      add(out, Origin::KeyVaultReference, function, e);
      return;
    }
    if (name.rfind("list", 0) == 0) {
      add(out, Origin::ListResult, function, e);
      return;
    }
    if (one_of(name, {"reference", "resourceinfo", "references"})) {
      add(out, Origin::ResourceValue, function, e);
      return;
    }
    if (one_of(name, {"newguid", "utcnow"})) {
      add(out, Origin::Generated, function, e);
      return;
    }
    if (one_of(name, {"resourcegroup", "subscription", "deployment", "environment", "tenant", "managementgroup", "deployer",
                      "resourceid", "subscriptionresourceid", "tenantresourceid", "extensionresourceid",
                      "managementgroupresourceid", "readenvironmentvariable", "externalinput", "pickzones"})) {
      add(out, Origin::Context, function, e);
      return;
    }
    if (name.rfind("load", 0) == 0) {  // a file of the repository, read when Bicep compiles
      add(out, Origin::Literal, "", e);
      return;
    }
    // A test or a count of a value tells something about it but does not carry it.
    if (one_of(name, {"empty", "equals", "contains", "startswith", "endswith", "length", "indexof", "lastindexof", "bool"})) {
      return;
    }
    // A lambda argument ranges over the collection the call is given first (map, filter, reduce, ...).
    const Expr* collection = args.size() > first ? args[first] : nullptr;
    for (std::size_t i = first; i < args.size(); ++i) {
      const Expr* a = args[i];
      if (a->kind == ExprKind::Lambda && collection && a != collection) {
        for (const std::string& p : a->strings) locals_.push_back(Binding{p, collection});
        walk(*a->args[0], out, depth + 1);
        locals_.resize(locals_.size() - a->strings.size());
        continue;
      }
      walk(*a, out, depth + 1);
    }
  }

  FileId file_;
  const Symbols& symbols_;
  std::vector<Binding> locals_;
  std::vector<const Decl*> following_;
  int budget_ = 20000;
};

bool holds(std::uint32_t begin, std::uint32_t end, Span written) { return begin <= written.begin && written.end <= end; }

// Files parsed again for an index whose syntax went with lowering, the most recently used first; a few are
// kept for the whole process (the graph asks about one unit's files after another's).
class Reparsed {
 public:
  static std::shared_ptr<const ParsedFile> get(std::uint64_t index, const std::function<std::shared_ptr<const ParsedFile>()>& parse) {
    static std::mutex mutex;
    static std::list<std::pair<std::uint64_t, std::shared_ptr<const ParsedFile>>> kept;
    {
      std::lock_guard<std::mutex> lock(mutex);
      for (auto it = kept.begin(); it != kept.end(); ++it) {
        if (it->first != index) continue;
        kept.splice(kept.begin(), kept, it);
        return kept.front().second;
      }
    }
    std::shared_ptr<const ParsedFile> parsed = parse();
    std::lock_guard<std::mutex> lock(mutex);
    kept.emplace_front(index, parsed);
    if (kept.size() > kKept) kept.pop_back();
    return parsed;
  }

 private:
  static constexpr std::size_t kKept = 16;
};

// Finds the expression written at a span by descending through the declarations and expressions that
// hold it, with the loop and lambda variables in effect there (no index of every expression). It keeps no
// syntax: while lowering runs, the parse cache holds the file's; afterwards it parses the file again for
// what it is asked and has not remembered (graph/provenance.h: its value nodes' values it has).
class FileIndex final : public RememberingIndex {
 public:
  FileIndex(const std::shared_ptr<const ParsedFile>& parsed, const SourceFile& source, bool params_file)
      : parsed_(parsed), file_(parsed->file), source_(source), params_file_(params_file), serial_(next_serial()) {}

  std::vector<FileId> files() const override { return {file_}; }

  Provenance at(Span written) const override {
    if (written.file != file_) return {};
    std::shared_ptr<const ParsedFile> parsed = parsed_.lock();
    if (!parsed) {
      parsed = Reparsed::get(serial_, [&] { return parse_file(file_, *source_.contents(), params_file_); });
    }
    if (!parsed || !parsed->tree) return {};
    std::lock_guard<std::mutex> lock(mutex_);
    if (symbols_of_.lock() != parsed) {  // the names of the tree in hand (weak: they must not keep it)
      symbols_ = std::make_unique<Symbols>(*parsed->tree);
      symbols_of_ = parsed;
    }
    std::vector<Binding> scope;
    for (const Decl* d : parsed->tree->decls) {
      if (const Expr* e = decl(*d, written, scope, 0)) return Walker(*symbols_, file_, scope).of(*e);
    }
    return {};
  }

 private:
  static std::uint64_t next_serial() {
    static std::atomic<std::uint64_t> serial{0};
    return ++serial;
  }

  const Expr* decl(const Decl& d, Span written, std::vector<Binding>& scope, int depth) const {
    if (!d.value || !holds(d.begin, d.end, written)) return nullptr;
    return expr(*d.value, written, scope, depth + 1);
  }

  // The expression at `written` inside `e`, with `scope` extended by the variables bound on the way.
  const Expr* expr(const Expr& e, Span written, std::vector<Binding>& scope, int depth) const {
    if (depth > 512 || !holds(e.begin, e.end, written)) return nullptr;
    if (e.begin == written.begin && e.end == written.end) return &e;  // the outermost of a range
    if (e.kind == ExprKind::For) {
      if (const Expr* found = expr(*e.args[0], written, scope, depth + 1)) return found;
      scope.push_back(Binding{e.strings[0], e.args[0]});
      if (e.strings.size() > 1 && !e.strings[1].empty()) scope.push_back(Binding{e.strings[1], nullptr});
      return expr(*e.args[1], written, scope, depth + 1);
    }
    const std::size_t first = e.kind == ExprKind::MethodCall ? 1 : 0;
    const bool call = (e.kind == ExprKind::Call || e.kind == ExprKind::MethodCall) && e.args.size() > first;
    for (const Expr* a : e.args) {
      if (!a || !holds(a->begin, a->end, written)) continue;
      // A lambda given to a call ranges over the collection the call is given first.
      if (call && a->kind == ExprKind::Lambda && a != e.args[first] && !(a->begin == written.begin && a->end == written.end)) {
        for (const std::string& p : a->strings) scope.push_back(Binding{p, e.args[first]});
        return expr(*a->args[0], written, scope, depth + 1);
      }
      return expr(*a, written, scope, depth + 1);
    }
    for (const ObjectItem& item : e.items) {
      if (item.resource) {
        if (const Expr* found = decl(*item.resource, written, scope, depth + 1)) return found;
        continue;
      }
      for (const Expr* part : {item.key, item.value}) {
        if (part && holds(part->begin, part->end, written)) return expr(*part, written, scope, depth + 1);
      }
    }
    return nullptr;
  }

  std::weak_ptr<const ParsedFile> parsed_;
  FileId file_;
  const SourceFile& source_;
  bool params_file_;
  std::uint64_t serial_;  // names its file among those parsed again (never reused, unlike an address)
  mutable std::mutex mutex_;
  mutable std::weak_ptr<const ParsedFile> symbols_of_;
  mutable std::unique_ptr<Symbols> symbols_;
};

}  // namespace

std::shared_ptr<const ProvenanceIndex> provenance_index(std::shared_ptr<const ParsedFile> parsed, const SourceFile& source) {
  if (!parsed || !parsed->tree) return nullptr;
  return std::make_shared<FileIndex>(parsed, source, parsed->tree->params_file);
}

}  // namespace vl::bicep
