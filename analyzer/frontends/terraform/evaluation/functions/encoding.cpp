// Encoding functions: jsonencode, jsondecode, base64encode, base64decode, urlencode. jsonencode writes
// what Terraform writes (object keys sorted, <, > and & escaped), so values compare as they would.
#include "frontends/terraform/evaluation/object_util.h"
#include "frontends/terraform/evaluation/functions/function_registry.h"
#include "graph/json_value.h"
#include "source/bytes.h"

#include <cctype>
#include <cstdio>

namespace vl::tf {

std::string json_text(const Value& v, int depth) {
  if (depth > kMaxValueDepth) return "null";
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return v.as_bool() ? "true" : "false";
    case Kind::Int:
    case Kind::Float:
      return number_text(v);
    case Kind::String: {
      std::string out = "\"";
      for (unsigned char c : v.as_string()) {
        switch (c) {
          case '"': out += "\\\""; break;
          case '\\': out += "\\\\"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          case '\t': out += "\\t"; break;
          case '<': out += "\\u003c"; break;
          case '>': out += "\\u003e"; break;
          case '&': out += "\\u0026"; break;
          default:
            if (c < 0x20) {
              char buf[8];
              std::snprintf(buf, sizeof buf, "\\u%04x", c);
              out += buf;
            } else {
              out += static_cast<char>(c);
            }
        }
      }
      return out + "\"";
    }
    case Kind::Array: {
      std::string out = "[";
      bool first = true;
      for (const Value& item : v.as_array()) {
        if (!first) out += ",";
        out += json_text(item, depth + 1);
        first = false;
      }
      return out + "]";
    }
    case Kind::Object: {
      std::string out = "{";
      bool first = true;
      for (const Member* m : sorted_members(v.as_object())) {
        if (!first) out += ",";
        out += json_text(Value::string(m->key), depth + 1) + ":" + json_text(m->value, depth + 1);
        first = false;
      }
      return out + "}";
    }
    default:
      return "null";
  }
}

namespace {

Value fn_jsonencode(std::vector<Value>& a, TfCallContext& ctx) {
  return bounded_string(json_text(a[0]), ctx.at, ctx.shared);
}

Value fn_jsondecode(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  if (!as_text(a[0], s)) return fn_error(ctx, "jsondecode() of a " + type_name(a[0]));
  JsonDocument doc = parse_json_document(kNoFile, s);
  if (!doc.result.ok) return fn_error(ctx, "jsondecode() of invalid JSON: " + doc.result.error);
  return respan(doc.root, ctx.at);
}

Value fn_base64encode(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s;
  if (!as_text(a[0], s)) return fn_error(ctx, "base64encode() of a " + type_name(a[0]));
  return bounded_string(base64_encode(s), ctx.at, ctx.shared);
}

// Read leniently: decoding stops at the first '=', and bits left over at the end are dropped.

Value fn_base64decode(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s, out;
  if (!as_text(a[0], s)) return fn_error(ctx, "base64decode() of a " + type_name(a[0]));
  std::uint32_t buf = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=') break;
    int digit = base64_digit(c);
    if (digit < 0) return fn_error(ctx, "base64decode() of text that is not base64");
    buf = (buf << 6) | static_cast<std::uint32_t>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return bounded_string(std::move(out), ctx.at, ctx.shared);
}

Value fn_urlencode(std::vector<Value>& a, TfCallContext& ctx) {
  std::string s, out;
  if (!as_text(a[0], s)) return fn_error(ctx, "urlencode() of a " + type_name(a[0]));
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return bounded_string(std::move(out), ctx.at, ctx.shared);
}

}  // namespace

void add_encoding_functions(FunctionMap& map) {
  map["jsonencode"] = {fn_jsonencode, 1, 1, true};
  map["jsondecode"] = {fn_jsondecode, 1, 1, true};
  map["base64encode"] = {fn_base64encode, 1, 1, true};
  map["base64decode"] = {fn_base64decode, 1, 1, true};
  map["urlencode"] = {fn_urlencode, 1, 1, true};
}

}  // namespace vl::tf
