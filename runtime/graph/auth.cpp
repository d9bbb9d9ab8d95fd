// Credentials into token requests, token responses into AccessTokens.
#include "runtime/graph/auth.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "runtime/graph/url.h"

namespace tf::graph {

namespace {

std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string trimmed(const std::string& text) {
  std::size_t b = text.find_first_not_of(" \t\r\n");
  std::size_t e = text.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string{} : text.substr(b, e - b + 1);
}

HttpRequest form_post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields) {
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = form_body(fields);
  return request;
}

TokenRequest secret_request(const ClientSecretCredential& c, const TenantEndpoints& e) {
  TokenRequest out;
  out.http = form_post(e.token_url, {{"client_id", c.client_id},
                                     {"scope", e.scope},
                                     {"client_secret", c.client_secret},
                                     {"grant_type", "client_credentials"}});
  out.secret_value = c.client_secret;
  return out;
}

TokenRequest certificate_request(const CertificateFileCredential& c, const TenantEndpoints& e, WallTime now,
                                 const std::string& tenant) {
  TokenRequest out;
  std::optional<std::string> pem = read_whole_file(c.pem_path);
  if (!pem) {
    out.error = "tenant '" + tenant + "': cannot read the certificate file '" + c.pem_path +
                "'; check the path given in its auth.certificate";
    return out;
  }
  LoadedCertificate loaded = load_certificate_credential(*pem);
  if (!loaded.credential) {
    out.error = "tenant '" + tenant + "': certificate file '" + c.pem_path + "': " + loaded.error;
    return out;
  }
  AssertionClaims claims;
  claims.client_id = c.client_id;
  claims.audience = e.audience;
  claims.now = now;
  SignedAssertion assertion = make_client_assertion(*loaded.credential, claims, c.algorithm);
  if (assertion.jwt.empty()) {
    out.error = "tenant '" + tenant + "': " + assertion.error;
    return out;
  }
  out.http = form_post(e.token_url, {{"client_id", c.client_id},
                                     {"scope", e.scope},
                                     {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
                                     {"client_assertion", assertion.jwt},
                                     {"grant_type", "client_credentials"}});
  out.secret_value = assertion.jwt;
  return out;
}

}  // namespace

std::string token_variable(const std::string& tenant_name) {
  std::string out = "TENANTFORM_TOKEN_";
  for (unsigned char c : tenant_name) out += std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
  return out;
}

EnvironmentToken token_from_environment(const std::string& tenant_name) {
  EnvironmentToken out;
  std::string name = token_variable(tenant_name);
  if (const char* value = std::getenv(name.c_str()); value && *value) {
    out.credential = ReadyTokenCredential{trimmed(value), name};
    return out;
  }
  std::string file_name = name + "_FILE";
  const char* path = std::getenv(file_name.c_str());
  if (!path || !*path) return out;
  std::optional<std::string> text = read_whole_file(path);
  if (!text || trimmed(*text).empty()) {
    out.error = "tenant '" + tenant_name + "': " + file_name + " names '" + path +
                "', which cannot be read or is empty; expected a file holding an access token";
    return out;
  }
  out.credential = ReadyTokenCredential{trimmed(*text), file_name};
  return out;
}

std::string client_id_of(const Credential& credential) {
  if (const auto* s = std::get_if<ClientSecretCredential>(&credential)) return s->client_id;
  if (const auto* c = std::get_if<CertificateFileCredential>(&credential)) return c->client_id;
  return {};
}

TokenRequest make_token_request(const Credential& credential, const TenantEndpoints& endpoints, WallTime now,
                                const std::string& tenant_name) {
  if (const auto* s = std::get_if<ClientSecretCredential>(&credential)) return secret_request(*s, endpoints);
  if (const auto* c = std::get_if<CertificateFileCredential>(&credential))
    return certificate_request(*c, endpoints, now, tenant_name);
  TokenRequest out;
  out.error = "tenant '" + tenant_name + "': a ready token needs no token request";
  return out;
}

std::optional<AccessToken> parse_token_response(const std::string& body, SteadyTime now) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  auto token = json.find("access_token");
  if (token == json.end() || !token->is_string() || token->get<std::string>().empty()) return std::nullopt;
  long long seconds = 3599;
  if (auto e = json.find("expires_in"); e != json.end()) {
    if (e->is_number_integer()) seconds = e->get<long long>();
    else if (e->is_string()) seconds = std::atoll(e->get<std::string>().c_str());
  }
  return AccessToken{token->get<std::string>(), now + std::chrono::seconds{seconds}};
}

std::optional<SteadyTime> jwt_expiry(const std::string& token, SteadyTime now, WallTime wall_now) {
  std::size_t first = token.find('.');
  std::size_t second = first == std::string::npos ? first : token.find('.', first + 1);
  if (second == std::string::npos) return std::nullopt;
  std::optional<std::string> payload = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  nlohmann::json claims = nlohmann::json::parse(*payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("exp") || !claims["exp"].is_number()) return std::nullopt;
  auto exp = WallTime{std::chrono::seconds{claims["exp"].get<long long>()}};
  return now + std::chrono::duration_cast<SteadyTime::duration>(exp - wall_now);
}

}  // namespace tf::graph
