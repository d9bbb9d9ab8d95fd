// What the performance work on the Graph client promises in behaviour: tokens of
// several tenants are fetched in one concurrent round, batch_items = 1 turns $batch
// off, a $batch answer's item bodies arrive parsed (and unchanged) without being
// serialised back to text, and submit/poll (the apply executor's asynchronous use)
// answers each request once under its ticket, even around a batch() call.
#include <doctest/doctest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "runtime/graph/batch.h"
#include "runtime/graph/graph_client.h"
#include "tests/graph/fake_transport.h"

using namespace tf::graph;
using namespace tf::graph::test;
using nlohmann::json;

namespace {

bool is_token_request(const HttpRequest& r) { return contains(r.url, "/oauth2/v2.0/token"); }

HttpResponse token_ok() {
  return respond(200, json{{"token_type", "Bearer"}, {"expires_in", 3599}, {"access_token", "token-for-tests"}}.dump());
}

ClientOptions offline() {
  ClientOptions o;
  o.environment_tokens = false;
  return o;
}

TenantConfig tenant(int i) {
  std::string n = std::to_string(i);
  return TenantConfig{"t" + n, "3d2c1b0a-1111-4222-8333-44445555666" + n, Cloud::Global,
                      ClientSecretCredential{"client-" + n, "secret-" + n}};
}

// An answer to POST /$batch: every item 200 with {"value": [{"n": <its url>}]}.
HttpResponse batch_answer(const HttpRequest& r) {
  json answers = json::array();
  json request = json::parse(r.body);
  for (const json& item : request["requests"])
    answers.push_back({{"id", item["id"]}, {"status", 200}, {"body", {{"value", json::array({json{{"n", item["url"]}}})}}}});
  return respond(200, json{{"responses", answers}}.dump());
}

}  // namespace

TEST_CASE("client: the tokens of every tenant of a round are requested before any of them is awaited") {
  // The fake answers at once, so concurrency shows as order: all token requests are
  // submitted before the first Graph request.
  FakeTransport transport([](const HttpRequest& r) { return is_token_request(r) ? token_ok() : respond(200, "{}"); });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  for (int i = 0; i < 3; ++i) client.add_tenant(tenant(i));
  std::vector<GraphRequest> requests;
  for (int i = 0; i < 3; ++i) requests.push_back({.tenant = "t" + std::to_string(i), .path = "/organization"});
  std::vector<GraphResponse> out = client.send_all(requests);
  REQUIRE(transport.requests.size() == 6);
  for (std::size_t k = 0; k < 3; ++k) CHECK(is_token_request(transport.requests[k]));
  for (std::size_t k = 3; k < 6; ++k) CHECK_FALSE(is_token_request(transport.requests[k]));
  for (const GraphResponse& r : out) CHECK(r.ok());
  CHECK(client.tokens().fetch_count() == 3);
}

TEST_CASE("client: batch_items = 1 sends every request of batch() on its own, without $batch") {
  FakeTransport transport([](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    return respond(200, json{{"path", r.url.substr(r.url.find("/v1.0") + 5)}}.dump());
  });
  ManualClock clock;
  ClientOptions options = offline();
  options.batch_items = 1;
  GraphClient client(transport, clock, options);
  client.add_tenant(tenant(0));
  std::vector<GraphRequest> reads;
  for (int i = 0; i < 5; ++i) reads.push_back({.tenant = "t0", .path = "/groups/" + std::to_string(i)});
  std::vector<GraphResponse> out = client.batch(reads);
  int batches = 0;
  for (const HttpRequest& r : transport.requests) batches += ends_with(r.url, "/$batch");
  CHECK(batches == 0);
  CHECK(transport.requests.size() == 6);  // the token and five GETs
  REQUIRE(out.size() == 5);
  for (int i = 0; i < 5; ++i) CHECK(out[i].body["path"] == "/groups/" + std::to_string(i));
}

