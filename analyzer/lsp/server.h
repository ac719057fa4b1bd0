// `vaultlint lsp`: the language server. JSON-RPC 2.0 over stdio (lsp/jsonrpc.h); a thin client of
// scan/ (one ScanSession that links apart, so a keystroke re-reads, re-lowers and re-evaluates only what
// it touched), report/ (the same Diagnostics as `--format lsp`) and fix/ (quick fixes).
//
//   initialize      full text sync, code actions, position encoding (utf-16, or utf-8 when the client
//                   offers it: LSP 3.17 general.positionEncodings, or clangd's offsetEncoding)
//   didOpen/didChange/didClose   the buffer is read instead of the file on disk until it is closed
//   didSave         other files may have changed on disk too: those read from it are looked at again
//   workspace/didChangeWatchedFiles   files changed on disk (created or deleted: discover again); the
//                   server asks the client to watch them when it can (client/registerCapability)
//   publishDiagnostics  after the messages waiting have been handled: for each document that changed,
//                   and for every other file whose findings changed (a parameter file changed a
//                   template's finding, a module's caller its input)
//   textDocument/codeAction   quick fixes: the certain edit of each finding at the range
//   shutdown/exit
// Malformed messages get JSON-RPC errors, unknown requests MethodNotFound; an exception in one message is
// answered (InternalError) or logged, and the server goes on.
#pragma once

#include <filesystem>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "lsp/jsonrpc.h"
#include "report/lsp_diagnostic.h"
#include "scan/scan.h"

namespace vl::lsp {

// What the server scans: its options and rules, for the workspace folders the client names (the CLI
// builds it: configuration file, command-line flags).
struct Workspace {
  ScanOptions options;
  std::shared_ptr<const Catalogue> catalogue;
  std::vector<std::string> problems;  // shown to the user (a broken configuration file: defaults are used)
};
using Configure = std::function<Workspace(const std::vector<std::filesystem::path>& roots)>;

struct ServerOptions {
  Configure configure;
  std::string version;
};

class Server {
 public:
  Server(ServerOptions options, std::function<void(const json&)> send);
  ~Server();

  // One framed message, or what was wrong with its framing.
  void handle(const Frame& frame);
  // Scans if documents changed since the last time and publishes the diagnostics that changed.
  void publish();

  bool exited() const { return exited_; }
  // After `exit`: 0 when `shutdown` came first, else 1.
  int exit_code() const { return shutdown_ ? 0 : 1; }
  // Statistics of the last publication, for the log and the benchmark: milliseconds scanning and in
  // all (and the CPU time of it all, which a busy machine does not inflate), the files published.
  struct Timing {
    double scan_ms = 0, total_ms = 0, cpu_ms = 0;
    std::size_t published = 0;
  };
  const Timing& last_timing() const { return timing_; }

 private:
  struct Document {
    std::filesystem::path path;
    std::string uri;  // as the client wrote it
    std::int64_t version = 0;
    std::string text;
  };

  std::optional<json> process(const json& message);
  json dispatch_request(const std::string& method, const json& params);
  void dispatch_notification(const std::string& method, const json& params);
  json initialize(const json& params);
  json code_action(const json& params);
  void did_open(const json& params);
  void did_change(const json& params);
  void did_close(const json& params);
  void did_change_watched(const json& params);
  void log(int type, const std::string& message);
  void show(int type, const std::string& message);
  std::string uri_of(const std::filesystem::path& path) const;

  ServerOptions options_;
  std::function<void(const json&)> send_;
  Workspace workspace_;
  std::unique_ptr<ScanSession> session_;
  const ScanResult* result_ = nullptr;
  PositionEncoding encoding_ = PositionEncoding::Utf16;
  bool initialized_ = false, shutdown_ = false, exited_ = false;
  bool dirty_ = false, scanned_ = false;
  bool watch_files_ = false;  // the client can watch files for the server (dynamic registration)
  std::map<std::string, Document> documents_;      // open documents by path
  std::set<std::string> changed_;                  // paths of documents changed since the last publication
  std::unordered_map<std::string, std::size_t> published_;  // path -> hash of what it last got
  Timing timing_;
};

// Runs the server on the streams until `exit` or the end of the input; returns the process exit code.
int serve(std::istream& in, std::ostream& out, ServerOptions options);

// The path of a file: URI (percent-decoded), or nothing for other schemes.
std::optional<std::filesystem::path> path_of_uri(const std::string& uri);

}  // namespace vl::lsp
