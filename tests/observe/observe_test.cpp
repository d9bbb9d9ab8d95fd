// observe against the real emulator (a subprocess with tests/emulator/seed): links
// configured through Graph as graph-api.md §1 does are read back at the addresses
// expand uses, with their managed fields, ids and versions; drift, look-alike
// configurations, orphans, unknown groups and injected faults behave as observe.h
// promises. The desired state is built by hand here (expand is tested elsewhere).
#include <doctest/doctest.h>

#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "compiler/manifest/pipeline.h"
#include "compiler/plan/expand.h"
#include "runtime/graph/curl_transport.h"
#include "runtime/observe/normalise.h"
#include "runtime/observe/observe.h"
#include "tests/emulator/emulator_fixture.h"

using nlohmann::json;
using tf::plan::ResourceKind;
namespace test = tf::test;

namespace {

const std::string kGlobalEmployees = "c1000000-0000-4000-8000-000000000001";
const std::string kPartners = "/policies/crossTenantAccessPolicy/partners";

tf::manifest::Tenant tenant(const std::string& name, const std::string& id, const std::string& client,
                            const std::string& variable) {
  tf::manifest::Tenant t;
  t.name = name;
  t.id = id;
  t.auth = tf::manifest::TenantAuth{};
  t.auth->client_id = client;
  t.auth->client_secret = tf::manifest::SecretRef{tf::manifest::SecretKind::Environment, variable, {}};
  return t;
}

// contoso -> fabrikam, scope 'staff' assigning the group `group`.
tf::manifest::CompiledManifest manifest_of(const std::string& group = "GlobalEmployees") {
  ::setenv("OBSERVE_TEST_CONTOSO_SECRET", test::kContosoSecret.c_str(), 1);
  ::setenv("OBSERVE_TEST_FABRIKAM_SECRET", test::kFabrikamSecret.c_str(), 1);
  tf::manifest::CompiledManifest m;
  m.model.tenants = {tenant("contoso", test::kContoso, test::kContosoClient, "OBSERVE_TEST_CONTOSO_SECRET"),
                     tenant("fabrikam", test::kFabrikam, test::kFabrikamClient, "OBSERVE_TEST_FABRIKAM_SECRET")};
  tf::manifest::Scope scope;
  scope.name = "staff";
  scope.groups.push_back(tf::manifest::GroupRef{group, false, {}});
  m.model.scopes.push_back(scope);
  tf::manifest::DirectedLink link;
  link.source = "contoso";
  link.target = "fabrikam";
  link.scope = "staff";
  m.topology.links.push_back(link);
  return m;
}

tf::plan::Resource resource(ResourceKind kind, const std::string& tenant, const std::string& partner, json fields) {
  tf::plan::Resource r;
  r.kind = kind;
  r.tenant = tenant;
  r.partner = partner;
  r.address = tf::plan::resource_address(kind, tenant, partner);
  r.fields = std::move(fields);
  bool pair = kind == ResourceKind::PartnerConfiguration || kind == ResourceKind::IdentitySyncPolicy;
  if (!pair) r.link = tf::plan::LinkKey{test::kContoso, test::kFabrikam};  // the one link these tests desire
  return r;
}

tf::plan::LinkKey link_key() { return {test::kContoso, test::kFabrikam}; }

// What expand would want for contoso -> fabrikam (only the paths matter to observe).
tf::plan::DesiredState desired_link(const std::string& group = "GlobalEmployees") {
  tf::plan::DesiredState d;
  d.resources = {
      resource(ResourceKind::PartnerConfiguration, "fabrikam", "contoso", {{"/automaticUserConsentSettings/inboundAllowed", true}}),
      resource(ResourceKind::IdentitySyncPolicy, "fabrikam", "contoso", {{"/userSyncInbound/isSyncAllowed", true}}),
      resource(ResourceKind::PartnerConfiguration, "contoso", "fabrikam", {{"/automaticUserConsentSettings/outboundAllowed", true}}),
      resource(ResourceKind::SyncApp, "contoso", "fabrikam", {{"/displayName", "x"}, {"/tags", {tf::plan::ownership_tag(link_key())}}}),
      resource(ResourceKind::SyncSecrets, "contoso", "fabrikam",
               {{"/CompanyId", test::kFabrikam}, {"/AuthenticationType", "SyncPolicy"}, {"/SyncAll", "false"}}),
      resource(ResourceKind::SyncJob, "contoso", "fabrikam", {{"/templateId", "Azure2Azure"}}),
      resource(ResourceKind::SyncSchema, "contoso", "fabrikam", {{"/attributeMappings", json::array()}, {"/scope", nullptr}}),
      resource(ResourceKind::AppRoleAssignments, "contoso", "fabrikam", {{"/groups", {{{"name", group}}}}}),
      resource(ResourceKind::JobState, "contoso", "fabrikam", {{"/state", "Active"}}),
  };
  std::sort(d.resources.begin(), d.resources.end(), [](const auto& a, const auto& b) { return a.address < b.address; });
  return d;
}

tf::graph::ClientOptions options_for(const std::string& url) {
  tf::graph::ClientOptions o;
  o.endpoints.emulator_url = url;
  o.environment_tokens = false;
  o.retry.base_delay = tf::graph::Millis{20};
  o.retry.max_attempts = 12;
  o.retry.max_total_wait = tf::graph::Millis{60'000};
  return o;
}

// An emulator with the test seed, a Graph client registered through the manifest,
// and raw HTTP clients for arranging objects behind tenantform's back.
struct World {
  // `emulator_args`: extra options of `tenantform emulator`, e.g. {"--page-size", "1"}.
  explicit World(const std::vector<std::string>& emulator_args = {})
      : emulator(dir.path() / "data", test::emulator_seed_dir(), emulator_args) {
    tf::Diagnostics d;
    tf::observe::add_manifest_tenants(client, manifest.model, d);
    REQUIRE(d.empty());
  }

  test::TempDir dir;
  test::EmulatorProcess emulator;
  tf::graph::CurlTransport transport;
  tf::graph::SystemClock clock;
  tf::graph::GraphClient client{transport, clock, options_for(emulator.url())};
  test::GraphClient contoso{emulator.url(), test::secret_token(emulator.url(), test::kContoso, test::kContosoClient, test::kContosoSecret)};
  test::GraphClient fabrikam{emulator.url(), test::secret_token(emulator.url(), test::kFabrikam, test::kFabrikamClient, test::kFabrikamSecret)};
  tf::manifest::CompiledManifest manifest = manifest_of();

  tf::plan::ObservedState observe(const tf::plan::DesiredState& desired, tf::Diagnostics& d) {
    return tf::observe::observe(client, manifest, desired, d);
  }

  // The link observed by a fresh client (no cached token) over `transport`.
  tf::plan::ObservedState observe_through(tf::graph::HttpTransport& over, tf::Diagnostics& d) {
    tf::graph::GraphClient fresh(over, clock, options_for(emulator.url()));
    tf::observe::add_manifest_tenants(fresh, manifest.model, d);
    return tf::observe::observe(fresh, manifest, desired_link(), d);
  }

  // graph-api.md §1 for contoso -> fabrikam, then the tag, a scoped schema, the group
  // assignment and the start.
  test::LinkIds configure(bool tag = true) {
    test::LinkIds ids = test::configure_link(contoso, fabrikam, test::kContoso, test::kFabrikam);
    std::string sp = "/servicePrincipals/" + ids.sp;
    if (tag)
      CHECK(contoso.patch(sp, {{"tags", {"WindowsAzureActiveDirectoryIntegratedApp", tf::plan::ownership_tag(link_key())}}}).status == 204);
    json schema = contoso.get(sp + "/synchronization/jobs/" + ids.job + "/schema").body;
    REQUIRE(schema.is_object());
    for (json& rule : schema["synchronizationRules"])
      for (json& mapping : rule["objectMappings"])
        mapping["scope"] = {{"groups", {{{"name", "sales"},
                                         {"clauses", {{{"operatorName", "EQUALS"}, {"sourceOperandName", "department"},
                                                       {"targetOperand", {{"values", {"Sales"}}}}}}}}}},
                            {"inputFilterGroups", json::array()}, {"categoryFilterGroups", json::array()}};
    CHECK(contoso.put(sp + "/synchronization/jobs/" + ids.job + "/schema", schema).status == 204);
    CHECK(contoso.post(sp + "/appRoleAssignedTo", {{"principalId", kGlobalEmployees}, {"resourceId", ids.sp}, {"appRoleId", ids.role}}).status == 201);
    CHECK(contoso.post(sp + "/synchronization/jobs/" + ids.job + "/start").status == 204);
    return ids;
  }
};

// Counts what goes over the wire: token requests and Graph requests (a $batch is one).
class CountingTransport : public tf::graph::HttpTransport {
 public:
  tf::graph::RequestId submit(tf::graph::HttpRequest request) override {
    (request.url.find("/oauth2/") != std::string::npos ? tokens : graph) += 1;
    return inner.submit(std::move(request));
  }
  std::vector<tf::graph::Completion> wait(tf::graph::Millis max_wait) override { return inner.wait(max_wait); }
  std::size_t in_flight() const override { return inner.in_flight(); }

  tf::graph::CurlTransport inner;
  int tokens = 0;
  int graph = 0;
};

std::string messages(const tf::Diagnostics& d) {
  std::string out;
  for (const tf::Diagnostic& item : d.items()) out += item.message + "\n";
  return out;
}

const tf::plan::ObservedResource& at(const tf::plan::ObservedState& s, const std::string& address) {
  auto it = s.resources.find(address);
  REQUIRE_MESSAGE(it != s.resources.end(), "not observed: " << address);
  return it->second;
}

}  // namespace

TEST_CASE("observe: tenants with nothing configured give no resources, orphans or notes") {
  World w;
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe(desired_link(), d);
  INFO(messages(d));
  CHECK(d.empty());
  CHECK(s.resources.empty());
  CHECK(s.orphans.empty());
  CHECK(s.notes.empty());
  CHECK(s.group_ids["contoso"]["GlobalEmployees"] == kGlobalEmployees);
}

TEST_CASE("observe: a link configured through Graph is read at every address with its fields and ids") {
  World w;
  test::LinkIds ids = w.configure();
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe(desired_link(), d);
  INFO(messages(d));
  CHECK(d.empty());
  CHECK(s.resources.size() == 9);
  CHECK(s.orphans.empty());
  CHECK(s.notes.empty());

  const auto& inbound = at(s, "partner_configuration.fabrikam[contoso]");
  CHECK(inbound.resource.fields == json{{"/automaticUserConsentSettings/inboundAllowed", true}});
  CHECK(inbound.resource.tenant_id == test::kFabrikam);
  CHECK(inbound.resource.partner_id == test::kContoso);
  CHECK(inbound.unmanaged.value("tenantId", "") == test::kContoso);
  CHECK(inbound.version.size() == 64);
  CHECK(at(s, "partner_configuration.contoso[fabrikam]").resource.fields["/automaticUserConsentSettings/outboundAllowed"] == true);
  CHECK(at(s, "identity_sync_policy.fabrikam[contoso]").resource.fields["/userSyncInbound/isSyncAllowed"] == true);

  const auto& app = at(s, "sync_app.contoso[fabrikam]");
  CHECK(app.resource.fields["/tags"] == json{tf::plan::ownership_tag(link_key())});
  CHECK(app.resource.fields["/displayName"] == "link to " + test::kFabrikam);
  REQUIRE(app.resource.link);
  CHECK(*app.resource.link == link_key());
  CHECK(app.ids.at("servicePrincipalId") == ids.sp);
  CHECK(app.ids.at("appRoleId") == ids.role);
  CHECK(app.ids.at("jobId") == ids.job);
  CHECK(!app.ids.at("applicationId").empty());
  CHECK(!app.ids.at("appId").empty());

  const auto& secrets = at(s, "sync_secrets.contoso[fabrikam]");
  CHECK(secrets.resource.fields == json{{"/CompanyId", test::kFabrikam}, {"/AuthenticationType", "SyncPolicy"}, {"/SyncAll", "false"}});

  CHECK(at(s, "sync_job.contoso[fabrikam]").resource.fields == json{{"/templateId", "Azure2Azure"}});
  CHECK(at(s, "sync_job.contoso[fabrikam]").ids.at("jobId") == ids.job);
  CHECK(at(s, "job_state.contoso[fabrikam]").resource.fields == json{{"/state", "Active"}});

  const auto& schema = at(s, "sync_schema.contoso[fabrikam]");
  json mappings = schema.resource.fields["/attributeMappings"];
  REQUIRE(mappings.is_array());
  REQUIRE(mappings.size() > 2);
  for (std::size_t i = 1; i < mappings.size(); ++i)
    CHECK(mappings[i - 1]["targetAttributeName"].get<std::string>() <= mappings[i]["targetAttributeName"].get<std::string>());
  CHECK(!mappings[0].contains("exportMissingReferences"));
  json scope = schema.resource.fields["/scope"];
  CHECK(scope["groups"][0]["clauses"][0]["sourceOperandName"] == "department");
  CHECK(scope["groups"][0]["clauses"][0]["targetOperand"]["values"] == json{"Sales"});

  const auto& assignments = at(s, "app_role_assignments.contoso[fabrikam]");
  CHECK(assignments.resource.fields == json{{"/principals", {kGlobalEmployees}}});
  CHECK(!assignments.ids.at("assignment:" + kGlobalEmployees).empty());
  CHECK(s.group_ids["contoso"]["GlobalEmployees"] == kGlobalEmployees);
}

TEST_CASE("observe: a partner changed behind tenantform's back shows new fields and a new version") {
  World w;
  w.configure();
  tf::Diagnostics d;
  tf::plan::ObservedState before = w.observe(desired_link(), d);
  CHECK(w.fabrikam.patch(kPartners + "/" + test::kContoso, {{"automaticUserConsentSettings", {{"inboundAllowed", false}}}}).status == 204);
  tf::plan::ObservedState after = w.observe(desired_link(), d);
  INFO(messages(d));
  CHECK(d.empty());
  const std::string address = "partner_configuration.fabrikam[contoso]";
  CHECK(at(before, address).resource.fields["/automaticUserConsentSettings/inboundAllowed"] == true);
  CHECK(at(after, address).resource.fields["/automaticUserConsentSettings/inboundAllowed"] == false);
  CHECK(at(before, address).version != at(after, address).version);
  // an unmanaged field changes the version too, not the fields
  CHECK(w.fabrikam.patch(kPartners + "/" + test::kContoso, {{"inboundTrust", {{"isMfaAccepted", true}}}}).status == 204);
  tf::plan::ObservedState trusted = w.observe(desired_link(), d);
  CHECK(at(trusted, address).resource.fields == at(after, address).resource.fields);
  CHECK(at(trusted, address).version != at(after, address).version);
  CHECK(at(trusted, address).unmanaged["inboundTrust"]["isMfaAccepted"] == true);
  // the objects nobody touched keep their versions
  CHECK(at(trusted, "sync_app.contoso[fabrikam]").version == at(before, "sync_app.contoso[fabrikam]").version);
}

TEST_CASE("observe: an untagged sync configuration to a desired target is a blocking note") {
  World w;
  w.configure(/*tag=*/false);
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe(desired_link(), d);
  INFO(messages(d));
  CHECK(d.empty());
  CHECK(s.resources.count("sync_app.contoso[fabrikam]") == 0);
  REQUIRE(s.notes.size() == 1);
  CHECK(s.notes[0].blocking);
  CHECK(s.notes[0].address == "sync_app.contoso[fabrikam]");
  CHECK(s.notes[0].message == "an existing sync configuration 'link to " + test::kFabrikam +
                                  "' in 'contoso' already targets 'fabrikam'; import or delete it");
}

TEST_CASE("observe: a tagged sync app whose link is no longer desired is an orphan") {
  World w;
  test::LinkIds ids = w.configure();
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe(tf::plan::DesiredState{}, d);
  INFO(messages(d));
  CHECK(d.empty());
  REQUIRE(s.orphans.size() == 1);
  const auto& orphan = s.orphans[0];
  CHECK(orphan.resource.kind == ResourceKind::SyncApp);
  CHECK(orphan.resource.address == "sync_app.contoso[fabrikam]");
  CHECK(orphan.ids.at("servicePrincipalId") == ids.sp);
  CHECK(orphan.ids.at("jobId") == ids.job);
  CHECK(s.resources.count("sync_app.contoso[fabrikam]") == 0);
  CHECK(s.resources.count("sync_job.contoso[fabrikam]") == 0);
  // partner entries are still read, with every path tenantform can manage
  CHECK(at(s, "partner_configuration.contoso[fabrikam]").resource.fields.size() == 2);
  CHECK(s.notes.empty());
}

TEST_CASE("observe: a scope naming a group the tenant does not have is an error naming scope and tenant") {
  World w;
  tf::Diagnostics d;
  w.observe(desired_link("Nobody"), d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].code == "unknown-group");
  CHECK(d.items()[0].message.find("scope 'staff'") != std::string::npos);
  CHECK(d.items()[0].message.find("'Nobody'") != std::string::npos);
  CHECK(d.items()[0].message.find("tenant 'contoso'") != std::string::npos);
}

