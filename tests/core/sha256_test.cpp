// SHA-256 hex against the FIPS 180-2 test values.
#include <doctest/doctest.h>

#include "compiler/core/sha256.h"

TEST_CASE("sha256: known digests, one-shot and incremental alike") {
  CHECK(tf::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(tf::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  tf::Sha256 hash;
  hash.update("a");
  hash.update("bc");
  CHECK(hash.hex() == tf::sha256_hex("abc"));
}
