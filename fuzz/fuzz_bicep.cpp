// Fuzzes the Bicep path end to end: the lexer and parser (as a .bicep and as a .bicepparam), evaluation
// and lowering of everything the file declares (parameters, variables, loops, lambdas, modules), and the
// policy engine over the resulting graph. The file lives in a repository folder that does not exist, so
// modules, imports and load*Content() never read a file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "frontends/bicep/bicep_frontend.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  vl::SourceSet sources;
  vl::FileId id = sources.add(std::make_unique<vl::SourceFile>("fuzz.bicep", "/nonexistent-vaultlint-fuzz/fuzz.bicep", text));
  vl::FileId params = sources.add(std::make_unique<vl::SourceFile>("fuzz.bicepparam", "/nonexistent-vaultlint-fuzz/fuzz.bicepparam", text));
  vl::SourceLoader loader(sources, "/nonexistent-vaultlint-fuzz", 1 << 20);
  vl::bicep::ParseCache cache;

  // As a .bicepparam: its values.
  auto parsed_params = cache.get(loader, params, true, nullptr);
  vl::bicep::param_file_target(*parsed_params);
  vl::bicep::ParamFileValues values = vl::bicep::evaluate_param_file(parsed_params, loader, cache, 200'000);

  // As a template, with those values.
  vl::bicep::LowerRequest request;
  request.file = id;
  request.parameters = std::move(values.values);
  request.loader = &loader;
  request.cache = &cache;
  request.work_budget = 200'000;
  vl::LoweredUnit lowered = vl::bicep::lower(request);

  vl::fuzz::check(lowered);
  return 0;
}
