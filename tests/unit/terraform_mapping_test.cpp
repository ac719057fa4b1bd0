// The azurerm mapping table: the embedded one reads and checks whole, and a scan's copy reads a part only
// when a type it maps is asked for (frontends/terraform/mapping/mapping.h).
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping.h"
#include "policy/catalogue.h"

using vl::tf::Mapping;

TEST_CASE("the embedded azurerm mapping reads whole and every part finds its own types", "[terraform][mapping]") {
  std::string error;
  auto whole = vl::tf::load_mapping(vl::embedded_policy_files("data/azurerm/"), vl::embedded_policy_file("data/roles.yaml"), error);
  INFO(error);
  REQUIRE(whole);
  auto lazy = vl::tf::lazy_mapping(vl::embedded_policy_files("data/azurerm/"), vl::embedded_policy_file("data/roles.yaml"));
  CHECK(lazy->check() == "");
  const vl::tf::ResourceMapping* vault = lazy->resource("azurerm_key_vault");
  REQUIRE(vault);
  CHECK(vault->type == "Microsoft.KeyVault/vaults");
  CHECK(lazy->data_source("azurerm_key_vault"));
  CHECK_FALSE(lazy->resource("azurerm_no_such_thing"));
  const std::string* reader = lazy->role_id("key vault secrets user");
  REQUIRE(reader);
  CHECK(*reader == "4633458b-17de-408a-b874-0445c86b69e6");
}

TEST_CASE("a mapping part is read on first use and a broken table says what is wrong", "[terraform][mapping]") {
  const std::string vault = R"({"resources":[{"terraform":"azurerm_key_vault","type":"Microsoft.KeyVault/vaults"}]})";
  const std::string broken = R"({"resources":[{"terraform":"azurerm_storage_account","type":"Microsoft.Storage/storageAccounts"}],)";
  // The part that cannot be read is never read for a vault.
  Mapping lazy({vault, broken}, "");
  REQUIRE(lazy.resource("azurerm_key_vault"));
  CHECK_FALSE(lazy.resource("azurerm_storage_account"));  // asked for: read, and it maps nothing
  CHECK(lazy.check().find("the azurerm mapping: ") == 0);
  CHECK_FALSE(lazy.role_id("reader"));

  std::string error;
  CHECK_FALSE(vl::tf::load_mapping({vault, vault}, "", error));
  CHECK(error == "the azurerm mapping: azurerm_key_vault is mapped twice");
  // A key written another way than the build writes it would not be found: check() says so.
  CHECK_FALSE(vl::tf::load_mapping({R"({"resources":[{"terraform": "azurerm_key_vault","type":"T"}]})"}, "", error));
  CHECK(error == "the azurerm mapping: azurerm_key_vault is not found where it is mapped");
}
