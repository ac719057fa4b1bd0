// Build-time: compiles the embedded policy YAML (rules, data tables) to JSON that keeps what yaml-cpp
// reads: maps in order, sequences, every scalar as the text yaml-cpp gives (converted where it is used, as
// yaml-cpp converts it) except a plain `true`, `false` or canonical integer (graph/plain_scalar.h), which a
// fix's value reads typed, null as null. A run then reads the JSON with
// its own reader (graph/doc_node.h) instead of parsing YAML, which took 85% of a one-file scan.
//
// It also writes the rules (the files outside data/) as C++ document tapes (cmake/policy_tapes.cpp), which
// the catalogue reads without parsing.
//
// Usage: vaultlint_policy_json BASE_DIR OUT_DIR TAPES_CPP FILE...   (each FILE under BASE_DIR; OUT_DIR/<same path>)
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "graph/plain_scalar.h"
#include "policy_tapes.h"

namespace fs = std::filesystem;

namespace {

void write_string(std::ostream& out, const std::string& s) {
  out << '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out << "\\\""; break;
      case '\\': out << "\\\\"; break;
      case '\n': out << "\\n"; break;
      case '\r': out << "\\r"; break;
      case '\t': out << "\\t"; break;
      case '\b': out << "\\b"; break;
      case '\f': out << "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out << buf;
        } else {
          out << static_cast<char>(c);
        }
    }
  }
  out << '"';
}

void write(std::ostream& out, const YAML::Node& n, const std::string& where) {
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      if (vl::plain_scalar(n.Scalar(), n.Tag() == "!") == vl::PlainScalar::Text) {
        write_string(out, n.Scalar());
      } else {
        out << n.Scalar();  // true, false or an integer, as JSON writes them
      }
      return;
    case YAML::NodeType::Sequence: {
      out << '[';
      bool first = true;
      for (const YAML::Node& item : n) {
        if (!first) out << ',';
        first = false;
        write(out, item, where);
      }
      out << ']';
      return;
    }
    case YAML::NodeType::Map: {
      out << '{';
      bool first = true;
      for (const auto& kv : n) {
        if (!first) out << ',';
        first = false;
        if (!kv.first.IsScalar() && !kv.first.IsNull()) throw std::runtime_error(where + ": a map key that is not a scalar");
        write_string(out, kv.first.IsNull() ? std::string("null") : kv.first.Scalar());
        out << ':';
        write(out, kv.second, where);
      }
      out << '}';
      return;
    }
    default:
      out << "null";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: vaultlint_policy_json BASE_DIR OUT_DIR TAPES_CPP FILE...\n";
    return 2;
  }
  const fs::path base = argv[1], out_dir = argv[2], tapes = argv[3];
  std::vector<std::pair<std::string, std::string>> rules;
  for (int i = 4; i < argc; ++i) {
    const fs::path file = argv[i];
    try {
      YAML::Node root = YAML::LoadFile(file.string());
      std::ostringstream json;
      write(json, root, file.string());
      const fs::path relative = fs::relative(file, base);
      const fs::path target = out_dir / relative;
      fs::create_directories(target.parent_path());
      std::ofstream(target, std::ios::binary) << json.str();
      // The rules, and the data tables a run reads whole (roles, secrets' patterns), as tapes too: reading
      // the roles' JSON was 0.16 M instructions of a one-file ARM scan. The API versions are read a type
      // at a time from their JSON, and the azurerm mapping reaches its frontend as JSON.
      const std::string name = relative.generic_string();
      if (name.rfind("data/", 0) != 0 || name == "data/roles.yaml" || name == "data/secrets.yaml") {
        rules.emplace_back(name, json.str());
      }
    } catch (const std::exception& e) {
      std::cerr << file.string() << ": " << e.what() << '\n';
      return 1;
    }
  }
  try {
    const std::string source = policy_tapes_source(rules);
    fs::create_directories(tapes.parent_path());
    std::ofstream(tapes, std::ios::binary) << source;
  } catch (const std::exception& e) {
    std::cerr << tapes.string() << ": " << e.what() << '\n';
    return 1;
  }
  return 0;
}