TEST_CASE("observe: under injected 429 and 503 faults the observed state is the same") {
  World w;
  w.configure();
  tf::Diagnostics clean_d;
  tf::plan::ObservedState clean = w.observe(desired_link(), clean_d);
  CHECK(clean_d.empty());
  test::HttpResponse set = test::request("POST", w.emulator.url() + "/_emulator/faults", {{"Content-Type", "application/json"}},
                                         json{{"faults", "429=0.2,503=0.1"}, {"seed", 5}, {"retry_after", 0}}.dump());
  REQUIRE(set.status == 200);
  CountingTransport transport;
  tf::graph::GraphClient client(transport, w.clock, options_for(w.emulator.url()));
  tf::Diagnostics d;
  tf::observe::add_manifest_tenants(client, w.manifest.model, d);
  const int runs = 5;
  for (int run = 0; run < runs; ++run) {
    tf::plan::ObservedState faulty = tf::observe::observe(client, w.manifest, desired_link(), d);
    INFO(messages(d));
    CHECK(d.empty());
    REQUIRE(faulty.resources.size() == clean.resources.size());
    for (const auto& [address, r] : clean.resources) {
      CAPTURE(address);
      CHECK(at(faulty, address).resource.fields == r.resource.fields);
      CHECK(at(faulty, address).version == r.version);
      CHECK(at(faulty, address).ids == r.ids);
    }
    CHECK(faulty.group_ids == clean.group_ids);
  }
  CHECK(transport.graph > runs * 4);  // 4 batches per run without faults: some were retried
}

