// Token acquisition and caching.
#include "runtime/graph/token_provider.h"

#include <algorithm>

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

bool TokenProvider::needs_fetch(const Entry& entry) const {
  if (entry.failure || std::holds_alternative<ReadyTokenCredential>(entry.credential)) return false;
  return !entry.cached || clock_.now() + margin_ >= entry.cached->expires_at;
}

std::optional<PreparedRequest> TokenProvider::fetch_request(const std::string& tenant, Entry& entry) {
  TokenRequest request = make_token_request(entry.credential, entry.endpoints, clock_.wall_now(), tenant);
  if (!request.http) {
    Diagnostic d;
    d.message = redactor_.redact(request.error);
    d.code = "credentials";
    entry.failure = d;
    return std::nullopt;
  }
  redactor_.add_secret(request.secret_value);
  request.http->tenant = tenant;
  ++fetches_;
  return PreparedRequest{*request.http, Idempotency::Idempotent, {}};
}

TokenProvider::Result TokenProvider::take(const std::string& tenant, Entry& entry, const Outcome& outcome) {
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

TokenProvider::Result TokenProvider::fetch(const std::string& tenant, Entry& entry) {
  std::optional<PreparedRequest> request = fetch_request(tenant, entry);
  if (!request) return {{}, entry.failure};
  return take(tenant, entry, engine_.run_one(std::move(*request)));
}

void TokenProvider::prefetch(const std::vector<std::string>& tenants) {
  std::vector<PreparedRequest> requests;
  std::vector<std::string> names;
  for (const std::string& tenant : tenants) {
    auto it = tenants_.find(tenant);
    if (it == tenants_.end() || !needs_fetch(it->second)) continue;
    if (std::find(names.begin(), names.end(), tenant) != names.end()) continue;
    std::optional<PreparedRequest> request = fetch_request(tenant, it->second);
    if (!request) continue;
    requests.push_back(std::move(*request));
    names.push_back(tenant);
  }
  if (requests.empty()) return;
  std::vector<Outcome> outcomes = engine_.run(std::move(requests));
  for (std::size_t k = 0; k < outcomes.size(); ++k) take(names[k], tenants_.at(names[k]), outcomes[k]);
}

bool TokenProvider::invalidate(const std::string& tenant) {
  auto it = tenants_.find(tenant);
  if (it == tenants_.end() || std::holds_alternative<ReadyTokenCredential>(it->second.credential)) return false;
  it->second.cached.reset();
  return true;
}

}  // namespace tf::graph
