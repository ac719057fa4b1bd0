// Encoding functions: base64, base64ToJson, base64ToString, dataUri, dataUriToString, uri, uriComponent,
// uriComponentToString: base64 as .NET reads and writes it (source/bytes.h), percent-encoding, and
// relative URIs resolved as RFC 3986 says. [src: learn.microsoft.com template-functions-string,
// ms.date 08/01/2025]
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "eval/functions/function_support.h"
#include "eval/functions/json_text.h"
#include "source/bytes.h"

namespace vl {

namespace {

// ---- percent-encoding ------------------------------------------------------------------------------

// %XX sequences decoded (invalid ones kept as written), the bytes read as UTF-8.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return sanitize_utf8(out);
}

Value base64_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  return c.string(base64_encode(*s));
}

// The decoded bytes read as UTF-8; invalid sequences become U+FFFD, as .NET's decoder makes them.
Value base64_to_string_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  auto bytes = base64_decode_strict(*s);
  if (!bytes) return c.fail("the text is not valid base64");
  return c.string(sanitize_utf8(*bytes));
}

Value base64_to_json_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  auto bytes = base64_decode_strict(*s);
  if (!bytes) return c.fail("the text is not valid base64");
  return fn::parse_json_text(c, sanitize_utf8(*bytes));
}

// dataUri('Hello') is 'data:text/plain;charset=utf8;base64,SGVsbG8='. [src: template-functions-string#datauri]
Value data_uri_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  return c.string("data:text/plain;charset=utf8;base64," + base64_encode(*s));
}

// data:[<media type>][;base64],<data>. The data is read as UTF-8 whatever charset the URI names.
Value data_uri_to_string_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::size_t comma = s->find(',');
  if (!istarts_with(*s, "data:") || comma == std::string::npos) return c.fail("'" + *s + "' is not a data URI");
  std::string_view meta = std::string_view(*s).substr(5, comma - 5);
  std::string_view data = std::string_view(*s).substr(comma + 1);
  if (iends_with(meta, ";base64")) {
    auto bytes = base64_decode_strict(data);
    if (!bytes) return c.fail("the data URI's base64 data is not valid");
    return c.string(sanitize_utf8(*bytes));
  }
  return c.string(percent_decode(data));
}

