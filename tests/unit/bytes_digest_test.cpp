// source/bytes.h's digests against the published test vectors for "abc" (RFC 1321, FIPS 180-4), the
// empty input, and a fingerprint's prefix (sha256_hex).
#include <catch2/catch.hpp>

#include "source/bytes.h"

using namespace vl;

TEST_CASE("digests match the published test vectors", "[source][bytes]") {
  CHECK(hex_lower(digest(DigestKind::Md5, "abc")) == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(hex_lower(digest(DigestKind::Sha1, "abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hex_lower(digest(DigestKind::Sha256, "abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex_lower(digest(DigestKind::Sha512, "abc")) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  CHECK(hex_lower(digest(DigestKind::Sha256, "")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256_hex keeps the digits asked for", "[source][bytes]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abc", 32) == "ba7816bf8f01cfea414140de5dae2223");
  CHECK(sha256_hex("abc", 100).size() == 64);
}
