// Fuzzes the whole scan of a folder: discovery (.gitignore included), every format's unit building
// (ARM parameter files, .bicepparam, tfvars, local modules and linked templates across files), the
// unit and scan budgets, linking and every rule; and checks that the command line's scan (groups apart,
// units evaluated early, findings merged afterwards) reports what one graph of the whole scan reports.
// The input is a folder of generated files:
//
//   === main.bicep
//   module m './mod/m.bicep' = { ... }
//   === mod/m.bicep
//   ...
//
// (a line `=== PATH` starts each file; text before the first such line is main.json). Paths are kept
// inside the folder: letters, digits, `.`, `_`, `-` and `/` only, no `..`, at most 4 levels and 16 files.
// The folder is a fresh one under /dev/shm (or the temporary folder) with a .git of its own, so the
// repository boundary is the folder itself.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "scan/scan.h"

namespace fs = std::filesystem;

namespace {

// What reports show of a result, in its order: findings (rule, place, verdict, fingerprint, message, the
// units, variants and instances merged into each) and vaults. (Vaults' units: the two number them alike.)
std::string describe(const vl::ScanResult& r) {
  std::string out;
  // FileIds follow the order parallel loading read the files in: name them by path.
  auto file = [&](vl::FileId id) { return id == vl::kNoFile ? std::string("-") : r.sources->get(id).display(); };
  for (const vl::Finding& f : r.findings) {
    out += (f.rule ? f.rule->id : "?") + ' ' + file(f.location.file) + ':' + std::to_string(f.location.begin) +
           '-' + std::to_string(f.location.end) + ' ' + std::to_string(static_cast<int>(f.result)) + ' ' + f.fingerprint +
           ' ' + f.message + (f.suppressed ? " suppressed" : "") + " |";
    for (const auto* list : {&f.units, &f.variants, &f.instances}) {
      for (const std::string& s : *list) out += s + ',';
      out += '|';
    }
    out += '\n';
  }
  for (const vl::VaultSummary& v : r.vaults) out += "vault " + v.name + ' ' + std::to_string(v.unit) + '\n';
  return out + std::to_string(r.counts.resources) + (r.parse_errors ? " parse errors" : "");
}

bool safe_path(std::string_view p) {
  if (p.empty() || p.size() > 120 || p.front() == '/') return false;
  int depth = 0;
  std::size_t start = 0;
  while (start <= p.size()) {
    std::size_t end = p.find('/', start);
    if (end == std::string_view::npos) end = p.size();
    std::string_view part = p.substr(start, end - start);
    if (part.empty() || part == "." || part == ".." || part == ".git" || ++depth > 4) return false;
    for (char c : part) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) return false;
    }
    start = end + 1;
  }
  return true;
}

const fs::path& folder() {
  static const fs::path dir = [] {
    fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    return base / ("vaultlint-fuzz-scan-" + std::to_string(::getpid()));
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string, std::string>> files;
  std::string name = "main.json";
  std::string body;
  std::size_t pos = 0;
  auto flush = [&] {
    if (files.size() < 16 && safe_path(name)) files.emplace_back(name, std::move(body));
    body.clear();
  };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (line.starts_with("=== ")) {
      if (!body.empty() || name != "main.json") flush();
      name = std::string(line.substr(4));
      continue;
    }
    body.append(line);
    if (end != std::string_view::npos) body.push_back('\n');
  }
  flush();

  const fs::path& dir = folder();
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir / ".git", ec);
  for (const auto& [path, content] : files) {
    fs::path p = dir / path;
    fs::create_directories(p.parent_path(), ec);
    if (fs::is_directory(p, ec)) continue;  // a file written where a folder is: the folder stays
    std::ofstream(p, std::ios::binary) << content;
  }

  vl::ScanOptions options;
  options.paths = {dir};
  options.as_of = "2026-11-25";
  options.jobs = 2;  // the scan's own threads, as the CLI runs them
  options.bicep_cache = dir / "no-bicep-cache";
  options.max_file_size = 1 << 20;
  for (const vl::Rule& r : vl::fuzz::catalogue().rules()) options.enabled_rules.insert(r.id);
  vl::ScanResult whole = vl::run_scan(options, vl::fuzz::catalogue());
  // The command line's way: groups linked apart, units evaluated as soon as they are lowered (every one
  // that only looks up ids too, lowered again when it joins a group), the findings merged afterwards.
  // Both must report the same.
  options.keep_graph = false;
  options.kept_on_chance_bytes = 0;
  vl::ScanResult apart = vl::run_scan(options, vl::fuzz::catalogue());
  fs::remove_all(dir, ec);
  if (describe(whole) != describe(apart)) __builtin_trap();
  return 0;
}
