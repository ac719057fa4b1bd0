// A pattern matched without compiling it (a literal, perhaps anchored) answers as re2 does.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include "policy/lazy_regex.h"

using namespace vl;

TEST_CASE("a literal pattern matches as re2 would", "[policy][regex]") {
  const char* patterns[] = {"^random_password$", "^azurerm_", "(?i)public", "^instrumentation_key$",
                            "(?i)^Microsoft\\.KeyVault/vaults/secrets$", "(?i)secret", "key$", "a\\$", "a\\\\$", "",
                            "^$", "(?i)^AzureWebJobsStorage$", "x\\-y", "(?i)token", "a.b", "\\d", "(?i)k", "(?i)s$",
                            "^(value|value_wo)$", "(?i)api[-_.]?key"};
  const char* texts[] = {"random_password", "random_password_x", "azurerm_key_vault", "xazurerm_", "PUBLIC_ip", "Public",
                         "instrumentation_key", "microsoft.keyvault/VAULTS/secrets", "Microsoft.KeyVault/vaults/secretsX",
                         "mySecretName", "apikey", "a$", "a\\", "", "x-y", "a.b", "axb", "\xE2\x84\xAA",  // KELVIN SIGN
                         "pa\xC5\xBF", "AzureWebJobsStorage", "value_wo", "TOKEN\xC3\xA9", "\xFF\xFE"};
  for (const char* p : patterns) {
    for (bool case_sensitive : {true, false}) {
      LazyRegex lazy(p, case_sensitive);
      re2::RE2::Options options;
      options.set_log_errors(false);
      options.set_case_sensitive(case_sensitive);
      re2::RE2 re(p, options);
      REQUIRE(re.ok());
      for (const char* t : texts) {
        INFO(p << " / " << t << " / case sensitive " << case_sensitive);
        CHECK(lazy.partial_match(t) == re2::RE2::PartialMatch(t, re));
      }
    }
  }
}
