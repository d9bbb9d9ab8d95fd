// Concurrent requests: the store is guarded, so parallel writers from two tenants
// neither lose nor duplicate objects, and readers (under the shared lock) running
// beside a writer always see a whole, growing state.
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

TEST_CASE("concurrency: parallel readers beside a writer always answer 200 and never see the count shrink") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  GraphClient contoso(emulator.url(), secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret));
  const std::string partners = "/policies/crossTenantAccessPolicy/partners";
  constexpr int kReaders = 4, kReads = 15, kWrites = 20;
  std::vector<int> failures(kReaders, 0);
  std::thread writer([&] {
    for (int i = 0; i < kWrites; ++i) {
      char id[40];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
      contoso.post(partners, {{"tenantId", id}});
    }
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < kReaders; ++t)
    readers.emplace_back([&, t] {
      std::size_t seen = 0;
      for (int i = 0; i < kReads; ++i) {
        nlohmann::json requests = {{{"id", "1"}, {"method", "GET"}, {"url", partners}}, {{"id", "2"}, {"method", "GET"}, {"url", "/groups"}}};
        GraphReply reply = contoso.post("/$batch", {{"requests", requests}});
        nlohmann::json items = reply.status == 200 && reply.body.is_object() ? reply.body.value("responses", nlohmann::json::array())
                                                                               : nlohmann::json::array();
        bool ok = items.size() == 2 && items[0].value("status", 0) == 200 && items[1].value("status", 0) == 200 &&
                  items[0]["body"]["value"].size() >= seen;
        if (ok) seen = items[0]["body"]["value"].size();
        failures[t] += !ok;
      }
    });
  writer.join();
  for (std::thread& reader : readers) reader.join();
  for (int t = 0; t < kReaders; ++t) CHECK(failures[t] == 0);
  CHECK(contoso.get(partners).body["value"].size() == kWrites);
}
