// Runs a set of HTTP requests concurrently through an HttpTransport, retrying each
// by the RetryPolicy (retry.h) until it succeeds, fails for good or runs out of
// budget. Waiting happens through the Clock, so tests with a ManualClock and an
// in-memory transport run instantly and can inspect every wait.
//
// Non-idempotent requests (a POST that creates something) are never retried
// blindly. After a failure that leaves it unknown whether the server acted (503,
// 504, timeout, broken connection) the engine calls the request's look_first hook,
// which should look for the object (e.g. by its ownership tag): Found ends the
// request with the response the hook supplies, Absent allows one more attempt,
// Unknown (or no hook) ends it with the failure. A 429 or a connection that was
// never made says the server did not act, so those are retried like any request
// (RetryPolicy::retry_unprocessed_creates = false turns that off).
//
// Promises: run() returns one Outcome per request, in input order; re-entrant use
// (a look_first hook sending requests through the same engine) is safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/graph/clock.h"
#include "runtime/graph/http.h"
#include "runtime/graph/retry.h"

namespace tf::graph {

struct LookFirstResult {
  enum class Kind { Found, Absent, Unknown };
  Kind kind = Kind::Unknown;
  HttpResponse existing;  // for Found: what to return instead (e.g. the found object, status 200)
};

// Called with the request that failed ambiguously, before any further attempt.
using LookFirst = std::function<LookFirstResult(const HttpRequest& request)>;

struct PreparedRequest {
  HttpRequest http;
  Idempotency idempotency = Idempotency::Idempotent;
  LookFirst look_first;  // only used for NonIdempotent requests
};

struct Outcome {
  HttpResponse response;   // the last response (or the look_first hook's)
  int attempts = 0;
  Millis waited{0};        // total of the waits between attempts
  bool found_by_look_first = false;
  std::string why_stopped;  // for a failure: why no further attempt was made ("" when not retryable)
};

class RequestEngine {
 public:
  RequestEngine(HttpTransport& transport, Clock& clock, RetryPolicy policy);

  std::vector<Outcome> run(std::vector<PreparedRequest> requests);
  Outcome run_one(PreparedRequest request);

  // Incremental use, for a caller that reacts to each answer while others are in
  // flight: start() queues a request (with the same retries as run()), step() makes
  // progress for at most `max_wait` and returns the requests that finished since,
  // by ticket. run() may be called meanwhile (e.g. by a look-first hook).
  using Ticket = std::uint64_t;
  Ticket start(PreparedRequest request);
  std::vector<std::pair<Ticket, Outcome>> step(Millis max_wait);
  std::size_t started() const { return open_.size(); }  // started and not yet returned by step()

  const RetryPolicy& policy() const { return backoff_.policy(); }

 private:
  struct Slot {
    PreparedRequest request;
    int attempts = 0;
    Millis waited{0};
    SteadyTime not_before{};
    std::optional<RequestId> in_flight;
    bool done = false;
    Outcome outcome;
  };
  void submit_due(Slot& slot, SteadyTime now);
  void collect(Millis max_wait);
  void settle(Slot& slot, bool transport_idle);
  void decide(Slot& slot, HttpResponse response);
  // Waits for completions while any slot is in flight, else sleeps until the next
  // retry is due; never longer than `max_wait`.
  void wait_for_progress(const std::vector<Slot*>& slots, SteadyTime now, Millis max_wait);

  HttpTransport& transport_;
  Clock& clock_;
  Backoff backoff_;
  std::map<RequestId, HttpResponse> mailbox_;  // completions not yet claimed by a run()
  std::map<Ticket, Slot> open_;                // the requests of start()
  Ticket next_ticket_ = 1;
};

}  // namespace tf::graph