TEST_CASE("observe: a missing secret variable is an error naming the tenant and the variable, not a value") {
  tf::manifest::Model model;
  model.tenants = {tenant("contoso", test::kContoso, test::kContosoClient, "OBSERVE_TEST_UNSET_VARIABLE")};
  ::unsetenv("OBSERVE_TEST_UNSET_VARIABLE");
  tf::graph::CurlTransport transport;
  tf::graph::SystemClock clock;
  tf::graph::GraphClient client(transport, clock, options_for("http://127.0.0.1:9"));
  tf::Diagnostics d;
  tf::observe::add_manifest_tenants(client, model, d);
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].message.find("tenant 'contoso'") != std::string::npos);
  CHECK(d.items()[0].message.find("'OBSERVE_TEST_UNSET_VARIABLE'") != std::string::npos);
  CHECK(client.endpoints("contoso") == nullptr);
}

TEST_CASE("observe: lists that come in pages are read to the end, through the same batches") {
  // One item per page: contoso's two sync apps (the link's, tagged, and an unrelated
  // one), their two applications and the partner lists all take several pages.
  World w({"--page-size", "1"});
  test::LinkIds ids = w.configure();
  test::GraphReply other = w.contoso.post("/applicationTemplates/" + test::kCtsTemplate + "/instantiate",
                                          {{"displayName", "an unrelated sync app"}});
  REQUIRE(other.status == 201);
  CountingTransport transport;
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe_through(transport, d);
  INFO(messages(d));
  CHECK(d.empty());
  CHECK(s.resources.size() == 9);
  const tf::plan::ObservedResource& app = at(s, "sync_app.contoso[fabrikam]");
  CHECK(app.ids.at("servicePrincipalId") == ids.sp);
  CHECK(app.ids.count("applicationId") == 1);  // from the applications list, whichever page it was on
  CHECK(at(s, "sync_schema.contoso[fabrikam]").resource.fields.at("/scope")["groups"].size() == 1);
  CHECK(s.notes.empty());  // the unrelated app targets no desired link
  CHECK(transport.graph > 4);  // the later pages: more batches than the 4 of one page each
}

