// `tenantform apply` end to end on examples/merger-one-way against the emulator:
// plan --out then apply FILE leaves nothing to create; apply DIR without a terminal
// and without --auto-approve refuses; a saved plan whose objects changed since is
// refused as stale and writes nothing; a changed manifest is applied as updates.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/apply/apply_support.h"

using namespace tf::apply::test;
using nlohmann::json;

namespace {

std::map<std::string, std::string> secrets_env() {
  return {{"CONTOSO_SECRET", kContosoSecret}, {"FABRIKAM_SECRET", kFabrikamSecret}};
}

std::filesystem::path example_dir() { return tf::test::source_dir() / "examples" / "merger-one-way"; }

tf::test::ProcessResult tenantform(const std::vector<std::string>& args) {
  return tf::test::run_tenantform(args, "", secrets_env());
}

// The plan's "Plan: ..." summary line (text format).
std::string summary(const std::string& out) {
  auto at = out.find("Plan: ");
  return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
}

}  // namespace

TEST_CASE("cli apply: a saved plan of the merger example is applied, and planning again finds no changes") {
  Emulator emulator;
  tf::test::TempDir dir;
  std::string plan_file = (dir.path() / "merger.plan").string();
  tf::test::ProcessResult planned = tenantform({"plan", example_dir().string(), "--emulator", emulator.url(), "--out", plan_file});
  INFO(planned.out, planned.err);
  REQUIRE(planned.exit_code == 0);
  CHECK(summary(planned.out).find("9 to add") != std::string::npos);

  tf::test::ProcessResult applied = tenantform({"apply", plan_file, "--emulator", emulator.url()});
  INFO(applied.out, applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(applied.out.find("sync_app.fabrikam[contoso]: creating... done") != std::string::npos);
  CHECK(applied.out.find("Apply complete!") != std::string::npos);
  CHECK(tagged_apps(emulator).size() == 1);

  tf::test::ProcessResult again = tenantform({"plan", example_dir().string(), "--emulator", emulator.url(), "--detailed-exitcode"});
  INFO(again.out, again.err);
  // Everything the plan named now exists exactly as desired: the second plan is empty.
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("No changes. Your tenants match the configuration.") != std::string::npos);
  CHECK(tagged_apps(emulator).size() == 1);
}

TEST_CASE("cli apply: a manifest is not applied without a terminal unless --auto-approve is given") {
  Emulator emulator;
  tf::test::ProcessResult refused = tenantform({"apply", example_dir().string(), "--emulator", emulator.url()});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("--auto-approve") != std::string::npos);
  CHECK(tagged_apps(emulator).empty());

  tf::test::ProcessResult approved = tenantform({"apply", example_dir().string(), "--emulator", emulator.url(), "--auto-approve"});
  INFO(approved.out, approved.err);
  CHECK(approved.exit_code == 0);
  CHECK(tagged_apps(emulator).size() == 1);
}

TEST_CASE("cli apply: a saved plan is refused when an object it changes was modified since, naming it") {
  Emulator emulator;
  tf::test::TempDir dir;
  REQUIRE(tenantform({"apply", example_dir().string(), "--emulator", emulator.url(), "--auto-approve"}).exit_code == 0);
  // Change the manifest so the plan updates the schema, then change the schema behind its back.
  std::filesystem::path manifest = dir.path() / "m";
  std::filesystem::create_directories(manifest);
  std::string text = tf::test::read_file(example_dir() / "merger.yaml");
  text.replace(text.find("Fabrikam, a Contoso company"), 27, "Fabrikam (Contoso)");
  tf::test::write_file(manifest / "merger.yaml", text);
  std::string plan_file = (dir.path() / "p.plan").string();
  tf::test::ProcessResult planned = tenantform({"plan", manifest.string(), "--emulator", emulator.url(), "--out", plan_file});
  INFO(planned.out, planned.err);
  REQUIRE(planned.exit_code == 0);
  REQUIRE(planned.out.find("sync_schema.fabrikam[contoso] will be updated") != std::string::npos);

  tf::test::GraphClient fabrikam = emulator.raw(kFabrikamId);
  std::string sp = tagged_apps(emulator)[0]["id"];
  std::string job = fabrikam.get("/servicePrincipals/" + sp + "/synchronization/jobs").body["value"][0]["id"];
  std::string schema_path = "/servicePrincipals/" + sp + "/synchronization/jobs/" + job + "/schema";
  json schema = fabrikam.get(schema_path).body;
  schema.erase("@odata.context");

  SUBCASE("its mappings changed: refused before any write") {
    schema["synchronizationRules"][0]["objectMappings"][0]["scope"] = nullptr;
    REQUIRE(fabrikam.put(schema_path, schema).status == 204);

    tf::test::ProcessResult applied = tenantform({"apply", plan_file, "--emulator", emulator.url()});
    CHECK(applied.exit_code == 1);
    CHECK(applied.err.find("stale") != std::string::npos);
    CHECK(applied.err.find("sync_schema.fabrikam[contoso]") != std::string::npos);
    CHECK(applied.out.find("updating...") == std::string::npos);  // nothing was attempted
  }
  SUBCASE("only its directories changed (an attribute discovered): applied, and the new attribute kept") {
    json attribute = {{"name", "extension_0123_costCenter"}, {"type", "String"}, {"anchor", false}, {"caseExact", false},
                      {"multivalued", false}, {"required", false}, {"flowNullValues", false}, {"mutability", "ReadWrite"},
                      {"apiExpressions", json::array()}, {"metadata", json::array()}, {"referencedObjects", json::array()}};
    json& objects = schema["directories"][0]["objects"];
    REQUIRE(objects.is_array());
    objects[0]["attributes"].push_back(attribute);
    REQUIRE(fabrikam.put(schema_path, schema).status == 204);

    tf::test::ProcessResult applied = tenantform({"apply", plan_file, "--emulator", emulator.url()});
    INFO(applied.out, applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(applied.err.find("stale") == std::string::npos);
    CHECK(applied.out.find("sync_schema.fabrikam[contoso]: updating... done") != std::string::npos);
    json after = fabrikam.get(schema_path).body;
    CHECK(after["directories"][0]["objects"][0]["attributes"].back() == attribute);  // apply PUT what it re-read
    CHECK(after["synchronizationRules"].dump().find("Fabrikam (Contoso)") != std::string::npos);
  }
}
