#include "scan/selection.h"

#include <charconv>

#include "source/discovery.h"
#include "source/text.h"

namespace vl::scan {

namespace fs = std::filesystem;

namespace {

// A KV001 sets the exit code; when a selection leaves out the file it is about, it no longer does.
void recount_parse_errors(ScanResult& result, bool had_kv001_findings) {
  if (!had_kv001_findings) return;  // KV001 was switched off: keep what the scan decided
  bool any = false;
  for (const Finding& f : result.findings) any = any || (f.rule && f.rule->id == "KV001");
  result.parse_errors = any;
}

bool has_kv001(const ScanResult& result) {
  for (const Finding& f : result.findings) {
    if (f.rule && f.rule->id == "KV001") return true;
  }
  return false;
}

template <typename KeepFinding, typename KeepUnit>
void keep(ScanResult& result, KeepFinding&& keep_finding, KeepUnit&& keep_unit) {
  bool had = has_kv001(result);
  std::erase_if(result.findings, [&](const Finding& f) { return !keep_finding(f); });
  std::erase_if(result.vaults, [&](const VaultSummary& v) { return !keep_unit(v.unit); });
  recount_parse_errors(result, had);
}

}  // namespace

std::optional<Shard> parse_shard(const std::string& text) {
  std::size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  Shard s;
  auto parse = [](std::string_view part, std::uint32_t& into) {
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), into);
    return ec == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  std::string_view view(text);
  if (!parse(view.substr(0, slash), s.index) || !parse(view.substr(slash + 1), s.count)) return std::nullopt;
  if (s.count == 0 || s.index == 0 || s.index > s.count) return std::nullopt;
  return s;
}

std::uint32_t shard_of(const std::string& key, std::uint32_t count) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return static_cast<std::uint32_t>(hash % count) + 1;
}

void keep_shard(ScanResult& result, Shard shard) {
  auto unit_in = [&](std::uint32_t unit) {
    return unit < result.units.size() && shard_of(result.units[unit].identity, shard.count) == shard.index;
  };
  keep(
      result,
      [&](const Finding& f) {
        if (f.unit < result.units.size()) return unit_in(f.unit);
        // No unit: a file diagnostic, by the path as reports show it (the same in every shard).
        std::string path = f.location.valid() ? result.sources->get(f.location.file).display() : std::string();
        return shard_of(path, shard.count) == shard.index;
      },
      unit_in);
}

void keep_files(ScanResult& result, const std::set<fs::path>& requested) {
  const SourceSet& sources = *result.sources;
  // Compared with symbolic links resolved: the scan root may be spelled otherwise than the files given.
  auto canonical = [](const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(p, ec);
    return ec ? p : c;
  };
  std::set<fs::path> files;
  for (const fs::path& f : requested) files.insert(canonical(f));
  auto given = [&](const fs::path& path) {
    fs::path p = canonical(path);
    for (const fs::path& f : files) {
      if (p == f) return true;
      fs::path rel = p.lexically_relative(f);  // a folder named: everything under it
      if (!rel.empty() && *rel.begin() != ".." && rel != ".") return true;
    }
    return false;
  };
  std::vector<bool> is_named(sources.size(), false);
  std::set<std::string> named_display;
  std::set<fs::path> named_dirs;
  for (FileId id = 0; id < sources.size(); ++id) {
    if (!given(sources.get(id).path())) continue;
    is_named[id] = true;
    named_display.insert(sources.get(id).display());
    named_dirs.insert(sources.get(id).path().parent_path());
  }
  auto named = [&](FileId id) { return id != kNoFile && id < is_named.size() && is_named[id]; };

  // Which units a named file belongs to.
  std::vector<bool> touched(result.units.size(), false);
  for (std::size_t u = 0; u < result.units.size(); ++u) {
    const UnitInfo& unit = result.units[u];
    bool hit = false;
    for (FileId f : unit.files) hit = hit || named(f);
    // Variants are shown as paths (a Terraform variant lists its tfvars files, comma-separated).
    for (const std::string& v : unit.variants) {
      for (std::string part : split(v, ',')) {
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        hit = hit || named_display.count(part) > 0;
      }
    }
    // A Terraform root module is its folder: a named .tf or .tfvars file beside the entry belongs to it.
    FileKind kind;
    if (!hit && unit.entry != kNoFile && classify_file_name(sources.get(unit.entry).path(), kind) &&
        (kind == FileKind::Terraform || kind == FileKind::TerraformJson)) {
      hit = named_dirs.count(sources.get(unit.entry).path().parent_path()) > 0;
    }
    touched[u] = hit;
  }
  auto unit_touched = [&](std::uint32_t unit) { return unit < touched.size() && touched[unit]; };
  std::set<std::string> touched_identities;  // a finding merged across units names them all (Finding::units)
  for (std::size_t u = 0; u < touched.size(); ++u) {
    if (touched[u]) touched_identities.insert(result.units[u].identity);
  }
  keep(
      result,
      [&](const Finding& f) {
        if (named(f.location.file) || unit_touched(f.unit)) return true;
        for (const std::string& unit : f.units) {
          if (touched_identities.count(unit)) return true;
        }
        for (const RelatedLocation& r : f.related) {
          if (named(r.span.file)) return true;
        }
        return false;
      },
      unit_touched);
}

}  // namespace vl::scan