TEST_CASE("client: a smaller batch_items splits batch() into more, smaller $batch calls") {
  std::vector<std::size_t> sizes;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    sizes.push_back(json::parse(r.body)["requests"].size());
    return batch_answer(r);
  });
  ManualClock clock;
  ClientOptions options = offline();
  options.batch_items = 4;
  GraphClient client(transport, clock, options);
  client.add_tenant(tenant(0));
  std::vector<GraphRequest> reads;
  for (int i = 0; i < 10; ++i) reads.push_back({.tenant = "t0", .path = "/users/" + std::to_string(i)});
  std::vector<GraphResponse> out = client.batch(reads);
  CHECK(sizes == std::vector<std::size_t>{4, 4, 2});
  REQUIRE(out.size() == 10);
  for (int i = 0; i < 10; ++i) CHECK(out[i].body["value"][0]["n"] == "/users/" + std::to_string(i));
}

TEST_CASE("batch: take_batch_response moves item bodies out as JSON and agrees with parse_batch_response") {
  json answer = {{"responses",
                  {{{"id", "2"}, {"status", 404}, {"headers", {{"Request-Id", "r-2"}}},
                    {"body", {{"error", {{"code", "Request_ResourceNotFound"}}}}}},
                   {{"id", "1"}, {"status", 200}, {"body", {{"value", {1, 2, 3}}}}}}}};
  std::optional<std::vector<BatchItemResponse>> text = parse_batch_response(answer.dump());
  std::optional<std::vector<BatchItemResponse>> taken = take_batch_response(json(answer));
  REQUIRE(text);
  REQUIRE(taken);
  REQUIRE(taken->size() == 2);
  for (std::size_t k = 0; k < 2; ++k) {
    CHECK((*taken)[k].id == (*text)[k].id);
    CHECK((*taken)[k].response.status == (*text)[k].response.status);
    CHECK((*taken)[k].response.headers == (*text)[k].response.headers);
    CHECK((*taken)[k].body == json::parse((*text)[k].response.body));
    CHECK((*taken)[k].response.body.empty());
  }
  CHECK((*taken)[0].response.header("request-id") == "r-2");
  CHECK_FALSE(take_batch_response(json{{"responses", "none"}}));
}

TEST_CASE("client: a failed $batch item keeps Graph's error code in its diagnostic") {
  FakeTransport transport([](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    json item = {{"id", "1"}, {"status", 403}, {"headers", {{"request-id", "req-9"}}},
                 {"body", {{"error", {{"code", "Authorization_RequestDenied"}, {"message", "Insufficient privileges"}}}}}};
    return respond(200, json{{"responses", {item}}}.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  std::vector<GraphResponse> out = client.batch({{.tenant = "t0", .path = "/servicePrincipals"}});
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].error);
  CHECK(out[0].status == 403);
  CHECK(contains(out[0].error->message + out[0].error->code, "Authorization_RequestDenied"));
  CHECK(out[0].body["error"]["code"] == "Authorization_RequestDenied");
}

TEST_CASE("client: submit and poll answer every request under its own ticket, each once") {
  FakeTransport transport([](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    return respond(200, json{{"path", r.url.substr(r.url.find("/v1.0") + 5)}}.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  std::map<GraphClient::Ticket, std::string> expected;
  for (int i = 0; i < 4; ++i) expected[client.submit({.tenant = "t0", .path = "/groups/" + std::to_string(i)})] = "/groups/" + std::to_string(i);
  CHECK(client.submitted() == 4);
  std::map<GraphClient::Ticket, std::string> answered;
  for (int round = 0; round < 10 && client.submitted() > 0; ++round)
    for (auto& [ticket, response] : client.poll(Millis{10})) {
      CHECK_FALSE(answered.count(ticket));
      answered[ticket] = response.body["path"].get<std::string>();
    }
  CHECK(answered == expected);
  CHECK(client.poll(Millis{10}).empty());
}

TEST_CASE("client: a 401 to a submitted request refreshes the token once and sends it again") {
  int graph_calls = 0;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    return ++graph_calls == 1 ? respond(401, R"({"error":{"code":"InvalidAuthenticationToken","message":"expired"}})")
                              : respond(200, "{}");
  });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  GraphClient::Ticket ticket = client.submit({.tenant = "t0", .path = "/organization"});
  std::vector<std::pair<GraphClient::Ticket, GraphResponse>> answers;
  for (int round = 0; round < 10 && answers.empty(); ++round) answers = client.poll(Millis{10});
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].first == ticket);
  CHECK(answers[0].second.ok());
  CHECK(answers[0].second.attempts == 2);
  CHECK(client.tokens().fetch_count() == 2);
}

