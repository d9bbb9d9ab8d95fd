// Concurrent requests: the store is guarded, so parallel writers from two tenants
// neither lose nor duplicate objects.
#include <doctest/doctest.h>

#include <cstdio>
#include <thread>

#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

TEST_CASE("concurrency: parallel partner creation in two tenants keeps every object exactly once") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  GraphClient contoso(emulator.url(), secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret));
  GraphClient fabrikam(emulator.url(), secret_token(emulator.url(), kFabrikam, kFabrikamClient, kFabrikamSecret));
  constexpr int kThreads = 6, kEach = 8;
  std::vector<std::thread> threads;
  std::vector<int> created(kThreads, 0);
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const GraphClient& client = t % 2 ? fabrikam : contoso;
      for (int i = 0; i < kEach; ++i) {
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%06d%06d", t, i);
        created[t] += client.post("/policies/crossTenantAccessPolicy/partners", {{"tenantId", id}}).status == 201;
      }
    });
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) CHECK(created[t] == kEach);
  CHECK(contoso.get("/policies/crossTenantAccessPolicy/partners").body["value"].size() == kThreads / 2 * kEach);
  CHECK(fabrikam.get("/policies/crossTenantAccessPolicy/partners").body["value"].size() == kThreads / 2 * kEach);
}
