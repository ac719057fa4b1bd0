#include "frontends/terraform/mapping/mapping_apply.h"

#include <algorithm>
#include <memory>

#include "frontends/terraform/evaluation/object_util.h"
#include "frontends/terraform/evaluation/tf_values.h"
#include "graph/resource_id.h"
#include "graph/symbol.h"

namespace vl::tf {

namespace {

// A mutable tree the ARM body is built in before it becomes an immutable Value.
struct Node {
  enum class Kind { Object, Array, Leaf };
  Kind kind = Kind::Object;
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> members;
  std::vector<std::unique_ptr<Node>> items;
  Value leaf;
  Span key_span, value_span;  // where the member holding this node is written
  Span span;                  // a container's own span (the block)

  Node* member(const std::string& key, Kind kind) {
    for (auto& [k, n] : members) {
      if (k == key) {
        if (n->kind != kind && kind != Kind::Leaf) {
          n = std::make_unique<Node>();
          n->kind = kind;
        }
        return n.get();
      }
    }
    members.emplace_back(key, std::make_unique<Node>());
    members.back().second->kind = kind;
    return members.back().second.get();
  }
  Node* append_item() {
    items.push_back(std::make_unique<Node>());
    return items.back().get();
  }
};

Value to_value(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Leaf:
      return n.leaf;
    case Node::Kind::Array: {
      Array items;
      for (const auto& item : n.items) items.push_back(to_value(*item));
      return Value::array(std::move(items), n.span);
    }
    case Node::Kind::Object: {
      Object o;
      for (const auto& [k, child] : n.members) o.append(k, to_value(*child), child->key_span, child->value_span);
      return Value::object(std::move(o), n.span);
    }
  }
  return Value();
}

struct Segment {
  std::string key;
  enum class Mode { Member, Append, First } mode = Mode::Member;
};

std::vector<Segment> segments(const std::string& path) {
  std::vector<Segment> out;
  for (const std::string& raw : split(path, '.')) {
    Segment s;
    s.key = raw;
    if (raw.ends_with("[]")) {
      s.mode = Segment::Mode::Append;
      s.key = raw.substr(0, raw.size() - 2);
    } else if (raw.ends_with("[0]")) {
      s.mode = Segment::Mode::First;
      s.key = raw.substr(0, raw.size() - 3);
    }
    out.push_back(std::move(s));
  }
  return out;
}

void apply_set(Node& item, const std::vector<std::pair<std::string, Value>>& set);

// The object node that `segs[0..n)` leads to from `at`, created on the way; an `x[]` step appends an
// item to x (given the constants `set`), `x[0]` uses its first item.
Node* walk(Node* at, const std::vector<Segment>& segs, std::size_t n, const std::vector<std::pair<std::string, Value>>& set) {
  for (std::size_t i = 0; i < n; ++i) {
    const Segment& s = segs[i];
    if (s.mode == Segment::Mode::Member) {
      at = at->member(s.key, Node::Kind::Object);
      continue;
    }
    Node* list = at->member(s.key, Node::Kind::Array);
    if (s.mode == Segment::Mode::Append || list->items.empty()) {
      at = list->append_item();
      if (s.mode == Segment::Mode::Append) apply_set(*at, set);
    } else {
      at = list->items.front().get();
    }
  }
  return at;
}

void set_leaf(Node* at, const std::string& path, Value v, Span key_span, Span value_span,
              const std::vector<std::pair<std::string, Value>>& set = {}) {
  std::vector<Segment> segs = segments(path);
  Node* parent = walk(at, segs, segs.size() - 1, set);
  const Segment& last = segs.back();
  Node* leaf = last.mode == Segment::Mode::Member ? parent->member(last.key, Node::Kind::Leaf)
                                                  : parent->member(last.key, Node::Kind::Array)->append_item();
  leaf->kind = Node::Kind::Leaf;
  leaf->leaf = std::move(v);
  leaf->key_span = key_span;
  leaf->value_span = value_span;
}

void apply_set(Node& item, const std::vector<std::pair<std::string, Value>>& set) {
  for (const auto& [path, v] : set) set_leaf(&item, path, v, {}, {});
}

std::string short_version(const std::string& v) {
  // "4.42.0" -> "4.42"
  return v.size() > 2 && v.ends_with(".0") ? v.substr(0, v.size() - 2) : v;
}

// The name findings use for an attribute: the one written, else the one the provider version uses, else
// both.
std::string attribute_name(const AttributeMapping& am, const Member* written, const VersionRange& azurerm) {
  if (written) return written->key;
  if (am.renamed_from.empty()) return am.attribute;
  std::optional<Version> before = parse_version(am.renamed_before);
  if (before && azurerm.known() && azurerm.entirely_below(*before)) return am.renamed_from;
  if (before && azurerm.known() && azurerm.entirely_at_least(*before)) return am.attribute;
  return am.attribute + " (" + am.renamed_from + " before azurerm " + short_version(am.renamed_before) + ")";
}

std::string omitted_shown(const OmittedDefault& o, const VersionRange& azurerm) {
  if (o.required_from.empty()) return o.shown;
  std::optional<Version> req = parse_version(o.required_from);
  if (req && azurerm.known() && azurerm.entirely_at_least(*req)) return o.shown_required;
  if (req && azurerm.known() && azurerm.entirely_below(*req)) return o.shown;
  return o.shown_either.empty() ? o.shown : o.shown_either;
}

Value enabled_disabled(const Value& v, Span at) {
  if (v.is_unknown()) {
    const UnknownInfo& info = v.unknown_info();
    if (info.candidates.empty()) return v;
    auto out = std::make_shared<UnknownInfo>(info);
    out->candidates.clear();
    for (const Value& c : info.candidates) {
      bool b;
      if (!as_boolean(c, b)) return v;
      out->candidates.push_back(Value::string(b ? "Enabled" : "Disabled", c.span()));
    }
    return Value::unknown(std::move(out));
  }
  bool b;
  if (as_boolean(v, b)) return Value::string(b ? "Enabled" : "Disabled", v.span().valid() ? v.span() : at);
  return Value::unknown(v.display() + " is not a boolean", v.span());
}

Value objects_of(const Value& v, const char* key) {
  if (!v.is_array()) return v;
  Array out;
  for (const Value& item : v.as_array()) {
    Object o;
    o.append(key, item, {}, item.span());
    out.push_back(Value::object(std::move(o), item.span()));
  }
  return Value::array(std::move(out), v.span());
}

// A role definition id in the synthetic subscription, from a GUID.
Value role_definition_id(const std::string& guid, const MappingEnv& env, Span at) {
  return Value::string("/subscriptions/" + env.subscription_id + "/providers/Microsoft.Authorization/roleDefinitions/" + guid, at);
}

// A map of settings ({KEY = value}, azurerm's app_settings) as ARM writes them: [{name, value}], each item
// spanning its `KEY = value` line, so findings about a setting point there.
Value name_value_list(const Value& v) {
  if (!v.is_object()) return v;
  Array out;
  for (const Member& m : v.as_object().members()) {
    Object item;
    item.append("name", Value::string(m.key, m.key_span), m.key_span, m.key_span);
    item.append("value", m.value, m.key_span, m.written_value());
    out.push_back(Value::object(std::move(item), m.span()));
  }
  return Value::array(std::move(out), v.span());
}

}  // namespace

