// The `tenantform emulator` command line: loopback only, seeds into an empty store
// only, and `tenantform emulator cycle --url` running a cycle of a live emulator.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

TEST_CASE("emulator command: a non-loopback listen address is refused with the reason") {
  TempDir dir;
  ProcessResult result = run_tenantform({"emulator", "--data", (dir.path() / "data").string(), "--listen", "0.0.0.0:0"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("loopback") != std::string::npos);
  CHECK(result.out.empty());
}

TEST_CASE("emulator command: a bad seed is an error naming the file") {
  TempDir dir;
  write_file(dir.path() / "seed" / "broken.json", R"({"id": "not-a-guid"})");
  ProcessResult result = run_tenantform({"emulator", "--data", (dir.path() / "data").string(), "--seed",
                                         (dir.path() / "seed").string(), "--listen", "127.0.0.1:0"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("broken.json") != std::string::npos);
}

TEST_CASE("emulator command: cycle --url runs one cycle and prints the job summary") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  GraphClient contoso(emulator.url(), secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret));
  GraphClient fabrikam(emulator.url(), secret_token(emulator.url(), kFabrikam, kFabrikamClient, kFabrikamSecret));
  LinkIds ids = configure_link(contoso, fabrikam, kContoso, kFabrikam, true);
  contoso.post("/servicePrincipals/" + ids.sp + "/synchronization/jobs/" + ids.job + "/start");
  ProcessResult result = run_tenantform({"emulator", "cycle", "--url", emulator.url()});
  REQUIRE(result.exit_code == 0);
  nlohmann::json summary = nlohmann::json::parse(result.out);
  REQUIRE(summary["jobs"].size() == 1);
  CHECK(summary["jobs"][0]["created"] == 4);
  CHECK(fabrikam.get("/users").body["value"].size() == 5);
  ProcessResult unreachable = run_tenantform({"emulator", "cycle", "--url", "http://127.0.0.1:1"});
  CHECK(unreachable.exit_code == 1);
  CHECK(unreachable.err.find("cannot reach") != std::string::npos);
}