// uriComponent: .NET Uri.EscapeDataString, every byte but the unreserved characters percent-encoded.
Value uri_component_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  std::string out;
  for (char ch : *s) {
    auto u = static_cast<unsigned char>(ch);
    bool unreserved = std::isalnum(u) || ch == '-' || ch == '_' || ch == '.' || ch == '~';
    if (unreserved && u < 0x80) {
      out.push_back(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  if (!fn::string_fits(c, out.size())) return fn::string_too_large(c, out.size());
  return c.string(std::move(out));
}

Value uri_component_to_string_fn(ArmCallContext& c) {
  const std::string* s = fn::string_arg(c, 0);
  if (!s) return fn::wrong_type(c, 0, "a string");
  return c.string(percent_decode(*s));
}

// ---- uri -------------------------------------------------------------------------------------------

struct UriParts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

// RFC 3986 appendix B.
UriParts split_uri(std::string_view s) {
  UriParts u;
  std::size_t colon = s.find(':');
  std::size_t first_delim = s.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 && (first_delim == std::string_view::npos || colon < first_delim)) {
    u.scheme = std::string(s.substr(0, colon));
    s.remove_prefix(colon + 1);
  }
  if (s.substr(0, 2) == "//") {
    s.remove_prefix(2);
    std::size_t end = s.find_first_of("/?#");
    u.has_authority = true;
    u.authority = std::string(s.substr(0, end));
    s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  }
  std::size_t hash = s.find('#');
  if (hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  std::size_t q = s.find('?');
  if (q != std::string_view::npos) {
    u.has_query = true;
    u.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  u.path = std::string(s);
  return u;
}

// RFC 3986 section 5.2.4.
std::string remove_dot_segments(std::string input) {
  std::string out;
  std::string_view in(input);
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      std::size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t next = in.find('/', in.front() == '/' ? 1 : 0);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view() : in.substr(next);
    }
  }
  return out;
}

// RFC 3986 section 5.2.2, strict.
UriParts resolve(const UriParts& base, const UriParts& ref) {
  UriParts t;
  if (!ref.scheme.empty()) {
    t = ref;
    t.path = remove_dot_segments(ref.path);
    return t;
  }
  t.scheme = base.scheme;
  t.has_fragment = ref.has_fragment;
  t.fragment = ref.fragment;
  if (ref.has_authority) {
    t.has_authority = true;
    t.authority = ref.authority;
    t.path = remove_dot_segments(ref.path);
    t.has_query = ref.has_query;
    t.query = ref.query;
    return t;
  }
  t.has_authority = base.has_authority;
  t.authority = base.authority;
  if (ref.path.empty()) {
    t.path = base.path;
    t.has_query = ref.has_query || base.has_query;
    t.query = ref.has_query ? ref.query : base.query;
    return t;
  }
  if (ref.path.front() == '/') {
    t.path = remove_dot_segments(ref.path);
  } else {
    std::string merged;
    if (base.has_authority && base.path.empty()) {
      merged = "/" + ref.path;
    } else {
      std::size_t slash = base.path.rfind('/');
      merged = (slash == std::string::npos ? "" : base.path.substr(0, slash + 1)) + ref.path;
    }
    t.path = remove_dot_segments(merged);
  }
  t.has_query = ref.has_query;
  t.query = ref.query;
  return t;
}

// As .NET's Uri writes it: scheme and host lower-cased, the default port dropped, "/" for an empty
// http(s) path.
std::string compose(UriParts u) {
  u.scheme = to_lower(u.scheme);
  std::string out = u.scheme + ":";
  if (u.has_authority) {
    std::size_t at = u.authority.rfind('@');
    std::string userinfo = at == std::string::npos ? "" : u.authority.substr(0, at + 1);
    std::string hostport = at == std::string::npos ? u.authority : u.authority.substr(at + 1);
    std::size_t colon = hostport.rfind(':');
    if (colon != std::string::npos && hostport.find(']', colon) == std::string::npos) {
      std::string port = hostport.substr(colon + 1);
      if ((u.scheme == "http" && port == "80") || (u.scheme == "https" && port == "443") || port.empty()) {
        hostport.erase(colon);
      }
    }
    out += "//" + userinfo + to_lower(hostport);
    if (u.path.empty() && (u.scheme == "http" || u.scheme == "https")) u.path = "/";
  }
  out += u.path;
  if (u.has_query) out += "?" + u.query;
  if (u.has_fragment) out += "#" + u.fragment;
  return out;
}

// uri(base, relative): RFC 3986 resolution, except that a relative path starting with '/' after a base
// ending with '/' keeps the base path ("the trailing slash and the leading slash will be combined into
// one"). [src: template-functions-string#uri]
Value uri_fn(ArmCallContext& c) {
  const std::string* base = fn::string_arg(c, 0);
  const std::string* relative = fn::string_arg(c, 1);
  if (!base) return fn::wrong_type(c, 0, "a string");
  if (!relative) return fn::wrong_type(c, 1, "a string");
  UriParts b = split_uri(*base);
  if (b.scheme.empty()) return c.fail("'" + *base + "' is not an absolute URI");
  std::string_view rel(*relative);
  if (!base->empty() && base->back() == '/' && !rel.empty() && rel.front() == '/') rel.remove_prefix(1);
  return c.string(compose(resolve(b, split_uri(rel))));
}

}  // namespace

void register_encoding_functions(FunctionTable& t) {
  t.add({"base64", 1, 1, false, base64_fn});
  t.add({"base64ToString", 1, 1, false, base64_to_string_fn});
  t.add({"base64ToJson", 1, 1, false, base64_to_json_fn});
  t.add({"dataUri", 1, 1, false, data_uri_fn});
  t.add({"dataUriToString", 1, 1, false, data_uri_to_string_fn});
  t.add({"uri", 2, 2, false, uri_fn});
  t.add({"uriComponent", 1, 1, false, uri_component_fn});
  t.add({"uriComponentToString", 1, 1, false, uri_component_to_string_fn});
}

}  // namespace vl
