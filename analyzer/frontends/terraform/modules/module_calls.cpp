// Module calls of a module instance: where the module is (a local path, or .terraform/modules for what
// `terraform init` installed), its instances with the inputs the caller evaluates, and references to
// their outputs.
#include <algorithm>

#include "frontends/terraform/modules/module_instance.h"
#include "graph/json_value.h"

namespace vl::tf {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxModuleDepth = 32;

}  // namespace

std::optional<fs::path> ModuleInstance::module_dir(const ModuleCallDecl& call, Value& failure) {
  const std::string& src = call.source;
  if (src.empty()) {
    unit_.sink.add(Diagnostic{"KV002", call.source_span, "module `" + call.name + "` has no literal `source`, so it cannot be found", {}});
    failure = Value::unknown("module `" + call.name + "` cannot be found", call.source_span);
    return std::nullopt;
  }
  if (is_local_source(src)) return normal_dir(setup_.config->dir / src);
  if (!unit_.modules_json_read) {
    unit_.modules_json_read = true;
    fs::path manifest = unit_.request.root_dir / ".terraform" / "modules" / "modules.json";
    LoadedFile loaded = unit_.request.cache.loader().load(manifest);
    if (loaded.status == LoadStatus::Ok) {
      std::shared_ptr<const std::string> text = unit_.request.cache.loader().sources().get(loaded.id).contents();
      JsonDocument doc = parse_json_document(loaded.id, *text);
      for (const Value& m : doc.root.as_object().get("Modules").as_array()) {
        const Value key = m.as_object().get("Key");
        const Value dir = m.as_object().get("Dir");
        if (key.is_string() && dir.is_string()) unit_.modules_json[key.as_string()] = normal_dir(unit_.request.root_dir / dir.as_string());
      }
    }
  }
  std::string key = setup_.key.empty() ? call.name : setup_.key + "." + call.name;
  auto it = unit_.modules_json.find(key);
  if (it != unit_.modules_json.end()) return it->second;
  unit_.sink.add(Diagnostic{"KV002", call.source_span,
                            "module `" + call.name + "` comes from `" + src +
                                "`, which is read only once `terraform init` has installed it (.terraform/modules/modules.json); "
                                "its resources are not checked",
                            {}});
  failure = Value::unknown("module `" + call.name + "` (" + src + ") is not installed: run `terraform init` to check it", call.source_span);
  return std::nullopt;
}

void ModuleInstance::ensure_module(std::size_t index) {
  ModuleState& st = modules_[index];
  if (st.state != State::Pending) return;
  st.state = State::Busy;
  const ModuleCallDecl& call = setup_.config->module_calls[index];
  Value failure;
  std::shared_ptr<const ModuleConfig> config;
  if (std::optional<fs::path> dir = module_dir(call, failure)) {
    ConfigCache::ModuleResult result = unit_.request.cache.module(*dir);
    bool cycle = *dir == setup_.config->dir || std::find(setup_.ancestors.begin(), setup_.ancestors.end(), *dir) != setup_.ancestors.end();
    if (!result.config) {
      unit_.sink.add(Diagnostic{"KV002", call.source_span, "module `" + call.name + "`: " + result.error, {}});
      failure = Value::unknown("module `" + call.name + "` cannot be read: " + result.error, call.source_span);
    } else if (cycle) {
      unit_.sink.add(Diagnostic{"KV001", call.source_span, "module `" + call.name + "` calls itself (" + call.source + ")", {}});
      failure = Value::unknown("module `" + call.name + "` calls itself", call.source_span);
    } else if (setup_.depth + 1 > kMaxModuleDepth) {
      unit_.sink.add(Diagnostic{"KV001", call.source_span, "modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels", {}});
      failure = Value::unknown("modules nested too deeply", call.source_span);
    } else {
      config = result.config;
      for (const auto& f : config->files) {
        unit_.used_files.insert(f->file);
        if (!unit_.request.cache.discovered(f->file)) {
          for (const Diagnostic& d : f->diagnostics) unit_.sink.add(d);
          for (const Suppression& s : f->suppressions) unit_.out.suppressions.push_back(s);
        }
      }
      for (const Diagnostic& d : config->diagnostics) unit_.sink.add(d);
    }
  }
  if (!config) {
    st.failure = failure;
    emit_unread_module(call, failure);
    st.state = State::Done;
    return;
  }
  Expansion e = expand(*call.block->body, (setup_.address.empty() ? "" : setup_.address + ".") + "module." + call.name,
                       call.block->header);
  st.kind = e.kind;
  st.unknown = e.unknown;
  std::vector<ModuleInstance*> children;
  for (const Expansion::Instance& inst : e.instances) {
    Setup s;
    s.config = config;
    s.address = (setup_.address.empty() ? "" : setup_.address + ".") + "module." + call.name + inst.suffix;
    s.instance_keys = setup_.instance_keys + inst.suffix;
    s.logical_prefix = setup_.logical_prefix + "module." + call.name + ".";
    s.key = setup_.key.empty() ? call.name : setup_.key + "." + call.name;
    s.caller = this;
    for (const Attribute& a : call.block->body->attributes) {
      if (is_meta_argument(a.name, true)) continue;
      s.inputs[a.name] = a.value.get();
      s.input_at[a.name] = {a.name_span, a.value->span};
    }
    s.expansion = e.kind;
    s.instance = inst;
    s.conditional = setup_.conditional || e.kind == Expansion::Kind::Unknown;
    s.condition_reason = setup_.conditional ? setup_.condition_reason : e.unknown_reason;
    s.depth = setup_.depth + 1;
    s.ancestors = setup_.ancestors;
    s.ancestors.push_back(setup_.config->dir);
    unit_.instances.push_back(std::make_unique<ModuleInstance>(unit_, std::move(s)));
    st.instances.emplace_back(inst.key, unit_.instances.back().get());
    children.push_back(unit_.instances.back().get());
  }
  // Done before the children are lowered: their inputs may read the call's other outputs.
  st.state = State::Done;
  for (ModuleInstance* child : children) child->lower_all();
}

