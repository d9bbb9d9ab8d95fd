// When and how long to wait before trying a request again. Retried: HTTP 429, 503
// and 504, and transport failures (could not connect, timeout, interrupted). The
// wait honours Retry-After (delta-seconds or an HTTP date) when the server sends
// one; otherwise it is an exponential backoff with jitter ("equal jitter": half
// fixed, half random), capped at max_delay. A request gives up after max_attempts
// attempts or when the next wait would push the total past max_total_wait.
//
// Requests carry an idempotency class: a NonIdempotent request (a POST that creates
// something) is never retried blindly; see request_engine.h for the look-first hook.
#pragma once

#include <optional>
#include <random>
#include <string>

#include "runtime/graph/clock.h"
#include "runtime/graph/http.h"

namespace tf::graph {

enum class Idempotency {
  Idempotent,     // GET, PUT, PATCH, DELETE, token requests, $batch of reads
  NonIdempotent,  // a POST that creates something
};

// The default class of a method: POST is NonIdempotent, everything else Idempotent.
Idempotency default_idempotency(const std::string& method);

struct RetryPolicy {
  int max_attempts = 6;            // including the first
  Millis base_delay{500};          // first backoff (before jitter)
  Millis max_delay{30'000};        // cap of one backoff wait (Retry-After may exceed it)
  Millis max_total_wait{120'000};  // cap of all waits of one request
  std::uint64_t jitter_seed = 0;   // 0: seeded from the random device
  // Retry a NonIdempotent request after a 429 or a connection never made (the
  // server did not act on it) without asking its look_first hook.
  bool retry_unprocessed_creates = true;
};

// Whether this outcome is worth another attempt (ignoring idempotency and budget).
bool is_retryable(const HttpResponse& response);

// Whether the server certainly did not act on the request (so even a
// non-idempotent request may be sent again): 429, or a connection never made.
bool certainly_not_processed(const HttpResponse& response);

// Retry-After as a wait from `now`: "120" or "Wed, 21 Oct 2015 07:28:00 GMT"; a
// date in the past is a zero wait; nullopt when absent or unreadable.
std::optional<Millis> parse_retry_after(const std::string& value, WallTime now);

// Produces the waits of one policy; one per client (it holds the random state).
class Backoff {
 public:
  explicit Backoff(RetryPolicy policy);
  const RetryPolicy& policy() const { return policy_; }
  // The backoff before attempt `attempt` + 1 (attempt >= 1 is the one that failed):
  // in [d/2, d] with d = min(max_delay, base_delay * 2^(attempt-1)).
  Millis jittered(int attempt);
  // The wait before the next attempt: Retry-After when present, else jittered().
  Millis wait_after(const HttpResponse& response, int attempt, WallTime now);

 private:
  RetryPolicy policy_;
  std::mt19937_64 random_;
};

}  // namespace tf::graph
