// Removing a link end to end on examples/user-hub against the emulator: after the
// hub and its three spokes are applied, a manifest without the spoke 'tailspin'
// plans the removal only with --allow-destroy (without it the plan fails naming
// what would be destroyed); the saved plan applies (its versions match what apply
// re-reads: not stale), the sync app and its assignments are gone, the partner
// flags no other link needs are false, and planning again finds no changes.
#include <doctest/doctest.h>

#include <filesystem>

#include "runtime/apply/stale_check.h"
#include "runtime/observe/version.h"
#include "tests/apply/apply_support.h"

using nlohmann::json;

namespace {

const std::string kHubId = "cfd7dfc3-c394-4621-a6f9-0ab65e30af5e";      // contoso
const std::string kTailspinId = "74fe4c43-2878-4838-b911-9f37bb129684";  // the removed spoke
const std::string kSpokes = "spokes: [fabrikam, northwind, tailspin]";

std::filesystem::path user_hub() { return tf::test::source_dir() / "examples" / "user-hub"; }

std::map<std::string, std::string> secrets_env() {
  return {{"CONTOSO_SECRET", "emulator-contoso-secret"}, {"FABRIKAM_SECRET", "emulator-fabrikam-secret"},
          {"NORTHWIND_SECRET", "emulator-northwind-secret"}, {"TAILSPIN_SECRET", "emulator-tailspin-secret"}};
}

tf::test::ProcessResult tenantform(const std::vector<std::string>& args) {
  return tf::test::run_tenantform(args, "", secrets_env());
}

json tenant_dump(const std::string& url, const std::string& id) {
  return json::parse(tf::test::request("GET", url + "/_emulator/tenants/" + id, {}, "").body, nullptr, false);
}

// The hub's service principals carrying the ownership tag of the link to `spoke`.
std::vector<std::string> hub_apps_for(const json& hub, const std::string& spoke) {
  std::string tag = tf::plan::ownership_tag({kHubId, spoke});
  std::vector<std::string> ids;
  for (const auto& [id, sp] : hub["servicePrincipals"].items())
    for (const json& t : sp.value("tags", json::array()))
      if (t == tag) ids.push_back(id);
  return ids;
}

json consent_flag(const json& tenant, const std::string& partner, const char* flag) {
  return tenant["partners"][partner]["automaticUserConsentSettings"].value(flag, json(nullptr));
}

}  // namespace

