#include "lsp/server.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "fix/fix.h"
#include "report/escape.h"
#include "source/bytes.h"

namespace vl::lsp {

namespace fs = std::filesystem;

namespace {

// Why a request's params do not fit (answered InvalidParams).
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A request the server does not know (answered MethodNotFound).
struct UnknownMethod : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& member(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string string_member(const json& j, const char* key) {
  const json& v = member(j, key);
  if (!v.is_string()) throw BadParams(std::string("`") + key + "` must be a string");
  return v.get<std::string>();
}

// {"line", "character"} as a byte offset into the file.
std::uint32_t offset_of(const SourceFile& file, const json& position, PositionEncoding encoding) {
  const json& line = member(position, "line");
  const json& character = member(position, "character");
  if (!line.is_number_unsigned() && !line.is_number_integer()) throw BadParams("a position needs a `line`");
  if (!character.is_number_unsigned() && !character.is_number_integer()) throw BadParams("a position needs a `character`");
  auto clamp = [](const json& v) { return static_cast<std::uint32_t>(std::max<std::int64_t>(0, std::min<std::int64_t>(v.get<std::int64_t>(), UINT32_MAX))); };
  return file.offset_of(clamp(line), clamp(character), encoding == PositionEncoding::Utf16);
}

// What a file's diagnostics are, for telling whether they changed (related places by path: a buffer
// read again with the same text is the same place).
std::size_t hash_of(const std::vector<const Finding*>& findings, const SourceSet& sources) {
  std::size_t h = findings.size();
  auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
  std::hash<std::string> text;
  for (const Finding* f : findings) {
    mix(text(f->rule ? f->rule->id : ""));
    mix(f->location.begin);
    mix(f->location.end);
    mix(static_cast<std::size_t>(f->result));
    mix(text(f->message));
    mix(text(f->fix_text()));
    mix(text(f->fingerprint));
    mix(f->fix_sites.size());
    for (const RelatedLocation& r : f->related) {
      mix(r.span.valid() ? text(sources.get(r.span.file).path().string()) : 0);
      mix(r.span.begin);
      mix(text(r.message));
    }
  }
  return h;
}

}  // namespace

std::optional<fs::path> path_of_uri(const std::string& uri) {
  if (uri.rfind("file://", 0) != 0) return std::nullopt;
  std::string rest = uri.substr(7);
  if (rest.rfind("localhost/", 0) == 0) rest = rest.substr(9);
  if (rest.empty() || rest[0] != '/') return std::nullopt;
  std::string decoded;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && hex_digit(rest[i + 1]) >= 0 && hex_digit(rest[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_digit(rest[i + 1]) * 16 + hex_digit(rest[i + 2]));
      i += 2;
    } else if (rest[i] == '?' || rest[i] == '#') {
      break;
    } else {
      decoded += rest[i];
    }
  }
  if (decoded.find('\0') != std::string::npos) return std::nullopt;
  return fs::path(decoded).lexically_normal();
}

Server::Server(ServerOptions options, std::function<void(const json&)> send)
    : options_(std::move(options)), send_(std::move(send)) {}

Server::~Server() = default;

void Server::log(int type, const std::string& message) {
  send_(notification("window/logMessage", {{"type", type}, {"message", message}}));
}

void Server::show(int type, const std::string& message) {
  send_(notification("window/showMessage", {{"type", type}, {"message", message}}));
}

std::string Server::uri_of(const fs::path& path) const {
  auto it = documents_.find(path.string());
  return it != documents_.end() ? it->second.uri : file_uri(path);
}

void Server::handle(const Frame& frame) {
  switch (frame.kind) {
    case Frame::Kind::End:
      return;
    case Frame::Kind::BadHeader:
    case Frame::Kind::TooLarge:
      send_(error_response(nullptr, frame.kind == Frame::Kind::TooLarge ? kInvalidRequest : kParseError, frame.error));
      return;
    case Frame::Kind::Message:
      break;
  }
  json message = json::parse(frame.body, nullptr, false);
  if (message.is_discarded()) {
    send_(error_response(nullptr, kParseError, "the message is not valid JSON"));
    return;
  }
  if (message.is_array()) {
    // A batch (JSON-RPC 2.0): the responses in one array; an empty batch is itself invalid.
    if (message.empty()) {
      send_(error_response(nullptr, kInvalidRequest, "an empty batch"));
      return;
    }
    json responses = json::array();
    for (const json& m : message) {
      if (std::optional<json> r = process(m)) responses.push_back(std::move(*r));
    }
    if (!responses.empty()) send_(responses);
    return;
  }
  if (std::optional<json> r = process(message)) send_(*r);
}

std::optional<json> Server::process(const json& message) {
  Envelope e = classify(message);
  switch (e.kind) {
    case Envelope::Kind::Invalid:
      return error_response(e.id, kInvalidRequest, e.error);
    case Envelope::Kind::Response:
      return std::nullopt;  // the server sends no requests whose answers it waits for
    case Envelope::Kind::Notification:
      try {
        dispatch_notification(e.method, e.params);
      } catch (const std::exception& ex) {
        log(1, "vaultlint: " + e.method + " failed: " + ex.what());
      }
      return std::nullopt;
    case Envelope::Kind::Request:
      break;
  }
  if (shutdown_) return error_response(e.id, kInvalidRequest, "the server is shutting down");
  if (!initialized_ && e.method != "initialize") {
    return error_response(e.id, kServerNotInitialized, "initialize first");
  }
  try {
    return response(e.id, dispatch_request(e.method, e.params));
  } catch (const BadParams& ex) {
    return error_response(e.id, kInvalidParams, ex.what());
  } catch (const nlohmann::json::exception& ex) {
    return error_response(e.id, kInvalidParams, ex.what());
  } catch (const UnknownMethod& ex) {
    return error_response(e.id, kMethodNotFound, ex.what());
  } catch (const std::exception& ex) {
    return error_response(e.id, kInternalError, std::string("vaultlint: ") + ex.what());
  }
}

json Server::dispatch_request(const std::string& method, const json& params) {
  if (method == "initialize") {
    if (initialized_) throw BadParams("initialize was sent twice");
    return initialize(params);
  }
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/codeAction") return code_action(params);
  throw UnknownMethod("no method " + method);
}

void Server::dispatch_notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_) return;  // before initialize, notifications are dropped (LSP)
  if (method == "initialized") {
    dirty_ = true;  // the first scan, published for the documents open by then
    if (watch_files_) {
      json watchers = json::array();
      for (const char* glob : {"**/*.json", "**/*.bicep", "**/*.bicepparam", "**/*.tf", "**/*.tfvars"}) {
        watchers.push_back({{"globPattern", glob}});
      }
      json registration = {{"id", "vaultlint-watched-files"},
                           {"method", "workspace/didChangeWatchedFiles"},
                           {"registerOptions", {{"watchers", std::move(watchers)}}}};
      json request;
      request["jsonrpc"] = "2.0";
      request["id"] = "vaultlint-register-1";
      request["method"] = "client/registerCapability";
      request["params"] = {{"registrations", json::array({std::move(registration)})}};
      send_(request);
    }
  } else if (method == "textDocument/didOpen") {
    did_open(params);
  } else if (method == "textDocument/didChange") {
    did_change(params);
  } else if (method == "textDocument/didClose") {
    did_close(params);
  } else if (method == "textDocument/didSave") {
    // The buffer is what the scan reads while the document is open; but other files may have been
    // written too (a formatter, git): what changed on disk is read again.
    if (session_->refresh_from_disk() > 0) dirty_ = true;
  } else if (method == "workspace/didChangeWatchedFiles") {
    did_change_watched(params);
  }
  // Others ($/cancelRequest, $/setTrace, workspace/didChangeConfiguration, ...): nothing to do.
}

