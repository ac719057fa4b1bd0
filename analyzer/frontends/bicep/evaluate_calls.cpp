// Calls in Bicep expressions: lambdas, the file's own functions (`func`) and imported ones, the shared ARM
// function library (Bicep compiles to exactly those functions), methods of resources and namespaces
// (`az.`, `sys.`), and Bicep's own compile-time functions (load*Content, nameof). Results computed at a
// call carry its span.
#include <string>
#include <vector>

#include "frontends/bicep/instance.h"
#include "graph/budget.h"
#include "graph/json_value.h"

namespace vl::bicep {

namespace {

Value unknown_at(std::string reason, Span at) { return Value::unknown(std::move(reason), at); }

}  // namespace

Value Instance::eval_lambda(const Expr& e) {
  auto payload = std::make_shared<BicepLambda>();
  payload->instance = this;
  payload->body = e.args[0];
  payload->params = e.strings;
  payload->captured = locals_;
  return Value::opaque(std::move(payload), span(e));
}

Value Instance::call_lambda(const BicepLambda& lambda, std::vector<Value> args, Span at) {
  if (call_depth_ >= kMaxCallDepth) {
    return stopped(StopCause::Depth, "lambda calls nested deeper than " + std::to_string(kMaxCallDepth) + " levels", at);
  }
  Value stop;
  if (!charge(at, stop)) return stop;
  std::vector<std::pair<std::string, Value>> saved = std::move(locals_);
  locals_ = lambda.captured;
  for (std::size_t i = 0; i < lambda.params.size(); ++i) {
    locals_.emplace_back(lambda.params[i], i < args.size() ? std::move(args[i]) : Value::null(at));
  }
  ++call_depth_;
  Value result = eval(*lambda.body);
  --call_depth_;
  locals_ = std::move(saved);
  return result;
}

Value Instance::eval_call(const Expr& e) { return call_function(e.text, e.args, 0, e); }

Value Instance::call_function(std::string_view name, const std::vector<Expr*>& arg_exprs, std::size_t first_arg,
                              const Expr& at_expr) {
  Span at = span(at_expr);
  std::vector<Value> args;
  args.reserve(arg_exprs.size() - first_arg);
  if (name != "nameof") {
    for (std::size_t i = first_arg; i < arg_exprs.size(); ++i) args.push_back(eval(*arg_exprs[i]));
  }
  auto fn = funcs_.find(std::string(name));
  if (fn != funcs_.end()) return call_user_function(*fn->second, args, at);
  auto imp = imports_by_alias_.find(std::string(name));
  if (imp != imports_by_alias_.end()) {
    if (std::optional<Value> v = call_imported(imp->second, name, args, at)) return *v;
  }
  return call_builtin(name, args, arg_exprs, first_arg, at);
}

Value Instance::eval_method_call(const Expr& e) {
  const Expr& base = *e.args[0];
  if (base.kind == ExprKind::Ident) {
    bool local = false;
    lookup_local(base.text, local);
    bool symbol = local || params_.count(base.text) || vars_.count(base.text) || resources_.count(base.text) ||
                  modules_.count(base.text);
    if (!symbol && (base.text == "sys" || base.text == "az")) {
      std::vector<Value> args;
      if (e.text != "nameof") {
        for (std::size_t i = 1; i < e.args.size(); ++i) args.push_back(eval(*e.args[i]));
      }
      return call_builtin(e.text, args, e.args, 1, span(e));
    }
    if (!symbol) {
      if (const Decl* imp = wildcard_import(base.text)) {
        std::vector<Value> args;
        for (std::size_t i = 1; i < e.args.size(); ++i) args.push_back(eval(*e.args[i]));
        if (std::optional<Value> v = call_imported(imp, e.text, args, span(e))) return *v;
        return unknown_at("`" + e.text + "` is not a function exported by " + imp->path->text, span(e));
      }
    }
  }
  Reference ref = resolve_ref(base);
  if (ref.kind == Reference::Kind::Resource || ref.kind == Reference::Kind::Resources) {
    return unknown_at("`" + e.text + "()` reads the deployed resource, which an offline scan cannot", span(e));
  }
  if (ref.kind == Reference::Kind::Unknown) return ref.unknown;
  Value v = eval(base);
  if (v.is_unknown()) return v;
  return unknown_at("`" + e.text + "()` is not a function of " + v.display(), span(e));
}

Value Instance::call_builtin(std::string_view name, std::vector<Value>& args, const std::vector<Expr*>& arg_exprs,
                             std::size_t first_arg, Span at) {
  Value stop;
  if (!charge(at, stop)) return stop;
  std::string lower = to_lower(name);
  std::size_t n = args.size();
  if (lower == "any" && n == 1) return args[0];
  if (lower == "nameof") {
    if (arg_exprs.size() != first_arg + 1) return unknown_at("nameof() takes one symbol", at);
    const Expr* x = arg_exprs[first_arg];
    while (x->kind == ExprKind::NonNull || x->kind == ExprKind::Paren) x = x->args[0];
    if (x->kind == ExprKind::Ident || x->kind == ExprKind::Property || x->kind == ExprKind::ResourceAccess) {
      return Value::string(x->text, at);
    }
    return unknown_at("nameof() needs a symbol or property", at);
  }
  if (lower.starts_with("load")) return load_content(lower, args, at);
  if (lower == "readenvironmentvariable") {
    std::string var = n > 0 && args[0].is_string() ? args[0].as_string() : "?";
    return unknown_at("readEnvironmentVariable('" + var + "') depends on the machine that deploys", at);
  }
  if (lower == "externalinput") return unknown_at("externalInput() is supplied by an external tool at deployment", at);
  // Bicep's scope functions also take arguments: resourceGroup('rg'), resourceGroup(sub, 'rg'), subscription(sub).
  if (lower == "resourcegroup" && n >= 1 && n <= 2) {
    // An unknown name with a symbol still names the group (graph/symbol.h), so what is deployed into it
    // and what is assigned on it meet.
    const Value* unknown = nullptr;
    for (const Value& a : args) {
      if (a.is_unknown() && !symbol_of(a)) return a;
      if (a.is_unknown() && !unknown) unknown = &a;
      if (!a.is_unknown() && !a.is_string()) return unknown_at("resourceGroup() takes names as strings", at);
    }
    std::string sub = n == 2 ? name_text(args[0]) : ctx_.scope.subscription_id;
    const std::string rg = name_text(args[n - 1]);
    auto named = [&](std::string text) {
      return unknown ? with_symbol(Value::unknown(unknown->unknown_info().reason, unknown->unknown_info().origin), std::move(text))
                     : Value::string(std::move(text), at);
    };
    Object o;
    o.set("id", named(resource_group_scope_id(sub, rg)));
    o.set("name", args[n - 1].is_unknown() ? args[n - 1] : Value::string(rg, at));
    o.set("type", Value::string("Microsoft.Resources/resourceGroups", at));
    o.set("location", Value::string(ctx_.scope.location, at));
    return Value::object(std::move(o), at);
  }
  if (lower == "subscription" && n == 1) {
    if (args[0].is_unknown()) return args[0];
    if (!args[0].is_string()) return unknown_at("subscription() takes the subscription id as a string", at);
    Object o;
    o.set("id", Value::string("/subscriptions/" + args[0].as_string(), at));
    o.set("subscriptionId", Value::string(args[0].as_string(), at));
    o.set("tenantId", Value::string(ctx_.scope.tenant_id, at));
    return Value::object(std::move(o), at);
  }

  const FunctionDef* def = FunctionTable::builtins().find(name);
  if (!def) {
    if (istarts_with(name, "list")) return EvalEnv::reference(name, args, at);
    return unknown_at("unknown function '" + std::string(name) + "'", at);
  }
  int count = static_cast<int>(n);
  if (count < def->min_args || (def->max_args >= 0 && count > def->max_args)) {
    std::string expected = def->max_args < 0               ? "at least " + std::to_string(def->min_args)
                           : def->min_args == def->max_args ? std::to_string(def->min_args)
                                                            : std::to_string(def->min_args) + " to " +
                                                                  std::to_string(def->max_args);
    return unknown_at(def->name + "(): expects " + expected + " arguments, got " + std::to_string(count), at);
  }
  if (!def->accepts_unknown) {
    for (const Value& a : args) {
      if (a.is_unknown()) return evaluator_.bounded(evaluator_.call_unknown(*def, args, at), at);
    }
  }
  ArmCallContext ctx{def->name, args, at, evaluator_};
  return evaluator_.bounded(def->fn(ctx), at);
}

// loadTextContent / loadJsonContent / loadFileAsBase64 read a file next to the template at compile time:
// inside the repository only (anything else is a KV002, as for modules).
Value Instance::load_content(std::string_view function, std::vector<Value>& args, Span at) {
  bool text = function == "loadtextcontent", json = function == "loadjsoncontent", base64 = function == "loadfileasbase64";
  if (!text && !json && !base64) return unknown_at(std::string(function) + "() is not evaluated offline", at);
  if (args.empty() || !args[0].is_string()) {
    if (!args.empty() && args[0].is_unknown()) return args[0];
    return unknown_at("the file path must be a string", at);
  }
  for (std::size_t i = json ? 2 : 1; i < args.size(); ++i) {
    if (args[i].is_string() && !iequals(args[i].as_string(), "utf-8") && !iequals(args[i].as_string(), "utf8")) {
      return unknown_at("only utf-8 files are read", at);
    }
  }
  std::filesystem::path path = (source().path().parent_path() / args[0].as_string()).lexically_normal();
  LoadedFile loaded = shared_.loader.load(path);
  // loadFileAsBase64 reads any file: a binary one (a certificate) is what it is for.
  bool binary_ok = base64 && loaded.status == LoadStatus::Binary;
  if (loaded.status != LoadStatus::Ok && !binary_ok) {
    bool missing = loaded.status == LoadStatus::NotFound || loaded.status == LoadStatus::OutsideRepository;
    shared_.sink.add(Diagnostic{missing ? "KV002" : "KV001", at, std::string(function) + "(): " + loaded.error, {}});
    return unknown_at(loaded.error, at);
  }
  // Any file: a JSON file's text is released once the ARM frontend has read it.
  const std::shared_ptr<const std::string> held = shared_.loader.sources().get(loaded.id).contents();
  const std::string& content = *held;
  if (base64) {
    std::vector<Value> one{Value::string(content, at)};
    ArmCallContext c2{"base64", one, at, evaluator_};
    const FunctionDef* def = FunctionTable::builtins().find("base64");
    return def ? evaluator_.bounded(def->fn(c2), at) : unknown_at("base64() is missing", at);
  }
  if (text) return evaluator_.bounded(Value::string(content, at), at);
  JsonDocument doc = parse_json_document(loaded.id, content);
  if (!doc.result.ok) {
    shared_.sink.add(Diagnostic{"KV001", Span{loaded.id, doc.result.error_offset, doc.result.error_offset + 1},
                                "loadJsonContent(): invalid JSON: " + doc.result.error, {}});
    return unknown_at("the file is not valid JSON", at);
  }
  Value v = doc.root;
  if (args.size() >= 2 && args[1].is_string() && !args[1].as_string().empty() && args[1].as_string() != "$") {
    // A simple JSON path: $.a.b[0].c
    std::string_view p = args[1].as_string();
    if (p.starts_with("$")) p.remove_prefix(1);
    while (!p.empty() && !v.is_unknown()) {
      if (p.front() == '.') {
        p.remove_prefix(1);
        std::size_t stop = p.find_first_of(".[");
        std::string key(p.substr(0, stop));
        p.remove_prefix(stop == std::string_view::npos ? p.size() : stop);
        const Value* m = v.is_object() ? v.as_object().find(key) : nullptr;
        v = m ? *m : unknown_at("loadJsonContent(): the path finds nothing at '" + key + "'", at);
      } else if (p.front() == '[') {
        std::size_t close = p.find(']');
        std::string_view inside = p.substr(1, close == std::string_view::npos ? 0 : close - 1);
        p.remove_prefix(close == std::string_view::npos ? p.size() : close + 1);
        std::int64_t i = -1;
        for (char c : inside) i = (c >= '0' && c <= '9') ? (i < 0 ? 0 : i) * 10 + (c - '0') : -2;
        if (i >= 0 && v.is_array() && static_cast<std::size_t>(i) < v.as_array().size()) {
          v = v.as_array()[static_cast<std::size_t>(i)];
        } else {
          v = unknown_at("loadJsonContent(): JSON paths beyond simple members and indexes are not evaluated", at);
        }
      } else {
        v = unknown_at("loadJsonContent(): JSON paths beyond simple members and indexes are not evaluated", at);
      }
    }
  }
  return v;
}

}  // namespace vl::bicep
