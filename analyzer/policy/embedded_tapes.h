// The built-in rules as static document tapes (graph/doc_tape.h), which the build writes as C++ from
// their compiled JSON (cmake/policy_tapes.cpp): the catalogue reads them without parsing (issue 23).
#pragma once

#include "graph/doc_tape.h"

namespace vl::embedded {

struct PolicyTape {
  const char* name;  // as in the embedded files: "KV114.yaml"; null ends the table
  DocTape tape;
};

// In the order of the embedded files (policies/ sorted by path): the rules, and the data tables read
// whole (data/roles.yaml, data/secrets.yaml); the others are read from their JSON.
extern const PolicyTape kPolicyTapes[];

}  // namespace vl::embedded