json Server::initialize(const json& params) {
  // Position encoding: UTF-8 when the client offers it (LSP 3.17, or clangd's extension), else UTF-16.
  bool utf8 = false;
  const json& general = member(member(params, "capabilities"), "general");
  for (const json& e : member(general, "positionEncodings")) utf8 = utf8 || (e.is_string() && e == "utf-8");
  const json& offset_encoding = member(member(params, "capabilities"), "offsetEncoding");
  for (const json& e : offset_encoding) utf8 = utf8 || (e.is_string() && e == "utf-8");
  encoding_ = utf8 ? PositionEncoding::Utf8 : PositionEncoding::Utf16;

  std::vector<fs::path> roots;
  for (const json& folder : member(params, "workspaceFolders")) {
    const json& uri = member(folder, "uri");
    if (auto p = uri.is_string() ? path_of_uri(uri.get<std::string>()) : std::nullopt) roots.push_back(*p);
  }
  if (roots.empty() && member(params, "rootUri").is_string()) {
    if (auto p = path_of_uri(member(params, "rootUri").get<std::string>())) roots.push_back(*p);
  }
  if (roots.empty() && member(params, "rootPath").is_string()) roots.emplace_back(member(params, "rootPath").get<std::string>());
  if (roots.empty()) roots.push_back(fs::current_path());

  workspace_ = options_.configure(roots);
  session_ = std::make_unique<ScanSession>(workspace_.options, *workspace_.catalogue, true);
  initialized_ = true;
  for (const std::string& p : workspace_.problems) show(1, "vaultlint: " + p);

  // Files changed outside the editor: the client watches them for us when it can.
  const json& watched = member(member(member(params, "capabilities"), "workspace"), "didChangeWatchedFiles");
  watch_files_ = member(watched, "dynamicRegistration").is_boolean() && member(watched, "dynamicRegistration").get<bool>();

  json capabilities;
  capabilities["positionEncoding"] = utf8 ? "utf-8" : "utf-16";
  capabilities["textDocumentSync"] = {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}};
  capabilities["codeActionProvider"] = {{"codeActionKinds", json::array({"quickfix"})}};
  json result;
  result["capabilities"] = std::move(capabilities);
  result["serverInfo"] = {{"name", "vaultlint"}, {"version", options_.version}};
  if (offset_encoding.is_array()) result["offsetEncoding"] = utf8 ? "utf-8" : "utf-16";
  return result;
}

