// JSON-RPC 2.0 over a byte stream with the Language Server Protocol's framing: each message is a header
// block (`Content-Length: N`, optionally `Content-Type`, each line ended by CRLF; a bare LF is accepted)
// and an empty line, then N bytes of UTF-8 JSON. The reader never throws and never gives up on a bad
// message: a header block without a usable length, or a body over the limit, is reported and skipped,
// and the next message is read as if nothing happened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

namespace vl::lsp {

using json = nlohmann::ordered_json;

// JSON-RPC and LSP error codes.
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
  kServerNotInitialized = -32002,
  kRequestFailed = -32803,
};

struct Frame {
  enum class Kind { Message, BadHeader, TooLarge, End };
  Kind kind = Kind::End;
  std::string body;   // Message: the JSON text
  std::string error;  // BadHeader / TooLarge: what was wrong
};

// Reads framed messages from a stream.
class MessageReader {
 public:
  explicit MessageReader(std::istream& in, std::size_t max_body = 256u << 20) : in_(in), max_body_(max_body) {}
  // The next frame; End at the end of the stream (also inside a truncated message).
  Frame next();

 private:
  std::istream& in_;
  std::size_t max_body_;
};

// Writes one message with its header.
void write_message(std::ostream& out, const json& message);

// What a parsed message is.
struct Envelope {
  enum class Kind { Request, Notification, Response, Invalid };
  Kind kind = Kind::Invalid;
  json id;             // Request / Response (and Invalid, when it had a usable id); null otherwise
  std::string method;  // Request / Notification
  json params;         // Request / Notification: the params (null when absent)
  std::string error;   // Invalid: why
};

// Classifies one parsed JSON value as JSON-RPC 2.0 says: an object with "jsonrpc": "2.0"; a request has a
// string method and an id that is a string, a number or null; a notification has no id; a response has a
// result or an error and no method.
Envelope classify(const json& message);

json response(const json& id, json result);
json error_response(const json& id, int code, const std::string& message);
json notification(const std::string& method, json params);

}  // namespace vl::lsp