Value apply_transform(const std::string& name, const Value& v, const MappingEnv& env) {
  if (name.empty()) return v;
  if (name == "name_value_list") return name_value_list(v);
  if (name == "enabled_disabled") return enabled_disabled(v, env.header);
  if (name == "ip_rules") return objects_of(v, "value");
  if (name == "subnet_ids") return objects_of(v, "id");
  if (name == "role_name" || name == "role_name_guid") {
    // A built-in role's display name (case-insensitive) -> its definition id, or its bare GUID.
    if (!v.is_string()) return v;
    const std::string* guid = env.mapping.role_id(to_lower(v.as_string()));
    if (!guid) {
      return Value::unknown("role `" + v.as_string() + "` is not a built-in role vaultlint knows (a custom role?)", v.span());
    }
    return name == "role_name" ? role_definition_id(*guid, env, v.span()) : Value::string(*guid, v.span());
  }
  if (name == "role_id") {
    // A role definition GUID (or id) -> its definition id.
    if (!v.is_string() || v.as_string().find('/') != std::string::npos) return v;
    return role_definition_id(v.as_string(), env, v.span());
  }
  return v;
}

namespace {

struct Mapper {
  const MappingEnv& env;
  std::vector<SourceAttribute>& names;

  void attributes(const std::vector<AttributeMapping>& list, const Object& tf, Node* at, const std::string& arm_prefix,
                  const std::string& tf_prefix, bool record) {
    std::vector<std::string> set_paths;  // paths a written, non-null attribute of this list has set
    for (const AttributeMapping& am : list) {
      const Member* m = find_exact(tf, am.attribute);
      if (!m && !am.renamed_from.empty()) m = find_exact(tf, am.renamed_from);
      std::string name = tf_prefix + attribute_name(am, m, env.azurerm);
      std::string shown;
      if (m && !m->value.is_null()) {
        Value v = apply_transform(am.transform, m->value, env);
        if (!am.transform.empty() && !m->value.is_unknown()) shown = m->value.display();
        if (am.transform == "ip_rules" || am.transform == "subnet_ids") shown.clear();
        set_leaf(at, am.path, std::move(v), m->key_span, m->value_span, am.set);
      } else if (am.omitted.present) {
        // What the provider sends when the attribute is not set (or null), where that is not ARM's default.
        shown = omitted_shown(am.omitted, env.azurerm);
        if (m) shown = "null" + (shown.rfind("not set", 0) == 0 ? shown.substr(7) : " (" + shown + ")");
        Span where = m ? m->value_span : env.header;
        Value v = apply_transform(am.transform, am.omitted.value.with_span(where), env).with_span(where);
        set_leaf(at, am.path, std::move(v), m ? m->key_span : Span{}, where, am.set);
      } else if (m && std::find(set_paths.begin(), set_paths.end(), am.path) == set_paths.end()) {
        // null: the rules treat it as absent. It never hides another attribute's value on the same path
        // (role_definition_id set, role_definition_name = null).
        set_leaf(at, am.path, m->value, m->key_span, m->value_span, am.set);
      }
      if (m && !m->value.is_null()) set_paths.push_back(am.path);
      // A null attribute names the property only until a written value on the same path does.
      if (record) add_name(arm_prefix + strip_markers(am.path), name, shown, m && !m->value.is_null());
    }
  }

