#include "cli/baseline.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "source/loader.h"

namespace vl::cli {

namespace fs = std::filesystem;

namespace {
constexpr int kFormat = 1;
}

bool read_baseline(const fs::path& path, std::set<std::string>& fingerprints, std::string& error) {
  std::string shown = SourceLoader::display_path(fs::absolute(path));
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "no such baseline file: " + shown;
    return false;
  }
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array() ||
      doc.value("format", 0) != kFormat) {
    error = shown + " is not a vaultlint baseline (write one with --write-baseline)";
    return false;
  }
  for (const nlohmann::json& f : doc["findings"]) {
    if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
      error = shown + ": every finding needs a string \"fingerprint\"";
      return false;
    }
    fingerprints.insert(f["fingerprint"].get<std::string>());
  }
  return true;
}

bool write_baseline(const fs::path& path, const std::vector<Finding>& findings, const SourceSet& sources,
                    const std::string& version, std::string& error) {
  using ordered_json = nlohmann::ordered_json;
  std::vector<ordered_json> entries;
  for (const Finding& f : findings) {
    if (f.suppressed || !f.rule) continue;
    ordered_json e;
    e["fingerprint"] = f.fingerprint;
    e["rule"] = f.rule->id;
    e["file"] = f.location.valid() ? ordered_json(sources.get(f.location.file).display()) : ordered_json(nullptr);
    e["resource"] = f.resource.empty() ? ordered_json(nullptr) : ordered_json(f.resource);
    e["message"] = f.message;
    entries.push_back(std::move(e));
  }
  // By fingerprint: the file's order does not move when lines do, so its diffs show only real changes.
  std::sort(entries.begin(), entries.end(), [](const ordered_json& a, const ordered_json& b) {
    return a["fingerprint"].get<std::string>() < b["fingerprint"].get<std::string>();
  });
  ordered_json doc;
  doc["format"] = kFormat;
  doc["tool"] = "vaultlint " + version;
  doc["findings"] = entries;
  std::ofstream out(path, std::ios::binary);
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  if (!out) {
    error = "--write-baseline: cannot write " + path.string();
    return false;
  }
  return true;
}

}  // namespace vl::cli
