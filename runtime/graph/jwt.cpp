// Client assertion JWTs with OpenSSL 3 (EVP interfaces only).
#include "runtime/graph/jwt.h"

#include <memory>
#include <random>

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace tf::graph {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

std::unique_ptr<BIO, BioFree> memory_bio(const std::string& text) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string thumbprint(X509* cert, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  X509_digest(cert, md, digest, &size);
  return base64url_encode(std::string(reinterpret_cast<char*>(digest), size));
}

std::string pem_of_key(EVP_PKEY* key) {
  std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_text(out.get());
}

std::string pem_of_cert(X509* cert) {
  std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert);
  return bio_text(out.get());
}

// Signs `input` with SHA-256 and the algorithm's padding.
std::string sign(EVP_PKEY* key, const std::string& input, JwtAlgorithm algorithm) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1) return {};
  if (algorithm == JwtAlgorithm::PS256) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1) return {};
    if (EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1) return {};
  }
  std::size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &size, data, input.size()) != 1) return {};
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data, input.size()) != 1)
    return {};
  signature.resize(size);
  return signature;
}

long long seconds_of(WallTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

const char* jwt_algorithm_name(JwtAlgorithm algorithm) {
  return algorithm == JwtAlgorithm::PS256 ? "PS256" : "RS256";
}

LoadedCertificate load_certificate_credential(const std::string& pem) {
  LoadedCertificate out;
  auto key_bio = memory_bio(pem);
  Key key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  auto cert_bio = memory_bio(pem);
  Cert cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    out.error = "no unencrypted private key found (expected a '-----BEGIN PRIVATE KEY-----' block)";
  } else if (!cert) {
    out.error = "no certificate found (expected a '-----BEGIN CERTIFICATE-----' block beside the key)";
  } else if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    out.error = "the private key is not an RSA key; RS256 and PS256 need RSA";
  } else if (X509_check_private_key(cert.get(), key.get()) != 1) {
    out.error = "the private key does not belong to the certificate";
  } else {
    out.credential = CertificateCredential{pem_of_key(key.get()), pem_of_cert(cert.get()),
                                           thumbprint(cert.get(), EVP_sha256()), thumbprint(cert.get(), EVP_sha1())};
  }
  return out;
}

SignedAssertion make_client_assertion(const CertificateCredential& credential, const AssertionClaims& claims,
                                      JwtAlgorithm algorithm) {
  nlohmann::ordered_json header = {{"alg", jwt_algorithm_name(algorithm)}, {"typ", "JWT"}};
  if (algorithm == JwtAlgorithm::RS256) header["x5t"] = credential.sha1_thumbprint;
  header["x5t#S256"] = credential.sha256_thumbprint;
  long long now = seconds_of(claims.now);
  nlohmann::ordered_json payload = {
      {"aud", claims.audience}, {"iss", claims.client_id}, {"sub", claims.client_id},
      {"jti", claims.jti.empty() ? random_guid() : claims.jti},
      {"nbf", now},           {"iat", now},              {"exp", now + claims.lifetime.count()}};
  std::string input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  auto bio = memory_bio(credential.key_pem);
  Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return {{}, "cannot read the private key"};
  std::string signature = sign(key.get(), input, algorithm);
  if (signature.empty()) return {{}, std::string("cannot sign the client assertion with ") + jwt_algorithm_name(algorithm)};
  return {input + "." + base64url_encode(signature), {}};
}

std::string base64url_encode(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += alphabet[(v >> shift) & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (rest == 2) out += alphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;
    if (c == '_' || c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    int v = value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string random_guid() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<int> nibble(0, 15);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    int v = nibble(random);
    if (i == 12) v = 4;                   // version 4
    if (i == 16) v = 8 + (v & 3);         // variant 10xx
    out += hex[v];
  }
  return out;
}

}  // namespace tf::graph
