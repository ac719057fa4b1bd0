// Fuzzes the Terraform path end to end: the nesting pre-scan, tree-sitter's HCL parse and the conversion
// to the frontend's representation (or the JSON syntax, for input that starts with `{`), evaluation of
// every expression (variables with their types, locals, count, for_each, dynamic blocks, functions), the
// azurerm/azapi mapping, and the policy engine over the resulting graph. The module lives in memory under
// a repository folder that does not exist, so the fuzzer never reads a file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "frontends/terraform/hcl/hcl_json.h"
#include "frontends/terraform/hcl/hcl_parser.h"
#include "frontends/terraform/terraform_frontend.h"
#include "fuzz_support.h"

namespace {

const vl::tf::Mapping& mapping() {
  static const std::shared_ptr<const vl::tf::Mapping> m = [] {
    std::string error;
    return vl::tf::load_mapping(vl::embedded_policy_files("data/azurerm/"), vl::embedded_policy_file("data/roles.yaml"), error);
  }();
  return *m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string root = "/nonexistent-vaultlint-fuzz";
  std::string text(reinterpret_cast<const char*>(data), size);
  vl::SourceSet sources;
  bool json = !text.empty() && text[0] == '{';
  vl::FileId id = sources.add(std::make_unique<vl::SourceFile>(json ? "fuzz.tf.json" : "fuzz.tf", root + (json ? "/fuzz.tf.json" : "/fuzz.tf"), text));
  auto parsed = std::make_shared<vl::tf::ParsedFile>(json ? vl::tf::parse_tf_json(id, sources.get(id).text(), false)
                                                          : vl::tf::parse_hcl_file(id, sources.get(id).text()));
  if (!parsed->ok) return 0;

  vl::SourceLoader loader(sources, root, 1 << 20);
  vl::tf::ConfigCache cache(loader);
  cache.seed_module(root, {parsed});
  // The same text as variable values too, so tfvars reading and type conversion run on it.
  vl::tf::RootInputs inputs;
  vl::tf::read_tfvars(*parsed, inputs);
  vl::tf::LowerRequest request{root, inputs, 0, 0, cache, mapping()};
  request.work_budget = 200'000;
  vl::LoweredUnit lowered = vl::tf::lower_root_module(request);

  vl::fuzz::check(lowered);
  return 0;
}
