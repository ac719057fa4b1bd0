#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "scan/stages.h"
#include "source/bytes.h"

namespace vl::scan {

namespace {

Verdict worse(std::optional<Verdict> a, Verdict b) {
  if (!a) return b;
  if (*a == Verdict::Fail || b == Verdict::Fail) return Verdict::Fail;
  if (*a == Verdict::Unresolved || b == Verdict::Unresolved) return Verdict::Unresolved;
  return Verdict::Pass;
}

void fold(ControlVerdict& into, const ControlVerdict& v) {
  if (v.verdict) into.verdict = worse(into.verdict, *v.verdict);
  into.applicable = into.applicable || v.applicable;
}

void add_unique(std::vector<std::string>& list, const std::string& s) {
  if (!s.empty() && std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

}  // namespace

std::vector<Finding> merge_findings(std::vector<Finding> findings, const std::vector<UnitInfo>& units,
                                    const SourceSet& sources) {
  using Key = std::tuple<std::string, FileId, std::uint32_t, std::uint32_t, int>;
  std::map<Key, std::size_t> index;
  // Merged in place: findings[0, n) are the merged ones (one vector of every finding at a time).
  std::size_t n = 0;
  std::vector<bool> all_conditional;
  std::vector<std::vector<std::string>> other_resources;  // loop instances and variants name resources apart
  std::vector<std::vector<std::string>> module_instances;  // module instance + loop instance of each merged one
  std::vector<bool> modules_differ;
  std::vector<bool> fixable;  // every finding merged into it has a certain fix
  auto unit_name = [&](std::uint32_t u) { return u < units.size() ? units[u].identity : std::string(); };
  for (std::size_t i = 0; i < findings.size(); ++i) {
    Finding& f = findings[i];
    Key key{f.rule ? f.rule->id : "", f.location.file, f.location.begin, f.location.end, static_cast<int>(f.result)};
    const std::string variant = f.unit < units.size() && f.variant < units[f.unit].variants.size()
                                    ? units[f.unit].variants[f.variant]
                                    : "";
    auto it = index.find(key);
    if (it == index.end()) {
      index.emplace(key, n);
      add_unique(f.variants, variant);
      add_unique(f.instances, f.instance);
      add_unique(f.units, unit_name(f.unit));
      all_conditional.push_back(f.conditional);
      other_resources.emplace_back();
      module_instances.push_back({f.module + f.instance});
      modules_differ.push_back(false);
      fixable.push_back(!f.fix_sites.empty());
      if (n != i) findings[n] = std::move(f);
      ++n;
      continue;
    }
    Finding& into = findings[it->second];
    add_unique(into.units, unit_name(f.unit));
    add_unique(module_instances[it->second], f.module + f.instance);
    if (f.module != into.module || f.unit != into.unit) modules_differ[it->second] = true;
    // Instances and variants may name the resource differently; say so where the message names it.
    if (f.resource != into.resource && into.message.find(f.resource.substr(f.resource.rfind('/') + 1)) == std::string::npos &&
        into.message.find(into.resource.substr(into.resource.rfind('/') + 1)) != std::string::npos) {
      add_unique(other_resources[it->second], f.resource);
    }
    add_unique(into.variants, variant);
    add_unique(into.instances, f.instance);
    if (!f.conditional) all_conditional[it->second] = false;
    // The fix holds only if it holds for every variant and instance: their sites are all edited.
    if (f.fix_sites.empty()) fixable[it->second] = false;
    for (FixSite& site : f.fix_sites) {
      if (std::find(into.fix_sites.begin(), into.fix_sites.end(), site) == into.fix_sites.end()) {
        into.fix_sites.push_back(std::move(site));
      }
    }
    for (const RelatedLocation& r : f.related) {
      bool seen = false;
      for (const RelatedLocation& have : into.related) seen = seen || have.span == r.span;
      if (!seen) into.related.push_back(r);
    }
    into.redact.insert(into.redact.end(), f.redact.begin(), f.redact.end());  // each variant's secret stays masked
  }
  findings.erase(findings.begin() + static_cast<std::ptrdiff_t>(n), findings.end());
  std::vector<Finding>& merged = findings;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    merged[i].conditional = all_conditional[i];
    if (!fixable[i]) merged[i].fix_sites.clear();
    // Module instances (two calls of one module, or one module several roots use) name the findings apart.
    if (modules_differ[i]) {
      merged[i].instances.clear();
      for (const std::string& m : module_instances[i]) add_unique(merged[i].instances, m);
    }
    if (!other_resources[i].empty()) {
      std::string also;
      for (const std::string& r : other_resources[i]) also += (also.empty() ? "" : ", ") + r.substr(r.rfind('/') + 1);
      merged[i].message += " (also " + also + ")";
    }
    std::sort(merged[i].instances.begin(), merged[i].instances.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;  // [2] before [10]
    });
  }

  auto display = [&](FileId f) { return f == kNoFile ? std::string() : sources.get(f).display(); };
  sort_findings(merged, sources);

