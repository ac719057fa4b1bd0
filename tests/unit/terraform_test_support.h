// Helpers for the Terraform frontend's tests: HCL text parsed and evaluated in memory, and root modules
// lowered from in-memory files (seeded into the config cache under a folder that does not exist, so no
// test reads the disk).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "frontends/terraform/evaluation/evaluator.h"
#include "frontends/terraform/hcl/hcl_json.h"
#include "frontends/terraform/hcl/hcl_parser.h"
#include "frontends/terraform/terraform_frontend.h"
#include "frontends/terraform/evaluation/types.h"
#include "policy/catalogue.h"

namespace tftest {

inline const vl::tf::Mapping& mapping() {
  static const std::shared_ptr<const vl::tf::Mapping> m = [] {
    std::string error;
    return vl::tf::load_mapping(vl::embedded_policy_files("data/azurerm/"), vl::embedded_policy_file("data/roles.yaml"), error);
  }();
  return *m;
}

// Evaluates one expression with no scope (functions, operators, for expressions, templates).
struct Eval {
  vl::SourceSet sources;
  vl::tf::EvalShared shared;
  std::vector<vl::tf::ExprPtr> keep;

  vl::Value operator()(const std::string& text) {
    std::string error;
    vl::FileId id = sources.add(std::make_unique<vl::SourceFile>("expr.tf", "/nonexistent/expr.tf", "x = " + text + "\n"));
    vl::tf::ParsedFile f = vl::tf::parse_hcl_file(id, sources.get(id).text());
    if (!f.ok || f.body.attributes.empty()) return vl::Value::unknown("parse error");
    keep.push_back(std::move(f.body.attributes[0].value));
    vl::tf::TfEvaluator ev(nullptr, shared);
    return ev.eval(*keep.back());
  }
};

// A root module (and its local modules) from in-memory files, lowered once.
class Config {
 public:
  static constexpr const char* kRoot = "/nonexistent-vaultlint-test";

  // `dir` is relative to the root ("" for the root module itself); `name` ends in .tf or .tf.json.
  Config& file(const std::string& dir, const std::string& name, const std::string& text) {
    files_[dir].emplace_back(name, text);
    return *this;
  }
  Config& var(const std::string& name, vl::Value v, bool command_line = false) {
    inputs_[name] = vl::tf::RootVariable{std::move(v), command_line};
    return *this;
  }
  Config& tfvars(const std::string& text) {
    vl::FileId id = sources_.add(std::make_unique<vl::SourceFile>("terraform.tfvars", std::string(kRoot) + "/terraform.tfvars", text));
    vl::tf::ParsedFile f = vl::tf::parse_hcl_file(id, sources_.get(id).text());
    vl::tf::read_tfvars(f, inputs_);
    return *this;
  }

  vl::LoweredUnit lower() {
    loader_ = std::make_unique<vl::SourceLoader>(sources_, kRoot, 1 << 20);
    cache_ = std::make_unique<vl::tf::ConfigCache>(*loader_);
    for (auto& [dir, list] : files_) {
      std::vector<std::shared_ptr<const vl::tf::ParsedFile>> parsed;
      for (auto& [name, text] : list) {
        std::string path = std::string(kRoot) + (dir.empty() ? "" : "/" + dir) + "/" + name;
        vl::FileId id = sources_.add(std::make_unique<vl::SourceFile>(name, path, text));
        bool json = name.size() > 5 && name.substr(name.size() - 5) == ".json";
        parsed.push_back(std::make_shared<vl::tf::ParsedFile>(json ? vl::tf::parse_tf_json(id, sources_.get(id).text(), false)
                                                                   : vl::tf::parse_hcl_file(id, sources_.get(id).text())));
      }
      cache_->seed_module(std::filesystem::path(kRoot) / dir, std::move(parsed));
    }
    vl::tf::LowerRequest request{kRoot, inputs_, 0, 0, *cache_, mapping()};
    return vl::tf::lower_root_module(request);
  }

  const vl::SourceSet& sources() const { return sources_; }
  // The text a span covers, for checking where values and findings point.
  std::string text(vl::Span s) const {
    if (!s.valid()) return "";
    return sources_.get(s.file).text().substr(s.begin, s.end - s.begin);
  }

 private:
  vl::SourceSet sources_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> files_;
  vl::tf::RootInputs inputs_;
  std::unique_ptr<vl::SourceLoader> loader_;
  std::unique_ptr<vl::tf::ConfigCache> cache_;
};

inline const vl::Resource* find(const vl::LoweredUnit& u, const std::string& symbolic) {
  for (const vl::Resource& r : u.resources) {
    if (r.symbolic_name == symbolic) return &r;
  }
  return nullptr;
}

// The value at a dotted path of a resource body ("properties.networkAcls.defaultAction").
inline vl::Value at(const vl::Resource& r, const std::string& path) {
  vl::Value v = r.body;
  for (const std::string& seg : vl::split(path, '.')) v = v.as_object().get(seg);
  return v;
}

inline const vl::Member* member_at(const vl::Resource& r, const std::string& path) {
  const vl::Member* m = nullptr;
  vl::Value v = r.body;
  for (const std::string& seg : vl::split(path, '.')) {
    m = v.as_object().find_member(seg);
    if (!m) return nullptr;
    v = m->value;
  }
  return m;
}

}  // namespace tftest
