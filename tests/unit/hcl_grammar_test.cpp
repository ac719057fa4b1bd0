// The tree-sitter runtime and the pinned HCL grammar are built and linked (the Terraform frontend builds
// on them): a small configuration parses without error nodes, and a broken one has them.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <tree_sitter/api.h>

extern "C" const TSLanguage* tree_sitter_hcl(void);

namespace {

struct Parsed {
  TSParser* parser = ts_parser_new();
  TSTree* tree = nullptr;
  explicit Parsed(const std::string& text) {
    ts_parser_set_language(parser, tree_sitter_hcl());
    tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<std::uint32_t>(text.size()));
  }
  ~Parsed() {
    ts_tree_delete(tree);
    ts_parser_delete(parser);
  }
  TSNode root() const { return ts_tree_root_node(tree); }
};

}  // namespace

TEST_CASE("the HCL grammar parses a key vault resource", "[hcl]") {
  Parsed p(R"(resource "azurerm_key_vault" "kv" {
  name                     = "kv-${var.env}"
  purge_protection_enabled = true
  network_acls {
    default_action = "Deny"
  }
}
)");
  TSNode root = p.root();
  CHECK(std::strcmp(ts_node_type(root), "config_file") == 0);
  CHECK_FALSE(ts_node_has_error(root));
  CHECK(ts_language_abi_version(tree_sitter_hcl()) == 15);
}

TEST_CASE("a broken configuration has error nodes", "[hcl]") {
  Parsed p("resource \"azurerm_key_vault\" \"kv\" {\n  name = \n");
  CHECK(ts_node_has_error(p.root()));
}
