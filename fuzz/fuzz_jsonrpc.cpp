// Fuzzes the language server's input path: the Content-Length framing (lsp/jsonrpc.h), JSON parsing,
// envelope classification and the server's dispatch of whatever parses (initialize, documents, code
// actions, shutdown/exit), each frame followed by a publication as the server loop does. The workspace
// root does not exist, so a scan stops at discovery and the fuzzer never reads a file.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_support.h"
#include "lsp/jsonrpc.h"
#include "lsp/server.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  vl::lsp::MessageReader reader(in, 1 << 16);
  vl::lsp::ServerOptions options;
  options.version = "fuzz";
  options.configure = [](const std::vector<std::filesystem::path>&) {
    vl::lsp::Workspace w;
    w.options.paths = {"/nonexistent-vaultlint-fuzz"};
    for (const vl::Rule& r : vl::fuzz::catalogue().rules()) w.options.enabled_rules.insert(r.id);
    w.options.as_of = "2026-11-25";
    w.catalogue = std::shared_ptr<const vl::Catalogue>(&vl::fuzz::catalogue(), [](const vl::Catalogue*) {});
    return w;
  };
  // Written as the server writes to its client (jsonrpc.h: invalid UTF-8 from the input, such as a broken
  // header echoed in an error, goes out replaced).
  std::ostringstream out;
  vl::lsp::Server server(options, [&out](const vl::lsp::json& m) {
    vl::lsp::write_message(out, m);
    if (out.tellp() > (1 << 20)) out.str("");
  });
  for (int frames = 0; frames < 64 && !server.exited(); ++frames) {
    vl::lsp::Frame f = reader.next();
    if (f.kind == vl::lsp::Frame::Kind::End) break;
    (void)vl::lsp::classify(vl::lsp::json::parse(f.body, nullptr, false));
    server.handle(f);
    server.publish();
  }
  return 0;
}
