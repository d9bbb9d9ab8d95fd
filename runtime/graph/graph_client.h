// The Graph client: authenticated, retried, concurrent Graph calls per tenant, with
// errors as diagnostics. Layers (each a tiny interface or a pure function, so tests
// use in-memory fakes): HttpTransport (http.h; CurlTransport in production) ->
// RequestEngine (retries, request_engine.h) -> TokenProvider (token_provider.h) ->
// GraphClient (this file: URLs, JSON, paging, $batch, diagnostics).
//
// Usage:
//   CurlTransport transport;                 // TracingTransport around it for --log-http
//   SystemClock clock;
//   GraphClient client(transport, clock, {endpoint_options_from(flag)});
//   client.add_tenant({"fabrikam", "<guid>", Cloud::Global, ClientSecretCredential{id, secret}});
//   GraphResponse r = client.send({.tenant = "fabrikam", .path = "/policies/crossTenantAccessPolicy/partners"});
//   if (r.error) diagnostics.add(*r.error); else use(r.body);
//
// Promises: results come back in request order; a failed call has `error` set to a
// diagnostic naming the tenant, the action, the object, Graph's code and what to do,
// and never containing a secret or token; a nextLink that leaves the tenant's Graph
// host is refused (the token is never sent elsewhere); a 401 with a fetched token
// refreshes the token once and retries.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"
#include "runtime/graph/auth.h"
#include "runtime/graph/endpoints.h"
#include "runtime/graph/http.h"
#include "runtime/graph/redact.h"
#include "runtime/graph/request_engine.h"
#include "runtime/graph/retry.h"
#include "runtime/graph/token_provider.h"

namespace tf::graph {

struct TenantConfig {
  std::string name;       // the manifest's local name, used in messages
  std::string tenant_id;  // GUID (or verified domain)
  Cloud cloud = Cloud::Global;
  Credential credential;
};

struct ClientOptions {
  EndpointOptions endpoints;
  RetryPolicy retry;
  std::chrono::seconds token_refresh_margin{300};
  bool environment_tokens = true;  // TENANTFORM_TOKEN_<NAME>[_FILE] override a tenant's credential (auth.h)
  std::size_t max_pages = 10'000;  // a guard against a server that pages forever
  // Items per POST /$batch in batch() (at most 20). 1 turns JSON batching off: batch()
  // then sends every request on its own (the one-request-at-a-time comparison of
  // bench_observe, or a server without $batch).
  std::size_t batch_items = 20;
};

struct GraphRequest {
  std::string tenant{};  // local name given to add_tenant
  std::string method = "GET";
  std::string path{};  // "/policies/..." (relative to the version root) or a full nextLink on the tenant's Graph host
  std::optional<nlohmann::json> body{};
  std::vector<Header> headers{};  // extra headers, e.g. {"ConsistencyLevel", "eventual"}
  std::optional<Idempotency> idempotency{};  // default: POST is NonIdempotent, others Idempotent
  LookFirst look_first{};                  // for NonIdempotent requests (request_engine.h)
  std::string action{};  // for messages: "create" (default from the method)
  std::string object{};  // for messages: "partner configuration for 'contoso'" (default: the path)
  // Top-level members of the answer's body the caller never reads: left out while
  // parsing, never built (a job schema's `directories`, two thirds of it). For a
  // POST /$batch: of each item's body.
  std::vector<std::string> unread{};
};

struct GraphResponse {
  long status = 0;  // 0 after a transport error
  nlohmann::json body;  // the parsed body; null when empty or not JSON
  std::vector<Header> headers;
  std::optional<Diagnostic> error;  // set when the call failed
  int attempts = 0;
  bool found_by_look_first = false;
  bool ok() const { return !error; }
};

struct PagedResponse {
  std::vector<nlohmann::json> items;  // the "value" arrays of every page, in order
  int pages = 0;
  std::optional<Diagnostic> error;  // set when a page failed (items then holds the pages before it)
  bool ok() const { return !error; }
};

class GraphClient {
 public:
  GraphClient(HttpTransport& transport, Clock& clock, ClientOptions options = {});
  // With a Redactor the caller shares with others (the HttpTrace of --log-http):
  // every secret and token the client learns is registered there.
  GraphClient(HttpTransport& transport, Clock& clock, ClientOptions options, Redactor& redactor);

  // Registers a tenant. With environment_tokens, a ready token from the environment
  // replaces the credential; an unreadable token file is returned as an error.
  std::optional<Diagnostic> add_tenant(TenantConfig config);

  // Fetches (or reuses) the tenant's token; the error says what to fix.
  std::optional<Diagnostic> ensure_token(const std::string& tenant);

  GraphResponse send(GraphRequest request);
  // Concurrently, within the transport's per-host and per-tenant limits.
  std::vector<GraphResponse> send_all(std::vector<GraphRequest> requests);

  // Asynchronous use, for a caller that keeps many requests in flight and goes on as
  // each is answered (the apply executor): submit() sends a request (fetching its
  // tenant's token first when none is cached) and returns a ticket; poll() waits until
  // at least one submitted request is answered, or `max_wait` passes, and returns the
  // answered ones with their tickets. Retries and the 401 refresh are as in send_all.
  using Ticket = std::uint64_t;
  Ticket submit(GraphRequest request);
  std::vector<std::pair<Ticket, GraphResponse>> poll(Millis max_wait = Millis{1000});
  std::size_t submitted() const { return submitted_.size(); }  // not yet returned by poll()
  // Fetches the tokens `tenants` lack, concurrently (TokenProvider::prefetch).
  void prefetch_tokens(const std::vector<std::string>& tenants) { tokens_.prefetch(tenants); }