TEST_CASE("observe: a configured link is read in three steps of one batch per tenant and step") {
  World w;
  w.configure();
  CountingTransport transport;
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe_through(transport, d);
  INFO(messages(d));
  CHECK(d.empty());
  CHECK(s.resources.size() == 9);
  // contoso: lists, then the app's parts and the group, then the schema; fabrikam: lists
  CHECK(transport.graph == 4);
  CHECK(transport.tokens == 2);
}

// Each example, compiled and expanded for real, against the emulator with its seed.
TEST_CASE("observe: every example reads cleanly before anything is applied and its group names resolve") {
  for (const char* example : {"merger-one-way", "user-hub", "application-hub", "partial-mesh", "bidirectional-pair"}) {
    CAPTURE(example);
    std::filesystem::path dir = test::source_dir() / "examples" / example;
    std::istringstream env(test::read_file(dir / "emulator.env"));
    for (std::string line; std::getline(env, line);) {
      if (line.rfind("export ", 0) != 0) continue;
      std::string assignment = line.substr(7);
      std::size_t eq = assignment.find('=');
      ::setenv(assignment.substr(0, eq).c_str(), assignment.substr(eq + 1).c_str(), 1);
    }
    tf::Diagnostics d;
    std::optional<tf::manifest::CompiledManifest> compiled = tf::manifest::compile_manifest(dir.string(), d);
    REQUIRE_MESSAGE(compiled, messages(d));
    tf::plan::DesiredState desired = tf::plan::expand(*compiled, d);
    test::TempDir data;
    test::EmulatorProcess emulator(data.path(), dir / "seed");
    tf::graph::CurlTransport transport;
    tf::graph::SystemClock clock;
    tf::graph::GraphClient client(transport, clock, options_for(emulator.url()));
    tf::observe::add_manifest_tenants(client, compiled->model, d);
    tf::plan::ObservedState s = tf::observe::observe(client, *compiled, desired, d);
    INFO(messages(d));
    CHECK(!d.has_errors());
    CHECK(s.resources.empty());
    CHECK(s.orphans.empty());
    CHECK(s.notes.empty());
    for (const tf::plan::Resource& r : desired.resources) {
      if (r.kind != ResourceKind::AppRoleAssignments) continue;
      for (const json& g : r.fields.value("/groups", json::array()))
        if (g.contains("name")) CHECK(s.group_ids[r.tenant].count(g["name"].get<std::string>()) == 1);
    }
  }
}

