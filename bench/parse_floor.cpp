// The parse-only floor of one format: read every file of that format under a folder and parse it (ARM and
// .tf.json with the JSON reader, Bicep with its parser, HCL with tree-sitter), with N threads, nothing
// else. bench/run.py compares a full scan of the same files with this, as issue 23 asks.
//
// Usage: vaultlint_parse_floor arm|bicep|terraform DIR [JOBS]
// Prints: "<format> <files> files <bytes> bytes <seconds> s <errors> with errors".
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "frontends/bicep/parser.h"
#include "frontends/terraform/hcl/hcl_json.h"
#include "frontends/terraform/hcl/hcl_parser.h"
#include "graph/json_value.h"

namespace fs = std::filesystem;

namespace {

enum class Format { Arm, Bicep, Terraform };

bool wanted(Format f, const std::string& name) {
  switch (f) {
    case Format::Arm:
      return name.ends_with(".json") && !name.ends_with(".tf.json") && !name.ends_with(".tfvars.json");
    case Format::Bicep:
      return name.ends_with(".bicep") || name.ends_with(".bicepparam");
    case Format::Terraform:
      return name.ends_with(".tf") || name.ends_with(".tf.json") || name.ends_with(".tfvars") ||
             name.ends_with(".tfvars.json");
  }
  return false;
}

// Reads and parses one file; true when it parsed without an error.
bool parse_one(Format f, const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const std::string name = path.filename().string();
  switch (f) {
    case Format::Arm:
      return vl::parse_json_document(0, text).result.ok;
    case Format::Bicep: {
      auto tree = vl::bicep::parse(text, name.ends_with(".bicepparam"));
      return tree && tree->errors.empty();
    }
    case Format::Terraform: {
      bool json = name.ends_with(".json");
      vl::tf::ParsedFile parsed = json ? vl::tf::parse_tf_json(0, text, name.ends_with(".tfvars.json")) : vl::tf::parse_hcl_file(0, text);
      return parsed.ok;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s arm|bicep|terraform DIR [JOBS]\n", argv[0]);
    return 2;
  }
  std::string which = argv[1];
  Format format = which == "arm" ? Format::Arm : which == "bicep" ? Format::Bicep : Format::Terraform;
  unsigned jobs = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 1;
  if (jobs < 1) jobs = 1;

  auto start = std::chrono::steady_clock::now();
  std::vector<fs::path> files;
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(argv[2], fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec || !it->is_regular_file(ec)) continue;
    if (!wanted(format, it->path().filename().string())) continue;
    files.push_back(it->path());
    bytes += it->file_size(ec);
  }
  std::atomic<std::size_t> next{0}, errors{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < jobs; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i; (i = next++) < files.size();) {
        if (!parse_one(format, files[i])) ++errors;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s %zu files %ju bytes %.3f s %zu with errors\n", which.c_str(), files.size(), bytes, seconds,
              errors.load());
  return 0;
}
