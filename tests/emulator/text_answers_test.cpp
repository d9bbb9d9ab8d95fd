// The emulator's answers written as JSON text straight from the store (collection.h,
// batch.cpp) and the read-only dispatch behind the shared lock (router.h): the text
// is byte for byte what dump() gives for the copied-and-projected value, a $batch item
// answers what the single request answers, and no GET route writes.
#include <doctest/doctest.h>

#include <cstdint>

#include "runtime/emulator/collection.h"
#include "compiler/provision/expression_service.h"
#include "runtime/emulator/odata_filter.h"
#include "runtime/emulator/provisioning.h"
#include "runtime/emulator/router.h"
#include "runtime/emulator/sync_model.h"
#include "runtime/emulator/tenant.h"
#include "tests/emulator/emulator_fixture.h"

using namespace tf::emulator;

namespace {

const std::string kTenant = "3d2c1b0a-1111-4222-8333-444455556666";
const std::string kPartner = "9c5d131d-b1c3-4fc4-9e3f-c6557947d551";

// What the copying code did: public view, $select, then the extra members set.
std::string copied_view(const nlohmann::json& object, bool hide_internal, const std::vector<std::string>& names,
                        const nlohmann::json& extra) {
  nlohmann::json copy = hide_internal ? public_view(object) : object;
  if (!names.empty()) {
    nlohmann::json selected = nlohmann::json::object();
    for (const auto& [key, value] : copy.items()) {
      std::string folded = key;
      for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (std::string name : names) {
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == folded || key.starts_with("@odata")) selected[key] = value;
      }
    }
    copy = selected;
  }
  for (const auto& [key, value] : extra.items()) copy[key] = value;
  return copy.dump();
}

std::string viewed(const nlohmann::json& object, bool hide_internal, const std::vector<std::string>& names,
                   const nlohmann::json& extra) {
  std::string out;
  append_view(out, object, {hide_internal, &names, &extra});
  return out;
}

// A store with one seeded tenant and the real route table, dispatched in-process.
struct InProcess {
  Store store{""};
  ExpressionService expressions;
  ProvisioningEngine engine{expressions};
  EmulatorChoices choices;
  Router router = make_graph_router();
  RouteEnv env{store, expressions, engine, choices, router};

  InProcess() {
    nlohmann::json seed = {{"id", kTenant}, {"domain", "contoso.com"},
                           {"users", {{{"id", "c0000000-0000-4000-8000-000000000001"}, {"displayName", "Adele"},
                                       {"userPrincipalName", "adele@contoso.com"}, {"userType", "Member"}}}},
                           {"groups", {{{"id", "c1000000-0000-4000-8000-000000000001"}, {"displayName", "All"},
                                        {"members", {"c0000000-0000-4000-8000-000000000001"}}}}}};
    store.add_tenant(kTenant, tenant_from_seed(seed, "contoso", "test"));
  }

  ApiResponse call(const std::string& method, const std::string& url, Access access, const nlohmann::json& body = nullptr) {
    ApiRequest request;
    request.method = method;
    request.version = "v1.0";
    std::size_t question = url.find('?');
    request.path = url.substr(0, question);
    if (question != std::string::npos) {
      std::string query = url.substr(question + 1);
      std::size_t equals = query.find('=');
      request.query[query.substr(0, equals)] = query.substr(equals + 1);
    }
    if (!body.is_null()) request.body = body.dump();
    request.base_url = "http://127.0.0.1:1";
    request.request_id = "r";
    return router.dispatch(request, env, kTenant, access);
  }
};

}  // namespace