  // GETs a collection and follows @odata.nextLink to the end.
  PagedResponse get_all(GraphRequest request);
  // Several collections at once: page k of every collection is fetched concurrently.
  std::vector<PagedResponse> get_all_many(std::vector<GraphRequest> requests);

  // Sends the requests as JSON batches (POST /$batch, at most 20 per batch, per tenant),
  // and retries items answered 429/503/504 in later batches, honouring their
  // Retry-After, within the retry policy. Meant for reads; results in request order.
  // (BatchReads below, when each answer should be used as soon as it arrives.)
  std::vector<GraphResponse> batch(std::vector<GraphRequest> requests);

  const TenantEndpoints* endpoints(const std::string& tenant) const;
  Redactor& redactor() { return redactor_; }
  const TokenProvider& tokens() const { return tokens_; }

 private:
  struct Prepared {
    std::optional<PreparedRequest> request;  // empty when preparation failed
    std::optional<Diagnostic> error;
  };
  Prepared prepare(const GraphRequest& request);
  // `parsed`: the body already parsed (a $batch item); else the response's text is parsed.
  GraphResponse interpret(const GraphRequest& request, Outcome outcome, std::optional<nlohmann::json> parsed = std::nullopt);
  std::vector<GraphResponse> run_once(const std::vector<GraphRequest>& requests);
  std::string relative_path(const GraphRequest& request) const;
  std::optional<Diagnostic> check_next_link(const GraphRequest& request, const std::string& link) const;

  struct Submitted {
    GraphRequest request;
    int earlier_attempts = 0;  // attempts before a 401 refresh
    bool refreshed = false;    // the token was refreshed once for it
    std::optional<GraphResponse> answer;  // set when it failed before being sent
  };
  // Starts (or restarts after a 401) a submitted request on the engine.
  void start_submitted(Ticket ticket, Submitted& submitted);
  // poll(), returning only the tickets in `only` (when given); other answers stay
  // for a later poll (so a $batch round inside a caller's submissions takes only its own).
  std::vector<std::pair<Ticket, GraphResponse>> poll_some(const std::set<Ticket>* only, Millis max_wait);
  // The items of one $batch answer to `requests` (item k + 1 answers requests[k]),
  // interpreted in that order; `attempts` per request.
  std::vector<GraphResponse> take_batch_answer(const std::vector<const GraphRequest*>& requests,
                                               const std::vector<int>& attempts, GraphResponse answer);
  friend class BatchReads;

  ClientOptions options_;
  Clock& clock_;
  std::unique_ptr<Redactor> own_redactor_;  // when the caller gave none
  Redactor& redactor_;
  RequestEngine engine_;
  TokenProvider tokens_;
  std::map<std::string, TenantEndpoints> endpoints_;
  std::map<Ticket, Submitted> submitted_;
  std::map<RequestEngine::Ticket, Ticket> by_engine_ticket_;
  Ticket next_ticket_ = 1;
};

// Reads sent as JSON batches (POST /$batch per tenant, at most batch_items items) as
// soon as they are added, each answered through its callback as soon as its batch's
// answer arrives; a callback may add more reads (the next step of a chain of
// dependent reads), which go out once the answers in hand are handled, so each chain
// moves at its own pace instead of in rounds. Throttled items (429/503/504) are sent
// again after their Retry-After, within the retry policy (max_attempts and
// max_total_wait per read); with batch_items = 1 every read is sent on its own.
//   BatchReads reads(client);
//   reads.add({.tenant = "t", .path = "/servicePrincipals"}, [&](GraphResponse r) { reads.add(next, ...); });
//   reads.run();  // returns when every read, including those added by callbacks, is answered
// Promises: each callback is called exactly once, on the thread calling run(); the
// reads of one tenant that are due together go out in as few batches as possible.
class BatchReads {
 public:
  using Done = std::function<void(GraphResponse)>;
  explicit BatchReads(GraphClient& client);
  void add(GraphRequest request, Done done);
  void run();

 private:
  struct Read {
    GraphRequest request;
    Done done;
    int attempts = 0;
    Millis waited{0};
    SteadyTime not_before{};
  };
  struct Sent {
    std::vector<std::size_t> reads;  // indices into reads_, item k + 1 answers reads[k]
    bool batched = true;
  };
  void flush();  // sends the queued reads that are due
  void take(Sent sent, GraphResponse answer);
  void finish(std::size_t read, GraphResponse response);

  GraphClient& client_;
  Backoff backoff_;
  std::vector<Read> reads_;
  std::vector<std::size_t> queued_;  // added or to be retried, not yet sent
  std::map<GraphClient::Ticket, Sent> sent_;
  std::set<GraphClient::Ticket> open_;
};

// A look-first hook for a create (GraphRequest::look_first) that lists `query`
// (e.g. servicePrincipals?$filter=tags/any(t:t eq 'tenantform:link:...')) and asks
// `match` for the object the create would have made: Found with that object (as a
// 200 response) when match returns one, Absent when it returns none, Unknown when
// the query itself fails. The client must outlive the hook.
LookFirst look_first_by_query(GraphClient& client, GraphRequest query,
                              std::function<std::optional<nlohmann::json>(const std::vector<nlohmann::json>&)> match);

// `path` with $select=fields added ("?" or "&" as needed).
std::string with_select(const std::string& path, const std::vector<std::string>& fields);
// `path` with name=value added to its query (value used as given).
std::string with_query(const std::string& path, const std::string& name, const std::string& value);

}  // namespace tf::graph
