// An ARM template as declared, before evaluation: its scope, parameters, variables, user-defined
// functions, resources (array form, or symbolic-name object form in languageVersion 2.0) and outputs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/deployment_scope.h"
#include "eval/expression.h"
#include "graph/diagnostic.h"
#include "graph/value.h"

namespace vl::arm {

struct ParameterDecl {
  std::string name;
  Span key_span;   // the parameter's name where it is declared
  Value decl;      // its declaration object (type, defaultValue, allowedValues, nullable, ...)
  // From the declaration, or from the user-defined type it refers to (`$ref: #/definitions/T`).
  std::string type;  // lower-case: string, securestring, int, bool, object, secureobject, array
  bool is_nullable = false;
  Value allowed_values;
  bool secure() const { return type == "securestring" || type == "secureobject"; }
  bool nullable() const { return is_nullable; }
  const Value* default_value() const { return decl.as_object().find("defaultValue"); }
};

struct VariableDecl {
  std::string name;
  Span key_span;
  Value raw;        // the declared value (template expressions not yet evaluated)
  bool is_copy = false;  // declared by an entry of the `copy` array: raw is that entry
};

struct FunctionDecl {
  std::string ns;
  std::string name;
  std::vector<std::string> params;
  Value output;     // output.value, unevaluated
};

struct ResourceDecl {
  std::string symbolic_name;  // languageVersion 2.0; else empty
  Span decl;                  // the `{` of the resource object, or its symbolic-name key
  Value raw;                  // the resource object
};

class TemplateModel {
 public:
  // Reads the declarations; `root` must be a template object.
  TemplateModel(FileId file, Value root);

  FileId file() const { return file_; }
  const Value& root() const { return root_; }
  DeploymentScope::Level level() const { return level_; }
  bool symbolic() const { return symbolic_; }
  bool bicep_generated() const { return bicep_generated_; }

  const ParameterDecl* parameter(std::string_view name) const;
  const std::vector<ParameterDecl>& parameters() const { return parameters_; }
  const VariableDecl* variable(std::string_view name) const;
  const std::vector<VariableDecl>& variables() const { return variables_; }
  const FunctionDecl* function(std::string_view ns, std::string_view name) const;
  const std::vector<ResourceDecl>& resources() const { return resources_; }

  // Parsed expressions, cached by text: a copy loop evaluates the same strings many times.
  const ExprParseResult& parse(const std::string& expression_text) const;

 private:
  FileId file_;
  Value root_;
  DeploymentScope::Level level_ = DeploymentScope::Level::ResourceGroup;
  bool symbolic_ = false;
  bool bicep_generated_ = false;
  std::vector<ParameterDecl> parameters_;
  std::unordered_map<std::string, std::size_t> parameter_index_;
  std::vector<VariableDecl> variables_;
  std::unordered_map<std::string, std::size_t> variable_index_;
  std::vector<FunctionDecl> functions_;
  std::vector<ResourceDecl> resources_;
  mutable std::unordered_map<std::string, ExprParseResult> expressions_;
};

// The deployment level a template's $schema names (deploymentTemplate, subscriptionDeploymentTemplate, ...).
DeploymentScope::Level level_from_schema(std::string_view schema);

// Reads the resources of a template or of a nested template: an array, or an object keyed by symbolic
// name (languageVersion 2.0).
std::vector<ResourceDecl> read_resource_decls(const Value& resources);

// Reports variables whose values refer to each other in a cycle (a KV001 naming the cycle, at the first
// variable of it), found statically from the `variables('...')` calls in their expressions.
void report_variable_cycles(const TemplateModel& model, DiagnosticSink& sink);

}  // namespace vl::arm