void Server::did_open(const json& params) {
  const json& doc = member(params, "textDocument");
  std::string uri = string_member(doc, "uri");
  std::optional<fs::path> path = path_of_uri(uri);
  if (!path) return;  // untitled: and other schemes: nothing on disk to scan with
  Document d;
  d.path = *path;
  d.uri = uri;
  d.text = string_member(doc, "text");
  const json& version = member(doc, "version");
  if (version.is_number_integer()) d.version = version.get<std::int64_t>();
  session_->set_buffer(d.path, d.text);
  changed_.insert(d.path.string());
  documents_[d.path.string()] = std::move(d);
  dirty_ = true;
}

void Server::did_change(const json& params) {
  const json& doc = member(params, "textDocument");
  std::optional<fs::path> path = path_of_uri(string_member(doc, "uri"));
  if (!path) return;
  auto it = documents_.find(path->string());
  if (it == documents_.end()) throw BadParams("didChange of a document that is not open");
  Document& d = it->second;
  const json& changes = member(params, "contentChanges");
  if (!changes.is_array()) throw BadParams("`contentChanges` must be an array");
  for (const json& change : changes) {
    const json& range = member(change, "range");
    std::string text = string_member(change, "text");
    if (range.is_null()) {
      d.text = std::move(text);
      continue;
    }
    // A ranged change (the server asks for full ones, but a client may send these).
    SourceFile current(d.path.string(), d.path, d.text);
    std::uint32_t b = offset_of(current, member(range, "start"), encoding_);
    std::uint32_t e = offset_of(current, member(range, "end"), encoding_);
    if (e < b) std::swap(b, e);
    d.text.replace(b, e - b, text);
  }
  const json& version = member(doc, "version");
  if (version.is_number_integer()) d.version = version.get<std::int64_t>();
  session_->set_buffer(d.path, d.text);
  changed_.insert(d.path.string());
  dirty_ = true;
}

void Server::did_close(const json& params) {
  std::optional<fs::path> path = path_of_uri(string_member(member(params, "textDocument"), "uri"));
  if (!path) return;
  if (documents_.erase(path->string()) == 0) return;
  session_->close_buffer(*path);  // the file on disk counts again
  dirty_ = true;
}

