// Conformance of the emulator with shared/reference/graph-api.md, driven over HTTP
// with the documented bodies of graph-examples/: the configuration sequence of §1
// (steps 1-13) with its statuses and shapes, then a cycle that provisions the right
// users into the target with the mapped attributes.
#include <doctest/doctest.h>

#include "tests/emulator/emulator_fixture.h"

using namespace tf::test;

namespace {

const std::string kPartners = "/policies/crossTenantAccessPolicy/partners";

struct Tenants {
  TempDir dir;
  EmulatorProcess emulator{dir.path() / "data", emulator_seed_dir()};
  GraphClient contoso{emulator.url(), secret_token(emulator.url(), "contoso.com", kContosoClient, kContosoSecret)};
  GraphClient fabrikam{emulator.url(), secret_token(emulator.url(), kFabrikam, kFabrikamClient, kFabrikamSecret)};
};

std::vector<std::string> target_names(const GraphClient& target) {
  std::vector<std::string> names;
  GraphReply users = target.get("/users?$select=displayName");
  for (const auto& user : users.body["value"]) names.push_back(user["displayName"]);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("conformance: the configuration sequence of graph-api.md section 1 works with the documented statuses") {
  Tenants t;
  // 1. target: partner for the source; a repeat is 409.
  GraphReply created = t.fabrikam.post(kPartners, {{"tenantId", kContoso}});
  CHECK(created.status == 201);
  CHECK(created.body["tenantId"] == kContoso);
  CHECK(created.body["automaticUserConsentSettings"] == nlohmann::json({{"inboundAllowed", nullptr}, {"outboundAllowed", nullptr}}));
  CHECK(created.body["inboundTrust"].is_null());
  GraphReply again = t.fabrikam.post(kPartners, {{"tenantId", kContoso}});
  CHECK(again.status == 409);
  CHECK(again.body["error"]["code"] == "Request_MultipleObjectsWithSameKeyValue");
  CHECK(again.body["error"]["innerError"].contains("request-id"));
  // 2. identitySynchronization PUT (documented body) then 409 with ConflictingObjects.
  nlohmann::json sync_body = example("ctap-identitysync-put.request.json");
  CHECK(t.fabrikam.put(kPartners + "/" + kContoso + "/identitySynchronization", sync_body).status == 204);
  GraphReply sync_again = t.fabrikam.put(kPartners + "/" + kContoso + "/identitySynchronization", sync_body);
  CHECK(sync_again.status == 409);
  CHECK(sync_again.body["error"]["details"][0]["code"] == "ConflictingObjects");
  GraphReply sync = t.fabrikam.get(kPartners + "/" + kContoso + "/identitySynchronization");
  CHECK(sync.status == 200);
  CHECK(sync.body["userSyncInbound"]["isSyncAllowed"] == true);
  // 3. PATCH the partner (documented body); a missing partner is Directory_ObjectNotFound.
  CHECK(t.fabrikam.patch(kPartners + "/" + kContoso, example("ctap-partner-update-autoconsent.request.json")).status == 204);
  GraphReply missing = t.fabrikam.patch(kPartners + "/11111111-2222-4333-8444-555555555555", {{"inboundTrust", nullptr}});
  CHECK(missing.status == 404);
  CHECK(missing.body["error"]["code"] == "Directory_ObjectNotFound");
  // 4, 5. source partner with outbound consent.
  CHECK(t.contoso.post(kPartners, {{"tenantId", kFabrikam}}).status == 201);
  CHECK(t.contoso.patch(kPartners + "/" + kFabrikam, {{"automaticUserConsentSettings", {{"outboundAllowed", true}}}}).status == 204);
  // 6. instantiate the CTS template: not idempotent.
  nlohmann::json instantiate_body = example("apptemplate-instantiate.request.json");
  GraphReply app = t.contoso.post("/applicationTemplates/" + kCtsTemplate + "/instantiate", instantiate_body);
  REQUIRE(app.status == 201);
  const nlohmann::json& sp = app.body["servicePrincipal"];
  CHECK(sp["appRoleAssignmentRequired"] == true);
  CHECK(sp["appRoles"].size() == 1);
  CHECK(sp["appRoles"][0]["displayName"] == "msiam_access");
  CHECK(app.body["application"]["applicationTemplateId"] == kCtsTemplate);
  GraphReply second_app = t.contoso.post("/applicationTemplates/" + kCtsTemplate + "/instantiate", instantiate_body);
  CHECK(second_app.body["servicePrincipal"]["id"] != sp["id"]);
  std::string sp_id = sp["id"], role = sp["appRoles"][0]["id"];
  std::string sync_path = "/servicePrincipals/" + sp_id + "/synchronization";
  CHECK(t.contoso.get(sync_path + "/templates").body["value"][0]["id"] == "Azure2Azure");
  // 7. validateCredentials succeeds now that both policies allow it.
  nlohmann::json validate = {{"useSavedCredentials", false}, {"templateId", "Azure2Azure"},
                             {"credentials", {{{"key", "CompanyId"}, {"value", kFabrikam}}, {{"key", "AuthenticationType"}, {"value", "SyncPolicy"}}}}};
  CHECK(t.contoso.post(sync_path + "/jobs/validateCredentials", validate).status == 204);
  // 8. job create: 201, disabled, paused, zero counters.
  GraphReply job = t.contoso.post(sync_path + "/jobs", {{"templateId", "Azure2Azure"}});
  REQUIRE(job.status == 201);
  CHECK(job.body["schedule"]["state"] == "Disabled");
  CHECK(job.body["schedule"]["interval"] == "PT40M");
  CHECK(job.body["status"]["code"] == "Paused");
  CHECK(job.body["status"]["steadyStateFirstAchievedTime"] == "0001-01-01T00:00:00Z");
  CHECK(job.body["synchronizationJobSettings"].size() == 2);
  std::string job_id = job.body["id"];
  CHECK(job_id.rfind("Azure2Azure.", 0) == 0);
  CHECK(t.contoso.post(sync_path + "/jobs", {{"templateId", "NoSuchTemplate"}}).status == 400);
  // 9. secrets replace the whole set.
  nlohmann::json secrets = {{"value", {{{"key", "CompanyId"}, {"value", kFabrikam}}, {{"key", "AuthenticationType"}, {"value", "SyncPolicy"}},
                                       {{"key", "SyncAll"}, {"value", "false"}}}}};
  CHECK(t.contoso.put(sync_path + "/secrets", secrets).status == 204);
  CHECK(t.contoso.get(sync_path + "/secrets").body["value"].size() == 3);
  CHECK(t.contoso.put(sync_path + "/secrets", {{"value", {{{"key", "NotAKey"}, {"value", "x"}}}}}).status == 400);
  // 10. assign the group (documented body shape), a duplicate is refused.
  nlohmann::json assignment = example("sp-approleassignedto-create.request.json");
  assignment["principalId"] = "c1000000-0000-4000-8000-000000000001";
  assignment["resourceId"] = sp_id;
  assignment["appRoleId"] = role;
  GraphReply assigned = t.contoso.post("/servicePrincipals/" + sp_id + "/appRoleAssignedTo", assignment);
  CHECK(assigned.status == 201);
  CHECK(assigned.body["principalType"] == "Group");
  CHECK(t.contoso.post("/servicePrincipals/" + sp_id + "/appRoleAssignedTo", assignment).status == 400);
  // 11. schema GET/PUT; PATCH is not a route.
  GraphReply schema = t.contoso.get(sync_path + "/jobs/" + job_id + "/schema");
  REQUIRE(schema.status == 200);
  CHECK(schema.body["synchronizationRules"][0]["name"] == "USER_INBOUND_USER");
  CHECK(t.contoso.patch(sync_path + "/jobs/" + job_id + "/schema", schema.body).status == 405);
  nlohmann::json edited = schema.body;
  edited.erase("@odata.context");
  for (auto& mapping : edited["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"])
    if (mapping["targetAttributeName"] == "displayName")
      mapping["source"] = {{"type", "Function"}, {"name", "Join"}, {"expression", "Join(\" \", [displayName], \"(contoso)\")"},
                           {"parameters", nlohmann::json::array()}};
  CHECK(t.contoso.put(sync_path + "/jobs/" + job_id + "/schema", edited).status == 204);
  // 12. start.
  CHECK(t.contoso.post(sync_path + "/jobs/" + job_id + "/start").status == 204);
  GraphReply started = t.contoso.get(sync_path + "/jobs/" + job_id);
  CHECK(started.body["schedule"]["state"] == "Active");
  CHECK(started.body["status"]["code"] == "NotRun");
  // A cycle provisions the assigned internal members with the mapped attributes.
  nlohmann::json summary = run_cycle(t.emulator.url());
  CHECK(summary["jobs"].size() == 1);
  CHECK(target_names(t.fabrikam) ==
        std::vector<std::string>{"Adele Vance (contoso)", "Alex Wilber (contoso)", "Fabrikam Admin", "Grady Archie (contoso)"});
  GraphReply adele = t.fabrikam.get("/users?$filter=startswith(displayName,'Adele')");
  REQUIRE(adele.body["value"].size() == 1);
  CHECK(adele.body["value"][0]["userType"] == "Member");
  CHECK(adele.body["value"][0]["department"] == "Sales");
  CHECK(adele.body["value"][0]["userPrincipalName"] == "adele_contoso.com#EXT#@fabrikam.com");
  CHECK(adele.body["value"][0]["showInAddressList"] == true);
  // 13. job status and provisioning logs.
  GraphReply after = t.contoso.get(sync_path + "/jobs/" + job_id);
  CHECK(after.body["status"]["code"] == "Active");
  CHECK(after.body["status"]["lastExecution"]["countExported"] == 3);
  GraphReply logs = t.contoso.get("/auditLogs/provisioning?$filter=jobId eq '" + job_id + "'");
  CHECK(logs.status == 200);
  CHECK(logs.body["value"].size() == 3);
  CHECK(logs.body["value"][0]["provisioningAction"] == "create");
  CHECK(logs.body["value"][0]["servicePrincipal"]["id"] == sp_id);
}

TEST_CASE("conformance: a partner with an identity sync policy cannot be deleted until the policy is gone") {
  Tenants t;
  t.fabrikam.post(kPartners, {{"tenantId", kContoso}});
  t.fabrikam.put(kPartners + "/" + kContoso + "/identitySynchronization", example("ctap-identitysync-put.request.json"));
  GraphReply blocked = t.fabrikam.del(kPartners + "/" + kContoso);
  CHECK(blocked.status == 400);
  CHECK(blocked.body["error"]["code"] == "Request_BadRequest");
  CHECK(t.fabrikam.del(kPartners + "/" + kContoso + "/identitySynchronization").status == 204);
  CHECK(t.fabrikam.del(kPartners + "/" + kContoso).status == 204);
  CHECK(t.fabrikam.get(kPartners + "/" + kContoso).status == 404);
}

TEST_CASE("conformance: validateCredentials fails with the policy check code until both tenants allow sync") {
  Tenants t;
  GraphReply app = t.contoso.post("/applicationTemplates/" + kCtsTemplate + "/instantiate", {{"displayName", "x"}});
  std::string path = "/servicePrincipals/" + app.body["servicePrincipal"]["id"].get<std::string>() + "/synchronization/jobs/validateCredentials";
  nlohmann::json body = {{"credentials", {{{"key", "CompanyId"}, {"value", kFabrikam}}, {{"key", "AuthenticationType"}, {"value", "SyncPolicy"}}}}};
  GraphReply refused = t.contoso.post(path, body);
  CHECK(refused.status == 400);
  CHECK(refused.body["error"]["code"] == "AzureDirectoryB2BManagementPolicyCheckFailure");
  t.fabrikam.post(kPartners, {{"tenantId", kContoso}});
  t.fabrikam.put(kPartners + "/" + kContoso + "/identitySynchronization", example("ctap-identitysync-put.request.json"));
  t.fabrikam.patch(kPartners + "/" + kContoso, {{"automaticUserConsentSettings", {{"inboundAllowed", true}}}});
  CHECK(t.contoso.post(path, body).status == 400);  // the source's outbound consent is still missing
  t.contoso.post(kPartners, {{"tenantId", kFabrikam}});
  t.contoso.patch(kPartners + "/" + kFabrikam, {{"automaticUserConsentSettings", {{"outboundAllowed", true}}}});
  CHECK(t.contoso.post(path, body).status == 204);
}

TEST_CASE("conformance: a schema PUT that changes the matching attribute is schemaInvalid") {
  Tenants t;
  LinkIds ids = configure_link(t.contoso, t.fabrikam, kContoso, kFabrikam);
  std::string path = "/servicePrincipals/" + ids.sp + "/synchronization/jobs/" + ids.job + "/schema";
  nlohmann::json schema = t.contoso.get(path).body;
  for (auto& mapping : schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"])
    if (mapping["targetAttributeName"] == "mail") mapping["matchingPriority"] = 2;
  GraphReply refused = t.contoso.put(path, schema);
  CHECK(refused.status == 400);
  CHECK(refused.body["error"]["code"] == "schemaInvalid");
  for (auto& mapping : schema["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"])
    if (mapping["targetAttributeName"] == "mail") {
      mapping["matchingPriority"] = 0;
      mapping["flowType"] = "Sometimes";
    }
  CHECK(t.contoso.put(path, schema).body["error"]["code"] == "schemaInvalid");
}

TEST_CASE("conformance: parseExpression parses and evaluates the documented example") {
  Tenants t;
  LinkIds ids = configure_link(t.contoso, t.fabrikam, kContoso, kFabrikam);
  GraphReply parsed = t.contoso.post("/servicePrincipals/" + ids.sp + "/synchronization/jobs/" + ids.job + "/schema/parseExpression",
                                     example("sync-schema-parseexpression.request.json"));
  nlohmann::json expected = example("sync-schema-parseexpression.response.json");
  REQUIRE(parsed.status == 200);
  CHECK(parsed.body["parsingSucceeded"] == true);
  CHECK(parsed.body["evaluationResult"] == expected["evaluationResult"]);
  CHECK(parsed.body["parsedExpression"]["parameters"].size() == expected["parsedExpression"]["parameters"].size());
}

TEST_CASE("conformance: service principals filter on displayName and tags and honour $select") {
  Tenants t;
  GraphReply app = t.contoso.post("/applicationTemplates/" + kCtsTemplate + "/instantiate", {{"displayName", "tagged config"}});
  std::string sp = app.body["servicePrincipal"]["id"];
  t.contoso.post("/applicationTemplates/" + kCtsTemplate + "/instantiate", {{"displayName", "other config"}});
  CHECK(t.contoso.patch("/servicePrincipals/" + sp, {{"tags", {"WindowsAzureActiveDirectoryIntegratedApp", "tenantform:link=a"}}}).status == 204);
  GraphReply by_tag = t.contoso.get("/servicePrincipals?$filter=tags/any(t:t eq 'tenantform:link=a')&$select=id,displayName");
  REQUIRE(by_tag.status == 200);
  REQUIRE(by_tag.body["value"].size() == 1);
  CHECK(by_tag.body["value"][0] == nlohmann::json({{"id", sp}, {"displayName", "tagged config"}}));
  CHECK(t.contoso.get("/servicePrincipals?$filter=displayName eq 'other config'").body["value"].size() == 1);
  CHECK(t.contoso.get("/servicePrincipals?$filter=displayName has 'x'").status == 400);
  CHECK(t.contoso.del("/servicePrincipals/" + sp).status == 204);
  CHECK(t.contoso.get("/servicePrincipals/" + sp).status == 404);
}

TEST_CASE("conformance: users page through @odata.nextLink until it is absent") {
  Tenants t;
  std::vector<std::string> ids;
  std::string next = "/users?$top=4";
  int pages = 0;
  while (!next.empty() && pages < 10) {
    GraphReply page = t.contoso.get(next);
    REQUIRE(page.status == 200);
    for (const auto& user : page.body["value"]) ids.push_back(user["id"]);
    next = page.body.value("@odata.nextLink", "");
    ++pages;
  }
  CHECK(pages == 2);
  CHECK(ids.size() == 6);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 6);

  SUBCASE("$top is at most 999, as Graph's") {
    CHECK(t.contoso.get("/users?$top=999").status == 200);
    GraphReply too_many = t.contoso.get("/users?$top=1000");
    CHECK(too_many.status == 400);
    CHECK(too_many.body["error"]["message"] == "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
    CHECK(t.contoso.get("/users?$top=0").status == 400);
  }
}

TEST_CASE("conformance: $batch runs dependsOn chains, answers 424 after a failure and caps at 20 requests") {
  Tenants t;
  nlohmann::json batch = {{"requests",
                           {{{"id", "1"}, {"method", "POST"}, {"url", kPartners}, {"headers", {{"Content-Type", "application/json"}}},
                             {"body", {{"tenantId", kFabrikam}}}},
                            {{"id", "2"}, {"dependsOn", {"1"}}, {"method", "GET"}, {"url", kPartners + "/" + kFabrikam}},
                            {{"id", "3"}, {"method", "GET"}, {"url", "/groups/not-a-group"}},
                            {{"id", "4"}, {"dependsOn", {"3"}}, {"method", "GET"}, {"url", "/users"}}}}};
  GraphReply reply = t.contoso.post("/$batch", batch);
  REQUIRE(reply.status == 200);
  std::map<std::string, int> status;
  for (const auto& r : reply.body["responses"]) status[r["id"]] = r["status"];
  CHECK(status == std::map<std::string, int>{{"1", 201}, {"2", 200}, {"3", 404}, {"4", 424}});
  nlohmann::json big = {{"requests", nlohmann::json::array()}};
  for (int i = 0; i < 21; ++i) big["requests"].push_back({{"id", std::to_string(i)}, {"method", "GET"}, {"url", "/users"}});
  CHECK(t.contoso.post("/$batch", big).status == 400);
  nlohmann::json duplicate = {{"requests", {{{"id", "a"}, {"method", "GET"}, {"url", "/users"}}, {{"id", "A"}, {"method", "GET"}, {"url", "/users"}}}}};
  CHECK(t.contoso.post("/$batch", duplicate).status == 400);
}
