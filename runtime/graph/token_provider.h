// Bearer tokens per tenant: fetched from the tenant's token endpoint with its
// credential (auth.h) through the RequestEngine (so token requests are retried and
// traced like any other), cached in memory and reused until `refresh_margin`
// before they expire. Ready tokens from the environment are used as they are.
//
// Promises: every secret, assertion and token it handles is registered with the
// Redactor before any request carrying it is sent; a failed acquisition is
// remembered for the run (one clear error per tenant, not one per request);
// diagnostics are redacted.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "runtime/graph/auth.h"
#include "runtime/graph/redact.h"
#include "runtime/graph/request_engine.h"

namespace tf::graph {

class TokenProvider {
 public:
  TokenProvider(RequestEngine& engine, Clock& clock, Redactor& redactor,
                std::chrono::seconds refresh_margin = std::chrono::minutes{5});

  void add(const std::string& tenant, const TenantEndpoints& endpoints, Credential credential);
  bool knows(const std::string& tenant) const { return tenants_.count(tenant) > 0; }

  struct Result {
    std::string token;                // empty on error
    std::optional<Diagnostic> error;
  };
  Result token(const std::string& tenant);

  // Fetches, concurrently, the tokens of every tenant in `tenants` that has none
  // cached (or an expiring one), so that a round of requests to many tenants waits
  // for one token round trip rather than one per tenant. Failures are remembered
  // as token() would; token() afterwards answers from the cache.
  void prefetch(const std::vector<std::string>& tenants);

  // Drops the cached token (after a 401), so the next token() fetches a new one.
  // Returns false for a ready token (nothing better can be had).
  bool invalidate(const std::string& tenant);

  // How many tokens were fetched from token endpoints (for tests of the cache).
  int fetch_count() const { return fetches_; }

 private:
  struct Entry {
    TenantEndpoints endpoints;
    Credential credential;
    std::optional<AccessToken> cached;
    std::optional<Diagnostic> failure;
  };
  Result fetch(const std::string& tenant, Entry& entry);
  bool needs_fetch(const Entry& entry) const;
  // The token request of a tenant, or the failure to build it (remembered in entry).
  std::optional<PreparedRequest> fetch_request(const std::string& tenant, Entry& entry);
  Result take(const std::string& tenant, Entry& entry, const Outcome& outcome);

  RequestEngine& engine_;
  Clock& clock_;
  Redactor& redactor_;
  std::chrono::seconds margin_;
  std::map<std::string, Entry> tenants_;
  int fetches_ = 0;
};

}  // namespace tf::graph
