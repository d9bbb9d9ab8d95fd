// Verification of a certificate-signed client assertion (graph-api.md §7): a JWT
// with alg RS256 or PS256 whose x5t (SHA-1) or x5t#S256 (SHA-256) header names the
// registered certificate, whose signature verifies against that certificate's key,
// and whose claims say iss == sub == client_id, aud == an accepted token URL, and
// now within [nbf - 5 min, exp + 5 min] (Entra's clock skew).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tf::emulator {

struct AssertionFailure {
  int aadsts = 0;           // e.g. 700027
  std::string description;  // the AADSTS text without the code
};

// nullopt when the assertion is valid for `client_id`.
std::optional<AssertionFailure> verify_client_assertion(const std::string& jwt, const std::string& certificate_pem,
                                                        const std::string& client_id,
                                                        const std::vector<std::string>& accepted_audiences,
                                                        std::int64_t now_seconds);

// base64url (no padding) encode and decode; decode returns nullopt on bad input.
std::string base64url_encode(const std::string& bytes);
std::optional<std::string> base64url_decode(const std::string& text);

// The base64url SHA-1 and SHA-256 thumbprints of a PEM certificate's DER form
// (empty strings when the PEM does not parse).
struct Thumbprints {
  std::string sha1;
  std::string sha256;
};
Thumbprints certificate_thumbprints(const std::string& certificate_pem);

}  // namespace tf::emulator
