// The Graph client over a fake transport: tokens (fetch, cache, refresh, ready
// tokens from the environment), URLs and headers, paging, $batch splitting and
// item retries, and failures as diagnostics.
#include <doctest/doctest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "runtime/graph/graph_client.h"
#include "runtime/graph/url.h"
#include "tests/graph/fake_transport.h"

using namespace tf::graph;
using namespace tf::graph::test;
using nlohmann::json;

namespace {

const std::string kTenantId = "3d2c1b0a-1111-4222-8333-444455556666";
const std::string kSecret = "s3cr3t-Value~With/Odd=Chars";
const std::string kToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.token-for-tests";

ClientOptions quick() {
  ClientOptions o;
  o.retry.base_delay = Millis{100};
  o.retry.max_delay = Millis{1000};
  o.retry.jitter_seed = 3;
  o.environment_tokens = false;
  return o;
}

TenantConfig fabrikam() {
  return TenantConfig{"fabrikam", kTenantId, Cloud::Global, ClientSecretCredential{"client-1", kSecret}};
}

bool is_token_request(const HttpRequest& r) { return contains(r.url, "/oauth2/v2.0/token"); }

HttpResponse token_ok(int expires_in = 3599) {
  return respond(200, json{{"token_type", "Bearer"}, {"expires_in", expires_in}, {"access_token", kToken}}.dump());
}

// The query parameter `name` of a URL ("" when absent).
std::string query_value(const std::string& url, const std::string& name) {
  std::size_t q = url.find('?');
  if (q == std::string::npos) return {};
  for (const auto& [key, value] : parse_form(url.substr(q + 1)))
    if (key == name) return value;
  return {};
}

}  // namespace

TEST_CASE("client: a secret credential posts the documented token form once and reuses the token") {
  FakeTransport transport([](const HttpRequest& r) { return is_token_request(r) ? token_ok() : respond(200, "{}"); });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  CHECK(client.send({.tenant = "fabrikam", .path = "/policies/crossTenantAccessPolicy"}).ok());
  CHECK(client.send({.tenant = "fabrikam", .path = "/policies/crossTenantAccessPolicy/default"}).ok());
  REQUIRE(transport.requests.size() == 3);
  const HttpRequest& token = transport.requests[0];
  CHECK(token.method == "POST");
  CHECK(token.url == "https://login.microsoftonline.com/" + kTenantId + "/oauth2/v2.0/token");
  CHECK(header_of(token, "Content-Type") == "application/x-www-form-urlencoded");
  auto form = parse_form(token.body);
  CHECK(form == std::vector<std::pair<std::string, std::string>>{{"client_id", "client-1"},
                                                                  {"scope", "https://graph.microsoft.com/.default"},
                                                                  {"client_secret", kSecret},
                                                                  {"grant_type", "client_credentials"}});
  CHECK(transport.requests[1].url == "https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy");
  CHECK(header_of(transport.requests[1], "Authorization") == "Bearer " + kToken);
  CHECK(transport.requests[1].tenant == "fabrikam");
  CHECK(client.tokens().fetch_count() == 1);
}

TEST_CASE("client: a cached token is refreshed once it is within five minutes of expiry") {
  FakeTransport transport([](const HttpRequest& r) { return is_token_request(r) ? token_ok(3600) : respond(200, "{}"); });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  client.send({.tenant = "fabrikam", .path = "/users"});
  clock.advance(std::chrono::minutes{54});
  client.send({.tenant = "fabrikam", .path = "/users"});
  CHECK(client.tokens().fetch_count() == 1);
  clock.advance(std::chrono::minutes{2});  // 56 min: inside the 5 min margin
  client.send({.tenant = "fabrikam", .path = "/users"});
  CHECK(client.tokens().fetch_count() == 2);
}

TEST_CASE("client: a 401 with a fetched token gets a new token and one more try") {
  int graph_calls = 0;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    return ++graph_calls == 1 ? respond(401, R"({"error":{"code":"InvalidAuthenticationToken","message":"expired"}})")
                              : respond(200, R"({"id":"x"})");
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  GraphResponse r = client.send({.tenant = "fabrikam", .path = "/policies/crossTenantAccessPolicy"});
  CHECK(r.ok());
  CHECK(r.body["id"] == "x");
  CHECK(client.tokens().fetch_count() == 2);
}

TEST_CASE("client: a ready token from TENANTFORM_TOKEN_<NAME> replaces the credential and is never fetched") {
  setenv("TENANTFORM_TOKEN_NORTH_WIND", "ready-token-value", 1);
  FakeTransport transport([](const HttpRequest&) { return respond(200, "{}"); });
  ManualClock clock;
  ClientOptions options = quick();
  options.environment_tokens = true;
  GraphClient client(transport, clock, options);
  CHECK_FALSE(client.add_tenant({"north-wind", kTenantId, Cloud::Global, ClientSecretCredential{"c", "unused-secret"}}));
  CHECK(client.send({.tenant = "north-wind", .path = "/users"}).ok());
  REQUIRE(transport.requests.size() == 1);
  CHECK(header_of(transport.requests[0], "Authorization") == "Bearer ready-token-value");
  unsetenv("TENANTFORM_TOKEN_NORTH_WIND");
  CHECK(token_variable("north-wind") == "TENANTFORM_TOKEN_NORTH_WIND");
}

