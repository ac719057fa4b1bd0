#include "frontends/arm/template_model.h"

namespace vl::arm {

DeploymentScope::Level level_from_schema(std::string_view schema) {
  std::string s = to_lower(schema);
  if (s.find("subscriptiondeploymenttemplate") != std::string::npos) return DeploymentScope::Level::Subscription;
  if (s.find("managementgroupdeploymenttemplate") != std::string::npos) return DeploymentScope::Level::ManagementGroup;
  if (s.find("tenantdeploymenttemplate") != std::string::npos) return DeploymentScope::Level::Tenant;
  return DeploymentScope::Level::ResourceGroup;
}

namespace {

// Fills in type, nullable and allowedValues, following `$ref: #/definitions/T` to user-defined types (a
// chain of at most 16, so a cycle of references ends).
void resolve_type(ParameterDecl& p, const Object& definitions) {
  const Value* current = &p.decl;
  for (int hop = 0; hop < 16 && current->is_object(); ++hop) {
    const Object& o = current->as_object();
    if (p.type.empty() && o.get("type").is_string()) p.type = to_lower(o.get("type").as_string());
    if (o.get("nullable").is_bool() && o.get("nullable").as_bool()) p.is_nullable = true;
    if (p.allowed_values.is_absent() && o.get("allowedValues").is_array()) p.allowed_values = o.get("allowedValues");
    const Value ref = o.get("$ref");
    const std::string prefix = "#/definitions/";
    if (!ref.is_string() || ref.as_string().rfind(prefix, 0) != 0) break;
    current = definitions.find(ref.as_string().substr(prefix.size()));
    if (!current) break;
  }
}

}  // namespace

std::vector<ResourceDecl> read_resource_decls(const Value& resources) {
  std::vector<ResourceDecl> out;
  if (resources.is_array()) {
    for (const Value& r : resources.as_array()) {
      if (r.is_object()) out.push_back(ResourceDecl{"", Span{r.span().file, r.span().begin, r.span().begin + 1}, r});
    }
  } else if (resources.is_object()) {
    for (const Member& m : resources.as_object().members()) {
      if (m.value.is_object()) out.push_back(ResourceDecl{m.key, m.key_span, m.value});
    }
  }
  return out;
}

TemplateModel::TemplateModel(FileId file, Value root) : file_(file), root_(std::move(root)) {
  const Object& t = root_.as_object();
  if (const Value* schema = t.find("$schema"); schema && schema->is_string()) {
    level_ = level_from_schema(schema->as_string());
  }
  if (const Value* lv = t.find("languageVersion"); lv && lv->is_string()) {
    symbolic_ = lv->as_string().rfind("2.", 0) == 0;
  }
  if (const Value* meta = t.find("metadata"); meta && meta->is_object()) {
    const Value gen = meta->as_object().get("_generator");
    bicep_generated_ = iequals(gen.as_object().get("name").as_string(), "bicep");
  }
  const Object& definitions = t.get("definitions").as_object();
  for (const Member& m : t.get("parameters").as_object().members()) {
    ParameterDecl p{m.key, m.key_span, m.value, "", false, {}};
    resolve_type(p, definitions);
    parameter_index_[to_lower(m.key)] = parameters_.size();
    parameters_.push_back(std::move(p));
  }
  for (const Member& m : t.get("variables").as_object().members()) {
    if (iequals(m.key, "copy") && m.value.is_array()) {
      for (const Value& entry : m.value.as_array()) {
        std::string name = entry.as_object().get("name").as_string();
        if (name.empty()) continue;
        const Member* nm = entry.as_object().find_member("name");
        variable_index_[to_lower(name)] = variables_.size();
        variables_.push_back(VariableDecl{name, nm ? nm->value.span() : entry.span(), entry, true});
      }
      continue;
    }
    variable_index_[to_lower(m.key)] = variables_.size();
    variables_.push_back(VariableDecl{m.key, m.key_span, m.value, false});
  }
  for (const Value& ns : t.get("functions").as_array()) {
    std::string ns_name = ns.as_object().get("namespace").as_string();
    for (const Member& f : ns.as_object().get("members").as_object().members()) {
      FunctionDecl decl{ns_name, f.key, {}, f.value.as_object().get("output").as_object().get("value")};
      for (const Value& p : f.value.as_object().get("parameters").as_array()) {
        decl.params.push_back(p.as_object().get("name").as_string());
      }
      functions_.push_back(std::move(decl));
    }
  }
  resources_ = read_resource_decls(t.get("resources"));
}

const ParameterDecl* TemplateModel::parameter(std::string_view name) const {
  auto it = parameter_index_.find(to_lower(name));
  return it == parameter_index_.end() ? nullptr : &parameters_[it->second];
}

const VariableDecl* TemplateModel::variable(std::string_view name) const {
  auto it = variable_index_.find(to_lower(name));
  return it == variable_index_.end() ? nullptr : &variables_[it->second];
}

const FunctionDecl* TemplateModel::function(std::string_view ns, std::string_view name) const {
  for (const FunctionDecl& f : functions_) {
    if (iequals(f.ns, ns) && iequals(f.name, name)) return &f;
  }
  return nullptr;
}

const ExprParseResult& TemplateModel::parse(const std::string& expression_text) const {
  auto it = expressions_.find(expression_text);
  if (it != expressions_.end()) return it->second;
  return expressions_.emplace(expression_text, parse_expression(expression_text)).first->second;
}

}  // namespace vl::arm