TEST_CASE("client: batch() while other submitted requests are in flight leaves their answers to poll") {
  FakeTransport transport([](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    if (ends_with(r.url, "/$batch")) return batch_answer(r);
    return respond(200, json{{"single", true}}.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  GraphClient::Ticket outside = client.submit({.tenant = "t0", .path = "/organization"});
  std::vector<GraphResponse> read = client.batch({{.tenant = "t0", .path = "/users/7"}, {.tenant = "t0", .path = "/users/8"}});
  REQUIRE(read.size() == 2);
  CHECK(read[1].body["value"][0]["n"] == "/users/8");
  std::vector<std::pair<GraphClient::Ticket, GraphResponse>> answers;
  for (int round = 0; round < 10 && answers.empty(); ++round) answers = client.poll(Millis{10});
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].first == outside);
  CHECK(answers[0].second.body["single"] == true);
}

namespace {

// Answers token requests at once and holds every answer to tenant t1's batches until
// tenant t0 has sent `release_after` batches: a slow tenant next to a fast one.
class SlowTenantTransport : public HttpTransport {
 public:
  explicit SlowTenantTransport(int release_after) : release_after_(release_after) {}
  RequestId submit(HttpRequest request) override {
    RequestId id = next_++;
    bool slow = contains(request.url, "/$batch") && contains(header_of(request, "Authorization"), "t1");
    if (contains(request.url, "/$batch") && !slow) ++fast_batches;
    if (contains(request.url, "/$batch")) order.push_back(slow ? "t1" : "t0");
    HttpResponse answer = is_token_request(request)
                              ? respond(200, json{{"token_type", "Bearer"}, {"expires_in", 3599},
                                                  {"access_token", "token-of-" + tenant_of(request)}}.dump())
                              : batch_answer(request);
    (slow ? held_ : done_).push_back(Completion{id, std::move(answer)});
    return id;
  }
  std::vector<Completion> wait(Millis) override {
    std::vector<Completion> out = std::move(done_);
    done_.clear();
    if (fast_batches >= release_after_) {
      for (Completion& c : held_) out.push_back(std::move(c));
      held_.clear();
    }
    return out;
  }
  std::size_t in_flight() const override { return done_.size() + held_.size(); }
  int fast_batches = 0;
  std::vector<std::string> order;  // the tenant of each $batch, in the order sent

 private:
  static std::string tenant_of(const HttpRequest& r) {
    return contains(r.url, "3d2c1b0a-1111-4222-8333-444455556661") ? "t1" : "t0";
  }
  int release_after_;
  RequestId next_ = 1;
  std::vector<Completion> done_, held_;
};

}  // namespace

TEST_CASE("client: BatchReads moves each tenant's chain of dependent reads at its own pace") {
  // Each answer of step k adds the reads of step k + 1 (two per step): tenant t0's
  // three steps finish while t1's first answer is still held back.
  SlowTenantTransport transport(3);
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  client.add_tenant(tenant(1));
  BatchReads reads(client);
  std::map<std::string, std::vector<std::string>> answered;  // per tenant, the paths answered
  std::function<void(const std::string&, int)> step = [&](const std::string& t, int k) {
    for (int part = 0; part < 2; ++part) {
      std::string path = "/step" + std::to_string(k) + "/part" + std::to_string(part);
      reads.add({.tenant = t, .path = path}, [&, t, k, path](GraphResponse r) {
        CHECK(r.ok());
        CHECK(r.body["value"][0]["n"] == path);
        answered[t].push_back(path);
        if (k < 3 && path.back() == '1') step(t, k + 1);
      });
    }
  };
  step("t0", 1);
  step("t1", 1);
  reads.run();
  CHECK(answered["t0"].size() == 6);
  CHECK(answered["t1"].size() == 6);
  // t0's three batches went out before t1's second: t1 did not hold t0 back.
  CHECK(transport.order == std::vector<std::string>{"t0", "t1", "t0", "t0", "t1", "t1"});
}

TEST_CASE("client: BatchReads sends reads added by one answer together, and a throttled item again later") {
  std::vector<std::size_t> sizes;
  bool throttled = false;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    json request = json::parse(r.body);
    sizes.push_back(request["requests"].size());
    json answers = json::array();
    for (const json& item : request["requests"]) {
      json answer = {{"id", item["id"]}, {"status", 200}, {"body", {{"url", item["url"]}}}};
      if (item["url"] == "/next/3" && !throttled) {
        throttled = true;
        answer = {{"id", item["id"]}, {"status", 429}, {"headers", {{"Retry-After", "2"}}}};
      }
      answers.push_back(answer);
    }
    return respond(200, json{{"responses", answers}}.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  BatchReads reads(client);
  std::vector<std::string> done;
  reads.add({.tenant = "t0", .path = "/first"}, [&](GraphResponse) {
    for (int i = 0; i < 5; ++i)
      reads.add({.tenant = "t0", .path = "/next/" + std::to_string(i)},
                [&](GraphResponse r) { done.push_back(r.body.value("url", "") + "@" + std::to_string(r.attempts)); });
  });
  reads.run();
  CHECK(sizes == std::vector<std::size_t>{1, 5, 1});
  CHECK(clock.total_slept() == Millis{2000});
  CHECK(done == std::vector<std::string>{"/next/0@1", "/next/1@1", "/next/2@1", "/next/4@1", "/next/3@2"});
}

TEST_CASE("client: BatchReads refuses a link off the tenant's Graph host without sending it") {
  std::vector<std::string> urls;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    json batch = json::parse(r.body);
    for (const json& item : batch["requests"]) urls.push_back(item["url"]);
    return batch_answer(r);
  });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  BatchReads reads(client);
  std::optional<GraphResponse> foreign, own;
  reads.add({.tenant = "t0", .path = "https://graph.example.net/v1.0/users?$skiptoken=2"},
            [&](GraphResponse r) { foreign = std::move(r); });
  reads.add({.tenant = "t0", .path = "https://graph.microsoft.com/v1.0/users?$skiptoken=2"},
            [&](GraphResponse r) { own = std::move(r); });
  reads.run();
  REQUIRE(foreign);
  REQUIRE(foreign->error);
  CHECK(contains(foreign->error->message, "refusing to follow the link"));
  REQUIRE(own);
  CHECK(own->ok());
  CHECK(urls == std::vector<std::string>{"/users?$skiptoken=2"});  // only the tenant's own link, made relative
}

