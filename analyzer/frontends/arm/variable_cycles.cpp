// Static cycle detection over variables: which variables each variable's expressions name, then the
// strongly connected components of that graph (Tarjan). Lazy evaluation also guards against cycles, but
// only this names the whole cycle, and finds it even when nothing uses those variables.
#include <algorithm>

#include "frontends/arm/template_model.h"

namespace vl::arm {

namespace {

void collect_calls(const Expr& e, std::vector<std::string>& names) {
  if (e.kind == Expr::Kind::Call && e.ns.empty() && iequals(e.text, "variables") && e.args.size() == 1 &&
      e.args[0]->kind == Expr::Kind::String) {
    names.push_back(to_lower(e.args[0]->text));
  }
  for (const auto& a : e.args) collect_calls(*a, names);
}

void collect_references(const TemplateModel& model, const Value& raw, std::vector<std::string>& names) {
  switch (raw.kind()) {
    case Kind::String: {
      TemplateString ts = classify_template_string(raw.as_string());
      if (!ts.is_expression) return;
      const ExprParseResult& parsed = model.parse(std::string(ts.text));
      if (parsed.expr) collect_calls(*parsed.expr, names);
      return;
    }
    case Kind::Array:
      for (const Value& v : raw.as_array()) collect_references(model, v, names);
      return;
    case Kind::Object:
      for (const Member& m : raw.as_object().members()) collect_references(model, m.value, names);
      return;
    default:
      return;
  }
}

// Names the cycle in its own order, from its first declared variable, at that variable.
void report_cycle(const std::vector<VariableDecl>& vars, const std::vector<std::vector<std::size_t>>& edges,
                  std::vector<std::size_t> component, DiagnosticSink& sink) {
  std::sort(component.begin(), component.end());
  std::string path = vars[component[0]].name;
  std::size_t at = component[0];
  for (std::size_t step = 0; step < component.size(); ++step) {
    std::size_t next = at;
    for (std::size_t w : edges[at]) {
      if (std::binary_search(component.begin(), component.end(), w)) {
        next = w;
        break;
      }
    }
    path += " -> " + vars[next].name;
    at = next;
    if (at == component[0]) break;
  }
  sink.add(Diagnostic{"KV001", vars[component[0]].key_span, "variables form a cycle: " + path, {}});
}

}  // namespace

void report_variable_cycles(const TemplateModel& model, DiagnosticSink& sink) {
  const auto& vars = model.variables();
  const std::size_t n = vars.size();
  std::vector<std::vector<std::size_t>> edges(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> names;
    collect_references(model, vars[i].raw, names);
    for (const std::string& name : names) {
      if (const VariableDecl* target = model.variable(name)) {
        edges[i].push_back(static_cast<std::size_t>(target - vars.data()));
      }
    }
  }
  // Tarjan's strongly connected components, iteratively: a long chain of variables must not overflow
  // the stack.
  std::vector<int> index(n, -1), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::size_t> stack;
  int counter = 0;
  struct Frame {
    std::size_t v;
    std::size_t next_edge;
  };
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    std::vector<Frame> frames{{root, 0}};
    index[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.next_edge < edges[f.v].size()) {
        std::size_t w = edges[f.v][f.next_edge++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[f.v] = std::min(low[f.v], index[w]);
        }
        continue;
      }
      std::size_t v = f.v;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().v] = std::min(low[frames.back().v], low[v]);
      if (low[v] != index[v]) continue;
      std::vector<std::size_t> component;
      std::size_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component.push_back(w);
      } while (w != v);
      bool self_loop = std::find(edges[v].begin(), edges[v].end(), v) != edges[v].end();
      if (component.size() < 2 && !self_loop) continue;
      report_cycle(vars, edges, std::move(component), sink);
    }
  }
}

}  // namespace vl::arm
