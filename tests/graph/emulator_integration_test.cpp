// The Graph client against the real emulator through libcurl: tokens for each auth
// method the emulator supports, a paged user list, a $batch read, errors as
// diagnostics, and a read loop that still returns the right data while the
// emulator injects 429 and 503 faults.
#include <doctest/doctest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "runtime/graph/curl_transport.h"
#include "runtime/graph/graph_client.h"
#include "runtime/graph/graph_session.h"
#include "tests/support/emulator_process.h"
#include "tests/graph/test_certificate.h"
#include "tests/support/util.h"

using namespace tf::graph;
using namespace tf::graph::test;
using tf::test::EmulatorProcess;
using nlohmann::json;

namespace {

const std::string kContosoId = "3d2c1b0a-1111-4222-8333-444455556666";
const std::string kContosoClient = "0f0e0d0c-0000-4000-8000-000000000001";
const std::string kContosoSecret = "contoso-test-secret";
const std::string kCertClient = "0f0e0d0c-0000-4000-8000-0000000000c1";

std::filesystem::path source_seed() { return tf::test::source_dir() / "tests" / "emulator" / "seed"; }

// The emulator's test seed in `dir`/seed, with a certificate client added to contoso;
// `users` receives contoso's user ids.
std::filesystem::path make_seed(tf::test::TempDir& dir, const TestCertificate& cert, std::set<std::string>& users) {
  std::filesystem::path seed = dir.path() / "seed";
  std::filesystem::create_directories(seed);
  for (const auto& entry : std::filesystem::directory_iterator(source_seed())) {
    json tenant = json::parse(tf::test::read_file(entry.path()));
    if (tenant["id"] == kContosoId) {
      tenant["clients"].push_back({{"client_id", kCertClient}, {"certificate", cert.cert_pem}});
      for (const json& u : tenant["users"]) users.insert(u["id"].get<std::string>());
    }
    tf::test::write_file(seed / entry.path().filename(), tenant.dump(2));
  }
  tf::test::write_file(dir.path() / "client.pem", cert.pem);
  return seed;
}

ClientOptions options_for(const std::string& url) {
  ClientOptions o;
  o.endpoints.emulator_url = url;
  o.environment_tokens = false;
  o.retry.base_delay = Millis{50};
  o.retry.max_attempts = 10;
  o.retry.max_total_wait = Millis{60'000};
  return o;
}

TenantConfig contoso(Credential credential) {
  return TenantConfig{"contoso", kContosoId, Cloud::Global, std::move(credential)};
}

std::set<std::string> ids_of(const std::vector<json>& items) {
  std::set<std::string> out;
  for (const json& item : items) out.insert(item["id"].get<std::string>());
  return out;
}

// The emulator seeded with contoso (secret and certificate clients) and its users.
struct SeededEmulator {
  explicit SeededEmulator(const std::vector<std::string>& extra = {}, const std::string& cert_name = "tenantform-test")
      : cert(make_test_certificate(cert_name)), emulator({}, make_seed(dir, cert, users), extra) {}
  tf::test::TempDir dir;
  TestCertificate cert;
  std::set<std::string> users;
  EmulatorProcess emulator;
};

// tenantform's Graph client for contoso with `secret`, pointed at a seeded emulator.
struct ContosoClient {
  explicit ContosoClient(const std::string& secret, const std::vector<std::string>& extra = {})
      : seeded(extra), options(options_for(seeded.emulator.url())), client(transport, clock, options) {
    client.add_tenant(contoso(ClientSecretCredential{kContosoClient, secret}));
  }
  SeededEmulator seeded;
  CurlTransport transport;
  SystemClock clock;
  ClientOptions options;
  GraphClient client;
};

}  // namespace

TEST_CASE("emulator: a client secret, a PS256 and an RS256 certificate each get a token and read users") {
  SeededEmulator seeded({}, "contoso-cert-client");
  const EmulatorProcess& emulator = seeded.emulator;
  std::string pem = (seeded.dir.path() / "client.pem").string();
  std::vector<Credential> credentials = {ClientSecretCredential{kContosoClient, kContosoSecret},
                                         CertificateFileCredential{kCertClient, pem, JwtAlgorithm::PS256},
                                         CertificateFileCredential{kCertClient, pem, JwtAlgorithm::RS256}};
  for (const Credential& credential : credentials) {
    CurlTransport transport;
    SystemClock clock;
    GraphClient client(transport, clock, options_for(emulator.url()));
    client.add_tenant(contoso(credential));
    std::optional<tf::Diagnostic> error = client.ensure_token("contoso");
    INFO((error ? error->message : std::string("token ok")));
    CHECK_FALSE(error);
    GraphResponse r = client.send({.tenant = "contoso", .path = "/users"});
    CHECK(r.ok());
    CHECK(r.status == 200);
  }
}

TEST_CASE("emulator: a wrong secret becomes a diagnostic that says to check the tenant's credentials") {
  ContosoClient world("not-the-secret");
  GraphClient& client = world.client;
  GraphResponse r = client.send({.tenant = "contoso", .path = "/users"});
  REQUIRE(r.error);
  CHECK(r.error->message.find("tenant 'contoso': cannot get a token for application '" + kContosoClient + "'") == 0);
  CHECK(r.error->message.find("check the credentials of tenant 'contoso'") != std::string::npos);
  CHECK(r.error->message.find("not-the-secret") == std::string::npos);
}

TEST_CASE("emulator: a paged user list is collected whole through @odata.nextLink") {
  ContosoClient world(kContosoSecret);
  GraphClient& client = world.client;
  const std::set<std::string>& users = world.seeded.users;
  PagedResponse all = client.get_all({.tenant = "contoso", .path = with_select("/users?$top=2", {"id", "displayName"})});
  INFO((all.error ? all.error->message : std::string("paged ok")));
  REQUIRE(all.ok());
  CHECK(all.pages >= 3);
  CHECK(ids_of(all.items) == users);
  CHECK(all.items.size() == users.size());
}

TEST_CASE("emulator: a $batch read of 25 requests comes back item by item in request order") {
  ContosoClient world(kContosoSecret);
  GraphClient& client = world.client;
  const std::set<std::string>& users = world.seeded.users;
  std::vector<std::string> wanted;
  while (wanted.size() < 24)
    for (const std::string& id : users) wanted.push_back(id);
  wanted.resize(24);
  std::vector<GraphRequest> reads;
  for (const std::string& id : wanted) reads.push_back({.tenant = "contoso", .path = "/users/" + id});
  reads.push_back({.tenant = "contoso", .path = "/users/00000000-0000-4000-8000-00000000dead"});
  std::vector<GraphResponse> out = client.batch(reads);
  REQUIRE(out.size() == 25);
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    INFO(i << ": " << (out[i].error ? out[i].error->message : std::string("ok")));
    CHECK(out[i].status == 200);
    CHECK(out[i].body.value("id", "") == wanted[i]);
  }
  CHECK(out[24].status == 404);
  REQUIRE(out[24].error);
  CHECK(out[24].error->message.find("tenant 'contoso': GET /users/00000000-0000-4000-8000-00000000dead failed") == 0);
}

