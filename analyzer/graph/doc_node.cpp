#include "graph/doc_node.h"

#include <cctype>
#include <limits>
#include <sstream>

#include "graph/json_value.h"

namespace vl {

namespace {

constexpr const char* kBadConversion = "bad conversion";

// yaml-cpp accepts a scalar in one case throughout, or capitalised (`true`, `TRUE`, `True`).
bool flexible_case(const std::string& s) {
  if (s.empty()) return true;
  auto lower = [](char c) { return !std::isalpha(static_cast<unsigned char>(c)) || std::islower(static_cast<unsigned char>(c)); };
  auto upper = [](char c) { return !std::isalpha(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c)); };
  bool first_lower = lower(s[0]);
  bool rest_lower = true, rest_upper = true;
  for (std::size_t i = 1; i < s.size(); ++i) {
    rest_lower = rest_lower && lower(s[i]);
    rest_upper = rest_upper && upper(s[i]);
  }
  return first_lower ? rest_lower : (rest_lower || rest_upper);
}

// What yaml-cpp's stream conversion reads: the whole scalar (trailing white space allowed), in any base.
template <typename T>
bool stream_to(const std::string& input, T& out) {
  std::stringstream stream(input);
  stream.unsetf(std::ios::dec);
  return (stream >> std::noskipws >> out) && (stream >> std::ws).eof();
}

}  // namespace

std::string DocNode::mark_prefix() const {
  if (!marks_) return "";
  const Span s = value_.span();
  std::ostringstream out;
  out << "yaml-cpp: error at line " << s.begin + 1 << ", column " << s.end + 1 << ": ";
  return out.str();
}

void DocNode::bad_conversion() const { throw DocError(mark_prefix() + kBadConversion); }

void DocNode::invalid() const {
  if (invalid_key_.empty()) {
    throw DocError("invalid node; this may result from using a map iterator as a sequence iterator, or vice-versa");
  }
  throw DocError("invalid node; first invalid key: \"" + invalid_key_ + "\"");
}

DocNode DocNode::operator[](std::string_view key) const {
  if (!defined_) invalid();
  if (IsScalar()) throw DocError(mark_prefix() + "operator[] call on a scalar (key: \"" + std::string(key) + "\")");
  if (value_.is_object()) {
    for (const Member& m : value_.as_object().members()) {
      if (m.key == key) return DocNode(m.value, marks_);
    }
  }
  return undefined(std::string(key));
}

std::size_t DocNode::size() const {
  if (!defined_) invalid();
  if (value_.is_array()) return value_.as_array().size();
  if (value_.is_object()) return value_.as_object().size();
  return 0;
}

const std::string& DocNode::Scalar() const {
  static const std::string kEmpty;
  if (!defined_) invalid();
  if (value_.is_bool() || value_.is_int()) return text_;
  return value_.is_string() ? value_.as_string() : kEmpty;
}

template <>
std::string DocNode::as<std::string>() const {
  if (!defined_) invalid();
  if (value_.is_null()) return "null";
  if (value_.is_bool() || value_.is_int()) return text_;
  if (!value_.is_string()) bad_conversion();
  return value_.as_string();
}

template <>
bool DocNode::as<bool>() const {
  if (!defined_) invalid();
  if (value_.is_bool()) return value_.as_bool();
  if (!value_.is_string()) bad_conversion();
  const std::string& s = value_.as_string();
  if (s == "true") return true;  // nearly always
  if (s == "false") return false;
  if (!flexible_case(s)) bad_conversion();
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* const kNames[][2] = {{"y", "n"}, {"yes", "no"}, {"true", "false"}, {"on", "off"}};
  for (const auto& name : kNames) {
    if (lower == name[0]) return true;
    if (lower == name[1]) return false;
  }
  bad_conversion();
}

template <>
int DocNode::as<int>() const {
  if (!defined_) invalid();
  if (value_.is_int()) {
    if (value_.as_int() < std::numeric_limits<int>::min() || value_.as_int() > std::numeric_limits<int>::max()) bad_conversion();
    return static_cast<int>(value_.as_int());
  }
  if (!value_.is_string()) bad_conversion();
  int out = 0;
  if (!stream_to(value_.as_string(), out)) bad_conversion();
  return out;
}

template <>
double DocNode::as<double>() const {
  if (!defined_) invalid();
  if (value_.is_int()) return static_cast<double>(value_.as_int());
  if (!value_.is_string()) bad_conversion();
  const std::string& s = value_.as_string();
  double out = 0;
  if (stream_to(s, out)) return out;
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF") {
    return std::numeric_limits<double>::infinity();
  }
  if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -std::numeric_limits<double>::infinity();
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  bad_conversion();
}

DocItem DocNode::const_iterator::operator*() const {
  DocItem item;
  const Value& v = node_->value_;
  if (v.is_array()) {
    static_cast<DocNode&>(item) = DocNode(v.as_array()[i_], node_->marks_);
  } else {
    const Member& m = v.as_object().members()[i_];
    item.first = DocNode(Value::string(m.key, m.key_span), node_->marks_);
    item.second = DocNode(m.value, node_->marks_);
  }
  return item;
}

DocNode compiled_document(std::string_view json) {
  JsonDocument doc = parse_json_document(kNoFile, json);
  if (!doc.result.ok) return DocNode();
  return DocNode(std::move(doc.root));
}

}  // namespace vl
