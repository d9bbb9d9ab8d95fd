// How tenantform authenticates to a tenant (graph-api.md §7, client credentials):
// a client secret, a certificate (a PEM file holding the private key and the
// certificate; the token request carries a signed JWT client assertion), or a
// ready access token taken from the environment.
//
// Ready tokens: TENANTFORM_TOKEN_<NAME> holds the token itself, or
// TENANTFORM_TOKEN_<NAME>_FILE names a file holding it, where <NAME> is the
// tenant's manifest name upper-cased with every non-alphanumeric byte replaced by
// '_' (tenant "north-wind" -> TENANTFORM_TOKEN_NORTH_WIND). A ready token wins over
// the manifest's auth, so CI can inject short-lived tokens without secrets.
//
// Promises: pure functions besides reading the environment and the PEM/token files;
// errors never quote a secret.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "runtime/graph/clock.h"
#include "runtime/graph/endpoints.h"
#include "runtime/graph/http.h"
#include "runtime/graph/jwt.h"

namespace tf::graph {

struct ClientSecretCredential {
  std::string client_id;
  std::string client_secret;
};

struct CertificateFileCredential {
  std::string client_id;
  std::string pem_path;  // key + certificate
  JwtAlgorithm algorithm = JwtAlgorithm::PS256;
};

struct ReadyTokenCredential {
  std::string access_token;
  std::string origin;  // where it came from, e.g. "TENANTFORM_TOKEN_FABRIKAM" (for messages)
};

using Credential = std::variant<ClientSecretCredential, CertificateFileCredential, ReadyTokenCredential>;

// "TENANTFORM_TOKEN_" + the tenant's name in upper case, '_' for other bytes.
std::string token_variable(const std::string& tenant_name);

// The ready token of the environment for this tenant, if any. An unreadable or
// empty token file is an error (returned in `error`).
struct EnvironmentToken {
  std::optional<ReadyTokenCredential> credential;
  std::string error;
};
EnvironmentToken token_from_environment(const std::string& tenant_name);

// The client id of a credential ("" for a ready token).
std::string client_id_of(const Credential& credential);

// The token request (POST, form body) for a secret or certificate credential.
struct TokenRequest {
  std::optional<HttpRequest> http;
  std::string error;         // set when the request cannot be built (bad PEM file...)
  std::string secret_value;  // the secret or assertion it carries, for the Redactor
};
TokenRequest make_token_request(const Credential& credential, const TenantEndpoints& endpoints, WallTime now,
                                const std::string& tenant_name);

struct AccessToken {
  std::string value;
  SteadyTime expires_at{};
};

// {"token_type":"Bearer","expires_in":3599,"access_token":"..."} -> a token that
// expires expires_in seconds after `now`; nullopt when the body is not one.
std::optional<AccessToken> parse_token_response(const std::string& body, SteadyTime now);

// The exp claim of a JWT-shaped token, as an expiry relative to `now` (ready tokens
// are often JWTs); nullopt when the token is opaque.
std::optional<SteadyTime> jwt_expiry(const std::string& token, SteadyTime now, WallTime wall_now);

}  // namespace tf::graph
