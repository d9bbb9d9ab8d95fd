// Retry classification, Retry-After parsing, backoff bounds, and the retrying
// request engine over a fake transport and a manual clock.
#include <doctest/doctest.h>

#include "runtime/graph/request_engine.h"
#include "tests/graph/fake_transport.h"

using namespace tf::graph;
using namespace tf::graph::test;

namespace {

RetryPolicy quick_policy() {
  RetryPolicy p;
  p.max_attempts = 5;
  p.base_delay = Millis{100};
  p.max_delay = Millis{1000};
  p.max_total_wait = Millis{60'000};
  p.jitter_seed = 7;
  return p;
}

PreparedRequest get(const std::string& url) { return PreparedRequest{{"GET", url, {}, {}, "t"}, Idempotency::Idempotent, {}}; }

PreparedRequest create(const std::string& url) {
  return PreparedRequest{{"POST", url, {}, "{}", "t"}, Idempotency::NonIdempotent, {}};
}

}  // namespace

TEST_CASE("retry: Retry-After is read as seconds or as an HTTP date") {
  WallTime now = std::chrono::system_clock::from_time_t(1445412470);  // Wed, 21 Oct 2015 07:27:50 GMT
  CHECK(parse_retry_after("7", now) == Millis{7000});
  CHECK(parse_retry_after(" 0 ", now) == Millis{0});
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == Millis{10'000});
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now) == Millis{0});
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-3", now));
}

TEST_CASE("retry: 429, 503, 504 and connection failures are retryable; 400, 404 and refusals are not") {
  CHECK(is_retryable(respond(429)));
  CHECK(is_retryable(respond(503)));
  CHECK(is_retryable(respond(504)));
  CHECK(is_retryable(transport_failure(TransportError::NotSent)));
  CHECK(is_retryable(transport_failure(TransportError::Timeout)));
  CHECK_FALSE(is_retryable(respond(500)));
  CHECK_FALSE(is_retryable(respond(404)));
  CHECK_FALSE(is_retryable(transport_failure(TransportError::Refused)));
}

TEST_CASE("retry: jittered backoff doubles from the base and never exceeds the cap") {
  Backoff backoff(quick_policy());
  for (int attempt = 1; attempt <= 12; ++attempt) {
    long long full = std::min<long long>(1000, 100LL << std::min(attempt - 1, 20));
    for (int sample = 0; sample < 50; ++sample) {
      long long d = backoff.jittered(attempt).count();
      CHECK(d >= full - full / 2);
      CHECK(d <= full);
    }
  }
}

TEST_CASE("engine: a throttled read waits exactly what Retry-After says, then succeeds") {
  int calls = 0;
  FakeTransport transport([&](const HttpRequest&) {
    ++calls;
    if (calls == 1) return respond(429, "", {{"retry-after", "3"}});
    if (calls == 2) return respond(503, "", {{"retry-after", "5"}});
    return respond(200, "{}");
  });
  ManualClock clock;
  RequestEngine engine(transport, clock, quick_policy());
  Outcome o = engine.run_one(get("https://graph.microsoft.com/v1.0/users"));
  CHECK(o.response.status == 200);
  CHECK(o.attempts == 3);
  CHECK(clock.total_slept() == Millis{8000});
  CHECK(o.waited == Millis{8000});
}

TEST_CASE("engine: without Retry-After the waits follow the capped backoff and stop at max_attempts") {
  FakeTransport transport([](const HttpRequest&) { return respond(503); });
  ManualClock clock;
  RetryPolicy policy = quick_policy();
  RequestEngine engine(transport, clock, policy);
  Outcome o = engine.run_one(get("https://graph.microsoft.com/v1.0/users"));
  CHECK(o.response.status == 503);
  CHECK(o.attempts == policy.max_attempts);
  CHECK(transport.requests.size() == static_cast<std::size_t>(policy.max_attempts));
  // four waits, each at most min(cap, base * 2^k): 100 + 200 + 400 + 800
  CHECK(clock.total_slept() <= Millis{1500});
  CHECK(clock.total_slept() >= Millis{750});
  CHECK(o.why_stopped.find("gave up after 5 attempts") != std::string::npos);
}