TEST_CASE("json text: a stored object's view is written as dump() writes the projected copy") {
  nlohmann::json object = {{"id", "x"}, {"_state", {{"secret", 1}}}, {"displayName", "Ünïcode \"quoted\"\n"},
                           {"appRoles", {{{"id", "r"}, {"isEnabled", true}}}}, {"n", -12}, {"zeta", nullptr},
                           {"@odata.type", "#microsoft.graph.x"}};
  const nlohmann::json none = nlohmann::json::object();
  const nlohmann::json context = {{"@odata.context", "http://h/v1.0/$metadata#x/$entity"}};
  const nlohmann::json around = {{"aaa", 1}, {"id", "replaced"}, {"mmm", {1, 2}}, {"zzzz", "last"}};
  for (bool hide : {false, true})
    for (const std::vector<std::string>& names :
         {std::vector<std::string>{}, std::vector<std::string>{"ID", "displayname"}, std::vector<std::string>{"missing"}})
      for (const nlohmann::json* extra : {&none, &context, &around}) {
        CAPTURE(hide);
        CAPTURE(nlohmann::json(names).dump());
        CAPTURE(extra->dump());
        CHECK(viewed(object, hide, names, *extra) == copied_view(object, hide, names, *extra));
      }
  CHECK(viewed(nlohmann::json::object(), true, {}, none) == "{}");
  CHECK(viewed(nlohmann::json::object(), false, {}, context) == context.dump());
}

TEST_CASE("json text: a value that is not an object is written as the copying code wrote it") {
  std::string out;
  append_view(out, nlohmann::json::array({1, "a"}), {});
  CHECK(out == "[1,\"a\"]");
}

TEST_CASE("odata filter: with hidden internal keys a filter on a '_' property sees it as absent") {
  nlohmann::json group = {{"displayName", "All"}, {"_members", {"u1"}}};
  ODataFilter filter("_members/any(m:m eq 'u1')");
  CHECK(filter.matches(group));
  CHECK_FALSE(filter.matches(group, true));
  CHECK(ODataFilter("displayName eq 'all'").matches(group, true));
}

TEST_CASE("read-only dispatch: a route that tries to write answers 500 and leaves the tenant unchanged") {
  InProcess p;
  p.router.add("GET", "/writesByMistake", [](RouteContext& context) {
    context.mutable_tenant()["touched"] = true;
    return no_content();
  });
  ApiResponse refused = p.call("GET", "/writesByMistake", Access::Read);
  CHECK(refused.status == 500);
  CHECK_FALSE(p.store.tenant(kTenant).contains("touched"));
  CHECK(p.call("GET", "/writesByMistake", Access::Write).status == 204);
  CHECK(p.store.tenant(kTenant).contains("touched"));
}

TEST_CASE("read-only dispatch: every GET route of a configured tenant answers without writing") {
  InProcess p;
  ApiResponse app = p.call("POST", "/applicationTemplates/" + kCrossTenantSyncTemplateId + "/instantiate", Access::Write,
                           {{"displayName", "link"}});
  REQUIRE(app.status == 201);
  std::string sp = app.body->at("servicePrincipal").at("id");
  std::string role = app.body->at("servicePrincipal").at("appRoles").at(0).at("id");
  ApiResponse job = p.call("POST", "/servicePrincipals/" + sp + "/synchronization/jobs", Access::Write, {{"templateId", "Azure2Azure"}});
  REQUIRE(job.status == 201);
  std::string job_id = job.body->at("id");
  REQUIRE(p.call("POST", "/policies/crossTenantAccessPolicy/partners", Access::Write, {{"tenantId", kPartner}}).status == 201);
  REQUIRE(p.call("POST", "/servicePrincipals/" + sp + "/appRoleAssignedTo", Access::Write,
                 {{"principalId", "c1000000-0000-4000-8000-000000000001"}, {"resourceId", sp}, {"appRoleId", role}})
              .status == 201);
  const std::string before = p.store.tenant(kTenant).dump();
  const std::string base = "/servicePrincipals/" + sp + "/synchronization";
  for (const std::string& url : std::vector<std::string>{
           "/policies/crossTenantAccessPolicy", "/policies/crossTenantAccessPolicy/default",
        "/policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization",
        "/policies/crossTenantAccessPolicy/partners/" + kPartner, "/applications", "/servicePrincipals",
        "/servicePrincipals/" + sp, "/servicePrincipals/" + sp + "/appRoleAssignedTo", base + "/templates",
        base + "/templates/Azure2Azure/schema", base + "/secrets", base + "/jobs", base + "/jobs/" + job_id,
        base + "/jobs/" + job_id + "/schema", base + "/jobs/" + job_id + "/schema/filterOperators",
        base + "/jobs/" + job_id + "/schema/functions", "/users",
        "/users/c0000000-0000-4000-8000-000000000001", "/groups",
        "/groups/c1000000-0000-4000-8000-000000000001",
        "/groups/c1000000-0000-4000-8000-000000000001/members",
        "/directory/deletedItems/microsoft.graph.user", "/auditLogs/provisioning"}) {
    CAPTURE(url);
    ApiResponse response = p.call("GET", url, Access::Read);
    CHECK(response.status == 200);
    std::string text = response.take_body_text();
    CHECK(nlohmann::json::parse(text).dump() == text);
  }
  CHECK(p.store.tenant(kTenant).dump() == before);
}

