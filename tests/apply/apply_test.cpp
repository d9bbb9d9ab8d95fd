// The executor against the real emulator through libcurl: a hand-built all-create
// plan for one link leaves every object in the tenants and a provisioning cycle then
// creates users in the target; a second apply of the same plan creates nothing
// twice; a failed change skips its dependents only; creates under injected 503s do
// not duplicate the sync app; a stale plan is refused before any write.
#include <doctest/doctest.h>

#include <set>

#include "runtime/apply/actions.h"
#include "runtime/apply/apply.h"
#include "runtime/apply/stale_check.h"
#include "runtime/observe/normalise.h"
#include "tests/apply/apply_support.h"

using namespace tf::apply;
using namespace tf::apply::test;
using nlohmann::json;
using tf::plan::ResourceKind;

namespace {

const std::string kPartners = "/policies/crossTenantAccessPolicy/partners";

const ChangeOutcome& outcome_of(const ApplyResult& result, const std::string& address) {
  for (const ChangeOutcome& c : result.changes)
    if (c.address == address) return c;
  throw std::runtime_error("no outcome for " + address);
}

std::string address_of(const tf::plan::Plan& p, ResourceKind kind) { return find_change(p, kind)->address; }

std::string messages(const tf::Diagnostics& d) {
  std::string out;
  for (const tf::Diagnostic& item : d.items()) {
    out += item.message + "\n";
    for (const tf::Diagnostic& n : item.notes) out += "  " + n.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("apply: an all-create plan for one link leaves every object in the tenants, and a cycle provisions users") {
  Emulator emulator;
  Client client(emulator.url());
  tf::plan::Plan p = all_create_plan();
  tf::Diagnostics diagnostics;
  std::vector<std::string> lines;
  ApplyResult result = apply(client.client, p, {}, diagnostics, [&](const ProgressEvent& e) { lines.push_back(progress_line(e)); });
  INFO(messages(diagnostics));
  REQUIRE(result.ok());
  CHECK(result.succeeded == static_cast<int>(p.changes.size()));
  CHECK(lines.size() == 2 * p.changes.size());  // started + done for each

  tf::test::GraphClient contoso = emulator.raw(kContosoId), fabrikam = emulator.raw(kFabrikamId);
  CHECK(contoso.get(kPartners + "/" + kFabrikamId).body["automaticUserConsentSettings"]["inboundAllowed"] == true);
  CHECK(contoso.get(kPartners + "/" + kFabrikamId + "/identitySynchronization").body["userSyncInbound"]["isSyncAllowed"] == true);
  CHECK(fabrikam.get(kPartners + "/" + kContosoId).body["automaticUserConsentSettings"]["outboundAllowed"] == true);

  std::vector<json> apps = tagged_apps(emulator);
  REQUIRE(apps.size() == 1);
  CHECK(apps[0]["displayName"] == kAppName);
  const ChangeOutcome& app = outcome_of(result, address_of(p, ResourceKind::SyncApp));
  std::string sp = app.outputs.at("servicePrincipalId");
  CHECK(sp == apps[0]["id"]);
  CHECK_FALSE(app.outputs.at("applicationId").empty());
  CHECK(app.outputs.at("appRoleId") == apps[0]["appRoles"][0]["id"]);
  // The template's own tag is kept beside the ownership tag.
  CHECK(std::find(apps[0]["tags"].begin(), apps[0]["tags"].end(), json("WindowsAzureActiveDirectoryIntegratedApp")) != apps[0]["tags"].end());

  json jobs = fabrikam.get("/servicePrincipals/" + sp + "/synchronization/jobs").body["value"];
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0]["id"] == outcome_of(result, address_of(p, ResourceKind::SyncJob)).outputs.at("jobId"));
  CHECK(jobs[0]["schedule"]["state"] == "Active");
  json schema = fabrikam.get("/servicePrincipals/" + sp + "/synchronization/jobs/" + jobs[0]["id"].get<std::string>() + "/schema").body;
  REQUIRE(tf::observe::user_object_mapping(schema));
  json user_mapping = *tf::observe::user_object_mapping(schema);
  std::set<std::string> targets;
  for (const json& m : user_mapping["attributeMappings"]) targets.insert(m["targetAttributeName"].get<std::string>());
  CHECK(targets.count("companyName") == 1);
  CHECK(targets.count("department") == 0);  // replaced, not merged
  CHECK(user_mapping["scope"]["groups"][0]["name"] == "enabled");
  json assignments = fabrikam.get("/servicePrincipals/" + sp + "/appRoleAssignedTo").body["value"];
  REQUIRE(assignments.size() == 1);
  CHECK(assignments[0]["principalId"] == kWaveGroup);

  auto users_of = [&](const std::string& id) {
    return json::parse(tf::test::request("GET", emulator.url() + "/_emulator/tenants/" + id, {}, "").body)["users"].size();
  };
  std::size_t before = users_of(kContosoId);
  tf::test::run_cycle(emulator.url());
  CHECK(users_of(kContosoId) > before);

  SUBCASE("applying the same plan again creates nothing twice") {
    tf::Diagnostics again_diagnostics;
    ApplyResult again = apply(client.client, p, {}, again_diagnostics);
    INFO(messages(again_diagnostics));
    CHECK(again.ok());
    CHECK(tagged_apps(emulator).size() == 1);
    CHECK(fabrikam.get("/servicePrincipals/" + sp + "/synchronization/jobs").body["value"].size() == 1);
    CHECK(fabrikam.get("/servicePrincipals/" + sp + "/appRoleAssignedTo").body["value"].size() == 1);
    CHECK(outcome_of(again, address_of(p, ResourceKind::SyncApp)).outputs.at("servicePrincipalId") == sp);
  }
}

TEST_CASE("apply: changes whose dependencies form a cycle are skipped as such, and the rest still runs") {
  Emulator emulator;
  Client client(emulator.url());
  tf::plan::Plan p = all_create_plan();
  for (tf::plan::Change& c : p.changes)  // the sync app now waits for its own job's start
    if (c.kind == ResourceKind::SyncApp) c.depends_on.push_back(address_of(p, ResourceKind::JobState));
  tf::Diagnostics diagnostics;
  ApplyResult result = apply(client.client, p, {}, diagnostics);
  CHECK_FALSE(result.ok());
  for (ResourceKind kind : {ResourceKind::SyncApp, ResourceKind::SyncSecrets, ResourceKind::SyncJob, ResourceKind::JobState}) {
    CAPTURE(tf::plan::resource_kind_name(kind));
    CHECK(outcome_of(result, address_of(p, kind)).status == ChangeStatus::Skipped);
    CHECK(outcome_of(result, address_of(p, kind)).message == "its dependencies form a cycle");
  }
  CHECK(outcome_of(result, address_of(p, ResourceKind::PartnerConfiguration)).status == ChangeStatus::Succeeded);
  CHECK(result.failed == 0);
  CHECK(tagged_apps(emulator).empty());
}

TEST_CASE("apply: a failed change skips its dependents and the independent changes still run") {
  Emulator emulator;
  Client client(emulator.url());
  tf::plan::Plan p = all_create_plan();
  // Without the partner configurations, credential validation fails (graph-api.md §1 step 7).
  std::erase_if(p.changes, [](const tf::plan::Change& c) {
    return c.kind == ResourceKind::PartnerConfiguration || c.kind == ResourceKind::IdentitySyncPolicy;
  });
  tf::Diagnostics diagnostics;
  std::vector<ProgressEvent> events;
  ApplyResult result = apply(client.client, p, {}, diagnostics, [&](const ProgressEvent& e) { events.push_back(e); });
  CHECK_FALSE(result.ok());
  CHECK(outcome_of(result, address_of(p, ResourceKind::SyncApp)).status == ChangeStatus::Succeeded);
  CHECK(outcome_of(result, address_of(p, ResourceKind::SyncSecrets)).status == ChangeStatus::Failed);
  CHECK(outcome_of(result, address_of(p, ResourceKind::SyncJob)).status == ChangeStatus::Skipped);
  CHECK(outcome_of(result, address_of(p, ResourceKind::SyncSchema)).status == ChangeStatus::Skipped);
  CHECK(outcome_of(result, address_of(p, ResourceKind::JobState)).status == ChangeStatus::Skipped);
  CHECK(outcome_of(result, address_of(p, ResourceKind::AppRoleAssignments)).status == ChangeStatus::Succeeded);
  CHECK(result.failed == 1);
  CHECK(result.skipped == 3);
  CHECK(outcome_of(result, address_of(p, ResourceKind::SyncJob)).message.find(address_of(p, ResourceKind::SyncSecrets)) != std::string::npos);
  REQUIRE(diagnostics.has_errors());
  CHECK(diagnostics.items()[0].message.find(address_of(p, ResourceKind::SyncSecrets)) != std::string::npos);
  bool skipped_event = std::any_of(events.begin(), events.end(), [&](const ProgressEvent& e) {
    return e.kind == ProgressEvent::Kind::Skipped && e.address == address_of(p, ResourceKind::JobState);
  });
  CHECK(skipped_event);
  // No job was created behind the failed validation.
  tf::test::GraphClient fabrikam = emulator.raw(kFabrikamId);
  std::string sp = outcome_of(result, address_of(p, ResourceKind::SyncApp)).outputs.at("servicePrincipalId");
  CHECK(fabrikam.get("/servicePrincipals/" + sp + "/synchronization/jobs").body["value"].empty());
}

TEST_CASE("apply: creates retried after injected 503 faults do not duplicate the sync app") {
  for (const char* seed : {"7", "11"}) {
    CAPTURE(seed);
    Emulator emulator({"--faults", "503=0.3", "--fault-seed", seed});
    Client client(emulator.url());
    tf::plan::Plan p = all_create_plan();
    tf::Diagnostics diagnostics;
    ApplyResult result = apply(client.client, p, {}, diagnostics);
    INFO(messages(diagnostics));
    CHECK(result.ok());
    CHECK(tagged_apps(emulator).size() == 1);
    json dump = json::parse(tf::test::request("GET", emulator.url() + "/_emulator/tenants/" + kFabrikamId, {}, "").body);
    CHECK(dump["servicePrincipals"].size() == 1);
    CHECK(dump["applications"].size() == 1);
  }
}

TEST_CASE("apply: a plan whose objects changed since it was made is refused, naming each changed object") {
  Emulator emulator;
  Client client(emulator.url());
  tf::test::GraphClient contoso = emulator.raw(kContosoId);
  contoso.post(kPartners, {{"tenantId", kFabrikamId}});
  json read = contoso.get(kPartners + "/" + kFabrikamId).body;

  tf::plan::Plan p;
  tf::plan::Change c = make_change(ResourceKind::PartnerConfiguration, true, {{"/automaticUserConsentSettings/inboundAllowed", true}});
  c.action = tf::plan::Action::Update;
  p.changes.push_back(c);
  p.versions[c.address] = object_version(read);

  SUBCASE("unchanged: it applies") {
    tf::Diagnostics diagnostics;
    ApplyResult result = apply(client.client, p, {}, diagnostics);
    INFO(messages(diagnostics));
    CHECK(result.ok());
    CHECK(contoso.get(kPartners + "/" + kFabrikamId).body["automaticUserConsentSettings"]["inboundAllowed"] == true);
  }
  SUBCASE("changed behind its back: refused before any write") {
    contoso.patch(kPartners + "/" + kFabrikamId, {{"inboundTrust", {{"isMfaAccepted", true}}}});
    tf::Diagnostics diagnostics;
    ApplyResult result = apply(client.client, p, {}, diagnostics);
    CHECK(result.stale);
    CHECK_FALSE(result.ok());
    CHECK(result.succeeded == 0);
    std::string text = messages(diagnostics);
    CHECK(text.find("stale") != std::string::npos);
    CHECK(text.find(c.address) != std::string::npos);
    CHECK(contoso.get(kPartners + "/" + kFabrikamId).body["automaticUserConsentSettings"]["inboundAllowed"] != true);
  }
  SUBCASE("deleted behind its back: refused") {
    contoso.del(kPartners + "/" + kFabrikamId);
    tf::Diagnostics diagnostics;
    ApplyResult result = apply(client.client, p, {}, diagnostics);
    CHECK(result.stale);
    CHECK(messages(diagnostics).find("deleted") != std::string::npos);
  }
}

TEST_CASE("apply: the version of an object is the one observe computes") {
  json object = {{"@odata.context", "x"}, {"tenantId", "a"}, {"automaticUserConsentSettings", {{"inboundAllowed", true}}}};
  CHECK(object_version(object) == tf::observe::version_of(object));
  json other = object;
  other["tenantId"] = "b";
  CHECK(object_version(other) != object_version(object));
  json without_annotation = object;
  without_annotation.erase("@odata.context");
  CHECK(object_version(without_annotation) == object_version(object));
}

TEST_CASE("apply: managed field paths nest into a PATCH body and removals become null") {
  json flat = {{"/automaticUserConsentSettings/inboundAllowed", true}, {"/automaticUserConsentSettings/outboundAllowed", nullptr},
               {"/displayName", "x"}};
  json nested = nest_fields(flat);
  CHECK(nested["automaticUserConsentSettings"]["inboundAllowed"] == true);
  CHECK(nested["automaticUserConsentSettings"].contains("outboundAllowed"));
  CHECK(nested["automaticUserConsentSettings"]["outboundAllowed"].is_null());
  CHECK(nested["displayName"] == "x");
}

TEST_CASE("apply: OData literals are quoted and query values percent-encoded") {
  CHECK(odata_quote("it's") == "'it''s'");
  CHECK(query_encode("displayName eq 'a b'") == "displayName%20eq%20'a%20b'");
  CHECK(query_encode("a&b=c#") == "a%26b%3Dc%23");
}

TEST_CASE("apply: progress lines name the address, the action and the outcome") {
  ProgressEvent started{ProgressEvent::Kind::Started, "sync_app.contoso[fabrikam]", tf::plan::Action::Create, {}, {}};
  CHECK(progress_line(started) == "sync_app.contoso[fabrikam]: creating...");
  ProgressEvent done{ProgressEvent::Kind::Succeeded, "sync_app.contoso[fabrikam]", tf::plan::Action::Create,
                     std::chrono::milliseconds(1234), {}};
  CHECK(progress_line(done) == "sync_app.contoso[fabrikam]: creating... done (1.2s)");
  ProgressEvent skipped{ProgressEvent::Kind::Skipped, "job_state.contoso[fabrikam]", tf::plan::Action::Update, {}, "x failed"};
  CHECK(progress_line(skipped) == "job_state.contoso[fabrikam]: skipped (x failed)");
}

TEST_CASE("apply: a dependency cycle is reported as skipped rather than hanging") {
  Client client("http://127.0.0.1:9");  // nothing is sent: no change can start
  tf::plan::Plan p;
  tf::plan::Change a = make_change(ResourceKind::PartnerConfiguration, true, {{"/automaticUserConsentSettings/inboundAllowed", true}});
  tf::plan::Change b = make_change(ResourceKind::IdentitySyncPolicy, true, {{"/userSyncInbound/isSyncAllowed", true}});
  a.depends_on = {b.address};
  b.depends_on = {a.address};
  p.changes = {a, b};
  tf::Diagnostics diagnostics;
  ApplyResult result = apply(client.client, p, {}, diagnostics);
  CHECK(result.skipped == 2);
  CHECK_FALSE(result.ok());
}

TEST_CASE("apply: at most the per-tenant limit of changes run at once in a tenant, and independent ones overlap") {
  for (int limit : {1, 4}) {
    CAPTURE(limit);
    Emulator emulator;
    Client client(emulator.url());
    tf::plan::Plan p = all_create_plan();
    std::map<std::string, int> running, most;
    ApplyOptions options;
    options.per_tenant_parallelism = limit;
    tf::Diagnostics diagnostics;
    ApplyResult result = apply(client.client, p, options, diagnostics, [&](const ProgressEvent& e) {
      std::string tenant = e.address.substr(e.address.find('.') + 1, e.address.find('[') - e.address.find('.') - 1);
      if (e.kind == ProgressEvent::Kind::Started) most[tenant] = std::max(most[tenant], ++running[tenant]);
      if (e.kind == ProgressEvent::Kind::Succeeded || e.kind == ProgressEvent::Kind::Failed) --running[tenant];
    });
    INFO(messages(diagnostics));
    CHECK(result.ok());
    // In fabrikam, the secrets and the assignments both wait only for the app.
    if (limit == 1) CHECK(most["fabrikam"] == 1);
    else CHECK(most["fabrikam"] >= 2);
    CHECK(most["fabrikam"] <= limit);
  }
}

TEST_CASE("apply: deleting a link pauses its job, unassigns its principals and deletes the app") {
  Emulator emulator;
  Client client(emulator.url());
  tf::plan::Plan created = all_create_plan();
  tf::Diagnostics diagnostics;
  ApplyResult made = apply(client.client, created, {}, diagnostics);
  REQUIRE(made.ok());
  std::map<std::string, std::string> ids = outcome_of(made, address_of(created, ResourceKind::SyncApp)).outputs;
  ids["jobId"] = outcome_of(made, address_of(created, ResourceKind::SyncJob)).outputs.at("jobId");
  std::string sp = ids.at("servicePrincipalId");

  auto deletion = [&](ResourceKind kind, std::vector<std::string> depends_on) {
    tf::plan::Change c = make_change(kind, false, nullptr, std::move(depends_on));
    c.action = tf::plan::Action::Delete;
    c.fields.clear();
    c.ids = ids;
    return c;
  };
  tf::plan::Plan p;
  p.allow_destroy = true;
  p.changes.push_back(deletion(ResourceKind::JobState, {}));
  p.changes.push_back(deletion(ResourceKind::AppRoleAssignments, {p.changes[0].address}));
  p.changes.push_back(deletion(ResourceKind::SyncApp, {p.changes[0].address, p.changes[1].address}));

  p.allow_destroy = false;
  tf::Diagnostics refused_diagnostics;
  ApplyResult refused = apply(client.client, p, {}, refused_diagnostics);
  CHECK_FALSE(refused.ok());
  CHECK(messages(refused_diagnostics).find("--allow-destroy") != std::string::npos);
  CHECK(tagged_apps(emulator).size() == 1);
  p.allow_destroy = true;

  tf::test::GraphClient fabrikam = emulator.raw(kFabrikamId);
  std::vector<std::string> order;
  ApplyResult removed = apply(client.client, p, {}, diagnostics, [&](const ProgressEvent& e) {
    if (e.kind == ProgressEvent::Kind::Started) order.push_back(e.address);
    if (e.kind == ProgressEvent::Kind::Succeeded && e.address == p.changes[0].address) {
      json job = fabrikam.get("/servicePrincipals/" + sp + "/synchronization/jobs/" + ids["jobId"]).body;
      CHECK(job["schedule"]["state"] == "Paused");
    }
    if (e.kind == ProgressEvent::Kind::Succeeded && e.address == p.changes[1].address)
      CHECK(fabrikam.get("/servicePrincipals/" + sp + "/appRoleAssignedTo").body["value"].empty());
  });
  INFO(messages(diagnostics));
  CHECK(removed.ok());
  REQUIRE(order.size() == 3);
  CHECK(order.back() == p.changes[2].address);
  CHECK(tagged_apps(emulator).empty());
  json dump = json::parse(tf::test::request("GET", emulator.url() + "/_emulator/tenants/" + kFabrikamId, {}, "").body);
  CHECK(dump["applications"].empty());
}

namespace {

// Passes requests to the real emulator, but answers 503 to the first request whose
// URL ends with `needle` after the emulator has acted on it: the ambiguous failure
// ("did the create happen?") that look-first exists for.
class ActThenFail : public tf::graph::HttpTransport {
 public:
  ActThenFail(tf::graph::HttpTransport& inner, std::string method, std::string needle)
      : inner_(inner), method_(std::move(method)), needle_(std::move(needle)) {}
  tf::graph::RequestId submit(tf::graph::HttpRequest request) override {
    bool target = !fired_ && request.method == method_ && request.url.size() >= needle_.size() &&
                  request.url.compare(request.url.size() - needle_.size(), needle_.size(), needle_) == 0;
    tf::graph::RequestId id = inner_.submit(std::move(request));
    if (target) {
      fired_ = true;
      sabotaged_ = id;
    }
    return id;
  }
  std::vector<tf::graph::Completion> wait(tf::graph::Millis max_wait) override {
    std::vector<tf::graph::Completion> done = inner_.wait(max_wait);
    for (tf::graph::Completion& c : done)
      if (c.id == sabotaged_) {
        c.response.status = 503;
        c.response.body = R"({"error":{"code":"serviceUnavailable","message":"simulated"}})";
        c.response.headers = {{"Content-Type", "application/json"}};
      }
    return done;
  }
  std::size_t in_flight() const override { return inner_.in_flight(); }
  bool fired() const { return fired_; }