TEST_CASE("client: a failed token request fails every call of that tenant with one clear diagnostic") {
  FakeTransport transport([](const HttpRequest& r) {
    return is_token_request(r) ? respond(401, R"({"error":"invalid_client","error_codes":[7000222]})") : respond(200, "{}");
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  std::vector<GraphResponse> r = client.send_all({{.tenant = "fabrikam", .path = "/a"}, {.tenant = "fabrikam", .path = "/b"}});
  REQUIRE(r[0].error);
  REQUIRE(r[1].error);
  CHECK(r[0].error->code == "AADSTS7000222");
  CHECK(contains(r[0].error->message, "the client secret has expired"));
  CHECK(transport.requests.size() == 1);  // no Graph call without a token, one token attempt
}

TEST_CASE("client: a JSON body is sent with its content type and an unknown tenant is a diagnostic") {
  FakeTransport transport([](const HttpRequest& r) { return is_token_request(r) ? token_ok() : respond(204); });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  GraphResponse r = client.send({.tenant = "fabrikam",
                                 .method = "PATCH",
                                 .path = "/policies/crossTenantAccessPolicy/partners/" + kTenantId,
                                 .body = json{{"automaticUserConsentSettings", {{"inboundAllowed", true}}}}});
  CHECK(r.ok());
  CHECK(r.status == 204);
  CHECK(r.body.is_null());
  const HttpRequest& sent = transport.requests.back();
  CHECK(sent.method == "PATCH");
  CHECK(header_of(sent, "Content-Type") == "application/json");
  CHECK(json::parse(sent.body)["automaticUserConsentSettings"]["inboundAllowed"] == true);
  GraphResponse unknown = client.send({.tenant = "tailspin", .path = "/users"});
  REQUIRE(unknown.error);
  CHECK(unknown.error->message == "tenant 'tailspin' is not known to the Graph client");
}

TEST_CASE("client: paging follows @odata.nextLink until it is absent, empty pages included") {
  FakeTransport transport([](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    std::string skip = query_value(r.url, "$skiptoken");
    int page = skip.empty() ? 0 : std::stoi(skip);
    json body = {{"value", json::array()}};
    if (page != 1)
      for (int i = 0; i < 3; ++i) body["value"].push_back({{"id", "u" + std::to_string(page * 3 + i)}});
    if (page < 3) body["@odata.nextLink"] = "https://graph.microsoft.com/v1.0/users?$top=3&$skiptoken=" + std::to_string(page + 1);
    return respond(200, body.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  PagedResponse all = client.get_all({.tenant = "fabrikam", .path = "/users?$top=3", .headers = {{"ConsistencyLevel", "eventual"}}});
  REQUIRE(all.ok());
  CHECK(all.pages == 4);
  std::vector<std::string> ids;
  for (const json& u : all.items) ids.push_back(u["id"]);
  CHECK(ids == std::vector<std::string>{"u0", "u1", "u2", "u6", "u7", "u8", "u9", "u10", "u11"});
  CHECK(header_of(transport.requests.back(), "ConsistencyLevel") == "eventual");
}

TEST_CASE("client: a nextLink to another host is refused and the token is not sent there") {
  FakeTransport transport([](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    return respond(200, R"({"value":[{"id":"1"}],"@odata.nextLink":"https://evil.example.com/v1.0/users?$skiptoken=2"})");
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  PagedResponse all = client.get_all({.tenant = "fabrikam", .path = "/users"});
  REQUIRE(all.error);
  CHECK(all.error->code == "foreign-link");
  CHECK(all.items.size() == 1);
  for (const HttpRequest& r : transport.requests) CHECK_FALSE(contains(r.url, "evil.example.com"));
}

TEST_CASE("client: $batch sends at most 20 requests per call, per tenant, and maps answers back in order") {
  std::vector<std::size_t> batch_sizes;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    REQUIRE(ends_with(r.url, "/v1.0/$batch"));
    json request = json::parse(r.body);
    batch_sizes.push_back(request["requests"].size());
    json responses = json::array();
    for (const json& item : request["requests"]) {  // answer in reverse order, as Graph may
      std::string url = item["url"];
      responses.insert(responses.begin(), json{{"id", item["id"]}, {"status", 200}, {"body", {{"url", url}}}});
    }
    return respond(200, json{{"responses", responses}}.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  std::vector<GraphRequest> reads;
  for (int i = 0; i < 45; ++i) reads.push_back({.tenant = "fabrikam", .path = "/users/" + std::to_string(i)});
  std::vector<GraphResponse> out = client.batch(reads);
  CHECK(batch_sizes == std::vector<std::size_t>{20, 20, 5});
  REQUIRE(out.size() == 45);
  for (int i = 0; i < 45; ++i) {
    INFO(i);
    CHECK(out[i].ok());
    CHECK(out[i].body["url"] == "/users/" + std::to_string(i));
  }
}

TEST_CASE("client: throttled $batch items are sent again after their Retry-After; failed items become diagnostics") {
  int round = 0;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    ++round;
    json responses = json::array();
    json request = json::parse(r.body);
    for (const json& item : request["requests"]) {
      std::string url = item["url"];
      json answer = {{"id", item["id"]}, {"status", 200}, {"body", {{"url", url}}}};
      if (url == "/users/2" && round == 1) answer = {{"id", item["id"]}, {"status", 429}, {"headers", {{"Retry-After", "4"}}}};
      if (url == "/users/3")
        answer = {{"id", item["id"]},
                  {"status", 403},
                  {"body", {{"error", {{"code", "Authorization_RequestDenied"}, {"message", "Insufficient privileges."}}}}}};
      responses.push_back(answer);
    }
    return respond(200, json{{"responses", responses}}.dump());
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  std::vector<GraphRequest> reads;
  for (int i = 0; i < 5; ++i) reads.push_back({.tenant = "fabrikam", .path = "/users/" + std::to_string(i)});
  std::vector<GraphResponse> out = client.batch(reads);
  CHECK(round == 2);
  CHECK(clock.total_slept() == Millis{4000});
  CHECK(out[2].ok());
  CHECK(out[2].attempts == 2);
  CHECK(out[2].body["url"] == "/users/2");
  REQUIRE(out[3].error);
  CHECK(out[3].status == 403);
  CHECK(contains(out[3].error->message, "grant the application permission 'User.Read.All' in tenant 'fabrikam'"));
}

TEST_CASE("client: with_select and with_query add to the query string") {
  CHECK(with_select("/servicePrincipals", {"id", "appId", "displayName"}) == "/servicePrincipals?$select=id,appId,displayName");
  CHECK(with_select("/users?$top=5", {"id"}) == "/users?$top=5&$select=id");
  CHECK(with_select("/users", {}) == "/users");
  CHECK(with_query("/servicePrincipals", "$filter", "displayName eq 'x'") == "/servicePrincipals?$filter=displayName eq 'x'");
}

TEST_CASE("client: a create that fails ambiguously looks for its object first and returns it when found") {
  int creates = 0;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    if (r.method == "POST") {
      ++creates;
      return respond(504);  // the app may or may not have been created
    }
    return respond(200, R"({"value":[{"id":"sp-1","tags":["tenantform:link:contoso-to-fabrikam"]}]})");
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  GraphRequest create{.tenant = "fabrikam",
                      .method = "POST",
                      .path = "/applicationTemplates/518e5f48-1fc8-4c48-9387-9fdf28b0dfe7/instantiate",
                      .body = json{{"displayName", "contoso to fabrikam"}}};
  create.look_first = look_first_by_query(
      client, {.tenant = "fabrikam", .path = "/servicePrincipals?$filter=tags/any(t:t eq 'tenantform:link:contoso-to-fabrikam')"},
      [](const std::vector<json>& items) -> std::optional<json> {
        if (items.empty()) return std::nullopt;
        return items.front();
      });
  GraphResponse r = client.send(create);
  CHECK(r.ok());
  CHECK(r.found_by_look_first);
  CHECK(r.body["id"] == "sp-1");
  CHECK(creates == 1);
}

TEST_CASE("client: a create that fails ambiguously with nothing found is sent again; without a hook it is not") {
  int creates = 0;
  FakeTransport transport([&](const HttpRequest& r) {
    if (is_token_request(r)) return token_ok();
    if (r.method == "POST") return ++creates == 1 ? respond(503) : respond(201, R"({"id":"new"})");
    return respond(200, R"({"value":[]})");
  });
  ManualClock clock;
  GraphClient client(transport, clock, quick());
  client.add_tenant(fabrikam());
  GraphRequest create{.tenant = "fabrikam", .method = "POST", .path = "/policies/crossTenantAccessPolicy/partners",
                      .body = json{{"tenantId", kTenantId}}};
  GraphResponse blind = client.send(create);
  REQUIRE(blind.error);
  CHECK(creates == 1);
  CHECK(blind.error->notes.back().message.find("not retried: the request creates something") == 0);
  creates = 0;
  create.look_first = look_first_by_query(client, {.tenant = "fabrikam", .path = "/policies/crossTenantAccessPolicy/partners"},
                                          [](const std::vector<json>&) -> std::optional<json> { return std::nullopt; });
  GraphResponse r = client.send(create);
  CHECK(r.ok());
  CHECK(r.status == 201);
  CHECK(creates == 2);
}
