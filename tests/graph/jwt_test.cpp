// The certificate client assertion: structure, claims, thumbprints, and a
// signature that verifies against a certificate generated here.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "runtime/graph/jwt.h"
#include "tests/graph/test_certificate.h"

using namespace tf::graph;
using namespace tf::graph::test;

namespace {

struct Decoded {
  nlohmann::json header;
  nlohmann::json payload;
  std::string signing_input;
  std::string signature;
};

Decoded decode(const std::string& jwt) {
  std::size_t a = jwt.find('.');
  std::size_t b = jwt.find('.', a + 1);
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  REQUIRE(jwt.find('.', b + 1) == std::string::npos);
  Decoded d;
  d.header = nlohmann::json::parse(base64url_decode(jwt.substr(0, a)).value());
  d.payload = nlohmann::json::parse(base64url_decode(jwt.substr(a + 1, b - a - 1)).value());
  d.signing_input = jwt.substr(0, b);
  d.signature = base64url_decode(jwt.substr(b + 1)).value();
  return d;
}

const std::string kClient = "97e0a5b7-d745-40b6-94fe-5f77d35c6e05";
const std::string kAudience = "https://login.microsoftonline.com/3d2c1b0a-1111-4222-8333-444455556666/oauth2/v2.0/token";

AssertionClaims claims_at(WallTime now) {
  AssertionClaims c;
  c.client_id = kClient;
  c.audience = kAudience;
  c.now = now;
  return c;
}

}  // namespace

TEST_CASE("jwt: a PS256 assertion has the documented header and claims and verifies against the certificate") {
  TestCertificate cert = make_test_certificate();
  LoadedCertificate loaded = load_certificate_credential(cert.pem);
  REQUIRE(loaded.credential);
  WallTime now{std::chrono::seconds{1'700'000'000}};
  SignedAssertion a = make_client_assertion(*loaded.credential, claims_at(now), JwtAlgorithm::PS256);
  REQUIRE(a.error.empty());
  Decoded d = decode(a.jwt);
  CHECK(d.header["alg"] == "PS256");
  CHECK(d.header["typ"] == "JWT");
  CHECK(d.header["x5t#S256"] == base64url_encode(der_digest(cert.cert_pem, EVP_sha256())));
  CHECK_FALSE(d.header.contains("x5t"));
  CHECK(d.payload["aud"] == kAudience);
  CHECK(d.payload["iss"] == kClient);
  CHECK(d.payload["sub"] == kClient);
  CHECK(d.payload["nbf"] == 1'700'000'000);
  CHECK(d.payload["iat"] == 1'700'000'000);
  CHECK(d.payload["exp"] == 1'700'000'600);
  CHECK(d.payload["jti"].get<std::string>().size() == 36);
  CHECK(verify_signature(cert.cert_pem, d.signing_input, d.signature, true));
  CHECK_FALSE(verify_signature(cert.cert_pem, d.signing_input + "x", d.signature, true));
  CHECK_FALSE(verify_signature(make_test_certificate("other").cert_pem, d.signing_input, d.signature, true));
}

TEST_CASE("jwt: an RS256 assertion carries the legacy SHA-1 x5t too and verifies with PKCS#1 v1.5") {
  TestCertificate cert = make_test_certificate();
  LoadedCertificate loaded = load_certificate_credential(cert.pem);
  REQUIRE(loaded.credential);
  SignedAssertion a = make_client_assertion(*loaded.credential, claims_at(WallTime{}), JwtAlgorithm::RS256);
  Decoded d = decode(a.jwt);
  CHECK(d.header["alg"] == "RS256");
  CHECK(d.header["x5t"] == base64url_encode(der_digest(cert.cert_pem, EVP_sha1())));
  CHECK(d.header["x5t#S256"] == base64url_encode(der_digest(cert.cert_pem, EVP_sha256())));
  CHECK(verify_signature(cert.cert_pem, d.signing_input, d.signature, false));
  CHECK_FALSE(verify_signature(cert.cert_pem, d.signing_input, d.signature, true));
}

TEST_CASE("jwt: two assertions never share a jti") {
  TestCertificate cert = make_test_certificate();
  CertificateCredential c = *load_certificate_credential(cert.pem).credential;
  std::string a = decode(make_client_assertion(c, claims_at(WallTime{})).jwt).payload["jti"];
  std::string b = decode(make_client_assertion(c, claims_at(WallTime{})).jwt).payload["jti"];
  CHECK(a != b);
}

TEST_CASE("jwt: a PEM without a key, without a certificate, or with a foreign certificate is refused") {
  TestCertificate cert = make_test_certificate();
  TestCertificate other = make_test_certificate("other");
  LoadedCertificate no_key = load_certificate_credential(cert.cert_pem);
  CHECK_FALSE(no_key.credential);
  CHECK(no_key.error.find("no unencrypted private key found") == 0);
  std::string key_only = cert.pem.substr(0, cert.pem.find("-----BEGIN CERTIFICATE-----"));
  CHECK(load_certificate_credential(key_only).error.find("no certificate found") == 0);
  LoadedCertificate mismatch = load_certificate_credential(key_only + other.cert_pem);
  CHECK(mismatch.error == "the private key does not belong to the certificate");
}

TEST_CASE("jwt: base64url round-trips every length without padding") {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    std::string encoded = base64url_encode(bytes);
    CHECK(encoded.find_first_of("+/=") == std::string::npos);
    CHECK(base64url_decode(encoded) == bytes);
    bytes += static_cast<char>(i * 37 + 250);
  }
}