 private:
  tf::graph::HttpTransport& inner_;
  std::string method_, needle_;
  bool fired_ = false;
  tf::graph::RequestId sabotaged_ = 0;
};

}  // namespace

TEST_CASE("apply: a create that happened but answered 503 is found by look-first, not made twice") {
  for (const char* needle : {"/instantiate", "/synchronization/jobs", "/appRoleAssignedTo"}) {
    CAPTURE(needle);
    Emulator emulator;
    tf::graph::CurlTransport curl;
    ActThenFail transport(curl, "POST", needle);
    tf::graph::SystemClock clock;
    tf::graph::GraphClient client(transport, clock, Client::options(emulator.url()));
    client.add_tenant({"fabrikam", kFabrikamId, tf::graph::Cloud::Global, tf::graph::ClientSecretCredential{kFabrikamClient, kFabrikamSecret}});
    client.add_tenant({"contoso", kContosoId, tf::graph::Cloud::Global, tf::graph::ClientSecretCredential{kContosoClient, kContosoSecret}});
    tf::plan::Plan p = all_create_plan();
    tf::Diagnostics diagnostics;
    ApplyResult result = apply(client, p, {}, diagnostics);
    INFO(messages(diagnostics));
    CHECK(transport.fired());
    CHECK(result.ok());
    json dump = json::parse(tf::test::request("GET", emulator.url() + "/_emulator/tenants/" + kFabrikamId, {}, "").body);
    CHECK(dump["servicePrincipals"].size() == 1);
    CHECK(tagged_apps(emulator).size() == 1);
    tf::test::GraphClient fabrikam = emulator.raw(kFabrikamId);
    std::string sp = tagged_apps(emulator)[0]["id"];
    CHECK(fabrikam.get("/servicePrincipals/" + sp + "/synchronization/jobs").body["value"].size() == 1);
    CHECK(fabrikam.get("/servicePrincipals/" + sp + "/appRoleAssignedTo").body["value"].size() == 1);
  }
}
