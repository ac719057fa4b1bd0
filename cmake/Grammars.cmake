# The tree-sitter runtime and the HCL grammar, from the npm tarballs that grammars/fetch.sh pinned and
# unpacked into grammars/vendor/. Compiled as C; no third-party source is committed.
set(VAULTLINT_VENDOR "${CMAKE_SOURCE_DIR}/grammars/vendor")
set(TS_RUNTIME "${VAULTLINT_VENDOR}/tree-sitter/vendor/tree-sitter/lib")
set(TS_HCL "${VAULTLINT_VENDOR}/tree-sitter-hcl")
if(NOT EXISTS "${TS_RUNTIME}/src/lib.c" OR NOT EXISTS "${TS_HCL}/src/parser.c")
  message(FATAL_ERROR "grammars/vendor is missing: run ./grammars/fetch.sh (scripts/setup does)")
endif()

add_library(tree_sitter_runtime STATIC "${TS_RUNTIME}/src/lib.c")
target_include_directories(tree_sitter_runtime SYSTEM PUBLIC "${TS_RUNTIME}/include" PRIVATE "${TS_RUNTIME}/src")
# Under strict C11 le16toh/be16toh need these, or they are undefined at link time.
target_compile_definitions(tree_sitter_runtime PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
set_target_properties(tree_sitter_runtime PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_runtime PRIVATE -w)

add_library(tree_sitter_hcl STATIC "${TS_HCL}/src/parser.c" "${TS_HCL}/src/scanner.c")
target_include_directories(tree_sitter_hcl PRIVATE "${TS_HCL}/src")
set_target_properties(tree_sitter_hcl PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(tree_sitter_hcl PRIVATE -w)
target_link_libraries(tree_sitter_hcl PUBLIC tree_sitter_runtime)
