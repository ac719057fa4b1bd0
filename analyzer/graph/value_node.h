// Parameters and outputs as nodes of the graph, one per declaration of each deployment unit, variant and
// module instance, beside the resources (DESIGN section 3). A rule judges them as it judges resources: its
// `applies_to` names the node kind (`parameter`, `output`), its property paths read the node's body, and
// its findings point into the declaration. Module instances' parameters and outputs belong to their unit,
// with a module edge to the deployment they came through, as the module's resources do. Of a module
// instance's parameters only the secure ones become nodes: what a caller gives the others is in its module
// call already, and a module's parameters are most of a large repository's (the public corpus: 100,000
// against 30,000 resources); a secure one needs its node, where a literal given to it is a secret
// written in the caller (KV304). Every output becomes one: a nested deployment's outputs are kept in
// the deployment history as the entry's are (KV305).
//
// The body a rule reads:
//   name          the parameter or output name
//   type          the declared type, lower-case as written (securestring, string, object, ...; Terraform:
//                 the type constraint's text, or empty)
//   secure        securestring / secureObject, @secure(), sensitive = true
//   defaultValue  parameters: the default as written (absent when there is none); its member spans the
//                 default expression
//   value         the value in this variant: supplied (parameter file, .bicepparam, tfvars, --param, the
//                 module call) or the default; an output's evaluated value. Its member spans the expression
//                 that gives it (an output's value expression), else the value where it was written.
// What a value is made of (a literal, a secure parameter, a listKeys() result, ...) is asked of the graph's
// provenance table at the member's written span (graph/provenance.h), as for resources' properties.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "graph/resource.h"

namespace vl {

inline constexpr std::string_view kParameterNodeType = "parameter";
inline constexpr std::string_view kOutputNodeType = "output";

struct ValueNode {
  std::string value_from;  // where the value comes from: "the default", "parameter file x.json", "the module call `m`"
};

// What a frontend knows of one parameter or output.
struct ValueNodeSpec {
  bool output = false;
  std::string name;
  Span name_span;            // the name as declared
  Span decl;                 // where findings about the declaration point (ARM: the name key; Bicep: the keyword;
                             // Terraform: the block header)
  std::string declared_type; // lower-case
  bool secure = false;
  bool has_default = false;
  Value default_value;       // evaluated
  Span default_key;          // `defaultValue` / `default` as written (Bicep: invalid, the default has no key)
  Span default_written;      // the default expression
  Value value;               // evaluated (outputs: the output's value); absent: none (a parameter of an outer scope)
  Span value_key;            // where it is supplied, when that is known (a module call's key); else invalid
  Span value_written;        // the expression that gives it; invalid: the value's own span (or its unknown's origin)
  ValueNode info;
};

// The graph node for a spec; the caller fills in unit, variant, module, instance and logical_id's prefix
// (`logical_prefix` + "parameter:" + name, the node's identity in fingerprints).
Resource make_value_node(ValueNodeSpec spec, SourceFormat format, const std::string& logical_prefix);

}  // namespace vl
