// The token endpoint: client secrets, certificate-signed client assertions (RS256
// with x5t, PS256 with x5t#S256) verified against the seeded certificate, AADSTS
// error bodies, and bearer checks on Graph calls.
#include <doctest/doctest.h>

#include <ctime>
#include <memory>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "runtime/emulator/client_assertion.h"
#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

namespace {

const std::string kCertClient = "0f0e0d0c-0000-4000-8000-0000000000c1";
const std::string kTenant = "7a7a7a7a-1111-4222-8333-444455556666";

struct KeyPair {
  std::shared_ptr<EVP_PKEY> key;
  std::string certificate_pem;
};

KeyPair make_key_pair() {
  std::shared_ptr<EVP_PKEY> key(EVP_RSA_gen(2048), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("tenantform test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_sign(cert.get(), key.get(), EVP_sha256());
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_X509(bio.get(), cert.get());
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return KeyPair{key, std::string(data, static_cast<std::size_t>(length))};
}

std::string sign(const KeyPair& pair, const nlohmann::json& header, const nlohmann::json& claims) {
  using tf::emulator::base64url_encode;
  std::string signed_part = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pair.key.get());
  if (header["alg"] == "PS256") {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
  }
  std::size_t length = 0;
  EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
  std::string signature(length, '\0');
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size());
  signature.resize(length);
  return signed_part + "." + base64url_encode(signature);
}

nlohmann::json claims_for(const std::string& url, std::int64_t now) {
  return {{"aud", url + "/" + kTenant + "/oauth2/v2.0/token"}, {"iss", kCertClient}, {"sub", kCertClient},
          {"jti", "00aa00aa-bb11-cc22-dd33-44ee44ee44ee"}, {"nbf", now}, {"iat", now}, {"exp", now + 600}};
}

HttpResponse assertion_request(const std::string& url, const std::string& jwt) {
  return request("POST", url + "/" + kTenant + "/oauth2/v2.0/token", {{"Content-Type", "application/x-www-form-urlencoded"}},
                 "grant_type=client_credentials&client_id=" + kCertClient +
                     "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
                     "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + jwt);
}

struct CertificateTenant {
  KeyPair pair = make_key_pair();
  TempDir dir;
  std::unique_ptr<EmulatorProcess> emulator;
  CertificateTenant() {
    nlohmann::json seed = {{"id", kTenant}, {"domain", "northwind.com"},
                           {"clients", {{{"client_id", kCertClient}, {"certificate", pair.certificate_pem}}}}};
    write_file(dir.path() / "seed" / "northwind.json", seed.dump());
    emulator = std::make_unique<EmulatorProcess>(dir.path() / "data", dir.path() / "seed");
  }
};

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

TEST_CASE("tokens: a client secret yields a bearer token that reads its own tenant") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  std::string token = secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret);
  REQUIRE(!token.empty());
  GraphReply users = GraphClient(emulator.url(), token).get("/users");
  CHECK(users.status == 200);
  CHECK(users.body["value"].size() == 6);
  CHECK(users.headers.count("request-id") == 1);
}

TEST_CASE("tokens: a wrong secret, an unknown client and a foreign tenant get AADSTS errors") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  auto token_call = [&](const std::string& tenant, const std::string& client, const std::string& secret) {
    HttpResponse r = request("POST", emulator.url() + "/" + tenant + "/oauth2/v2.0/token", {},
                             "grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret +
                                 "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default");
    return std::make_pair(r.status, nlohmann::json::parse(r.body));
  };
  auto [bad_status, bad] = token_call(kContoso, kContosoClient, "wrong");
  CHECK(bad_status == 401);
  CHECK(bad["error"] == "invalid_client");
  CHECK(bad["error_codes"][0] == 7000215);
  auto [foreign_status, foreign] = token_call(kFabrikam, kContosoClient, kContosoSecret);
  CHECK(foreign_status == 400);
  CHECK(foreign["error"] == "unauthorized_client");
  CHECK(foreign["error_description"].get<std::string>().rfind("AADSTS700016:", 0) == 0);
  CHECK(foreign.contains("trace_id"));
  CHECK(foreign.contains("correlation_id"));
  auto [unknown_status, unknown] = token_call("nowhere.example", kContosoClient, kContosoSecret);
  CHECK(unknown_status == 400);
  CHECK(unknown["error_codes"][0] == 90002);
}

TEST_CASE("tokens: Graph calls without a valid bearer token are 401 InvalidAuthenticationToken") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  HttpResponse none = request("GET", emulator.url() + "/v1.0/users");
  CHECK(none.status == 401);
  CHECK(nlohmann::json::parse(none.body)["error"]["code"] == "InvalidAuthenticationToken");
  CHECK(GraphClient(emulator.url(), "made-up").get("/users").status == 401);
}

TEST_CASE("tokens: RS256 with x5t and PS256 with x5t#S256 client assertions are accepted") {
  CertificateTenant t;
  auto prints = tf::emulator::certificate_thumbprints(t.pair.certificate_pem);
  std::int64_t now = now_seconds();
  HttpResponse rs = assertion_request(t.emulator->url(), sign(t.pair, {{"alg", "RS256"}, {"typ", "JWT"}, {"x5t", prints.sha1}},
                                                              claims_for(t.emulator->url(), now)));
  CHECK(rs.status == 200);
  HttpResponse ps = assertion_request(t.emulator->url(), sign(t.pair, {{"alg", "PS256"}, {"typ", "JWT"}, {"x5t#S256", prints.sha256}},
                                                              claims_for(t.emulator->url(), now)));
  REQUIRE(ps.status == 200);
  std::string token = nlohmann::json::parse(ps.body)["access_token"];
  CHECK(GraphClient(t.emulator->url(), token).get("/policies/crossTenantAccessPolicy").status == 200);
}

TEST_CASE("tokens: assertions that are expired, for another audience, or signed by another key are refused") {
  CertificateTenant t;
  auto prints = tf::emulator::certificate_thumbprints(t.pair.certificate_pem);
  nlohmann::json header = {{"alg", "PS256"}, {"typ", "JWT"}, {"x5t#S256", prints.sha256}};
  std::int64_t now = now_seconds();
  nlohmann::json expired = claims_for(t.emulator->url(), now - 7200);
  HttpResponse old = assertion_request(t.emulator->url(), sign(t.pair, header, expired));
  CHECK(old.status == 401);
  CHECK(nlohmann::json::parse(old.body)["error_codes"][0] == 700024);
  nlohmann::json elsewhere = claims_for(t.emulator->url(), now);
  elsewhere["aud"] = "https://login.microsoftonline.com/another/oauth2/v2.0/token";
  CHECK(nlohmann::json::parse(assertion_request(t.emulator->url(), sign(t.pair, header, elsewhere)).body)["error_codes"][0] == 50012);
  KeyPair other = make_key_pair();
  HttpResponse forged = assertion_request(t.emulator->url(), sign(other, header, claims_for(t.emulator->url(), now)));
  CHECK(forged.status == 401);
  CHECK(nlohmann::json::parse(forged.body)["error_codes"][0] == 700027);
}
