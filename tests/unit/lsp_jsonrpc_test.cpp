// The language server's JSON-RPC layer: framing, envelope classification, file URIs, LSP positions.
#include <catch2/catch.hpp>

#include <sstream>

#include "lsp/jsonrpc.h"
#include "lsp/server.h"
#include "source/source_file.h"

using namespace vl;
using namespace vl::lsp;

TEST_CASE("jsonrpc: frames are read by Content-Length, with CRLF or LF headers, and bad ones skipped") {
  std::istringstream in("Content-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"
                        "\r\n"  // blank lines between messages are tolerated
                        "content-length:5\n\n[1,2]"
                        "X-Nothing: 1\r\n\r\n"
                        "Content-Length: 99999999999\r\n\r\n"
                        "Content-Length: 10\r\n\r\n{\"a\":");
  MessageReader reader(in, 1000);
  Frame f = reader.next();
  CHECK((f.kind == Frame::Kind::Message && f.body == "{}"));
  f = reader.next();
  CHECK((f.kind == Frame::Kind::Message && f.body == "[1,2]"));
  f = reader.next();
  CHECK(f.kind == Frame::Kind::BadHeader);
  CHECK(f.error == "the header has no Content-Length");
  f = reader.next();
  CHECK(f.kind == Frame::Kind::End);  // the over-long body is read past, and the stream ends inside it
}

TEST_CASE("jsonrpc: a body over the limit is skipped and the next message read") {
  std::istringstream in("Content-Length: 12\r\n\r\n123456789012Content-Length: 2\r\n\r\n{}");
  MessageReader reader(in, 10);
  Frame f = reader.next();
  CHECK(f.kind == Frame::Kind::TooLarge);
  f = reader.next();
  CHECK((f.kind == Frame::Kind::Message && f.body == "{}"));
}

TEST_CASE("jsonrpc: messages are classified as JSON-RPC 2.0 says") {
  auto kind = [](const char* text) { return classify(json::parse(text)).kind; };
  CHECK(kind(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})") == Envelope::Kind::Request);
  CHECK(kind(R"({"jsonrpc":"2.0","id":"a","method":"shutdown"})") == Envelope::Kind::Request);
  CHECK(kind(R"({"jsonrpc":"2.0","id":null,"method":"x","params":null})") == Envelope::Kind::Request);
  CHECK(kind(R"({"jsonrpc":"2.0","method":"exit"})") == Envelope::Kind::Notification);
  CHECK(kind(R"({"jsonrpc":"2.0","id":3,"result":null})") == Envelope::Kind::Response);
  CHECK(kind(R"({"jsonrpc":"1.0","id":1,"method":"x"})") == Envelope::Kind::Invalid);
  CHECK(kind(R"({"jsonrpc":"2.0","id":1.5,"method":"x"})") == Envelope::Kind::Invalid);
  CHECK(kind(R"({"jsonrpc":"2.0","id":1,"method":"x","params":3})") == Envelope::Kind::Invalid);
  CHECK(kind(R"({"jsonrpc":"2.0","id":1})") == Envelope::Kind::Invalid);
  CHECK(kind("[]") == Envelope::Kind::Invalid);
  Envelope e = classify(json::parse(R"({"id":7,"method":"x"})"));
  CHECK(e.id == 7);  // an invalid request with a usable id is answered with it
}

TEST_CASE("jsonrpc: written messages carry their byte length") {
  std::ostringstream out;
  write_message(out, json{{"a", "日本"}});
  CHECK(out.str() == "Content-Length: 14\r\n\r\n{\"a\":\"日本\"}");
}

TEST_CASE("jsonrpc: a header's bytes that are not UTF-8 are echoed in its error as U+FFFD, never a throw") {
  std::istringstream in("Content-Length: \xbb" "2\r\n\r\n[]");
  MessageReader reader(in, 1000);
  Frame f = reader.next();
  REQUIRE(f.kind == Frame::Kind::BadHeader);
  std::ostringstream out;
  Server server(ServerOptions{}, [&out](const json& m) { write_message(out, m); });
  server.handle(f);
  const std::string written = out.str();
  const std::size_t body = written.find("\r\n\r\n");
  REQUIRE(body != std::string::npos);
  json reply = json::parse(written.substr(body + 4));
  CHECK(reply["error"]["code"] == -32700);
  CHECK(reply["error"]["message"].get<std::string>().find("\xEF\xBF\xBD" "2") != std::string::npos);
  CHECK(reply["id"].is_null());
}

TEST_CASE("lsp: file URIs to paths") {
  CHECK(path_of_uri("file:///tmp/a%20b/main.bicep")->string() == "/tmp/a b/main.bicep");
  CHECK(path_of_uri("file://localhost/tmp/x.tf")->string() == "/tmp/x.tf");
  CHECK(path_of_uri("file:///tmp/%E6%97%A5.json")->string() == "/tmp/日.json");
  CHECK_FALSE(path_of_uri("untitled:Untitled-1"));
  CHECK_FALSE(path_of_uri("file:///tmp/%00x"));
}

TEST_CASE("lsp: positions in UTF-16 code units and UTF-8 bytes, both ways") {
  // "a日🔐b\n": a (1 byte, 1 unit), 日 (3 bytes, 1 unit), 🔐 (4 bytes, 2 units), b.
  SourceFile f("x", "/x", "a\xe6\x97\xa5\xf0\x9f\x94\x90" "b\nsecond\n");
  std::uint32_t b = 8;  // the offset of 'b'
  CHECK(f.utf16_position(b).column == 4);
  CHECK(f.utf8_position(b).column == 8);
  CHECK(f.offset_of(0, 4, true) == b);
  CHECK(f.offset_of(0, 8, false) == b);
  CHECK(f.offset_of(0, 3, true) == 4);    // inside the surrogate pair: the code point's start
  CHECK(f.offset_of(0, 100, true) == 9);  // past the line's end: the line's end
  CHECK(f.offset_of(1, 2, true) == 12);
  CHECK(f.offset_of(9, 0, true) == f.text().size());
}
