// The name patterns the secrets rules match with re2 (policies/data/secrets.yaml): which settings hold a
// secret, which hold a service principal's secret, which literal values and connection strings hold
// none, and which attributes of other resources are secrets.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/doc_node.h"
#include "policy/lazy_regex.h"

namespace vl {

class SecretPatterns {
 public:
  // Reads the data file (compiled to JSON at build time, graph/doc_node.h); returns an error, or "".
  std::string load(const std::string& text);
  // The same, from the document read already (the build's tape, policy/embedded_tapes.h).
  std::string load(const DocTree& root);

  // A setting (app setting, connection string, container secret or variable) whose name says it holds a secret.
  bool secret_setting(std::string_view name) const;
  // A secure parameter whose name says its value is no secret (adminUsername, clientId, serviceUri).
  bool not_secret_parameter(std::string_view name) const;
  // A setting that holds a service principal's secret (AZURE_CLIENT_SECRET).
  bool client_secret_setting(std::string_view name) const;
  // A literal that is no secret whatever the setting is called ("true", "UseDevelopmentStorage=true"), or a
  // connection string without a credential in it.
  bool harmless_value(std::string_view value) const;
  // A connection string with a credential in it (AccountKey=, Password=, SharedAccessKey=, ...).
  bool has_credential(std::string_view connection_string) const;
  // What another resource exposes (its type as written, the attribute or property path read) is a secret.
  bool secret_attribute(std::string_view resource_type, std::string_view attribute) const;

  // Compiles every pattern; returns the first that is not a valid RE2 pattern, or "". The patterns are
  // compiled on first use (a scan with no setting to judge compiles none: a one-file run starts sooner), so
  // a test checks them.
  std::string check() const;

 private:
  using Pattern = LazyRegex;
  using List = std::vector<std::shared_ptr<const Pattern>>;
  static bool any(const List& list, std::string_view text);

  List secret_settings_, not_secret_settings_, not_secret_parameters_, client_secret_settings_, not_secret_values_, credentials_;
  struct Attribute {
    std::shared_ptr<const Pattern> resource, attribute;
  };
  std::vector<Attribute> secret_attributes_;
  List not_secret_attributes_;
};

}  // namespace vl
