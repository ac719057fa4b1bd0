// Test support for the Bicep frontend: a throw-away project folder (the repository of the test) with
// files written by the test, lowered through the frontend's public entry point.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "eval/functions/function_support.h"
#include "eval/functions/json_text.h"
#include "frontends/bicep/bicep_frontend.h"

namespace vl::test {

class BicepProject {
 public:
  BicepProject() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("vaultlint-bicep-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    loader_ = std::make_unique<SourceLoader>(sources_, dir_, 1 << 20);
  }
  ~BicepProject() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  BicepProject(const BicepProject&) = delete;
  BicepProject& operator=(const BicepProject&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  SourceSet& sources() { return sources_; }
  SourceLoader& loader() { return *loader_; }
  bicep::ParseCache& cache() { return cache_; }

  void write(const std::string& relative, const std::string& text) {
    std::filesystem::path p = dir_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  LoweredUnit lower(const std::string& relative, std::unordered_map<std::string, Value> params = {},
                    std::vector<std::pair<std::string, std::string>> cli = {}, bicep::ArmLowerer arm = nullptr,
                    std::uint64_t budget = 10'000'000) {
    LoadedFile loaded = loader_->load(dir_ / relative);
    REQUIRE(loaded.status == LoadStatus::Ok);
    bicep::LowerRequest request;
    request.file = loaded.id;
    request.parameters = std::move(params);
    request.cli_params = std::move(cli);
    request.loader = loader_.get();
    request.cache = &cache_;
    request.bicep_cache = dir_ / "bicep-cache";
    request.arm = std::move(arm);
    request.work_budget = budget;
    return bicep::lower(request);
  }

  // The line (1-based) of a span.
  std::uint32_t line_of(Span s) { return sources_.get(s.file).position(s.begin).line; }
  std::uint32_t column_of(Span s) { return sources_.get(s.file).position(s.begin).column; }
  std::string file_of(Span s) { return std::filesystem::path(sources_.get(s.file).path()).filename().string(); }

 private:
  std::filesystem::path dir_;
  SourceSet sources_;
  std::unique_ptr<SourceLoader> loader_;
  bicep::ParseCache cache_;
};

// Known values as compact JSON; an unknown as <unknown: reason>.
inline std::string show(const Value& v) {
  if (v.is_unknown()) return "<unknown: " + v.unknown_info().reason + ">";
  if (v.is_absent()) return "<absent>";
  if (const Value* u = v.find_unknown()) return "<unknown inside: " + u->unknown_info().reason + ">";
  return fn::compact_json(v).value_or("<too deep>");
}

inline const Resource* find_resource(const LoweredUnit& u, std::string_view symbolic, std::string_view instance = "") {
  for (const Resource& r : u.resources) {
    if (r.symbolic_name == symbolic && r.instance == instance) return &r;
  }
  return nullptr;
}

inline bool has_diagnostic(const LoweredUnit& u, std::string_view rule, std::string_view fragment) {
  for (const Diagnostic& d : u.diagnostics) {
    if (d.rule == rule && d.message.find(fragment) != std::string::npos) return true;
  }
  return false;
}

}  // namespace vl::test
