// Provisioning cycle semantics: scope (assignments with direct group members,
// SyncAll, scoping filters, internal members only), mappings (ObjectAddOnly only on
// create), soft-delete on leaving scope, the deletion threshold's quarantine and
// ForceDeletes, and a target that stops allowing sync.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

namespace {

const std::string kAdele = "c0000000-0000-4000-8000-000000000001";
const std::string kDiego = "c0000000-0000-4000-8000-000000000003";
const std::string kGlobalEmployees = "c1000000-0000-4000-8000-000000000001";
const std::string kMarketing = "c1000000-0000-4000-8000-000000000002";

struct Link {
  TempDir dir;
  EmulatorProcess emulator{dir.path() / "data", emulator_seed_dir()};
  GraphClient contoso{emulator.url(), secret_token(emulator.url(), kContoso, kContosoClient, kContosoSecret)};
  GraphClient fabrikam{emulator.url(), secret_token(emulator.url(), kFabrikam, kFabrikamClient, kFabrikamSecret)};
  LinkIds ids;

  explicit Link(bool sync_all = false) : ids(configure_link(contoso, fabrikam, kContoso, kFabrikam, sync_all)) {}

  std::string job_path() const { return "/servicePrincipals/" + ids.sp + "/synchronization/jobs/" + ids.job; }
  std::string assign(const std::string& principal) const {
    GraphReply r = contoso.post("/servicePrincipals/" + ids.sp + "/appRoleAssignedTo",
                                {{"principalId", principal}, {"resourceId", ids.sp}, {"appRoleId", ids.role}});
    return r.body.value("id", "");
  }
  void start() const { contoso.post(job_path() + "/start"); }
  std::set<std::string> provisioned_names() const {
    std::set<std::string> names;
    GraphReply users = fabrikam.get("/users");
    for (const auto& user : users.body["value"])
      if (user["userPrincipalName"].get<std::string>().find("#EXT#") != std::string::npos) names.insert(user["displayName"]);
    return names;
  }
  void put_secrets(const nlohmann::json& extra) const {
    nlohmann::json value = {{{"key", "CompanyId"}, {"value", kFabrikam}}, {{"key", "AuthenticationType"}, {"value", "SyncPolicy"}}};
    for (const auto& item : extra) value.push_back(item);
    contoso.put("/servicePrincipals/" + ids.sp + "/synchronization/secrets", {{"value", value}});
  }
  nlohmann::json schema() const {
    nlohmann::json s = contoso.get(job_path() + "/schema").body;
    s.erase("@odata.context");
    return s;
  }
};

}  // namespace

TEST_CASE("cycle: only direct members of assigned groups who are internal members are provisioned") {
  Link link;
  link.assign(kGlobalEmployees);
  link.start();
  run_cycle(link.emulator.url());
  CHECK(link.provisioned_names() == std::set<std::string>{"Adele Vance", "Alex Wilber", "Grady Archie"});
}

TEST_CASE("cycle: SyncAll provisions every internal member without assignments") {
  Link link(true);
  link.start();
  run_cycle(link.emulator.url());
  CHECK(link.provisioned_names() == std::set<std::string>{"Adele Vance", "Alex Wilber", "Diego Siciliani", "Grady Archie"});
}

TEST_CASE("cycle: a provisioned user carries an alternative security id, so a link back never sends it home") {
  Link link(true);
  link.start();
  run_cycle(link.emulator.url());
  REQUIRE(link.provisioned_names().size() == 4);
  GraphReply provisioned = link.fabrikam.get("/users");
  for (const auto& user : provisioned.body["value"])
    if (user["userPrincipalName"].get<std::string>().find("#EXT#") != std::string::npos)
      CHECK(user["alternativeSecurityIds"].size() == 1);
  auto external_names = [&] {
    std::set<std::string> names;
    GraphReply users = link.contoso.get("/users");
    for (const auto& user : users.body["value"])
      if (user["userPrincipalName"].get<std::string>().find("#EXT#") != std::string::npos) names.insert(user["displayName"]);
    return names;
  };
  std::set<std::string> before = external_names();
  LinkIds back = configure_link(link.fabrikam, link.contoso, kFabrikam, kContoso, true);
  link.fabrikam.post("/servicePrincipals/" + back.sp + "/synchronization/jobs/" + back.job + "/start");
  run_cycle(link.emulator.url());
  std::set<std::string> arrived;
  for (const std::string& name : external_names())
    if (!before.count(name)) arrived.insert(name);
  CHECK(arrived == std::set<std::string>{"Fabrikam Admin"});  // fabrikam's own member only, none of contoso's back
}

