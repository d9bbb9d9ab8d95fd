// Token issuance and validation (see tokens.h).
#include "runtime/emulator/tokens.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include "runtime/emulator/api.h"
#include "runtime/emulator/client_assertion.h"
#include "runtime/emulator/ids.h"
#include "runtime/emulator/persistence.h"

namespace tf::emulator {

namespace {

constexpr std::int64_t kLifetime = 3599;
constexpr const char* kJwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TokenAnswer aadsts(int status, const std::string& error, int code, const std::string& description) {
  std::string trace = new_guid(), correlation = new_guid();
  std::string stamp = iso_time(std::chrono::system_clock::now());
  std::string text = "AADSTS" + std::to_string(code) + ": " + description + "\r\nTrace ID: " + trace +
                     "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + stamp;
  return TokenAnswer{status, {{"error", error}, {"error_description", text}, {"error_codes", {code}},
                              {"timestamp", stamp}, {"trace_id", trace}, {"correlation_id", correlation}}};
}

std::string form_value(const TokenRequest& request, const char* key) {
  auto it = request.form.find(key);
  return it == request.form.end() ? "" : it->second;
}

// client_id and client_secret from "Authorization: Basic base64(id:secret)".
std::pair<std::string, std::string> basic_credentials(const std::string& header) {
  if (!header.starts_with("Basic ")) return {};
  auto decoded = base64url_decode(header.substr(6));
  if (!decoded) return {};
  std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return {};
  return {decoded->substr(0, colon), decoded->substr(colon + 1)};
}

const nlohmann::json* find_client(const nlohmann::json& tenant, const std::string& client_id) {
  if (!tenant.contains("clients")) return nullptr;
  for (const nlohmann::json& client : tenant["clients"])
    if (client.value("client_id", "") == client_id) return &client;
  return nullptr;
}

std::vector<std::string> accepted_audiences(const std::string& tenant_segment, const nlohmann::json& tenant,
                                            const std::string& host) {
  std::vector<std::string> out;
  const std::vector<std::string> logins = {"https://login.microsoftonline.com", "https://login.microsoftonline.us",
                                           "https://login.chinacloudapi.cn", "http://" + host, "https://" + host};
  for (const std::string& login : logins)
    for (const std::string& name : std::vector<std::string>{tenant_segment, tenant.value("id", ""), tenant.value("domain", "")})
      if (!name.empty()) out.push_back(login + "/" + name + "/oauth2/v2.0/token");
  return out;
}

}  // namespace

nlohmann::json stored_client(const nlohmann::json& seed_client) {
  nlohmann::json out = {{"client_id", seed_client.at("client_id")}};
  if (seed_client.contains("client_secret"))
    out["client_secret_sha256"] = sha256_hex(seed_client["client_secret"].get<std::string>());
  if (seed_client.contains("certificate")) out["certificate"] = seed_client["certificate"];
  return out;
}

TokenService::TokenService(std::filesystem::path data_dir) {
  if (data_dir.empty()) return;
  file_ = data_dir / "tokens.json";
  std::ifstream in(file_);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (!doc.is_object()) return;
  for (const auto& [hash, grant] : doc.items())
    grants_[hash] = Grant{grant.value("tenant", ""), grant.value("client", ""), grant.value("expires", std::int64_t{0})};
}

void TokenService::save() const {
  if (file_.empty()) return;
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& [hash, grant] : grants_)
    doc[hash] = {{"tenant", grant.tenant_id}, {"client", grant.client_id}, {"expires", grant.expires}};
  write_file_atomically(file_, doc.dump());
}

TokenAnswer TokenService::grant(const std::string& tenant_id, const std::string& client_id) {
  std::string token = random_token(48);
  std::lock_guard<std::mutex> guard(mutex_);
  std::int64_t now = now_seconds();
  std::erase_if(grants_, [now](const auto& entry) { return entry.second.expires < now; });
  grants_[sha256_hex(token)] = Grant{tenant_id, client_id, now + kLifetime};
  save();
  return TokenAnswer{200, {{"token_type", "Bearer"}, {"expires_in", kLifetime}, {"ext_expires_in", kLifetime},
                           {"access_token", token}}};
}

TokenAnswer TokenService::issue(const Store& store, const TokenRequest& request) {
  if (form_value(request, "grant_type") != "client_credentials")
    return aadsts(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" +
                                                            form_value(request, "grant_type") + "'.");
  auto tenant_id = store.resolve_tenant(request.tenant);
  if (!tenant_id)
    return aadsts(400, "invalid_request", 90002, "Tenant '" + request.tenant + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
  const nlohmann::json& tenant = store.tenant(*tenant_id);
  auto [basic_id, basic_secret] = basic_credentials(request.authorization);
  std::string client_id = form_value(request, "client_id").empty() ? basic_id : form_value(request, "client_id");
  const nlohmann::json* client = find_client(tenant, client_id);
  if (!client)
    return aadsts(400, "unauthorized_client", 700016, "Application with identifier '" + client_id +
                                                          "' was not found in the directory '" + request.tenant +
                                                          "'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.");
  std::string scope = form_value(request, "scope");
  if (!scope.ends_with("/.default") || scope.find(' ') != std::string::npos)
    return aadsts(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid. The scope " + scope + " is not valid.");
  std::string secret = form_value(request, "client_secret").empty() ? basic_secret : form_value(request, "client_secret");
  std::string assertion = form_value(request, "client_assertion");
  if (!secret.empty()) {
    if (client->value("client_secret_sha256", "") != sha256_hex(secret))
      return aadsts(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + client_id + "'.");
    return grant(*tenant_id, client_id);
  }
  if (assertion.empty())
    return aadsts(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  if (form_value(request, "client_assertion_type") != kJwtBearer)
    return aadsts(400, "invalid_request", 700025, "The client_assertion_type must be '" + std::string(kJwtBearer) + "'.");
  auto failure = verify_client_assertion(assertion, client->value("certificate", ""), client_id,
                                         accepted_audiences(request.tenant, tenant, request.host), now_seconds());
  if (failure) return aadsts(401, "invalid_client", failure->aadsts, failure->description);
  return grant(*tenant_id, client_id);
}

std::string TokenService::authenticate(const std::string& authorization_header) {
  if (authorization_header.empty())
    throw GraphError(401, "InvalidAuthenticationToken", "Access token is empty.");
  if (!authorization_header.starts_with("Bearer "))
    throw GraphError(401, "InvalidAuthenticationToken", "Access token validation failure: expected a Bearer token.");
  std::string hash = sha256_hex(authorization_header.substr(7));
  std::lock_guard<std::mutex> guard(mutex_);
  auto it = grants_.find(hash);
  if (it == grants_.end())
    throw GraphError(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
  if (it->second.expires < now_seconds())
    throw GraphError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.");
  return it->second.tenant_id;
}

}  // namespace tf::emulator
