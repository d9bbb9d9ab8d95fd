// A freshly generated RSA key and self-signed certificate for tests, as one PEM
// text (key then certificate), and signature verification against it.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

namespace tf::graph::test {

struct TestCertificate {
  std::string pem;       // private key + certificate
  std::string cert_pem;  // certificate only
};

inline std::string bio_string(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

inline TestCertificate make_test_certificate(const std::string& common_name = "tenantform-test") {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  X509* cert = X509_new();
  if (!key || !cert) throw std::runtime_error("cannot generate a test key");
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600 * 24);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  BIO* key_out = BIO_new(BIO_s_mem());
  BIO* cert_out = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_out, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_X509(cert_out, cert);
  TestCertificate out{bio_string(key_out) + bio_string(cert_out), bio_string(cert_out)};
  BIO_free(key_out);
  BIO_free(cert_out);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

// Verifies an RS256 or PS256 signature over `input` with the certificate's key.
inline bool verify_signature(const std::string& cert_pem, const std::string& input, const std::string& signature,
                             bool pss) {
  BIO* bio = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!cert) return false;
  EVP_PKEY* key = X509_get_pubkey(cert);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), nullptr, key) == 1;
  if (ok && pss) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
  }
  ok = ok && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                              reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  X509_free(cert);
  return ok;
}

// The raw SHA-256 (or SHA-1) digest of the certificate's DER encoding.
inline std::string der_digest(const std::string& cert_pem, const EVP_MD* md) {
  BIO* bio = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  unsigned char* der = nullptr;
  int size = i2d_X509(cert, &der);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(der, static_cast<std::size_t>(size), digest, &length, md, nullptr);
  OPENSSL_free(der);
  X509_free(cert);
  return std::string(reinterpret_cast<char*>(digest), length);
}

}  // namespace tf::graph::test