void Server::did_change_watched(const json& params) {
  for (const json& change : member(params, "changes")) {
    const json& uri = member(change, "uri");
    std::optional<fs::path> path = uri.is_string() ? path_of_uri(uri.get<std::string>()) : std::nullopt;
    if (!path) continue;
    session_->file_changed(*path);
    const json& type = member(change, "type");
    if (type.is_number_integer() && type.get<int>() != 2) session_->rediscover();  // created or deleted
    dirty_ = true;
  }
}

namespace {

double process_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace

void Server::publish() {
  if (!session_ || !dirty_ || exited_) return;
  auto start = std::chrono::steady_clock::now();
  const double cpu_start = process_cpu_ms();
  dirty_ = false;
  try {
    result_ = &session_->run();
  } catch (const std::exception& e) {
    result_ = nullptr;
    log(1, std::string("vaultlint: the scan failed: ") + e.what());
    return;
  }
  auto scanned = std::chrono::steady_clock::now();
  const ScanResult& r = *result_;
  for (const std::string& e : r.errors) show(1, "vaultlint: " + e);

  // Findings by file, for the files whose findings may have changed (the session says which: those of
  // the groups of units it evaluated again, and the documents that changed), and which of them did.
  const bool everything = session_->changed_everything();
  std::set<std::string> touched = changed_;
  if (!everything) {
    for (FileId id : session_->changed_files()) {
      if (id != kNoFile) touched.insert(r.sources->get(id).path().string());
    }
  }
  std::unordered_map<std::string, std::vector<const Finding*>> by_path;
  for (const Finding& f : r.findings) {
    if (f.suppressed || !f.location.valid() || !f.rule) continue;
    if (!everything && !session_->changed_files().count(f.location.file)) continue;
    by_path[r.sources->get(f.location.file).path().string()].push_back(&f);
  }
  std::set<std::string> to_publish = changed_;
  std::unordered_map<std::string, std::size_t> hashes;
  for (const auto& [path, findings] : by_path) hashes[path] = hash_of(findings, *r.sources);
  if (!scanned_) {
    // The first scan: the open documents. Other files' diagnostics go out when they change.
    for (const auto& [path, d] : documents_) to_publish.insert(path);
  } else {
    for (const auto& [path, h] : hashes) {
      auto it = published_.find(path);
      if (it == published_.end() || it->second != h) to_publish.insert(path);
    }
    // A file that had findings and has none now (among those that may have changed).
    for (const auto& [path, h] : published_) {
      if (!hashes.count(path) && (everything || touched.count(path))) to_publish.insert(path);
    }
  }
  std::size_t count = 0;
  for (const std::string& path : to_publish) {
    json diagnostics = json::array();
    auto found = by_path.find(path);
    if (found != by_path.end()) {
      for (const Finding* f : found->second) diagnostics.push_back(lsp_diagnostic(*f, *r.sources, encoding_));
    }
    json params;
    params["uri"] = uri_of(fs::path(path));
    auto doc = documents_.find(path);
    if (doc != documents_.end()) params["version"] = doc->second.version;
    params["diagnostics"] = std::move(diagnostics);
    send_(notification("textDocument/publishDiagnostics", std::move(params)));
    ++count;
  }
  if (everything) {
    published_ = std::move(hashes);
  } else {
    for (const std::string& path : touched) published_.erase(path);
    for (auto& [path, h] : hashes) published_[path] = h;
  }
  changed_.clear();
  scanned_ = true;
  auto end = std::chrono::steady_clock::now();
  timing_.scan_ms = std::chrono::duration<double, std::milli>(scanned - start).count();
  timing_.total_ms = std::chrono::duration<double, std::milli>(end - start).count();
  timing_.published = count;
  ScanSession::Stats stats = session_->last_stats();
  timing_.cpu_ms = process_cpu_ms() - cpu_start;
  char line[320];
  std::snprintf(line, sizeof line,
                "vaultlint: %.1f ms (%.1f ms CPU): scan %.1f ms (units %.1f, lowering %.1f: %zu lowered, %zu reused; rules "
                "%.1f: %zu of %zu groups; merge %.1f), %zu files published",
                timing_.total_ms, timing_.cpu_ms, timing_.scan_ms, stats.units_ms, stats.lower_ms, stats.lowered, stats.reused,
                stats.rules_ms, stats.groups_evaluated, stats.groups, stats.merge_ms, count);
  log(4, line);
}

json Server::code_action(const json& params) {
  std::optional<fs::path> path = path_of_uri(string_member(member(params, "textDocument"), "uri"));
  json actions = json::array();
  if (!path) return actions;
  const json& only = member(member(params, "context"), "only");
  if (only.is_array()) {
    bool wanted = false;
    for (const json& k : only) wanted = wanted || (k.is_string() && (k == "quickfix" || k == ""));
    if (!wanted) return actions;
  }
  publish();  // the answer is about the text the client has now
  if (!result_) return actions;
  const ScanResult& r = *result_;
  std::set<std::string> fingerprints;
  for (const json& d : member(member(params, "context"), "diagnostics")) {
    const json& fp = member(member(d, "data"), "fingerprint");
    if (fp.is_string()) fingerprints.insert(fp.get<std::string>());
  }
  const json& range = member(params, "range");
  for (const Finding& f : r.findings) {
    if (f.fix_sites.empty() || f.suppressed || !f.location.valid()) continue;
    const SourceFile& file = r.sources->get(f.location.file);
    if (file.path() != *path) continue;
    std::uint32_t b = offset_of(file, member(range, "start"), encoding_);
    std::uint32_t e = offset_of(file, member(range, "end"), encoding_);
    bool touches = f.location.begin <= e && b <= f.location.end;
    if (!touches && !fingerprints.count(f.fingerprint)) continue;
    fix::FixPlan plan = fix::plan({&f}, *r.sources);
    const fix::FixPlan::Item& item = plan.items.front();
    if (item.edits.empty()) continue;
    json changes = json::object();
    for (const fix::TextEdit& edit : item.edits) {
      const SourceFile& target = r.sources->get(edit.file);
      changes[uri_of(target.path())].push_back(
          {{"range", lsp_range(target, Span{edit.file, edit.begin, edit.end}, encoding_)}, {"newText", edit.text}});
    }
    json action;
    action["title"] = "Fix " + f.rule->id + ": " + item.title;
    action["kind"] = "quickfix";
    action["diagnostics"] = json::array({lsp_diagnostic(f, *r.sources, encoding_)});
    action["isPreferred"] = true;
    action["edit"] = {{"changes", std::move(changes)}};
    actions.push_back(std::move(action));
  }
  return actions;
}

int serve(std::istream& in, std::ostream& out, ServerOptions options) {
  // A reader thread frames the input; the main thread handles what waits and, when nothing more does,
  // scans and publishes once (keystrokes that arrive together are one scan). The queue outlives this
  // function: after `exit` the reader may still be blocked on input, and is left to the process's end.
  struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<Frame> frames;
    bool ended = false;
  };
  auto queue = std::make_shared<Queue>();
  std::thread reader([queue, &in] {
    MessageReader frames(in);
    while (true) {
      Frame f = frames.next();
      std::lock_guard<std::mutex> lock(queue->mutex);
      if (f.kind == Frame::Kind::End) {
        queue->ended = true;
        queue->ready.notify_one();
        return;
      }
      queue->frames.push_back(std::move(f));
      queue->ready.notify_one();
    }
  });
  reader.detach();
  Server server(std::move(options), [&out](const json& m) { write_message(out, m); });
  auto last_resort = [&out](const char* what) {
    try {
      write_message(out, notification("window/logMessage", {{"type", 1}, {"message", std::string("vaultlint: ") + what}}));
    } catch (...) {
    }
  };
  while (!server.exited()) {
    Frame frame;
    {
      std::unique_lock<std::mutex> lock(queue->mutex);
      queue->ready.wait(lock, [&] { return !queue->frames.empty() || queue->ended; });
      if (queue->frames.empty()) break;
      frame = std::move(queue->frames.front());
      queue->frames.pop_front();
    }
    try {
      server.handle(frame);
    } catch (const std::exception& e) {
      last_resort(e.what());  // handle() answers what it can: this is a last resort, and the server goes on
    }
    if (server.exited()) break;
    bool more;
    {
      std::lock_guard<std::mutex> lock(queue->mutex);
      more = !queue->frames.empty();
    }
    if (!more) {
      try {
        server.publish();
      } catch (const std::exception& e) {
        last_resort(e.what());
      }
    }
  }
  return server.exit_code();
}

}  // namespace vl::lsp
