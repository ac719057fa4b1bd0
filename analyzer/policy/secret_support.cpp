#include "policy/secret_support.h"

namespace vl::secrets {

namespace {

std::string last_segment(const std::string& name) {
  std::size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string text_of(const Value& v) { return v.is_string() ? v.as_string() : std::string(); }

// {name, <value_key>} items of an array (appSettings, connectionStrings, secrets, env).
void items(const Value& list, const std::string& path, const char* value_key, std::vector<Setting>& out,
           bool container_secret = false, bool connection_string = false) {
  if (!list.is_array()) return;
  const Array& a = list.as_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Object& o = a[i].as_object();
    Setting s;
    s.name = text_of(o.get("name"));
    s.value = o.find_member(value_key);
    s.path = path + "[" + std::to_string(i) + "]";
    s.from_key_vault = !o.get("keyVaultUrl").is_absent_or_null() || !o.get("secretRef").is_absent_or_null();
    s.container_secret = container_secret;
    s.connection_string = connection_string;
    out.push_back(std::move(s));
  }
}

}  // namespace

std::vector<Setting> settings_of(const Resource& r) {
  std::vector<Setting> out;
  const Value props = r.properties();
  if (r.is_type("Microsoft.Web/sites") || r.is_type("Microsoft.Web/sites/slots")) {
    const Value site_config = props.as_object().get("siteConfig");
    items(site_config.as_object().get("appSettings"), "properties.siteConfig.appSettings", "value", out);
    items(site_config.as_object().get("connectionStrings"), "properties.siteConfig.connectionStrings", "connectionString", out,
          false, true);
    return out;
  }
  if (r.is_type("Microsoft.Web/sites/config") || r.is_type("Microsoft.Web/sites/slots/config")) {
    std::string which = to_lower(last_segment(r.name.is_string() ? r.name.as_string() : r.display_name));
    if (which == "appsettings") {
      for (const Member& m : props.as_object().members()) {
        out.push_back(Setting{m.key, &m, "properties." + m.key, false, false, false});
      }
    } else if (which == "connectionstrings") {
      for (const Member& m : props.as_object().members()) {
        const Member* v = m.value.is_object() ? m.value.as_object().find_member("value") : nullptr;
        out.push_back(Setting{m.key, v ? v : &m, "properties." + m.key, false, false, true});
      }
    } else if (which == "web") {
      items(props.as_object().get("appSettings"), "properties.appSettings", "value", out);
      items(props.as_object().get("connectionStrings"), "properties.connectionStrings", "connectionString", out, false, true);
    }
    return out;
  }
  if (r.is_type("Microsoft.App/containerApps") || r.is_type("Microsoft.App/jobs")) {
    items(props.as_object().get("configuration").as_object().get("secrets"), "properties.configuration.secrets", "value", out,
          true);
    const Value containers = props.as_object().get("template").as_object().get("containers");
    if (containers.is_array()) {
      for (std::size_t i = 0; i < containers.as_array().size(); ++i) {
        items(containers.as_array()[i].as_object().get("env"),
              "properties.template.containers[" + std::to_string(i) + "].env", "value", out);
      }
    }
  }
  return out;
}

bool is_key_vault_reference(const Value& v) {
  if (!v.is_string()) return false;
  std::string_view s = v.as_string();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return istarts_with(s, "@Microsoft.KeyVault(");
}

bool holds_text(const Value& v, int depth, bool numbers) {
  if (depth > kMaxValueDepth) return false;
  if (v.is_string()) return v.as_string().find_first_not_of(" \t\r\n") != std::string::npos;
  if (numbers && v.is_number()) return true;
  if (v.is_array()) {
    for (const Value& item : v.as_array()) {
      if (holds_text(item, depth + 1, numbers)) return true;
    }
  }
  if (v.is_object()) {
    for (const Member& m : v.as_object().members()) {
      if (holds_text(m.value, depth + 1, numbers)) return true;
    }
  }
  return false;
}

bool hardcoded(const Value& v, const Graph& g, bool numbers) {
  if (!v.is_known() || !holds_text(v, 0, numbers)) return false;
  return g.provenance_at(v.span()).literal_only();
}

bool predictable(const Value& v, const Graph& g, bool numbers) {
  if (!v.is_known() || !holds_text(v, 0, numbers)) return false;
  Provenance p = g.provenance_at(v.span());
  if (!p.known || !p.has(Origin::Context)) return false;
  for (const ProvenanceSource& s : p.sources) {
    if (s.origin != Origin::Literal && s.origin != Origin::Context) return false;
  }
  return true;
}

Provenance written_provenance(const Graph& g, const Member& m) { return g.provenance_at(m.written_value()); }

std::string describe(const ProvenanceSource& s, SourceFormat format) {
  const bool tf = format == SourceFormat::Terraform;
  switch (s.origin) {
    case Origin::SecureParameter:
      return (tf ? "sensitive variable `" : "secure parameter `") + s.name + "`";
    case Origin::Parameter:
      return (tf ? "variable `" : "parameter `") + s.name + "`";
    case Origin::ListResult:
      return s.name + "()";
    case Origin::KeyVaultReference:
      return "a secret read from Key Vault (" + s.name + ")";
    case Origin::ModuleOutput:
      return "module output `" + s.name + "`";
    case Origin::ResourceValue:
      return (s.attribute.empty() ? std::string("the value") : "`" + s.attribute + "`") + " of `" + s.name + "`";
    case Origin::Generated:
    case Origin::Context:
      return s.name + "()";
    case Origin::Literal:
      return "a literal";
  }
  return "";
}

}  // namespace vl::secrets
