// A hidden benchmark of the Bicep lexer and parser, run by bench/bicep_parse.py (not by ctest):
//   VAULTLINT_BICEP_BENCH_DIR=../shared/corpus build/tests/vaultlint_tests "[bicep-parse-bench]"
// Reads every .bicep and .bicepparam file under the folder into memory, then times parsing them all on
// one thread, and prints "parsed N files, E with errors" and the throughput.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontends/bicep/parser.h"
#include "source/source_file.h"

TEST_CASE("bicep parse benchmark over a folder", "[.bicep-parse-bench]") {
  const char* dir = std::getenv("VAULTLINT_BICEP_BENCH_DIR");
  REQUIRE(dir);
  struct File {
    std::filesystem::path path;
    std::string text;
    bool params;
  };
  std::vector<File> files;
  std::size_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    bool params = name.ends_with(".bicepparam");
    if (!params && !name.ends_with(".bicep")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({entry.path(), text.str(), params});
    bytes += files.back().text.size();
  }
  int rounds = std::getenv("VAULTLINT_BENCH_ROUNDS") ? std::atoi(std::getenv("VAULTLINT_BENCH_ROUNDS")) : 3;
  if (rounds < 1) rounds = 1;
  std::size_t with_errors = 0;
  double best = 1e30;
  for (int round = 0; round < rounds; ++round) {
    std::size_t errors = 0;
    auto start = std::chrono::steady_clock::now();
    for (const File& f : files) {
      auto tree = vl::bicep::parse(f.text, f.params);
      if (!tree->errors.empty()) {
        ++errors;
        if (round == 0) {
          vl::SourceFile sf(f.path.string(), f.path, f.text);
          vl::Position at = sf.position(tree->errors[0].begin);
          std::printf("error: %s:%u:%u: %s\n", f.path.string().c_str(), at.line, at.column, tree->errors[0].message.c_str());
        }
      }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, seconds);
    with_errors = errors;
  }
  double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  std::printf("parsed %zu files, %zu with errors\n", files.size(), with_errors);
  std::printf("%.1f MB in %.3f s (best of %d rounds, one thread): %.1f MB/s\n", mb, best, rounds, mb / best);
  std::fflush(stdout);
  SUCCEED();
}
