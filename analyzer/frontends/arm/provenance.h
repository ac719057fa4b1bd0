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

namespace vl::arm {

class ProvenanceWalker {
 public:
  explicit ProvenanceWalker(const TemplateModel& model) : model_(model) {}

  // What a template value (a literal, an expression string, an array or object of them) is made of.
  Provenance of(const Value& raw);

 private:
  void raw(const Value& v, Provenance& out, int depth);
  void expression(const Expr& e, Span at, Provenance& out, int depth);
  void call(const Expr& e, Span at, Provenance& out, int depth, const std::string& attribute);
  void variable(const std::string& name, Provenance& out, int depth);

  const TemplateModel& model_;
  std::vector<std::string> following_;  // variables being followed (a cycle stops)
  int budget_ = 20000;                  // values and expression nodes one walk may visit
};

// The provenance index of one template file: the value written at a span, found by descending from the
// file's root, walked in the scope it evaluates in (a nested template with `expressionEvaluationOptions.
// scope: inner` has its own parameters and variables; otherwise the enclosing one's).
std::shared_ptr<const ProvenanceIndex> template_provenance_index(FileId file, const Value& root);

// The provenance index of a parameter file: a `value` entry is a literal, a `reference` entry a Key Vault
// reference (parameter files hold no expressions).
std::shared_ptr<const ProvenanceIndex> parameter_file_provenance_index(FileId file, const Value& root);

}  // namespace vl::arm
