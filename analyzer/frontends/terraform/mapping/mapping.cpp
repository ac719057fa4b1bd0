#include "frontends/terraform/mapping/mapping.h"

#include "graph/doc_node.h"
#include "source/text.h"

namespace vl::tf {

namespace {

std::string str(const DocNode& n, const char* key) {
  return n[key] && n[key].IsScalar() ? n[key].as<std::string>() : std::string();
}

// A scalar as the value a provider sends: a bool, an integer, or a string.
Value scalar_value(const DocNode& n) {
  std::string s = n.as<std::string>();
  if (s == "true" || s == "false") return Value::boolean(s == "true");
  try {
    std::size_t used = 0;
    long long i = std::stoll(s, &used);
    if (used == s.size()) return Value::integer(i);
  } catch (...) {
  }
  return Value::string(s);
}

IdRule read_id(const DocNode& n) {
  IdRule r;
  if (!n || !n.IsMap()) return r;
  if (n["resource_group"]) {
    r.kind = IdRule::Kind::ResourceGroup;
    r.attribute = str(n, "resource_group");
  } else if (n["subscription"]) {
    r.kind = IdRule::Kind::Subscription;
  } else if (n["parent"]) {
    r.kind = IdRule::Kind::Parent;
    r.attribute = str(n, "parent");
  } else if (n["scope"]) {
    r.kind = IdRule::Kind::Scope;
    r.attribute = str(n, "scope");
  }
  return r;
}

std::vector<std::pair<std::string, Value>> read_set(const DocNode& n) {
  std::vector<std::pair<std::string, Value>> out;
  if (!n || !n.IsMap()) return out;
  for (const auto& kv : n) out.emplace_back(kv.first.as<std::string>(), scalar_value(kv.second));
  return out;
}

AttributeMapping read_attribute(const DocNode& n) {
  AttributeMapping a;
  a.attribute = str(n, "attribute");
  a.path = str(n, "path");
  a.transform = str(n, "transform");
  if (const DocNode& r = n["renamed_from"]) {
    a.renamed_from = str(r, "attribute");
    a.renamed_before = str(r, "before");
  }
  if (const DocNode& o = n["omitted"]) {
    a.omitted.present = true;
    a.omitted.value = scalar_value(o["value"]);
    a.omitted.shown = str(o, "shown");
    a.omitted.required_from = str(o, "required_from");
    a.omitted.shown_required = str(o, "shown_required");
    a.omitted.shown_either = str(o, "shown_either");
  }
  a.set = read_set(n["set"]);
  return a;
}

BlockMapping read_block(const DocNode& n) {
  BlockMapping b;
  b.block = str(n, "block");
  b.path = str(n, "path");
  b.single = n["max_items"] && n["max_items"].as<int>() == 1;
  for (const DocNode& a : n["attributes"]) b.attributes.push_back(read_attribute(a));
  for (const DocNode& c : n["blocks"]) b.blocks.push_back(read_block(c));
  b.set = read_set(n["set"]);
  return b;
}

}  // namespace

std::shared_ptr<const Mapping> load_mapping(const std::vector<std::string>& mapping_yamls, const std::string& roles_yaml,
                                            std::string& error) {
  auto m = std::make_shared<Mapping>();
  try {
   for (const std::string& mapping_yaml : mapping_yamls) {
    const DocNode root = compiled_document(mapping_yaml);
    for (const DocNode& r : root["resources"]) {
      ResourceMapping rm;
      rm.terraform = str(r, "terraform");
      rm.type = str(r, "type");
      rm.id = read_id(r["id"]);
      if (r["name"]) rm.name_attribute = str(r, "name");
      for (const DocNode& a : r["attributes"]) rm.attributes.push_back(read_attribute(a));
      for (const DocNode& b : r["blocks"]) rm.blocks.push_back(read_block(b));
      for (const DocNode& e : r["exports"]) rm.exports.push_back(ExportedAttribute{str(e, "attribute"), str(e, "from")});
      if (rm.terraform.empty() || rm.type.empty()) {
        error = "the azurerm mapping: a resource needs `terraform` and `type`";
        return nullptr;
      }
      if (m->resources.count(rm.terraform)) {
        error = "the azurerm mapping: " + rm.terraform + " is mapped twice";
        return nullptr;
      }
      m->resources[rm.terraform] = std::move(rm);
    }
    for (const DocNode& d : root["data_sources"]) {
      DataSourceMapping dm;
      dm.terraform = str(d, "terraform");
      dm.type = str(d, "type");
      dm.id = read_id(d["id"]);
      if (const DocNode& k = d["known"]) {
        for (const auto& kv : k) dm.known.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
      }
      for (const DocNode& e : d["exports"]) dm.exports.push_back(ExportedAttribute{str(e, "attribute"), str(e, "from")});
      for (const DocNode& v : d["derived"]) {
        dm.derived.push_back(DerivedAttribute{str(v, "attribute"), str(v, "from"), str(v, "transform")});
      }
      m->data_sources[dm.terraform] = std::move(dm);
    }
   }
    const DocNode roles = compiled_document(roles_yaml);
    for (const DocNode& r : roles["roles"]) m->role_ids[to_lower(str(r, "name"))] = to_lower(str(r, "id"));
  } catch (const DocError& e) {
    error = std::string("the azurerm mapping: ") + e.what();
    return nullptr;
  }
  return m;
}

}  // namespace vl::tf
