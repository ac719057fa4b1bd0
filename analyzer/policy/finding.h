// A finding: a rule that failed (or could not be resolved) for one resource, or a frontend diagnostic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/diagnostic.h"
#include "policy/condition.h"
#include "policy/rule.h"

namespace vl {

struct Finding {
  const Rule* rule = nullptr;
  Verdict result = Verdict::Fail;  // Fail or Unresolved
  Span location;
  std::string message;
  std::string reason;              // why unresolved; empty otherwise
  std::string resource;            // "Microsoft.KeyVault/vaults/kv-prod", empty for file diagnostics
  Span decl;                       // that resource's declaration (invalid for file diagnostics)
  std::uint32_t unit = UINT32_MAX;
  std::uint32_t variant = 0;
  std::string instance;            // loop instance, empty outside loops
  std::string module;              // the module / nested deployment instance the resource came through
  bool conditional = false;
  std::string condition_reason;
  std::vector<RelatedLocation> related;
  std::string fix;                 // the fix in the resource's own vocabulary; empty: the rule's `fix`
  std::string identity;            // resource logical identity + property: the stable part of a fingerprint
  std::vector<Span> redact;        // where a secret is written: reports that quote source mask it (policy/redaction.h)
  // Where the rule's certain edit goes (policy/fix_site.h), one per variant and instance it was merged
  // from; empty when the finding has no certain fix (or one of them had none).
  std::vector<FixSite> fix_sites;

  bool suppressed = false;         // an inline suppression covers it (kept for SARIF, dropped elsewhere)
  std::string suppression_reason;

  // Filled in when findings of several variants and loop instances are merged (scan/).
  std::vector<std::string> units;      // the deployment units it holds in (a module several roots use)
  std::vector<std::string> variants;
  std::vector<std::string> instances;  // loop instances, or module instances when those differ
  std::string fingerprint;

  const std::string& fix_text() const { return fix.empty() && rule ? rule->fix : fix; }
};

// One control of the rbac-network-and-recovery rule for one vault: the worst verdict of its rules that
// ran; none ran when they were all switched off (not checked) or none applies to the type (Managed HSM
// has no access policies, so no rbac control).
struct ControlVerdict {
  std::optional<Verdict> verdict;
  bool applicable = false;
};

struct VaultVerdict {
  std::uint32_t resource = 0;
  ControlVerdict rbac, network, recovery;
};

}  // namespace vl