  void blocks(const std::vector<BlockMapping>& list, const Object& tf, Node* at, const std::string& arm_prefix,
              const std::string& tf_prefix, bool record) {
    for (const BlockMapping& bm : list) {
      const Member* m = find_exact(tf, bm.block);
      std::string arm_path = arm_prefix + strip_markers(bm.path);
      if (record) add_name(arm_path, tf_prefix + bm.block, "", m != nullptr);
      // A single block's attributes are named even when the block is absent ("network_acls.default_action
      // is not set").
      if (record && bm.single) name_absent(bm, arm_path + ".", tf_prefix + bm.block + ".");
      if (!m || m->value.is_null()) continue;
      std::vector<Segment> segs = segments(bm.path);
      if (m->value.is_unknown()) {
        // A dynamic block over an unknown collection: what the block sets is unknown.
        Segment last = segs.back();
        last.mode = Segment::Mode::Member;
        Node* parent = walk(at, segs, segs.size() - 1, {});
        Node* leaf = parent->member(last.key, Node::Kind::Leaf);
        leaf->kind = Node::Kind::Leaf;
        leaf->leaf = m->value;
        leaf->key_span = m->key_span;
        leaf->value_span = m->value_span;
        continue;
      }
      // Blocks arrive as a list of objects (native syntax) or one object (JSON syntax).
      Array items = m->value.is_array() ? m->value.as_array() : Array{m->value};
      if (bm.single && items.size() > 1) items.resize(1);
      for (const Value& item : items) {
        Node* target;
        if (bm.single) {
          target = walk(at, segs, segs.size(), {});
        } else {
          std::vector<Segment> appending = segs;
          appending.back().mode = Segment::Mode::Append;
          target = walk(at, appending, appending.size(), bm.set);
        }
        target->span = item.span();
        // Where the block is written: findings about it point at the block's type.
        Node* holder = container_of(at, segs);
        if (holder && !holder->key_span.valid()) {
          holder->key_span = m->key_span;
          holder->value_span = item.span();
        }
        if (item.is_unknown()) {
          target->kind = Node::Kind::Leaf;
          target->leaf = item;
          continue;
        }
        bool single_record = record && bm.single;
        attributes(bm.attributes, item.as_object(), target, arm_path + ".", tf_prefix + bm.block + ".", single_record);
        blocks(bm.blocks, item.as_object(), target, arm_path + ".", tf_prefix + bm.block + ".", single_record);
      }
    }
  }

  void name_absent(const BlockMapping& bm, const std::string& arm_prefix, const std::string& tf_prefix) {
    for (const AttributeMapping& am : bm.attributes) {
      add_name(arm_prefix + strip_markers(am.path), tf_prefix + attribute_name(am, nullptr, env.azurerm), "", false);
    }
    for (const BlockMapping& inner : bm.blocks) {
      if (inner.single) name_absent(inner, arm_prefix + strip_markers(inner.path) + ".", tf_prefix + inner.block + ".");
    }
  }

  // The node of the member the path's last segment names (the array or object the block fills).
  static Node* container_of(Node* at, const std::vector<Segment>& segs) {
    Node* n = at;
    for (std::size_t i = 0; i < segs.size(); ++i) {
      Node* next = nullptr;
      for (auto& [k, child] : n->members) {
        if (k == segs[i].key) next = child.get();
      }
      if (!next) return nullptr;
      if (i + 1 == segs.size()) return next;
      n = (next->kind == Node::Kind::Array && !next->items.empty()) ? next->items.back().get() : next;
    }
    return nullptr;
  }

