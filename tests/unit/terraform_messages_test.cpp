// Findings on Terraform resources name Terraform's attributes, in the message and in the fix (the
// attribute a mapping recorded for the property, and the rule's fix_terraform), while ARM findings keep
// ARM's names. Runs whole scans over the fixtures.
#include <catch2/catch.hpp>

#include <filesystem>

#include "policy/catalogue.h"
#include "scan/scan.h"

using namespace vl;

namespace {

std::filesystem::path fixtures() { return std::filesystem::path(VAULTLINT_SOURCE_DIR) / "fixtures"; }

const Catalogue& catalogue() {
  static const Catalogue c = [] {
    std::vector<std::string> errors;
    return Catalogue::load(std::nullopt, errors);
  }();
  return c;
}

ScanResult scan(const std::filesystem::path& path) {
  ScanOptions o;
  o.paths = {path};
  o.as_of = "2026-11-25";
  for (const Rule& r : catalogue().rules()) o.enabled_rules.insert(r.id);
  return run_scan(o, catalogue());
}

const Finding* finding(const ScanResult& r, const std::string& rule, const std::string& file_part) {
  for (const Finding& f : r.findings) {
    if (f.rule && f.rule->id == rule && r.sources->get(f.location.file).display().find(file_part) != std::string::npos) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("terraform messages: the omitted RBAC flag is named by the provider version", "[terraform]") {
  ScanResult r = scan(fixtures() / "terraform" / "rbac-provider-versions");
  auto message = [&](const std::string& dir) {
    const Finding* f = finding(r, "KV101", "/" + dir + "/");
    REQUIRE(f);
    return f->message;
  };
  CHECK(message("v3-lock") == "Key Vault `kv-versions` uses access policies: enable_rbac_authorization is not set (azurerm sends false)");
  CHECK(message("v4-old-lock") == "Key Vault `kv-versions` uses access policies: enable_rbac_authorization is not set (azurerm sends false)");
  CHECK(message("v4-lock") == "Key Vault `kv-versions` uses access policies: rbac_authorization_enabled is not set (azurerm sends false)");
  CHECK(message("v5-lock") == "Key Vault `kv-versions` uses access policies: rbac_authorization_enabled is not set, and azurerm 5.x requires it");
  CHECK(message("constraint") == "Key Vault `kv-versions` uses access policies: enable_rbac_authorization is not set (azurerm sends false)");
  CHECK(message("no-version") ==
        "Key Vault `kv-versions` uses access policies: rbac_authorization_enabled (enable_rbac_authorization before azurerm 4.42) "
        "is not set (azurerm 3.x and 4.x send false; 5.x requires it)");
  const Finding* v3 = finding(r, "KV101", "/v3-lock/");
  CHECK(v3->fix_text().rfind("Set enable_rbac_authorization = true", 0) == 0);
}

TEST_CASE("terraform messages: attributes and values as Terraform writes them", "[terraform]") {
  ScanResult r = scan(fixtures() / "terraform" / "kv111-kv112-network");
  std::vector<std::string> messages;
  for (const Finding& f : r.findings) messages.push_back(f.message);
  auto has = [&](const std::string& m) { return std::find(messages.begin(), messages.end(), m) != messages.end(); };
  CHECK(has("Key Vault `kv-public-by-default` allows public network access: public_network_access_enabled is not set (defaults to true)"));
  CHECK(has("Key Vault `kv-public-allow` allows public network access: public_network_access_enabled is true"));
  CHECK(has("Key Vault `kv-null-access` allows public network access: public_network_access_enabled is null (defaults to true)"));
  CHECK(has("Key Vault `kv-public-allow` firewall allows by default: network_acls.default_action is 'Allow' while public network access is enabled"));
  CHECK(has("Key Vault `kv-public-by-default` has no firewall: network_acls.default_action is not set while public network access is enabled"));
  const Finding* kv111 = finding(r, "KV111", "network");
  REQUIRE(kv111);
  CHECK(kv111->fix_text().find("public_network_access_enabled = false") != std::string::npos);
}

TEST_CASE("terraform messages: ARM findings keep ARM's names", "[terraform]") {
  ScanResult r = scan(fixtures() / "arm" / "kv111-kv112-network");
  REQUIRE_FALSE(r.findings.empty());
  for (const Finding& f : r.findings) {
    CHECK(f.message.find("public_network_access_enabled") == std::string::npos);
    CHECK(f.fix_text() == f.rule->fix);
  }
}

TEST_CASE("terraform messages: unresolved reasons name the attribute and the variable", "[terraform]") {
  ScanResult r = scan(fixtures() / "terraform" / "variables-unresolved");
  const Finding* f = finding(r, "KV111", "variables-unresolved");
  REQUIRE(f);
  CHECK(f->result == Verdict::Unresolved);
  CHECK(f->reason ==
        "public_network_access_enabled is not known: variable `public_access` has no default and no value is given "
        "(terraform.tfvars, *.auto.tfvars, --var-file or --var)");
}
