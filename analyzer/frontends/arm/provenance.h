// Provenance (graph/provenance.h) of ARM template values: a walk over the template value and the
// expressions in its "[...]" strings, in the scope of one template. parameters('x') is that template's
// parameter (secure when securestring / secureObject), variables('x') is followed into the variable's
// declaration, list*() is a list result, reference() a resource value, newGuid() / utcNow() generated,
// resourceGroup() / subscription() / deployment() / resourceId() the deployment context; other functions
// are transparent (their arguments are what the result is made of).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "frontends/arm/template_model.h"
#include "graph/provenance.h"
#include "source/source_file.h"

namespace vl::arm {

// What a walk reads of the template whose expressions it follows: its parameters, variables and the
// symbolic names of its resources (a TemplateModel; or a provenance index's scope, which reads a
// variable's value back from the file when it is asked for).
class ProvenanceScope {
 public:
  virtual ~ProvenanceScope() = default;
  // The parameter of this name (case-insensitive; the last one declared): its name as declared, and whether
  // it is secure. False when none is declared.
  virtual bool parameter(std::string_view name, std::string& declared, bool& secure) const = 0;
  // The value declared for a variable (for a `copy` variable: its entry, whose `input` is what it is made
  // of). False when none is declared.
  virtual bool variable(std::string_view name, Value& raw, bool& is_copy) const = 0;
  // The type of the resource declared with this symbolic name (the last one; empty when none).
  virtual std::string symbol_type(std::string_view symbol) const = 0;
  // Parsed expressions, cached by text.
  virtual const ExprParseResult& parse(const std::string& expression_text) const = 0;
};

// A TemplateModel as a walk's scope.
class ModelScope final : public ProvenanceScope {
 public:
  explicit ModelScope(const TemplateModel& model) : model_(model) {}
  bool parameter(std::string_view name, std::string& declared, bool& secure) const override;
  bool variable(std::string_view name, Value& raw, bool& is_copy) const override;
  std::string symbol_type(std::string_view symbol) const override;
  const ExprParseResult& parse(const std::string& expression_text) const override { return model_.parse(expression_text); }

 private:
  const TemplateModel& model_;
};

class ProvenanceWalker {
 public:
  explicit ProvenanceWalker(const ProvenanceScope& model) : model_(model) {}

  // What a template value (a literal, an expression string, an array or object of them) is made of.
  Provenance of(const Value& raw);

 private:
  void raw(const Value& v, Provenance& out, int depth);
  void expression(const Expr& e, Span at, Provenance& out, int depth);
  void call(const Expr& e, Span at, Provenance& out, int depth, const std::string& attribute);
  void variable(const std::string& name, Provenance& out, int depth);

  const ProvenanceScope& model_;
  std::vector<std::string> following_;  // variables being followed (a cycle stops)
  int budget_ = 20000;                  // values and expression nodes one walk may visit
};

// The provenance index of one template file: the value written at a span, found by descending from the
// file's root through the values whose spans hold it, walked in the scope it evaluates in (a nested
// template with `expressionEvaluationOptions.scope: inner` has its own parameters and variables; otherwise
// the enclosing one's). It keeps no document: it reads the part of the file it needs again from `source`
// (provenance_index.cpp).
std::shared_ptr<const ProvenanceIndex> template_provenance_index(const SourceFile& source, FileId file, const Value& root);

// The provenance index of a parameter file: a `value` entry is a literal, a `reference` entry a Key Vault
// reference (parameter files hold no expressions).
std::shared_ptr<const ProvenanceIndex> parameter_file_provenance_index(FileId file, const Value& root);

}  // namespace vl::arm
