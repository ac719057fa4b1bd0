// What a scan reports, when it reports less than it links: every selection parses and links the whole
// scan, so cross-file and cross-unit checks (a private endpoint in another file, a role assignment at
// group scope) see everything, and then keeps the findings and vault verdicts of part of it.
//
// - A shard (--shard I/N): the deployment units whose stable hash (of UnitInfo::identity, the entry's
//   path in its repository) falls in shard I of N; a file diagnostic with no unit by the hash of its
//   path. The shards of one scan are disjoint and their union is the whole scan, so a monorepo fans out
//   over a CI matrix.
// - Files (--link-repo FILE...: pre-commit): the findings about those files. A finding is about a file
//   when it points into it, a related location does, or the file is part of the finding's deployment
//   unit (its entry, a module or linked template it read, a parameter file or tfvars of its variants, a
//   .tf file of its root module; for a finding merged across units, any of them), so a change to a
//   parameter file reports the template's findings. A shard reports a merged finding with its first unit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "scan/scan.h"

namespace vl::scan {

struct Shard {
  std::uint32_t index = 1;  // 1-based
  std::uint32_t count = 1;
};

// "2/4" -> {2, 4}; nullopt when it is not I/N with 1 <= I <= N.
std::optional<Shard> parse_shard(const std::string& text);

// The shard (1-based) a key falls in: FNV-1a 64 of the key, modulo N. Stable across runs and machines.
std::uint32_t shard_of(const std::string& key, std::uint32_t count);

void keep_shard(ScanResult& result, Shard shard);
void keep_files(ScanResult& result, const std::set<std::filesystem::path>& files);

}  // namespace vl::scan
