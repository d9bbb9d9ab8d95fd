// Tenant isolation: a token only ever reads or writes its own tenant. Objects of
// another tenant are invisible (404) and unchanged, whatever id the caller names.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

TEST_CASE("isolation: a tenant cannot read or change another tenant's objects by id") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  GraphClient contoso(emulator.url(), secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret));
  GraphClient fabrikam(emulator.url(), secret_token(emulator.url(), kFabrikam, kFabrikamClient, kFabrikamSecret));
  LinkIds ids = configure_link(contoso, fabrikam, kContoso, kFabrikam);
  std::string sp = "/servicePrincipals/" + ids.sp;
  CHECK(contoso.get(sp).status == 200);
  CHECK(fabrikam.get(sp).status == 404);
  CHECK(fabrikam.get(sp + "/synchronization/jobs/" + ids.job).status == 404);
  CHECK(fabrikam.put(sp + "/synchronization/secrets", {{"value", nlohmann::json::array()}}).status == 404);
  CHECK(fabrikam.del(sp).status == 404);
  CHECK(fabrikam.get("/users/c0000000-0000-4000-8000-000000000001").status == 404);
  CHECK(fabrikam.get("/servicePrincipals").body["value"].empty());
  // The source's objects are intact after the attempts.
  CHECK(contoso.get(sp + "/synchronization/secrets").body["value"].size() == 3);
  // Each tenant sees only its own partner configuration.
  GraphReply contoso_partners = contoso.get("/policies/crossTenantAccessPolicy/partners");
  REQUIRE(contoso_partners.body["value"].size() == 1);
  CHECK(contoso_partners.body["value"][0]["tenantId"] == kFabrikam);
  GraphReply fabrikam_partners = fabrikam.get("/policies/crossTenantAccessPolicy/partners");
  REQUIRE(fabrikam_partners.body["value"].size() == 1);
  CHECK(fabrikam_partners.body["value"][0]["tenantId"] == kContoso);
}

TEST_CASE("isolation: the same $batch item reaches only the caller's tenant") {
  TempDir dir;
  EmulatorProcess emulator(dir.path() / "data", emulator_seed_dir());
  GraphClient fabrikam(emulator.url(), secret_token(emulator.url(), kFabrikam, kFabrikamClient, kFabrikamSecret));
  nlohmann::json batch = {{"requests", {{{"id", "1"}, {"method", "GET"}, {"url", "/users/c0000000-0000-4000-8000-000000000001"}},
                                        {{"id", "2"}, {"method", "GET"}, {"url", "/users"}}}}};
  GraphReply reply = fabrikam.post("/$batch", batch);
  REQUIRE(reply.status == 200);
  for (const auto& r : reply.body["responses"]) {
    if (r["id"] == "1") CHECK(r["status"] == 404);
    if (r["id"] == "2") CHECK(r["body"]["value"].size() == 1);
  }
}