TEST_CASE("emulator: under 429 and 503 faults a read loop still returns the right data within its retry budget") {
  ContosoClient world(kContosoSecret, {"--faults", "429=0.2,503=0.1", "--fault-seed", "11"});
  GraphClient& client = world.client;
  const std::set<std::string>& users = world.seeded.users;
  const ClientOptions& options = world.options;
  int attempts = 0;
  int calls = 0;
  for (int round = 0; round < 2; ++round) {
    std::vector<GraphRequest> reads;
    for (const std::string& id : users) reads.push_back({.tenant = "contoso", .path = "/users/" + id});
    for (const GraphResponse& r : client.send_all(reads)) {
      INFO((r.error ? r.error->message : std::string("ok")));
      CHECK(r.ok());
      CHECK(users.count(r.body.value("id", "")) == 1);
      CHECK(r.attempts <= options.retry.max_attempts);
      attempts += r.attempts;
      ++calls;
    }
    PagedResponse all = client.get_all({.tenant = "contoso", .path = "/users?$top=2"});
    INFO((all.error ? all.error->message : std::string("ok")));
    CHECK(all.ok());
    CHECK(ids_of(all.items) == users);
  }
  std::vector<GraphRequest> batch;
  for (const std::string& id : users) batch.push_back({.tenant = "contoso", .path = "/users/" + id});
  for (const GraphResponse& r : client.batch(batch)) CHECK(users.count(r.body.value("id", "")) == 1);
  CHECK(attempts > calls);  // faults happened and were retried
}

TEST_CASE("emulator: a session built as the CLI builds it traces every call to --log-http without secrets") {
  SeededEmulator seeded;
  const EmulatorProcess& emulator = seeded.emulator;
  const tf::test::TempDir& dir = seeded.dir;
  GraphSetup setup;
  setup.emulator_flag = emulator.url();
  setup.log_http = (dir.path() / "http.log").string();
  setup.client.environment_tokens = false;
  {
    auto [session, diagnostics] = GraphSession::create(setup);
    REQUIRE(session);
    CHECK(diagnostics.empty());
    session->client().add_tenant(contoso(ClientSecretCredential{kContosoClient, kContosoSecret}));
    CHECK(session->client().send({.tenant = "contoso", .path = "/users"}).ok());
  }
  std::string log = tf::test::read_file(dir.path() / "http.log");
  CHECK(log.find("> #1 POST " + emulator.url() + "/" + kContosoId + "/oauth2/v2.0/token [tenant contoso]") != std::string::npos);
  CHECK(log.find("> #2 GET " + emulator.url() + "/v1.0/users [tenant contoso]") != std::string::npos);
  CHECK(log.find("Authorization: Bearer [redacted]") != std::string::npos);
  CHECK(log.find("\"access_token\":\"[redacted]\"") != std::string::npos);
  CHECK(log.find(kContosoSecret) == std::string::npos);
}

TEST_CASE("emulator: a session refuses an emulator URL that is not loopback and an unwritable log file") {
  GraphSetup remote;
  remote.emulator_flag = "http://10.1.2.3:8080";
  auto [none, diagnostics] = GraphSession::create(remote);
  CHECK_FALSE(none);
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.items()[0].code == "emulator-not-loopback");
  GraphSetup bad_log;
  bad_log.emulator_flag = "http://127.0.0.1:1";
  bad_log.log_http = "/nonexistent-dir/http.log";
  auto [none2, diagnostics2] = GraphSession::create(bad_log);
  CHECK_FALSE(none2);
  REQUIRE(diagnostics2.error_count() == 1);
  CHECK(diagnostics2.items()[0].message ==
        "cannot open the HTTP log '/nonexistent-dir/http.log' for writing; check that its directory exists and is writable");
}