TEST_CASE("read-only dispatch: the group view hides its internal member list") {
  InProcess p;
  ApiResponse groups = p.call("GET", "/groups", Access::Read);
  nlohmann::json body = nlohmann::json::parse(groups.take_body_text());
  REQUIRE(body["value"].size() == 1);
  CHECK(body["value"][0]["displayName"] == "All");
  CHECK_FALSE(body["value"][0].contains("_members"));
  ApiResponse filtered = p.call("GET", "/groups?$filter=_members/any(m:m eq 'c0000000-0000-4000-8000-000000000001')", Access::Read);
  CHECK(nlohmann::json::parse(filtered.take_body_text())["value"].empty());
}

namespace {

using tf::test::GraphClient;
using tf::test::HttpResponse;

// A raw GET (the body as sent, not parsed).
HttpResponse raw_get(const std::string& url, const std::string& token, const std::string& path) {
  return tf::test::request("GET", url + "/v1.0" + path, {{"Authorization", "Bearer " + token}});
}

}  // namespace

TEST_CASE("$batch: each item answers what the single GET answers, and every answer is dump()'s text") {
  tf::test::TempDir dir;
  tf::test::EmulatorProcess emulator(dir.path() / "data", tf::test::emulator_seed_dir());
  std::string contoso_token = tf::test::secret_token(emulator.url(), tf::test::kContoso, tf::test::kContosoClient, tf::test::kContosoSecret);
  GraphClient contoso(emulator.url(), contoso_token);
  GraphClient fabrikam(emulator.url(), tf::test::secret_token(emulator.url(), tf::test::kFabrikam, tf::test::kFabrikamClient,
                                                              tf::test::kFabrikamSecret));
  tf::test::LinkIds link = tf::test::configure_link(contoso, fabrikam, tf::test::kContoso, tf::test::kFabrikam);
  const std::string base = "/servicePrincipals/" + link.sp + "/synchronization";
  // What observe reads, plus paging and a single entity; no spaces, so the raw URLs need no encoding.
  const std::vector<std::string> paths = {
      "/policies/crossTenantAccessPolicy/partners?$expand=identitySynchronization",
      "/servicePrincipals?$filter=applicationTemplateId%20eq%20'" + tf::test::kCtsTemplate + "'&$select=id,appId,displayName,tags",
      "/servicePrincipals/" + link.sp + "?$select=displayName",
      base + "/jobs", base + "/secrets", "/servicePrincipals/" + link.sp + "/appRoleAssignedTo",
      base + "/jobs/" + link.job + "/schema", "/users?$top=2", "/groups"};
  nlohmann::json requests = nlohmann::json::array();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string url = paths[i];
    for (std::size_t at = url.find("%20"); at != std::string::npos; at = url.find("%20")) url.replace(at, 3, " ");
    requests.push_back({{"id", std::to_string(i)}, {"method", "GET"}, {"url", url}});
  }
  requests.push_back({{"id", "missing"}, {"method", "GET"}, {"url", base + "/jobs/nope/schema"}});
  requests.push_back({{"id", "after"}, {"method", "GET"}, {"url", base + "/jobs"}, {"dependsOn", {"missing"}}});
  HttpResponse batch = tf::test::request("POST", emulator.url() + "/v1.0/$batch",
                                         {{"Authorization", "Bearer " + contoso_token}, {"Content-Type", "application/json"}},
                                         nlohmann::json{{"requests", requests}}.dump());
  REQUIRE(batch.status == 200);
  nlohmann::json answer = nlohmann::json::parse(batch.body);
  CHECK(answer.dump() == batch.body);
  REQUIRE(answer["responses"].size() == paths.size() + 2);
  std::map<std::string, nlohmann::json> by_id;
  for (const nlohmann::json& item : answer["responses"]) by_id[item["id"]] = item;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    CAPTURE(paths[i]);
    HttpResponse single = raw_get(emulator.url(), contoso_token, paths[i]);
    REQUIRE(single.status == 200);
    nlohmann::json body = nlohmann::json::parse(single.body);
    CHECK(body.dump() == single.body);
    const nlohmann::json& item = by_id[std::to_string(i)];
    CHECK(item["status"] == 200);
    CHECK(item["body"] == body);
    CHECK(item["headers"]["OData-Version"] == "4.0");
  }
  CHECK(by_id["missing"]["status"] == 404);
  CHECK(by_id["missing"]["body"]["error"]["code"] == "Request_ResourceNotFound");
  CHECK(by_id["after"]["status"] == 424);
  CHECK(by_id["0"]["body"]["value"][0]["tenantId"] == tf::test::kFabrikam);
  CHECK(by_id["0"]["body"]["value"][0]["identitySynchronization"].is_null());
  CHECK(by_id["1"]["body"]["value"][0]["id"] == link.sp);
  CHECK_FALSE(by_id["1"]["body"]["value"][0].contains("appRoles"));
  CHECK(by_id["6"]["body"]["synchronizationRules"][0]["name"] == "USER_INBOUND_USER");
  CHECK(by_id["7"]["body"].contains("@odata.nextLink"));
}