TEST_CASE("observe: an untagged app with the link's app name (an apply killed before tagging) is that link's app") {
  World w;
  json made = w.contoso.post("/applicationTemplates/" + test::kCtsTemplate + "/instantiate", {{"displayName", "x"}}).body;
  REQUIRE(made.is_object());
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe(desired_link(), d);
  INFO(messages(d));
  CHECK(d.empty());
  const auto& app = at(s, "sync_app.contoso[fabrikam]");
  CHECK(app.ids.at("servicePrincipalId") == made["servicePrincipal"]["id"]);
  CHECK(app.resource.fields.at("/tags") == json::array());  // the plan tags it
  REQUIRE(s.notes.size() == 1);
  CHECK_FALSE(s.notes[0].blocking);
  CHECK(s.notes[0].address == "sync_app.contoso[fabrikam]");
  CHECK(s.notes[0].message.find("no ownership tag (an apply was interrupted after creating it)") != std::string::npos);
}

TEST_CASE("observe: an untagged namesake is left alone when the link already has its tagged app") {
  World w;
  test::LinkIds ids = w.configure();
  REQUIRE(w.contoso.post("/applicationTemplates/" + test::kCtsTemplate + "/instantiate", {{"displayName", "x"}}).status == 201);
  tf::Diagnostics d;
  tf::plan::ObservedState s = w.observe(desired_link(), d);
  INFO(messages(d));
  CHECK(d.empty());
  CHECK(at(s, "sync_app.contoso[fabrikam]").ids.at("servicePrincipalId") == ids.sp);
  CHECK(s.notes.empty());
}

TEST_CASE("observe: a tenant whose token cannot be had is one error, not one per read") {
  World w;
  tf::graph::CurlTransport transport;
  tf::graph::GraphClient wrong(transport, w.clock, options_for(w.emulator.url()));
  wrong.add_tenant({"contoso", test::kContoso, tf::graph::Cloud::Global,
                    tf::graph::ClientSecretCredential{test::kContosoClient, "not-the-secret"}});
  wrong.add_tenant({"fabrikam", test::kFabrikam, tf::graph::Cloud::Global,
                    tf::graph::ClientSecretCredential{test::kFabrikamClient, test::kFabrikamSecret}});
  tf::Diagnostics d;
  tf::observe::observe(wrong, w.manifest, desired_link(), d);
  INFO(messages(d));
  REQUIRE(d.error_count() == 1);  // contoso's lists, apps and groups each failed with it
  CHECK(d.items()[0].message.find("check the credentials of tenant 'contoso'") != std::string::npos);
}
