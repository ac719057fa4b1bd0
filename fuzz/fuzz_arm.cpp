// Fuzzes the ARM path end to end: the lenient JSON reader, template classification, evaluation of every
// expression the template holds (parameters, variables, copy loops, nested deployments), and the policy
// engine over the resulting graph. Linked templates resolve inside a repository folder that does not
// exist, so the fuzzer never reads a file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "frontends/arm/arm_frontend.h"
#include "graph/json_value.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  vl::SourceSet sources;
  vl::FileId id = sources.add(std::make_unique<vl::SourceFile>("fuzz.json", "/nonexistent-vaultlint-fuzz/fuzz.json", text));
  vl::JsonDocument doc = vl::parse_json_document(id, sources.get(id).text());
  if (!doc.result.ok || vl::arm::classify_json(doc.root) != vl::arm::JsonRole::Template) return 0;

  vl::SourceLoader loader(sources, "/nonexistent-vaultlint-fuzz", 1 << 20);
  vl::arm::LowerRequest request{id, doc.root, {}, 0, 0, loader};
  vl::arm::LowerResult lowered = vl::arm::lower_template(request);

  vl::fuzz::check(lowered);
  return 0;
}
