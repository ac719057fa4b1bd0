// YAML read with yaml-cpp (user rule files, and tests that write conditions inline) as the nodes the rule
// readers take (graph/doc_node.h; keep the tree while its nodes are read); the embedded files are
// compiled to JSON at build time instead.
#pragma once

#include <string>

#include "graph/doc_node.h"

namespace YAML {
class Node;
}

namespace vl {

// Every scalar stays the text yaml-cpp read, with its mark for error messages.
DocTree yaml_document(const YAML::Node& node);
// Loads YAML text; throws YAML::Exception when it is not YAML.
DocTree load_yaml_document(const std::string& text);

}  // namespace vl