TEST_CASE("cycle: a paused job provisions nothing") {
  Link link(true);
  nlohmann::json summary = run_cycle(link.emulator.url());
  CHECK(summary["jobs"].empty());
  CHECK(link.provisioned_names().empty());
}

TEST_CASE("cycle: the scoping filter of the schema narrows the scope") {
  Link link(true);
  nlohmann::json schema = link.schema();
  schema["synchronizationRules"][0]["objectMappings"][0]["scope"] = {
      {"groups", {{{"name", "sales"}, {"clauses", {{{"operatorName", "EQUALS"}, {"sourceOperandName", "department"}, {"targetOperand", {{"values", {"Sales"}}}}}}}}}},
      {"inputFilterGroups", nlohmann::json::array()}, {"categoryFilterGroups", nlohmann::json::array()}};
  REQUIRE(link.contoso.put(link.job_path() + "/schema", schema).status == 204);
  link.start();
  run_cycle(link.emulator.url());
  CHECK(link.provisioned_names() == std::set<std::string>{"Adele Vance", "Grady Archie"});
}

TEST_CASE("cycle: ObjectAddOnly mappings flow on create only, Always mappings on every cycle") {
  Link link;
  link.assign(kAdele);
  nlohmann::json schema = link.schema();
  for (auto& mapping : schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]) {
    if (mapping["targetAttributeName"] == "jobTitle") mapping["flowType"] = "ObjectAddOnly";
    if (mapping["targetAttributeName"] == "department")
      mapping["source"] = {{"type", "Function"}, {"name", "ToUpper"}, {"expression", "ToUpper([department])"}, {"parameters", nlohmann::json::array()}};
  }
  REQUIRE(link.contoso.put(link.job_path() + "/schema", schema).status == 204);
  link.start();
  run_cycle(link.emulator.url());
  GraphReply created = link.fabrikam.get("/users?$filter=displayName eq 'Adele Vance'");
  REQUIRE(created.body["value"].size() == 1);
  nlohmann::json user = created.body["value"][0];
  CHECK(user["department"] == "SALES");
  CHECK(user["jobTitle"] == "Account Manager");
  // Change the target's copies; the next cycle restores department but not jobTitle.
  HttpResponse state = request("GET", link.emulator.url() + "/_emulator/tenants/" + kFabrikam);
  REQUIRE(state.status == 200);
  std::string target_id = user["id"];
  nlohmann::json schema2 = link.schema();
  for (auto& mapping : schema2["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"]) {
    if (mapping["targetAttributeName"] == "jobTitle")
      mapping["source"] = {{"type", "Constant"}, {"name", "Changed"}, {"expression", "\"Changed\""}, {"parameters", nlohmann::json::array()}};
    if (mapping["targetAttributeName"] == "department")
      mapping["source"] = {{"type", "Constant"}, {"name", "Changed"}, {"expression", "\"Changed\""}, {"parameters", nlohmann::json::array()}};
  }
  REQUIRE(link.contoso.put(link.job_path() + "/schema", schema2).status == 204);
  nlohmann::json summary = run_cycle(link.emulator.url());
  CHECK(summary["jobs"][0]["updated"] == 1);
  nlohmann::json updated = link.fabrikam.get("/users/" + target_id).body;
  CHECK(updated["department"] == "Changed");
  CHECK(updated["jobTitle"] == "Account Manager");
}

