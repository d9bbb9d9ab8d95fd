// Crash safety: kill -9 during a stream of writes never leaves a store that fails to
// load, every acknowledged write survives, and a restart resumes the exact state
// (tokens included). A graceful SIGTERM exits 0.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

namespace {

std::string partner_id(int i) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", i);
  return text;
}

}  // namespace

TEST_CASE("crash: kill -9 during writes keeps every acknowledged write and a loadable store") {
  TempDir dir;
  auto emulator = std::make_unique<EmulatorProcess>(dir.path() / "data", emulator_seed_dir());
  std::string token = secret_token(emulator->url(), kContoso, kContosoClient, kContosoSecret);
  GraphClient contoso(emulator->url(), token);
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      GraphReply r = contoso.post("/policies/crossTenantAccessPolicy/partners", {{"tenantId", partner_id(i)}});
      if (r.status != 201) break;
      acknowledged = i + 1;
    }
  });
  while (acknowledged < 25) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  emulator->stop(SIGKILL);
  stop = true;
  writer.join();
  int acked = acknowledged;
  emulator = std::make_unique<EmulatorProcess>(dir.path() / "data", emulator_seed_dir());
  GraphClient again(emulator->url(), token);  // the old token is still valid
  GraphReply partners = again.get("/policies/crossTenantAccessPolicy/partners");
  REQUIRE(partners.status == 200);
  std::set<std::string> stored;
  for (const auto& p : partners.body["value"]) stored.insert(p["tenantId"]);
  for (int i = 0; i < acked; ++i) CHECK(stored.count(partner_id(i)) == 1);
  CHECK(stored.size() <= static_cast<std::size_t>(acked) + 1);  // at most the one in flight
  CHECK(again.get("/users").body["value"].size() == 6);  // the seed was not loaded twice
}

TEST_CASE("crash: a restart resumes the exact state and SIGTERM shuts down cleanly") {
  TempDir dir;
  std::string token, sp;
  nlohmann::json before;
  {
    EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
    token = secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret);
    GraphClient contoso(emulator.url(), token);
    sp = contoso.post("/applicationTemplates/" + kCtsTemplate + "/instantiate", {{"displayName", "kept"}}).body["servicePrincipal"]["id"];
    contoso.post("/servicePrincipals/" + sp + "/synchronization/jobs", {{"templateId", "Azure2Azure"}});
    before = contoso.get("/servicePrincipals/" + sp + "/synchronization/jobs").body["value"];
    CHECK(emulator.stop(SIGTERM) == 0);
  }
  EmulatorProcess emulator(dir.path() / "data", {});
  GraphClient contoso(emulator.url(), token);
  CHECK(contoso.get("/servicePrincipals/" + sp + "/synchronization/jobs").body["value"] == before);
  std::size_t temporaries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "data" / "tenants"))
    temporaries += entry.path().filename().string().rfind(".", 0) == 0;
  CHECK(temporaries == 0);
}
