#include "policy/catalogue.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <yaml-cpp/yaml.h>

#include "policy/embedded_tapes.h"
#include "policy/yaml_doc.h"
#include "source/text.h"

namespace vl {

namespace embedded {
struct File {
  const char* name;
  const unsigned char* data;
  std::size_t size;
};
extern const File kPolicyFiles[];
}  // namespace embedded

std::string embedded_policy_file(std::string_view name) {
  for (const embedded::File* f = embedded::kPolicyFiles; f->name; ++f) {
    if (name == f->name) return std::string(reinterpret_cast<const char*>(f->data), f->size);
  }
  return "";
}

const DocTape* embedded_policy_tape(std::string_view name) {
  for (const embedded::PolicyTape* t = embedded::kPolicyTapes; t->name; ++t) {
    if (name == t->name) return &t->tape;
  }
  return nullptr;
}

std::vector<std::string> embedded_policy_files(std::string_view folder) {
  std::vector<std::pair<std::string_view, std::string>> found;
  for (const embedded::File* f = embedded::kPolicyFiles; f->name; ++f) {
    std::string_view name = f->name;
    if (name.substr(0, folder.size()) == folder && name.ends_with(".yaml")) {
      found.emplace_back(name, std::string(reinterpret_cast<const char*>(f->data), f->size));
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [name, text] : found) out.push_back(std::move(text));
  return out;
}

bool Rule::applies(const std::string& type) const {
  for (const std::string& t : applies_to) {
    if (iequals(t, type)) return true;
  }
  return false;
}

namespace {

// `formats: [arm, bicep, terraform]`, each at most once; absent means all three.
bool parse_formats(const DocNode& node, std::vector<std::string>& formats) {
  formats.clear();
  if (!node) {
    formats = {"arm", "bicep", "terraform"};
    return true;
  }
  if (!node.IsSequence() || node.size() == 0) return false;
  for (const DocNode& f : node) {
    std::string name = f.as<std::string>();
    if (name != "arm" && name != "bicep" && name != "terraform") return false;
    if (std::find(formats.begin(), formats.end(), name) != formats.end()) return false;
    formats.push_back(name);
  }
  return true;
}

}  // namespace

bool parse_rule(const DocNode& n, const std::string& source, Rule& rule, std::string& error, bool defer_check) {
  try {
    auto str = [&](const char* key) {
      const DocNode v = n[key];
      return v ? v.as<std::string>() : std::string();
    };
    rule.source = source;
    rule.id = str("id");
    rule.name = str("name");
    if (rule.id.empty() || rule.name.empty()) {
      error = source + ": a rule needs `id` and `name`";
      return false;
    }
    auto severity = parse_severity(str("severity"));
    if (!severity) {
      error = source + ": `severity` must be critical, high, medium or low";
      return false;
    }
    rule.severity = *severity;
    rule.control = str("control");
    rule.checklist = str("checklist");
    rule.diagnostic = str("kind") == "diagnostic";
    if (n["enabled"]) rule.enabled_by_default = n["enabled"].as<bool>();
    rule.summary = str("summary");
    rule.description = str("description");
    rule.message = str("message");
    rule.fix = str("fix");
    rule.fix_terraform = str("fix_terraform");
    if (const DocNode s = n["snippets"]) {
      if (s["arm"]) rule.snippet_arm = s["arm"].as<std::string>();
      if (s["bicep"]) rule.snippet_bicep = s["bicep"].as<std::string>();
      if (s["terraform"]) rule.snippet_terraform = s["terraform"].as<std::string>();
    }
    for (const DocNode& t : n["applies_to"]) rule.applies_to.push_back(t.as<std::string>());
    if (std::string why; !parse_fix_edits(n["fix_edit"], rule.fix_edits, why)) {
      error = source + ": " + why;
      return false;
    }
    if (n["related_location"]) {
      std::string related = str("related_location");
      if (related != "parent" && related != "none") {
        error = source + ": `related_location` must be `parent` or `none`";
        return false;
      }
      rule.related_parent = related == "parent";
    }
    if (!parse_formats(n["formats"], rule.formats)) {
      error = source + ": `formats` must be a list of arm, bicep and terraform";
      return false;
    }
    if (!rule.diagnostic) {
      if (!n["check"]) {
        error = source + ": a rule needs a `check`";
        return false;
      }
      if (rule.applies_to.empty()) {
        error = source + ": a rule needs `applies_to`";
        return false;
      }
      if (defer_check) {
        rule.check = RuleCheck::deferred(n["check"], source);
        return true;
      }
      std::string why;
      rule.check = parse_condition(n["check"], why);
      if (!rule.check) {
        error = source + ": " + why;
        return false;
      }
    }
  } catch (const DocError& e) {
    error = source + ": " + e.what();
    return false;
  }
  return true;
}

bool parse_rule(const std::string& text, const std::string& source, Rule& rule, std::string& error) {
  try {
    Rule parsed;
    const DocTree doc = load_yaml_document(text);
    if (!parse_rule(doc.root(), source, parsed, error)) return false;
    // A user's rule reports a bad pattern as it is read; the built-in ones are checked by a test.
    if (std::string e = parsed.check ? pattern_error(*parsed.check) : ""; !e.empty()) {
      error = source + ": " + e;
      return false;
    }
    rule = std::move(parsed);
    return true;
  } catch (const YAML::Exception& e) {
    error = source + ": " + e.what();
    return false;
  }
}

void Catalogue::add(Rule rule) {
  for (Rule& r : rules_) {
    if (r.id == rule.id) {
      r = std::move(rule);
      return;
    }
  }
  rules_.push_back(std::move(rule));
}

const Rule* Catalogue::find(std::string_view id_or_name) const {
  for (const Rule& r : rules_) {
    if (iequals(r.id, id_or_name) || iequals(r.name, id_or_name)) return &r;
  }
  return nullptr;
}

Catalogue Catalogue::of(std::vector<Rule> rules, DataTables data) {
  Catalogue c;
  for (Rule& r : rules) c.add(std::move(r));
  c.data_ = std::move(data);
  return c;
}

Catalogue Catalogue::load(const std::optional<std::filesystem::path>& user_dir, std::vector<std::string>& errors) {
  return load(user_dir ? std::vector<std::filesystem::path>{*user_dir} : std::vector<std::filesystem::path>{}, errors);
}

bool Catalogue::set_severity(std::string_view id_or_name, Severity severity) {
  const Rule* found = find(id_or_name);
  if (!found) return false;
  for (Rule& r : rules_) {
    if (&r == found) r.severity = severity;
  }
  return true;
}

Catalogue Catalogue::load(const std::vector<std::filesystem::path>& user_dirs, std::vector<std::string>& errors) {
  Catalogue c;
  const embedded::PolicyTape* tape = embedded::kPolicyTapes;  // the rules' tapes, in the files' order
  for (const embedded::File* f = embedded::kPolicyFiles; f->name; ++f) {
    std::string name = f->name;
    std::string_view text(reinterpret_cast<const char*>(f->data), f->size);
    const bool built = tape->name && name == tape->name;  // a rule always, unless the build's two lists differ
    const DocTape* static_tape = built ? &(tape++)->tape : nullptr;
    if (name.rfind("data/", 0) == 0) {
      c.data_.add(name, text, static_tape);  // read on first use (a test reads them all: DataTables::check)
      continue;
    }
    Rule rule;
    std::string error;
    const DocTree doc = built ? DocTree(*static_tape) : compiled_document(text);
    // A static tape outlives the rule: its check is parsed when a scan first evaluates it.
    if (parse_rule(doc.root(), "policies/" + name, rule, error, /*defer_check=*/built)) {
      c.add(std::move(rule));
    } else {
      errors.push_back(error);
    }
  }
  for (const std::filesystem::path& dir : user_dirs) {
    const std::filesystem::path* user_dir = &dir;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(*user_dir, ec)) {
      if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") files.push_back(entry.path());
    }
    if (ec) errors.push_back(user_dir->string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      std::ifstream in(path);
      std::stringstream buffer;
      buffer << in.rdbuf();
      Rule rule;
      std::string error;
      if (parse_rule(buffer.str(), path.string(), rule, error)) {
        c.add(std::move(rule));
      } else {
        errors.push_back(error);
      }
    }
  }
  std::sort(c.rules_.begin(), c.rules_.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return c;
}

}  // namespace vl
