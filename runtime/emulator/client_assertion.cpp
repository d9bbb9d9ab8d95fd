// JWT client-assertion checks with OpenSSL (see client_assertion.h).
#include "runtime/emulator/client_assertion.h"

#include <memory>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace tf::emulator {

namespace {

constexpr std::int64_t kSkewSeconds = 300;

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

X509Ptr parse_certificate(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  return X509Ptr(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, X509_free);
}

std::string digest_of(const std::string& data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out, &length, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), length);
}

bool verify_signature(X509* certificate, const std::string& alg, const std::string& signed_part,
                      const std::string& signature) {
  KeyPtr key(X509_get_pubkey(certificate), EVP_PKEY_free);
  MdCtxPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key.get()) != 1) return false;
  if (alg == "PS256") {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1) return false;
    if (EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) != 1) return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

std::optional<AssertionFailure> check_claims(const nlohmann::json& claims, const std::string& client_id,
                                             const std::vector<std::string>& audiences, std::int64_t now) {
  if (claims.value("iss", "") != client_id || claims.value("sub", "") != client_id)
    return AssertionFailure{700021, "Client assertion application identifier doesn't match 'client_id' parameter."};
  std::string aud = claims.value("aud", "");
  bool aud_ok = false;
  for (const std::string& accepted : audiences) aud_ok = aud_ok || aud == accepted;
  if (!aud_ok) return AssertionFailure{50012, "Client assertion audience claim does not match Realm issuer."};
  if (!claims.contains("exp") || !claims["exp"].is_number_integer())
    return AssertionFailure{50027, "JWT token is invalid or malformed: the 'exp' claim is missing."};
  std::int64_t exp = claims["exp"].get<std::int64_t>();
  std::int64_t nbf = claims.value("nbf", std::int64_t{0});
  if (now > exp + kSkewSeconds || now + kSkewSeconds < nbf)
    return AssertionFailure{700024, "Client assertion is not within its valid time range."};
  return std::nullopt;
}

}  // namespace

std::string base64url_encode(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> base64url_decode(const std::string& text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '-' || c == '+') v = 62;
    else if (c == '_' || c == '/') v = 63;
    else if (c == '=') break;
    else return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

Thumbprints certificate_thumbprints(const std::string& certificate_pem) {
  X509Ptr certificate = parse_certificate(certificate_pem);
  if (!certificate) return {};
  unsigned char* der = nullptr;
  int length = i2d_X509(certificate.get(), &der);
  if (length <= 0) return {};
  std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return Thumbprints{base64url_encode(digest_of(bytes, EVP_sha1())), base64url_encode(digest_of(bytes, EVP_sha256()))};
}

std::optional<AssertionFailure> verify_client_assertion(const std::string& jwt, const std::string& certificate_pem,
                                                        const std::string& client_id,
                                                        const std::vector<std::string>& accepted_audiences,
                                                        std::int64_t now_seconds) {
  const AssertionFailure malformed{50027, "JWT token is invalid or malformed."};
  std::size_t dot1 = jwt.find('.'), dot2 = jwt.find('.', dot1 == std::string::npos ? 0 : dot1 + 1);
  if (dot1 == std::string::npos || dot2 == std::string::npos) return malformed;
  auto header_text = base64url_decode(jwt.substr(0, dot1));
  auto claims_text = base64url_decode(jwt.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = base64url_decode(jwt.substr(dot2 + 1));
  if (!header_text || !claims_text || !signature) return malformed;
  nlohmann::json header = nlohmann::json::parse(*header_text, nullptr, false);
  nlohmann::json claims = nlohmann::json::parse(*claims_text, nullptr, false);
  if (!header.is_object() || !claims.is_object()) return malformed;
  std::string alg = header.value("alg", "");
  if (alg != "RS256" && alg != "PS256")
    return AssertionFailure{5002738, "The client assertion uses the unsupported algorithm '" + alg + "'; expected RS256 or PS256."};
  Thumbprints registered = certificate_thumbprints(certificate_pem);
  bool named = (header.contains("x5t#S256") && header.value("x5t#S256", "") == registered.sha256) ||
               (header.contains("x5t") && header.value("x5t", "") == registered.sha1);
  if (registered.sha1.empty() || !named)
    return AssertionFailure{700027, "The certificate with identifier used to sign the client assertion is not registered on application."};
  X509Ptr certificate = parse_certificate(certificate_pem);
  if (!verify_signature(certificate.get(), alg, jwt.substr(0, dot2), *signature))
    return AssertionFailure{700027, "Client assertion failed signature validation."};
  return check_claims(claims, client_id, accepted_audiences, now_seconds);
}

}  // namespace tf::emulator
