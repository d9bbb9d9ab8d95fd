// SHA-256 as lower-case hex, for version hashes of observed objects, the manifest
// hash of a saved plan, and the emulator's stored secret and token digests.
// Incremental use (Sha256 h; h.update(a); h.update(b); h.hex()) hashes the
// concatenation without building it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tf {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest of everything given so far, as 64 lower-case hex digits. Ends the hash.
  std::string hex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace tf
