// `vaultlint lsp`: the language server (lsp/), configured as a scan is: the configuration file found
// upward from the workspace folder (or --config), the command line's scan flags winning over it.
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/setup.h"
#include "lsp/server.h"

namespace vl::cli {

namespace {

// The scan options and rules for the workspace folders; a broken configuration file is reported and
// the defaults are used instead, so the editor still gets diagnostics.
lsp::Workspace configure(const Options& given, const std::vector<std::filesystem::path>& roots) {
  lsp::Workspace out;
  auto attempt = [&](Options o) -> bool {
    o.paths.clear();
    for (const auto& r : roots) o.paths.push_back(r.string());
    Setup setup;
    std::ostringstream errors;
    std::streambuf* saved = std::cerr.rdbuf(errors.rdbuf());
    int code = load_setup(o, setup);
    if (code == kExitClean) code = build_scan_options(o, setup);
    std::cerr.rdbuf(saved);
    if (code != kExitClean) {
      std::string text = errors.str();
      while (!text.empty() && text.back() == '\n') text.pop_back();
      out.problems.push_back(text.empty() ? "the configuration could not be loaded" : text);
      return false;
    }
    out.options = std::move(setup.scan);
    out.catalogue = std::make_shared<const Catalogue>(std::move(*setup.catalogue));
    return true;
  };
  if (attempt(given)) return out;
  Options fallback;
  fallback.ignore_config = true;
  if (attempt(fallback)) {
    out.problems.back() += " (scanning with the default configuration)";
    return out;
  }
  throw std::runtime_error(out.problems.back());
}

}  // namespace

int run_lsp_command(const Options& o) {
  lsp::ServerOptions options;
  options.version = VAULTLINT_VERSION;
  options.configure = [o](const std::vector<std::filesystem::path>& roots) { return configure(o, roots); };
  return lsp::serve(std::cin, std::cout, std::move(options));
}

}  // namespace vl::cli