TEST_CASE("cycle: unassigning a user soft-deletes the target user and logs a delete") {
  Link link;
  std::string adele = link.assign(kAdele);
  link.assign(kMarketing);
  link.start();
  run_cycle(link.emulator.url());
  CHECK(link.provisioned_names() == std::set<std::string>{"Adele Vance", "Diego Siciliani"});
  CHECK(link.contoso.del("/servicePrincipals/" + link.ids.sp + "/appRoleAssignedTo/" + adele).status == 204);
  nlohmann::json summary = run_cycle(link.emulator.url());
  CHECK(summary["jobs"][0]["deleted"] == 1);
  CHECK(link.provisioned_names() == std::set<std::string>{"Diego Siciliani"});
  GraphReply deleted = link.fabrikam.get("/directory/deletedItems/microsoft.graph.user");
  REQUIRE(deleted.body["value"].size() == 1);
  CHECK(deleted.body["value"][0]["displayName"] == "Adele Vance");
  GraphReply logs = link.contoso.get("/auditLogs/provisioning?$filter=provisioningAction eq 'delete'");
  CHECK(logs.body["value"].size() == 1);
}

TEST_CASE("cycle: exceeding the deletion threshold deletes nothing and quarantines until ForceDeletes") {
  Link link(true);
  link.put_secrets({{{"key", "SyncAll"}, {"value", "true"}},
                    {{"key", "SyncNotificationSettings"}, {"value", "{\"Enabled\":false,\"DeleteThresholdEnabled\":true,\"DeleteThresholdValue\":1}"}}});
  link.start();
  run_cycle(link.emulator.url());
  REQUIRE(link.provisioned_names().size() == 4);
  link.put_secrets({{{"key", "SyncAll"}, {"value", "false"}},
                    {{"key", "SyncNotificationSettings"}, {"value", "{\"Enabled\":false,\"DeleteThresholdEnabled\":true,\"DeleteThresholdValue\":1}"}}});
  link.assign(kAdele);
  nlohmann::json summary = run_cycle(link.emulator.url());
  CHECK(summary["jobs"][0]["staged"] == 3);
  CHECK(summary["jobs"][0]["deleted"] == 0);
  CHECK(link.provisioned_names().size() == 4);
  GraphReply job = link.contoso.get(link.job_path());
  CHECK(job.body["status"]["code"] == "Quarantine");
  CHECK(job.body["status"]["quarantine"]["reason"] == "TooManyDeletes");
  CHECK(run_cycle(link.emulator.url())["jobs"].empty());  // quarantined: not run
  CHECK(link.contoso.post(link.job_path() + "/restart", example("sync-job-restart-forcedeletes-preview.request.json")).status == 204);
  summary = run_cycle(link.emulator.url());
  CHECK(summary["jobs"][0]["deleted"] == 3);
  CHECK(link.provisioned_names() == std::set<std::string>{"Adele Vance"});
  CHECK(link.contoso.get(link.job_path()).body["status"]["code"] == "Active");
}

TEST_CASE("cycle: a target that stops allowing sync quarantines the job and leaves its users alone") {
  Link link(true);
  link.start();
  run_cycle(link.emulator.url());
  REQUIRE(link.provisioned_names().size() == 4);
  CHECK(link.fabrikam.patch("/policies/crossTenantAccessPolicy/partners/" + kContoso + "/identitySynchronization",
                            {{"userSyncInbound", {{"isSyncAllowed", false}}}}).status == 204);
  nlohmann::json summary = run_cycle(link.emulator.url());
  CHECK(summary["jobs"][0]["status"] == "Quarantine");
  GraphReply job = link.contoso.get(link.job_path());
  CHECK(job.body["status"]["quarantine"]["error"]["code"] == "AzureDirectoryB2BManagementPolicyCheckFailure");
  CHECK(job.body["status"]["lastExecution"]["state"] == "Failed");
  CHECK(link.provisioned_names().size() == 4);
}

TEST_CASE("cycle: provisionOnDemand provisions one user and is limited to 5 calls per 10 seconds") {
  Link link;
  nlohmann::json body = example("sync-job-provisionondemand-user.request.json");
  body["parameters"][0]["subjects"][0]["objectId"] = kDiego;
  link.assign(kDiego);
  GraphReply reply = link.contoso.post(link.job_path() + "/provisionOnDemand", body);
  REQUIRE(reply.status == 200);
  nlohmann::json value = nlohmann::json::parse(reply.body["value"].get<std::string>());
  CHECK(value["provisioningAction"] == "create");
  CHECK(link.provisioned_names() == std::set<std::string>{"Diego Siciliani"});
  int throttled = 0;
  for (int i = 0; i < 5; ++i) throttled += link.contoso.post(link.job_path() + "/provisionOnDemand", body).status == 429;
  CHECK(throttled >= 1);
}