TEST_CASE("destroy: removing a spoke from the hub deletes its link, only with --allow-destroy, and leaves no changes") {
  tf::test::TempDir dir;
  tf::test::EmulatorProcess emulator(dir.path() / "data", user_hub() / "seed");
  const std::string url = emulator.url();
  std::string first = (dir.path() / "first.plan").string();
  tf::test::ProcessResult planned = tenantform({"plan", user_hub().string(), "--emulator", url, "--out", first});
  INFO(planned.out, planned.err);
  REQUIRE(planned.exit_code == 0);
  tf::test::ProcessResult applied = tenantform({"apply", first, "--emulator", url});
  INFO(applied.out, applied.err);
  REQUIRE(applied.exit_code == 0);
  std::vector<std::string> tailspin_apps = hub_apps_for(tenant_dump(url, kHubId), kTailspinId);
  REQUIRE(tailspin_apps.size() == 1);
  REQUIRE(consent_flag(tenant_dump(url, kTailspinId), kHubId, "inboundAllowed") == true);

  // The same manifest without the spoke 'tailspin'.
  std::filesystem::path reduced = dir.path() / "reduced";
  std::filesystem::copy(user_hub(), reduced, std::filesystem::copy_options::recursive);
  std::string topology = tf::test::read_file(reduced / "topology.yaml");
  REQUIRE(topology.find(kSpokes) != std::string::npos);
  topology.replace(topology.find(kSpokes), kSpokes.size(), "spokes: [fabrikam, northwind]");
  tf::test::write_file(reduced / "topology.yaml", topology);

  SUBCASE("without --allow-destroy the plan fails, naming what would be destroyed") {
    tf::test::ProcessResult refused = tenantform({"plan", reduced.string(), "--emulator", url});
    INFO(refused.out, refused.err);
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("sync_app.contoso[tailspin]") != std::string::npos);
    CHECK(refused.err.find("--allow-destroy") != std::string::npos);
    CHECK(hub_apps_for(tenant_dump(url, kHubId), kTailspinId).size() == 1);
  }

  SUBCASE("with --allow-destroy the saved plan applies and a new plan finds no changes") {
    std::string second = (dir.path() / "second.plan").string();
    tf::test::ProcessResult destroy_plan =
        tenantform({"plan", reduced.string(), "--emulator", url, "--allow-destroy", "--out", second});
    INFO(destroy_plan.out, destroy_plan.err);
    REQUIRE(destroy_plan.exit_code == 0);
    CHECK(destroy_plan.out.find("sync_app.contoso[tailspin] will be destroyed") != std::string::npos);
    CHECK(destroy_plan.out.find("identity_sync_policy.tailspin[contoso] will be destroyed") != std::string::npos);
    CHECK(destroy_plan.out.find("partner_configuration.contoso[tailspin] will be updated") != std::string::npos);
    CHECK(destroy_plan.out.find("[fabrikam]") == std::string::npos);  // the other links are untouched

    tf::test::ProcessResult destroyed = tenantform({"apply", second, "--emulator", url});
    INFO(destroyed.out, destroyed.err);
    CHECK(destroyed.exit_code == 0);
    CHECK(destroyed.err.find("stale") == std::string::npos);
    CHECK(destroyed.out.find("sync_app.contoso[tailspin]: deleting... done") != std::string::npos);

    json hub = tenant_dump(url, kHubId);
    CHECK(hub_apps_for(hub, kTailspinId).empty());
    CHECK_FALSE(hub["servicePrincipals"].contains(tailspin_apps[0]));
    for (const auto& [id, assignment] : hub["appRoleAssignments"].items())
      CHECK(assignment.value("resourceId", "") != tailspin_apps[0]);
    CHECK(hub_apps_for(hub, "bc16cc55-257c-4c8b-ba01-2c6e3dbb8e83").size() == 1);  // fabrikam's link stays
    CHECK(consent_flag(hub, kTailspinId, "outboundAllowed") == false);
    CHECK(consent_flag(tenant_dump(url, kTailspinId), kHubId, "inboundAllowed") == false);

    tf::test::ProcessResult again = tenantform({"plan", reduced.string(), "--emulator", url, "--detailed-exitcode"});
    INFO(again.out, again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("No changes.") != std::string::npos);
  }
}

TEST_CASE("destroy: the stale check re-reads a sync app with the fields and the view observe versions") {
  using tf::plan::ResourceKind;
  auto read = tf::apply::version_read(ResourceKind::SyncApp, "contoso", kTailspinId, {{"servicePrincipalId", "sp-1"}});
  REQUIRE(read);
  for (const std::string& field : tf::observe::sync_app_select()) CHECK(read->path.find(field) != std::string::npos);
  // A job re-read after a provisioning cycle (other counters) has the version observe recorded.
  json job = {{"id", "j"}, {"templateId", "Azure2Azure"}, {"schedule", {{"state", "Active"}}}, {"status", {{"count", 1}}}};
  json cycled = job;
  cycled["status"]["count"] = 2;
  cycled["@odata.context"] = "jobs/$entity";
  CHECK(tf::observe::read_version(ResourceKind::SyncJob, cycled) == tf::observe::read_version(ResourceKind::SyncJob, job));
  cycled["schedule"]["state"] = "Paused";
  CHECK(tf::observe::read_version(ResourceKind::JobState, cycled) != tf::observe::read_version(ResourceKind::JobState, job));
  // Assignments hash alike in any order.
  json a = {{"value", json::array({{{"id", "1"}}, {{"id", "2"}}})}};
  json b = {{"value", json::array({{{"id", "2"}}, {{"id", "1"}}})}};
  CHECK(tf::observe::read_version(ResourceKind::AppRoleAssignments, a) ==
        tf::observe::read_version(ResourceKind::AppRoleAssignments, b));
}
