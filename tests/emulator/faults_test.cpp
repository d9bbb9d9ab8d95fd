// Fault injection: --faults makes Graph calls fail with 429 (Retry-After), 503 or a
// dropped connection; the token endpoint and /_emulator/ are exempt; POST
// /_emulator/faults changes or clears the settings at run time; the same seed
// gives the same sequence of faults.
#include <doctest/doctest.h>

#include "runtime/emulator/faults.h"
#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

TEST_CASE("faults: a 429 rate of 1 throttles every Graph call with Retry-After but never the token endpoint") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir(), {"--faults", "429=1"});
  std::string token = secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret);
  REQUIRE(!token.empty());
  GraphReply throttled = GraphClient(emulator.url(), token).get("/users");
  CHECK(throttled.status == 429);
  CHECK(throttled.headers.count("retry-after") == 1);
  CHECK(throttled.body["error"]["code"] == "TooManyRequests");
  HttpResponse cleared = request("POST", emulator.url() + "/_emulator/faults", {{"Content-Type", "application/json"}}, R"({"clear": true})");
  CHECK(cleared.status == 200);
  CHECK(GraphClient(emulator.url(), token).get("/users").status == 200);
}

TEST_CASE("faults: run-time settings inject 503s and dropped connections") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  std::string token = secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret);
  request("POST", emulator.url() + "/_emulator/faults", {}, R"({"503": 1})");
  CHECK(GraphClient(emulator.url(), token).get("/users").status == 503);
  request("POST", emulator.url() + "/_emulator/faults", {}, R"({"faults": "503=0,reset=1"})");
  HttpResponse dropped = request("GET", emulator.url() + "/v1.0/users", {{"Authorization", "Bearer " + token}});
  CHECK(dropped.status == 0);
  CHECK(!dropped.error.empty());
  CHECK(request("POST", emulator.url() + "/_emulator/faults", {}, R"({"faults": "418=0.5"})").status == 400);
}

TEST_CASE("faults: the same seed draws the same faults and the rates are respected") {
  tf::emulator::FaultSettings settings;
  tf::emulator::apply_fault_spec("429=0.25,503=0.25,reset=0.25", settings);
  tf::emulator::FaultInjector a(settings, 42), b(settings, 42);
  int none = 0;
  for (int i = 0; i < 400; ++i) {
    auto x = a.decide(), y = b.decide();
    CHECK(x.fault == y.fault);
    none += x.fault == tf::emulator::Fault::None;
  }
  CHECK(none > 50);
  CHECK(none < 150);
  CHECK_THROWS_AS(tf::emulator::apply_fault_spec("429=2", settings), std::invalid_argument);
  CHECK(tf::emulator::parse_duration_ms("1.5s") == 1500);
  CHECK(tf::emulator::parse_duration_ms("20ms") == 20);
}