  // Fingerprints: rule, unit and the resource's logical identity and property, never line numbers. A
  // collision (two findings about the same thing) gets a counter in sorted order.
  std::map<std::string, int> used;
  for (Finding& f : merged) {
    std::string unit = f.unit < units.size() ? units[f.unit].identity : display(f.location.file);
    // 32 hex digits: the first 16 bytes of the SHA-256.
    std::string base = sha256_hex((f.rule ? f.rule->id : "") + '\x1f' + unit + '\x1f' + f.identity, 32);
    int n = ++used[base];
    f.fingerprint = n == 1 ? base : base + "-" + std::to_string(n);
  }
  return findings;  // moved: `merged` is a name for it
}

std::vector<VaultSummary> merge_vaults(const std::vector<VaultVerdict>& verdicts, const Graph& graph,
                                       const std::vector<UnitInfo>& units, const SourceSet& sources) {
  std::map<std::tuple<std::uint32_t, std::string, std::string>, std::size_t> index;
  std::vector<VaultSummary> out;
  std::vector<std::vector<std::string>> names;  // variants may name the same vault differently
  for (const VaultVerdict& v : verdicts) {
    const Resource& r = graph.resources()[v.resource];
    auto key = std::make_tuple(r.unit, r.logical_id, r.instance);
    auto it = index.find(key);
    if (it == index.end()) {
      VaultSummary s;
      s.type = r.type;
      s.decl = r.decl;
      s.unit = r.unit;
      s.conditional = r.conditional;
      it = index.emplace(key, out.size()).first;
      out.push_back(std::move(s));
      names.emplace_back();
    }
    VaultSummary& s = out[it->second];
    s.resources.push_back(v.resource);
    add_unique(names[it->second], r.name.is_string() ? r.name.as_string()
                                  : r.display_name.empty() ? "(name unknown)" : r.display_name);
    fold(s.rbac, v.rbac);
    fold(s.network, v.network);
    fold(s.recovery, v.recovery);
    if (r.unit < units.size() && r.variant < units[r.unit].variants.size()) add_unique(s.variants, units[r.unit].variants[r.variant]);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const std::string& n : names[i]) out[i].name += (out[i].name.empty() ? "" : ", ") + n;
  }
  sort_vaults(out, sources);
  return out;
}

namespace {

// Each file's name as reports show it, looked up once per file rather than once per comparison.
class DisplayNames {
 public:
  explicit DisplayNames(const SourceSet& sources) : sources_(sources) {}
  const std::string& operator()(FileId f) {
    static const std::string kNone;
    if (f == kNoFile) return kNone;
    auto it = names_.find(f);
    if (it == names_.end()) it = names_.emplace(f, sources_.get(f).display()).first;
    return it->second;
  }

 private:
  const SourceSet& sources_;
  std::unordered_map<FileId, std::string> names_;
};

}  // namespace

void sort_findings(std::vector<Finding>& findings, const SourceSet& sources, std::size_t sorted) {
  DisplayNames display(sources);
  for (const Finding& f : findings) display(f.location.file);  // looked up before sorting: the sort only reads
  auto before = [&](const Finding& a, const Finding& b) {
    const std::string& fa = display(a.location.file);
    const std::string& fb = display(b.location.file);
    if (fa != fb) return fa < fb;
    if (a.location.begin != b.location.begin) return a.location.begin < b.location.begin;
    const std::string& ra = a.rule ? a.rule->id : display(kNoFile);
    const std::string& rb = b.rule ? b.rule->id : display(kNoFile);
    if (ra != rb) return ra < rb;
    if (a.message != b.message) return a.message < b.message;
    if (a.location.end != b.location.end) return a.location.end < b.location.end;
    return static_cast<int>(a.result) < static_cast<int>(b.result);
  };
  sorted = std::min(sorted, findings.size());
  std::stable_sort(findings.begin() + static_cast<std::ptrdiff_t>(sorted), findings.end(), before);
  std::inplace_merge(findings.begin(), findings.begin() + static_cast<std::ptrdiff_t>(sorted), findings.end(), before);
}

// By file and position, whatever order the formats' units were lowered in.
void sort_vaults(std::vector<VaultSummary>& vaults, const SourceSet& sources, std::size_t sorted) {
  DisplayNames display(sources);
  for (const VaultSummary& v : vaults) display(v.decl.valid() ? v.decl.file : kNoFile);
  auto before = [&](const VaultSummary& a, const VaultSummary& b) {
    const std::string& fa = display(a.decl.valid() ? a.decl.file : kNoFile);
    const std::string& fb = display(b.decl.valid() ? b.decl.file : kNoFile);
    return fa != fb ? fa < fb : a.decl.begin < b.decl.begin;
  };
  sorted = std::min(sorted, vaults.size());
  std::stable_sort(vaults.begin() + static_cast<std::ptrdiff_t>(sorted), vaults.end(), before);
  std::inplace_merge(vaults.begin(), vaults.begin() + static_cast<std::ptrdiff_t>(sorted), vaults.end(), before);
}

}  // namespace vl::scan
