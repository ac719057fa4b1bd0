#include "policy/check_context.h"

namespace vl {

std::string CheckContext::display_name() const {
  const Resource& r = resource();
  if (r.name.is_string()) return r.name.as_string();
  if (!r.display_name.empty()) return r.display_name;
  return r.type;
}

std::string CheckContext::property_name(const std::string& path) const {
  if (const SourceAttribute* a = resource().source_attribute(path)) return a->name;
  return path.rfind("properties.", 0) == 0 ? path.substr(11) : path;
}

std::string CheckContext::expand_property(const std::string& path, const std::string& text, const std::string& value) const {
  const SourceAttribute* a = resource().source_attribute(path);
  if (!a) return expand(text, value);
  const std::string arm = path.rfind("properties.", 0) == 0 ? path.substr(11) : path;
  std::string named;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, arm.size(), arm) == 0) {
      named += a->name;
      i += arm.size();
    } else {
      named += text[i++];
    }
  }
  return expand(named, a->shown.empty() ? value : a->shown);
}

std::string CheckContext::expand(const std::string& text, const std::string& value) const {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i);
      if (close != std::string::npos) {
        std::string_view key(text.data() + i + 1, close - i - 1);
        const Resource& r = resource();
        if (key == "name") {
          out += display_name();
        } else if (key == "kind") {
          out += r.is_type("Microsoft.KeyVault/managedHSMs") ? "Managed HSM" : r.is_type("Microsoft.KeyVault/vaults") ? "Key Vault" : r.type;
        } else if (key == "type") {
          out += r.type;
        } else if (key == "api_version") {
          out += r.api_version.is_string() ? r.api_version.as_string() : "(not stated)";
        } else if (key == "value") {
          out += value;
        } else {
          out.append(text, i, close - i + 1);
        }
        i = close;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace vl
