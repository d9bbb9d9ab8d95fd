// The token endpoint (POST /{tenant}/oauth2/v2.0/token, graph-api.md §7) and bearer
// checks. A client registered in a tenant's seed gets a token for that tenant with
// its secret (form field or HTTP Basic) or a certificate-signed client assertion;
// errors are AADSTS bodies like graph-examples/token-error.response.json. Tokens are
// opaque random strings, bound to one tenant, valid 3599 s; only their SHA-256 is
// kept (in memory and in DIR/tokens.json, so a restart keeps them valid). Tokens
// and secrets are never logged.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/emulator/store.h"

namespace tf::emulator {

struct TokenRequest {
  std::string tenant;                       // the {tenant} path segment (id or domain)
  std::map<std::string, std::string> form;  // decoded form fields
  std::string authorization;                // the Authorization header, if any (HTTP Basic)
  std::string host;                         // the Host header, for the accepted assertion audience
};

struct TokenAnswer {
  int status = 200;
  nlohmann::json body;
};

class TokenService {
 public:
  // Tokens persist under `data_dir` (in memory only when empty).
  explicit TokenService(std::filesystem::path data_dir);

  // Answers a token request; the caller holds the store's lock.
  TokenAnswer issue(const Store& store, const TokenRequest& request);

  // The tenant id a bearer token grants, or throws GraphError(401).
  std::string authenticate(const std::string& authorization_header);

 private:
  struct Grant {
    std::string tenant_id;
    std::string client_id;
    std::int64_t expires = 0;
  };
  TokenAnswer grant(const std::string& tenant_id, const std::string& client_id);
  void save() const;

  std::filesystem::path file_;
  std::mutex mutex_;
  std::map<std::string, Grant> grants_;  // by token SHA-256
};

// A client entry for a tenant document from a seed's {"client_id", "client_secret"
// | "certificate"}: the secret is kept only as its SHA-256.
nlohmann::json stored_client(const nlohmann::json& seed_client);

}  // namespace tf::emulator