  static std::string strip_markers(const std::string& path) {
    std::string out;
    for (const std::string& s : split(path, '.')) {
      std::string seg = s;
      if (seg.ends_with("[]")) seg.resize(seg.size() - 2);
      else if (seg.ends_with("[0]")) seg.resize(seg.size() - 3);
      out += (out.empty() ? "" : ".") + seg;
    }
    return out;
  }

  // Several attributes may map to one path (role_definition_id, role_definition_name): the one written
  // names it.
  void add_name(const std::string& path, const std::string& name, const std::string& shown, bool written) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].path != path) continue;
      if (written && !written_[i]) {
        names[i].name = name;
        names[i].shown = shown;
        written_[i] = true;
      }
      return;
    }
    names.push_back(SourceAttribute{path, name, shown});
    written_.push_back(written);
  }

  std::vector<bool> written_ = std::vector<bool>(names.size(), false);
};

std::string last_segment(const std::string& s) {
  std::size_t slash = s.rfind('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

}  // namespace

MappedIdentity mapped_identity(const IdRule& rule, const std::string& arm_type, const std::string& name_attribute,
                               const Value& tf_body, const MappingEnv& env) {
  MappedIdentity out;
  // What the scan cannot know becomes a symbol (graph/symbol.h) named after the resource, so the id stays
  // one segment per name and references to the resource (`azurerm_key_vault.kv.id`) still link to it.
  auto marker = [&](const std::string& what) { return symbol_marker(env.address + what); };
  const Member* name_member = name_attribute.empty() ? nullptr : find_exact(tf_body.as_object(), name_attribute);
  std::string name;
  if (name_attribute.empty()) {
    name = arm_type == "Microsoft.KeyVault/vaults/accessPolicies" ? "add" : marker("");
    out.name = Value::string(name, env.header);
  } else if (name_member) {
    out.name = name_member->value.is_unknown() ? ensure_symbol(name_member->value, env.address) : name_member->value;
    name = name_text(out.name);
  }
  const std::string id_name = name.empty() ? marker("." + name_attribute) : name;
  // An attribute holding a name or id: its text, its symbol, or a marker of its own.
  auto written = [&](const std::string& attribute) {
    const Member* m = find_exact(tf_body.as_object(), attribute);
    std::string text = m ? name_text(m->value) : std::string();
    return text.empty() ? marker("." + attribute) : text;
  };
  switch (rule.kind) {
    case IdRule::Kind::ResourceGroup:
      out.id = make_resource_id(resource_group_scope_id(env.subscription_id, written(rule.attribute)), arm_type, id_name);
      break;
    case IdRule::Kind::Subscription:
      out.id = resource_group_scope_id(env.subscription_id, id_name);
      break;
    case IdRule::Kind::Parent: {
      std::string parent = written(rule.attribute);
      if (!looks_like_id(parent)) {
        parent = make_resource_id(resource_group_scope_id(env.subscription_id, marker(".parent")),
                                  arm_type.substr(0, arm_type.rfind('/')), parent);
      }
      out.id = parent + "/" + last_segment(arm_type) + "/" + id_name;
      std::string parent_name = last_segment(parent);
      if (!name.empty() && !parent_name.empty()) {
        std::string full = parent_name + "/" + name;
        out.name = is_symbolic(full) ? symbolic_unknown("the name of the " + last_segment(arm_type) + "'s parent is not known",
                                                        env.header, full)
                                     : Value::string(full, out.name.span());
      }
      break;
    }
    case IdRule::Kind::Scope: {
      const Member* m = find_exact(tf_body.as_object(), rule.attribute);
      const std::string* scope = m ? id_text(m->value) : nullptr;
      if (scope && !scope->empty() && (m->value.is_string() || looks_like_id(*scope))) {
        out.scope_id = *scope;
      } else {
        // A bare unknown (a variable) may be any resource's id: the scope is unknown, not a name.
        out.scope_unknown = m && m->value.is_unknown() ? m->value.unknown_info().reason : "`" + rule.attribute + "` is not set";
      }
      out.id = make_resource_id(out.scope_id.empty() ? marker("." + rule.attribute) : out.scope_id, arm_type, id_name);
      break;
    }
    case IdRule::Kind::None:
      out.id = make_resource_id(resource_group_scope_id(env.subscription_id, "rg"), arm_type, id_name);
      break;
  }
  return out;
}

void apply_mapping(const ResourceMapping& m, const Value& tf_body, const MappingEnv& env, Resource& out) {
  Node root;
  root.span = tf_body.span();
  Mapper mapper{env, out.source_attributes};
  mapper.attributes(m.attributes, tf_body.as_object(), &root, "", "", true);
  mapper.blocks(m.blocks, tf_body.as_object(), &root, "", "", true);
  Node* props = root.member("properties", Node::Kind::Object);
  (void)props;  // every ARM body has `properties`, even when nothing maps into it
  out.body = to_value(root);
}

}  // namespace vl::tf