TEST_CASE("engine: a Retry-After beyond the total wait budget ends the request instead of waiting") {
  FakeTransport transport([](const HttpRequest&) { return respond(429, "", {{"retry-after", "120"}}); });
  ManualClock clock;
  RetryPolicy policy = quick_policy();
  policy.max_total_wait = Millis{30'000};
  RequestEngine engine(transport, clock, policy);
  Outcome o = engine.run_one(get("https://graph.microsoft.com/v1.0/users"));
  CHECK(o.attempts == 1);
  CHECK(clock.total_slept() == Millis{0});
  CHECK(o.why_stopped.find("would exceed the retry budget of 30000 ms") != std::string::npos);
}

TEST_CASE("engine: a POST that creates something is not retried after a 503 or a timeout") {
  for (HttpResponse failure : {respond(503), transport_failure(TransportError::Timeout),
                               transport_failure(TransportError::Interrupted)}) {
    FakeTransport transport([&](const HttpRequest&) { return failure; });
    ManualClock clock;
    RequestEngine engine(transport, clock, quick_policy());
    Outcome o = engine.run_one(create("https://graph.microsoft.com/v1.0/applicationTemplates/x/instantiate"));
    CHECK(transport.requests.size() == 1);
    CHECK(o.attempts == 1);
    CHECK(o.why_stopped.find("not retried: the request creates something") != std::string::npos);
  }
}

TEST_CASE("engine: a POST is retried after a 429, which says the server did not act on it") {
  int calls = 0;
  FakeTransport transport([&](const HttpRequest&) { return ++calls == 1 ? respond(429, "", {{"retry-after", "1"}}) : respond(201, "{}"); });
  ManualClock clock;
  RequestEngine engine(transport, clock, quick_policy());
  Outcome o = engine.run_one(create("https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners"));
  CHECK(o.response.status == 201);
  CHECK(o.attempts == 2);
}

TEST_CASE("engine: the look-first hook decides whether a failed create is retried or found") {
  SUBCASE("found: the existing object is returned and nothing is sent again") {
    FakeTransport transport([](const HttpRequest&) { return respond(504); });
    ManualClock clock;
    RequestEngine engine(transport, clock, quick_policy());
    PreparedRequest p = create("https://graph.microsoft.com/v1.0/applicationTemplates/x/instantiate");
    int looked = 0;
    p.look_first = [&](const HttpRequest& r) {
      ++looked;
      CHECK(r.method == "POST");
      return LookFirstResult{LookFirstResult::Kind::Found, respond(200, R"({"id":"existing"})")};
    };
    Outcome o = engine.run_one(p);
    CHECK(looked == 1);
    CHECK(transport.requests.size() == 1);
    CHECK(o.found_by_look_first);
    CHECK(o.response.body == R"({"id":"existing"})");
  }
  SUBCASE("absent: the create is sent again") {
    int calls = 0;
    FakeTransport transport([&](const HttpRequest&) { return ++calls == 1 ? respond(503) : respond(201, "{}"); });
    ManualClock clock;
    RequestEngine engine(transport, clock, quick_policy());
    PreparedRequest p = create("https://graph.microsoft.com/v1.0/applicationTemplates/x/instantiate");
    p.look_first = [](const HttpRequest&) { return LookFirstResult{LookFirstResult::Kind::Absent, {}}; };
    Outcome o = engine.run_one(p);
    CHECK(o.response.status == 201);
    CHECK(transport.requests.size() == 2);
    CHECK_FALSE(o.found_by_look_first);
  }
}

TEST_CASE("engine: many requests run together, come back in input order, and one throttled request does not hold up the others") {
  FakeTransport transport([](const HttpRequest& r) {
    if (ends_with(r.url, "/3")) return respond(429, "", {{"retry-after", "2"}});
    return respond(200, r.url);
  });
  ManualClock clock;
  RequestEngine engine(transport, clock, quick_policy());
  std::vector<PreparedRequest> requests;
  for (int i = 0; i < 5; ++i) requests.push_back(get("https://graph.microsoft.com/v1.0/x/" + std::to_string(i)));
  std::vector<Outcome> out = engine.run(requests);
  REQUIRE(out.size() == 5);
  for (int i = 0; i < 5; ++i)
    if (i != 3) CHECK(out[i].response.body == "https://graph.microsoft.com/v1.0/x/" + std::to_string(i));
  CHECK(out[3].response.status == 429);  // this fake always throttles it
  CHECK(out[3].attempts == 5);
  CHECK(clock.total_slept() == Millis{8000});
  CHECK(transport.requests.size() == 4 + 5);
}