TEST_CASE("client: BatchReads leaves a read's unread members out of its answer, and batches it only with reads alike") {
  std::vector<std::vector<std::string>> batches;  // the urls of each $batch sent
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    json request = json::parse(r.body);
    json answers = json::array();
    batches.emplace_back();
    for (const json& item : request["requests"]) {
      batches.back().push_back(item["url"]);
      answers.push_back({{"id", item["id"]}, {"status", 200},
                         {"body", {{"url", item["url"]}, {"directories", {{{"objects", json::array()}}}}}}});
    }
    return respond(200, json{{"responses", answers}}.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, offline());
  client.add_tenant(tenant(0));
  BatchReads reads(client);
  std::map<std::string, json> bodies;
  for (std::string path : {"/a", "/schema/1", "/b", "/schema/2"}) {
    GraphRequest read{.tenant = "t0", .path = path};
    if (path.rfind("/schema", 0) == 0) read.unread = {"directories"};
    reads.add(read, [&bodies, path](GraphResponse r) { bodies[path] = std::move(r.body); });
  }
  reads.run();
  CHECK(batches == std::vector<std::vector<std::string>>{{"/a", "/b"}, {"/schema/1", "/schema/2"}});
  CHECK(bodies["/a"] == json{{"url", "/a"}, {"directories", {{{"objects", json::array()}}}}});
  CHECK(bodies["/schema/1"] == json{{"url", "/schema/1"}});
  CHECK(bodies["/schema/2"] == json{{"url", "/schema/2"}});

  SUBCASE("sent on its own (batch_items = 1), the same read's answer loses the same members") {
    ClientOptions one = offline();
    one.batch_items = 1;
    FakeTransport single([&](const HttpRequest& r) {
      if (is_token_request(r)) return token_ok();
      return respond(200, R"({"id":"s","directories":[{"id":"d"}],"synchronizationRules":[]})");
    });
    GraphClient alone(single, clock, one);
    alone.add_tenant(tenant(0));
    BatchReads solo(alone);
    json body;
    solo.add({.tenant = "t0", .path = "/schema/3", .unread = {"directories"}}, [&](GraphResponse r) { body = r.body; });
    solo.run();
    CHECK(body == json::parse(R"({"id":"s","synchronizationRules":[]})"));
  }
}
