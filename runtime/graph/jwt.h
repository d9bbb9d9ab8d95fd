// The certificate credential of graph-api.md §7: a JWT client assertion signed with
// the application's private key. PS256 (RSA-PSS, SHA-256, salt = digest length) is
// the current form and the default; RS256 (PKCS#1 v1.5) is the older one.
//
// Promises: the header is {"alg", "typ":"JWT", "x5t#S256": base64url SHA-256 of
// the certificate's DER}, plus "x5t" (SHA-1 thumbprint) for RS256, the legacy form;
// the claims are aud, iss = sub = client id, jti (a fresh GUID), nbf = iat = now,
// exp = now + lifetime. Errors (unreadable PEM, no key, no certificate, key and
// certificate that do not match) are returned as text that never contains key
// material.
#pragma once

#include <optional>
#include <string>

#include "runtime/graph/clock.h"

namespace tf::graph {

enum class JwtAlgorithm { PS256, RS256 };

const char* jwt_algorithm_name(JwtAlgorithm algorithm);

// A private key and its certificate, read from one PEM text (either order).
struct CertificateCredential {
  std::string key_pem;
  std::string cert_pem;
  std::string sha256_thumbprint;  // base64url, no padding
  std::string sha1_thumbprint;    // base64url, no padding
};

struct LoadedCertificate {
  std::optional<CertificateCredential> credential;
  std::string error;  // set when credential is empty
};

// The key and certificate of `pem`, or an error message.
LoadedCertificate load_certificate_credential(const std::string& pem);

struct AssertionClaims {
  std::string client_id;
  std::string audience;  // the token endpoint URL
  WallTime now;
  std::chrono::seconds lifetime{600};
  std::string jti;  // empty: a random GUID
};

struct SignedAssertion {
  std::string jwt;    // "header.payload.signature"; empty on error
  std::string error;
};

SignedAssertion make_client_assertion(const CertificateCredential& credential, const AssertionClaims& claims,
                                      JwtAlgorithm algorithm = JwtAlgorithm::PS256);

std::string base64url_encode(const std::string& bytes);
std::optional<std::string> base64url_decode(const std::string& text);
std::string random_guid();

}  // namespace tf::graph
