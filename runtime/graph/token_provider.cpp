// Token acquisition and caching.
#include "runtime/graph/token_provider.h"

#include "runtime/graph/graph_error.h"

namespace tf::graph {

namespace {

Diagnostic redacted(Diagnostic d, const Redactor& redactor) {
  d.message = redactor.redact(d.message);
  for (Diagnostic& note : d.notes) note.message = redactor.redact(note.message);
  return d;
}

}  // namespace

TokenProvider::TokenProvider(RequestEngine& engine, Clock& clock, Redactor& redactor, std::chrono::seconds margin)
    : engine_(engine), clock_(clock), redactor_(redactor), margin_(margin) {}

void TokenProvider::add(const std::string& tenant, const TenantEndpoints& endpoints, Credential credential) {
  if (const auto* s = std::get_if<ClientSecretCredential>(&credential)) redactor_.add_secret(s->client_secret);
  Entry entry{endpoints, std::move(credential), std::nullopt, std::nullopt};
  if (const auto* ready = std::get_if<ReadyTokenCredential>(&entry.credential)) {
    redactor_.add_secret(ready->access_token);
    SteadyTime far = clock_.now() + std::chrono::hours{24 * 365};
    std::optional<SteadyTime> exp = jwt_expiry(ready->access_token, clock_.now(), clock_.wall_now());
    entry.cached = AccessToken{ready->access_token, exp.value_or(far)};
  }
  tenants_[tenant] = std::move(entry);
}

TokenProvider::Result TokenProvider::token(const std::string& tenant) {
  auto it = tenants_.find(tenant);
  if (it == tenants_.end()) {
    Diagnostic d;
    d.message = "tenant '" + tenant + "' has no credentials configured; add an auth section to it in the manifest";
    d.code = "no-credentials";
    return {{}, d};
  }
  Entry& entry = it->second;
  if (entry.failure) return {{}, entry.failure};
  bool ready = std::holds_alternative<ReadyTokenCredential>(entry.credential);
  if (entry.cached && (ready || clock_.now() + margin_ < entry.cached->expires_at)) return {entry.cached->value, {}};
  if (ready) {
    Diagnostic d;
    d.message = "tenant '" + tenant + "': the token from " + std::get<ReadyTokenCredential>(entry.credential).origin +
                " has expired; provide a fresh one";
    d.code = "token-expired";
    return {{}, d};
  }
  return fetch(tenant, entry);
}

TokenProvider::Result TokenProvider::fetch(const std::string& tenant, Entry& entry) {
  TokenRequest request = make_token_request(entry.credential, entry.endpoints, clock_.wall_now(), tenant);
  if (!request.http) {
    Diagnostic d;
    d.message = redactor_.redact(request.error);
    d.code = "credentials";
    entry.failure = d;
    return {{}, d};
  }
  redactor_.add_secret(request.secret_value);
  request.http->tenant = tenant;
  ++fetches_;
  Outcome outcome = engine_.run_one(PreparedRequest{*request.http, Idempotency::Idempotent, {}});
  std::optional<AccessToken> token;
  if (outcome.response.error == TransportError::None && outcome.response.status == 200)
    token = parse_token_response(outcome.response.body, clock_.now());
  if (!token) {
    Diagnostic d = token_failure(tenant, client_id_of(entry.credential), outcome.response, outcome.attempts);
    if (!outcome.why_stopped.empty()) d.note({}, outcome.why_stopped);
    entry.failure = redacted(std::move(d), redactor_);
    return {{}, entry.failure};
  }
  redactor_.add_secret(token->value);
  entry.cached = std::move(token);
  return {entry.cached->value, {}};
}

bool TokenProvider::invalidate(const std::string& tenant) {
  auto it = tenants_.find(tenant);
  if (it == tenants_.end() || std::holds_alternative<ReadyTokenCredential>(it->second.credential)) return false;
  it->second.cached.reset();
  return true;
}

}  // namespace tf::graph