TEST_CASE("$batch: a batch with a write in it still writes, and a later read-only batch sees the write") {
  tf::test::TempDir dir;
  tf::test::EmulatorProcess emulator(dir.path() / "data", tf::test::emulator_seed_dir());
  std::string token = tf::test::secret_token(emulator.url(), tf::test::kContoso, tf::test::kContosoClient, tf::test::kContosoSecret);
  auto post_batch = [&](const nlohmann::json& requests) {
    HttpResponse r = tf::test::request("POST", emulator.url() + "/v1.0/$batch",
                                       {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                                       nlohmann::json{{"requests", requests}}.dump());
    return nlohmann::json::parse(r.body, nullptr, false);
  };
  const std::string partners = "/policies/crossTenantAccessPolicy/partners";
  nlohmann::json wrote = post_batch({{{"id", "1"}, {"method", "POST"}, {"url", partners},
                                      {"headers", {{"Content-Type", "application/json"}}}, {"body", {{"tenantId", tf::test::kFabrikam}}}},
                                     {{"id", "2"}, {"method", "GET"}, {"url", partners}, {"dependsOn", {"1"}}}});
  REQUIRE(wrote["responses"].size() == 2);
  CHECK(wrote["responses"][0]["status"] == 201);
  CHECK(wrote["responses"][1]["body"]["value"].size() == 1);
  nlohmann::json read = post_batch({{{"id", "a"}, {"method", "get"}, {"url", partners + "/" + tf::test::kFabrikam}}});
  CHECK(read["responses"][0]["status"] == 200);
  CHECK(read["responses"][0]["body"]["tenantId"] == tf::test::kFabrikam);
}
