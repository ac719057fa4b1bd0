#include "policy/secret_patterns.h"

#include <re2/re2.h>

#include "graph/doc_node.h"

namespace vl {

// The patterns are kept as text and compiled when first matched (Pattern::re).
std::string SecretPatterns::load(const std::string& text) {
  return load(compiled_document(text));  // compiled to JSON at build time
}

std::string SecretPatterns::load(const DocTree& root) {
  try {
    auto list = [&](const char* key, List& out) {
      for (const DocNode& p : root[key]) out.push_back(std::make_shared<const Pattern>(p.as<std::string>()));
    };
    list("secret_settings", secret_settings_);
    list("not_secret_settings", not_secret_settings_);
    list("not_secret_parameters", not_secret_parameters_);
    list("client_secret_settings", client_secret_settings_);
    list("not_secret_values", not_secret_values_);
    list("connection_string_credentials", credentials_);
    list("not_secret_attributes", not_secret_attributes_);
    for (const DocNode& a : root["secret_attributes"]) {
      secret_attributes_.push_back(Attribute{std::make_shared<const Pattern>(a["resource"].as<std::string>()),
                                             std::make_shared<const Pattern>(a["attribute"].as<std::string>())});
    }
  } catch (const DocError& e) {
    return std::string("data/secrets.yaml: ") + e.what();
  }
  return "";
}

std::string SecretPatterns::check() const {
  std::vector<const Pattern*> all;
  for (const List* list : {&secret_settings_, &not_secret_settings_, &not_secret_parameters_, &client_secret_settings_,
                           &not_secret_values_, &credentials_, &not_secret_attributes_}) {
    for (const auto& p : *list) all.push_back(p.get());
  }
  for (const Attribute& a : secret_attributes_) {
    all.push_back(a.resource.get());
    all.push_back(a.attribute.get());
  }
  for (const Pattern* p : all) {
    if (!p->re().ok()) return "data/secrets.yaml: invalid pattern '" + p->text() + "': " + p->re().error();
  }
  return "";
}

bool SecretPatterns::any(const List& list, std::string_view text) {
  for (const auto& p : list) {
    if (p->partial_match(text)) return true;
  }
  return false;
}

bool SecretPatterns::secret_setting(std::string_view name) const {
  return any(secret_settings_, name) && !any(not_secret_settings_, name);
}

bool SecretPatterns::not_secret_parameter(std::string_view name) const { return any(not_secret_parameters_, name); }

bool SecretPatterns::client_secret_setting(std::string_view name) const { return any(client_secret_settings_, name); }

bool SecretPatterns::harmless_value(std::string_view value) const {
  if (value.find_first_not_of(" \t\r\n") == std::string_view::npos) return true;
  if (any(not_secret_values_, value)) return true;
  // `key=value;key=value`: a connection string, a secret only with a credential among its keys.
  bool connection_string = value.find('=') != std::string_view::npos && value.find(';') != std::string_view::npos;
  return connection_string && !any(credentials_, value);
}

bool SecretPatterns::has_credential(std::string_view connection_string) const { return any(credentials_, connection_string); }

bool SecretPatterns::secret_attribute(std::string_view resource_type, std::string_view attribute) const {
  if (any(not_secret_attributes_, attribute)) return false;
  // The attribute's pattern is matched (and compiled) only for the resource types that match.
  for (const Attribute& a : secret_attributes_) {
    if (a.resource->partial_match(resource_type) && a.attribute->partial_match(attribute)) return true;
  }
  return false;
}

}  // namespace vl