Value ModuleInstance::eval_input(const Expr& e, Expansion::Kind kind, const Expansion::Instance& instance) {
  Expansion expansion;
  expansion.kind = kind;
  std::vector<std::unique_ptr<TfEvaluator::Binding>> bindings;
  bind_instance(expansion, instance, bindings);
  return ev_.eval(e);
}

// A module that is not installed (or cannot be read) still receives inputs: ids of resources the scan
// checks. Each instance becomes a Microsoft.Resources/deployments node, as Bicep and ARM modules are, with
// the inputs in properties.parameters.<name>.value, so the graph links it to what it receives and rules
// on related resources can say that it may deploy one rather than that none exists.
void ModuleInstance::emit_unread_module(const ModuleCallDecl& call, const Value& failure) {
  const std::string where = (setup_.address.empty() ? "" : setup_.address + ".") + "module." + call.name;
  Expansion e = expand(*call.block->body, where);
  for (const Expansion::Instance& inst : e.instances) {
    std::vector<std::unique_ptr<TfEvaluator::Binding>> bindings;
    bind_instance(e, inst, bindings);
    Object inputs;
    for (const Attribute& a : call.block->body->attributes) {
      if (is_meta_argument(a.name, true)) continue;
      Object entry;
      entry.set("value", ev_.eval(*a.value), a.name_span, a.span);
      inputs.append(a.name, Value::object(std::move(entry), a.span), a.name_span, a.span);
    }
    Object props;
    props.set("parameters", Value::object(std::move(inputs), call.block->span));
    Object body;
    body.set("properties", Value::object(std::move(props), call.block->span));
    Resource r;
    r.type = "Microsoft.Resources/deployments";
    r.format = SourceFormat::Terraform;
    r.unit = unit_.request.unit;
    r.variant = unit_.request.variant;
    r.decl = call.block->header;
    r.symbolic_name = where + inst.suffix;
    r.name = Value::string(where + inst.suffix, call.block->header);
    r.display_name = where + inst.suffix;
    r.instance = setup_.instance_keys + inst.suffix;
    r.logical_id = setup_.logical_prefix + "module." + call.name;
    r.conditional = setup_.conditional || e.kind == Expansion::Kind::Unknown;
    r.condition_reason = setup_.conditional ? setup_.condition_reason : e.unknown_reason;
    r.body = Value::object(std::move(body), call.block->span);
    r.unread = failure.is_unknown() ? failure.unknown_info().reason : "module `" + call.name + "` is not read";
    unit_.out.resources.push_back(std::move(r));
  }
}

Value ModuleInstance::module_reference(const ModuleCallDecl& call, const std::vector<const Expr*>& steps, std::size_t& used) {
  auto index = static_cast<std::size_t>(&call - setup_.config->module_calls.data());
  ensure_module(index);
  ModuleState& st = modules_[index];
  Span at = steps.empty() ? call.source_span : steps[0]->span;
  std::size_t i = 1;
  auto skip_rest = [&]() {
    if (i < steps.size() && steps[i]->kind == ExprKind::Index) ++i;
    if (i < steps.size() && steps[i]->kind == ExprKind::GetAttr) ++i;
    used = i;
  };
  if (st.state == State::Busy) {
    skip_rest();
    return stopped(StopCause::Cycle, "module `" + call.name + "` depends on itself: its inputs need its own outputs (directly or through other modules)", at);
  }
  if (st.failure.is_unknown()) {
    skip_rest();
    return st.failure;
  }
  ModuleInstance* inst = nullptr;
  switch (st.kind) {
    case Expansion::Kind::Single:
      inst = st.instances.empty() ? nullptr : st.instances[0].second;
      break;
    case Expansion::Kind::Count:
    case Expansion::Kind::ForEach: {
      if (i < steps.size() && steps[i]->kind == ExprKind::Index) {
        Value key = ev_.eval(*steps[i]->items[1]);
        ++i;
        if (key.is_unknown()) {
          used = i;
          return key;
        }
        for (auto& [k, child] : st.instances) {
          if (same_key(k, key)) inst = child;
        }
        if (!inst) {
          used = i;
          return unit_.shared.error("module `" + call.name + "` has no instance " + key.display(), steps[i - 1]->span);
        }
        break;
      }
      used = i;
      if (st.kind == Expansion::Kind::Count) {
        Array items;
        for (auto& [k, child] : st.instances) items.push_back(child->outputs_object(at));
        return Value::array(std::move(items), at);
      }
      Object o;
      for (auto& [k, child] : st.instances) {
        std::string text;
        as_text(k, text);
        o.append(text, child->outputs_object(at));
      }
      return Value::object(std::move(o), at);
    }
    case Expansion::Kind::Unknown:
      skip_rest();
      return st.unknown;
  }
  if (!inst) {
    used = i;
    return unit_.shared.error("module `" + call.name + "` is not created", at);
  }
  if (i < steps.size() && steps[i]->kind == ExprKind::GetAttr) {
    Value v = inst->output(steps[i]->text, steps[i]->span);
    used = i + 1;
    return v;
  }
  used = i;
  return inst->outputs_object(at);
}

}  // namespace vl::tf
