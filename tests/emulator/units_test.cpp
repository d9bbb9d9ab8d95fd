// Unit checks of the emulator's pieces that need no server: the $filter subset,
// atomic file writes and tenant files, restart scopes, schema validation and seeds.
#include <doctest/doctest.h>

#include "runtime/emulator/api.h"
#include "runtime/emulator/odata_filter.h"
#include "runtime/emulator/persistence.h"
#include "runtime/emulator/sync_model.h"
#include "runtime/emulator/tenant.h"
#include "tests/support/util.h"

using namespace tf::emulator;

TEST_CASE("odata filter: eq is case-insensitive, any() looks into collections, and/or/not combine") {
  nlohmann::json sp = {{"displayName", "Contoso Sync"}, {"tags", {"a", "tenantform:link=x"}}, {"servicePrincipal", {{"id", "abc"}}}};
  CHECK(ODataFilter("displayName eq 'contoso sync'").matches(sp));
  CHECK_FALSE(ODataFilter("displayName eq 'other'").matches(sp));
  CHECK(ODataFilter("tags/any(t:t eq 'tenantform:link=x')").matches(sp));
  CHECK_FALSE(ODataFilter("tags/any(t:t eq 'missing')").matches(sp));
  CHECK(ODataFilter("startswith(displayName,'Cont') and not (displayName eq 'x')").matches(sp));
  CHECK(ODataFilter("contains(tolower(servicePrincipal/id),'ab') or displayName eq 'x'").matches(sp));
  CHECK(ODataFilter("activityDateTime gt 2023-07-30").matches({{"activityDateTime", "2023-07-30T10:00:00Z"}}));
  CHECK_THROWS_AS(ODataFilter("displayName has 'x'"), GraphError);
  CHECK_THROWS_AS(ODataFilter("displayName eq 'unterminated"), GraphError);
}

TEST_CASE("persistence: an atomic write replaces the file and leaves no temporary behind") {
  tf::test::TempDir dir;
  TenantFiles files(dir.path());
  files.save("t1", {{"id", "t1"}, {"n", 1}});
  files.save("t1", {{"id", "t1"}, {"n", 2}});
  tf::test::write_file(dir.path() / "tenants" / ".t2.json.tmp", "{ torn");
  auto loaded = files.load_all();
  CHECK(loaded.size() == 1);
  CHECK(loaded["t1"]["n"] == 2);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "tenants" / ".t2.json.tmp"));
}

TEST_CASE("restart scope: flags parse from the comma list and unknown flags are refused") {
  CHECK(parse_reset_scope("Watermark, Escrows, QuarantineState") == std::set<std::string>{"Escrows", "QuarantineState", "Watermark"});
  CHECK(parse_reset_scope("").empty());
  CHECK_THROWS_AS(parse_reset_scope("Everything"), GraphError);
}

TEST_CASE("schema validation: the default schema is valid and a bad flowTypes flag is not") {
  nlohmann::json schema = default_schema("job");
  CHECK_NOTHROW(validate_schema(schema, schema));
  nlohmann::json bad = schema;
  bad["synchronizationRules"][0]["objectMappings"][0]["flowTypes"] = "Add, Upsert";
  CHECK_THROWS_AS(validate_schema(bad, schema), GraphError);
}

TEST_CASE("seed: a tenant without a GUID id is refused with the file named") {
  CHECK_THROWS_WITH_AS(tenant_from_seed({{"id", "contoso"}}, "contoso", "contoso.json"),
                       doctest::Contains("contoso.json"), std::runtime_error);
  nlohmann::json tenant = tenant_from_seed({{"id", "3D2C1B0A-1111-4222-8333-444455556666"},
                                            {"clients", {{{"client_id", "c"}, {"client_secret", "s"}}}}},
                                           "contoso", "contoso.json");
  CHECK(tenant["id"] == "3d2c1b0a-1111-4222-8333-444455556666");
  CHECK_FALSE(tenant["clients"][0].contains("client_secret"));
}
