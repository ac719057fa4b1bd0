#include "lsp/jsonrpc.h"

#include <cctype>

namespace vl::lsp {

namespace {

// One header line without its line end; false at the end of the stream. Lines are bounded: a header
// line longer than 8 KiB is read to its end and cut.
bool read_line(std::istream& in, std::string& line) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  while (true) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) return any;
    any = true;
    if (c == '\n') break;
    if (line.size() < 8192) line.push_back(static_cast<char>(c));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

Frame MessageReader::next() {
  Frame out;
  std::string line;
  std::size_t length = 0;
  bool has_length = false;
  std::string problem;
  bool any_header = false;
  while (true) {
    if (!read_line(in_, line)) return Frame{};  // the end, inside a header block or between messages
    if (line.empty()) {
      if (!any_header) continue;  // blank lines between messages
      break;
    }
    any_header = true;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) {
      problem = "a header line without a colon";
      continue;
    }
    std::string name = lower(trim(line.substr(0, colon)));
    std::string value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      bool digits = !value.empty() && value.size() <= 15;
      for (char c : value) digits = digits && std::isdigit(static_cast<unsigned char>(c));
      if (!digits) {
        problem = "Content-Length is not a number: '" + value.substr(0, 40) + "'";
        has_length = false;
        continue;
      }
      length = std::stoull(value);
      has_length = true;
    }
  }
  if (!has_length) {
    out.kind = Frame::Kind::BadHeader;
    out.error = problem.empty() ? "the header has no Content-Length" : problem;
    return out;
  }
  const std::size_t size = length;
  std::streambuf* buf = in_.rdbuf();
  if (size > max_body_) {
    // Read past the body without keeping it, so the next message is found.
    std::size_t left = size;
    char scratch[65536];
    while (left > 0) {
      std::streamsize got = buf->sgetn(scratch, static_cast<std::streamsize>(std::min(left, sizeof scratch)));
      if (got <= 0) return Frame{};
      left -= static_cast<std::size_t>(got);
    }
    out.kind = Frame::Kind::TooLarge;
    out.error = "the message is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(max_body_);
    return out;
  }
  out.body.resize(size);
  std::size_t have = 0;
  while (have < size) {
    std::streamsize got = buf->sgetn(out.body.data() + have, static_cast<std::streamsize>(size - have));
    if (got <= 0) return Frame{};  // truncated: the stream ended
    have += static_cast<std::size_t>(got);
  }
  out.kind = Frame::Kind::Message;
  return out;
}

void write_message(std::ostream& out, const json& message) {
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

Envelope classify(const json& message) {
  Envelope e;
  if (!message.is_object()) {
    e.error = "a message must be a JSON object";
    return e;
  }
  auto id = message.find("id");
  bool has_id = id != message.end();
  bool usable_id = has_id && (id->is_string() || id->is_number_integer() || id->is_number_unsigned() || id->is_null());
  if (usable_id) e.id = *id;
  auto version = message.find("jsonrpc");
  if (version == message.end() || !version->is_string() || *version != "2.0") {
    e.error = "\"jsonrpc\" must be \"2.0\"";
    return e;
  }
  auto method = message.find("method");
  if (method == message.end()) {
    if (has_id && (message.contains("result") || message.contains("error"))) {
      e.kind = Envelope::Kind::Response;
      return e;
    }
    e.error = "a request needs a \"method\"";
    return e;
  }
  if (!method->is_string()) {
    e.error = "\"method\" must be a string";
    return e;
  }
  if (has_id && !usable_id) {
    e.error = "\"id\" must be a string, an integer or null";
    return e;
  }
  auto params = message.find("params");
  if (params != message.end() && !params->is_null()) {  // null: as good as absent (clients send it)
    if (!params->is_object() && !params->is_array()) {
      e.error = "\"params\" must be an object or an array";
      return e;
    }
    e.params = *params;
  }
  e.method = method->get<std::string>();
  e.kind = has_id ? Envelope::Kind::Request : Envelope::Kind::Notification;
  return e;
}

json response(const json& id, json result) {
  json r;
  r["jsonrpc"] = "2.0";
  r["id"] = id;
  r["result"] = std::move(result);
  return r;
}

json error_response(const json& id, int code, const std::string& message) {
  json r;
  r["jsonrpc"] = "2.0";
  r["id"] = id;
  r["error"] = {{"code", code}, {"message", message}};
  return r;
}

json notification(const std::string& method, json params) {
  json r;
  r["jsonrpc"] = "2.0";
  r["method"] = method;
  r["params"] = std::move(params);
  return r;
}

}  // namespace vl::lsp
