// diff: the plan rules of diff.h on hand-built Desired and Observed states.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/plan/diff.h"
#include "tests/plan/plan_fixtures.h"

namespace {

using namespace tf::plan;
using namespace tf::plan::fixtures;
using K = ResourceKind;

const Change* find_change(const Plan& plan, const std::string& address) {
  for (const Change& c : plan.changes)
    if (c.address == address) return &c;
  return nullptr;
}

std::size_t position(const Plan& plan, const std::string& address) {
  for (std::size_t i = 0; i < plan.changes.size(); ++i)
    if (plan.changes[i].address == address) return i;
  return plan.changes.size();
}

bool has_code(const tf::Diagnostics& diagnostics, const std::string& code, const std::string& text = {}) {
  for (const tf::Diagnostic& d : diagnostics.items())
    if (d.code == code && d.message.find(text) != std::string::npos) return true;
  return false;
}

Plan run(const DesiredState& desired, const ObservedState& observed, tf::Diagnostics& diagnostics,
         bool allow_destroy = false) {
  DiffOptions options;
  options.allow_destroy = allow_destroy;
  options.tool_version = "0.1.0";
  options.manifest_hash = "sha256:test";
  return diff(desired, observed, options, diagnostics);
}

// The observed state of a link that was applied and then removed from the manifest.
ObservedState removed_link_state(const std::string& s, const std::string& t) {
  ObservedState observed = observed_matching(desired_of(link_resources(s, t)));
  for (K kind : {K::SyncApp, K::SyncSecrets, K::SyncJob, K::SyncSchema, K::AppRoleAssignments, K::JobState}) {
    std::string a = address(kind, s, t);
    observed.orphans.push_back(observed.resources.at(a));
    observed.resources.erase(a);
  }
  return observed;
}

}  // namespace

TEST_CASE("diff: a link with nothing in the tenants is created in dependency order") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed;
  observed.group_ids["contoso"]["GlobalEmployees"] = "gid-1";
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  REQUIRE(plan.changes.size() == desired.resources.size());
  for (const Change& change : plan.changes) {
    CHECK(change.action == Action::Create);
    CHECK(change.before.is_null());
    for (const FieldChange& field : change.fields) CHECK(field.before.is_null());
    for (const std::string& dependency : desired.find(change.address)->depends_on)
      CHECK(position(plan, dependency) < position(plan, change.address));
  }
  CHECK(plan.changes.front().address == "partner_configuration.fabrikam[contoso]");
  CHECK(plan.changes.back().address == "job_state.contoso[fabrikam]");
  const Change* app = find_change(plan, "sync_app.contoso[fabrikam]");
  REQUIRE(app != nullptr);
  CHECK(app->reason == "link 'contoso' -> 'fabrikam' needs it (hub 'corp')");
  CHECK(app->depends_on == std::vector<std::string>{"partner_configuration.contoso[fabrikam]"});
}

TEST_CASE("diff: tenants that match the configuration give an empty plan that still records every version") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  CHECK(plan.empty());
  CHECK(plan.versions.size() == observed.resources.size());
  CHECK(plan.versions.at("sync_app.contoso[fabrikam]") == "v1:sync_app.contoso[fabrikam]");
  CHECK(plan.manifest_hash == "sha256:test");
  CHECK(plan.tool_version == "0.1.0");
}

TEST_CASE("diff: a changed mapping is an update of only the differing field, not drift") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  auto& schema = observed.resources.at("sync_schema.contoso[fabrikam]");
  schema.resource.fields["/attributeMappings"].erase(1);
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  REQUIRE(plan.changes.size() == 1);
  const Change& change = plan.changes[0];
  CHECK(change.action == Action::Update);
  CHECK_FALSE(change.drift);
  CHECK(change.reason == "differs from the configuration (hub 'corp')");
  REQUIRE(change.fields.size() == 1);
  CHECK(change.fields[0].path == "/attributeMappings");
  CHECK(change.fields[0].before.size() == 1);
  CHECK(change.fields[0].after.size() == 2);
  CHECK(change.ids.at("objectId") == "oid-sync_schema.contoso[fabrikam]");
  CHECK(change.before == schema.resource.fields);
}

TEST_CASE("diff: a flag turned off behind an established link is drift and comes first") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.resources.at("partner_configuration.fabrikam[contoso]").resource.fields[kInbound] = false;
  observed.resources.at("app_role_assignments.contoso[fabrikam]").resource.fields["/principals"] = {
      "gid-old"};
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  REQUIRE(plan.changes.size() == 2);
  CHECK(plan.changes[0].address == "partner_configuration.fabrikam[contoso]");
  CHECK(plan.changes[0].drift);
  CHECK(plan.changes[0].reason == "changed outside tenantform");
  CHECK(plan.changes[0].fields[0].before == false);
  CHECK(plan.changes[0].fields[0].after == true);
  CHECK_FALSE(plan.changes[1].drift);
}

TEST_CASE("diff: the same flag missing before the link's app exists is a plain update, not drift") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.resources.at("partner_configuration.fabrikam[contoso]").resource.fields[kInbound] = false;
  for (K kind : {K::SyncApp, K::SyncSecrets, K::SyncJob, K::SyncSchema, K::AppRoleAssignments, K::JobState})
    observed.resources.erase(address(kind, "contoso", "fabrikam"));
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  const Change* partner = find_change(plan, "partner_configuration.fabrikam[contoso]");
  REQUIRE(partner != nullptr);
  CHECK(partner->action == Action::Update);
  CHECK_FALSE(partner->drift);
}

TEST_CASE("diff: assignment groups are resolved by name, ids pass through, and compared as principals") {
  std::vector<Resource> resources = link_resources("contoso", "fabrikam");
  DesiredState desired = desired_of(resources);
  ObservedState observed = observed_matching(desired);
  for (Resource& r : desired.resources)
    if (r.kind == K::AppRoleAssignments)
      r.fields["/groups"] = {{{"id", "zz-direct-id"}}, {{"name", "GlobalEmployees"}}};
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  REQUIRE(plan.changes.size() == 1);
  const Change& change = plan.changes[0];
  REQUIRE(change.fields.size() == 1);
  CHECK(change.fields[0].path == "/principals");
  CHECK(change.fields[0].before == nlohmann::json{group_id("contoso", "GlobalEmployees")});
  CHECK(change.fields[0].after == nlohmann::json{group_id("contoso", "GlobalEmployees"), "zz-direct-id"});
  CHECK(change.after.contains("/groups"));
}

TEST_CASE("diff: observed principals are found among the unmanaged fields when observe put them there") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  ObservedResource& assignments = observed.resources.at("app_role_assignments.contoso[fabrikam]");
  assignments.unmanaged = {{"principals", assignments.resource.fields["/principals"]}};
  assignments.resource.fields = {{"/groups", nullptr}};
  tf::Diagnostics diagnostics;
  CHECK(run(desired, observed, diagnostics).empty());
  assignments.unmanaged = {{"principals", {"gid-someone-else"}}};
  Plan plan = run(desired, observed, diagnostics);
  REQUIRE(plan.changes.size() == 1);
  CHECK(plan.changes[0].fields[0].before == nlohmann::json{"gid-someone-else"});
  CHECK(plan.changes[0].before.at("/principals") == nlohmann::json{"gid-someone-else"});
}

TEST_CASE("diff: an assignment group that does not exist in the source tenant is an error naming it") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  for (Resource& r : desired.resources)
    if (r.kind == K::AppRoleAssignments) r.fields["/groups"] = {{{"name", "GlobalEmploees"}}};
  tf::Diagnostics diagnostics;
  run(desired, observed, diagnostics);
  CHECK(has_code(diagnostics, "unknown-group", "group 'GlobalEmploees'"));
  CHECK(has_code(diagnostics, "unknown-group", "tenant 'contoso'"));
  CHECK(diagnostics.error_count() == 1);
}

TEST_CASE("diff: a changed job template replaces the job and creates what goes with it again") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.resources.at("sync_job.contoso[fabrikam]").resource.fields["/templateId"] = "OtherTemplate";
  tf::Diagnostics denied;
  Plan refused = run(desired, observed, denied);
  CHECK(has_code(denied, "destroy-not-allowed", "'sync_job.contoso[fabrikam]'"));
  CHECK(has_code(denied, "destroy-not-allowed", "--allow-destroy"));

  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics, true);
  CHECK_FALSE(diagnostics.has_errors());
  const Change* job = find_change(plan, "sync_job.contoso[fabrikam]");
  REQUIRE(job != nullptr);
  CHECK(job->action == Action::Replace);
  CHECK(job->reason.find("'/templateId' cannot be changed in place") == 0);
  for (K kind : {K::SyncSchema, K::AppRoleAssignments, K::JobState}) {
    const Change* dependent = find_change(plan, address(kind, "contoso", "fabrikam"));
    REQUIRE(dependent != nullptr);
    CHECK(dependent->action == Action::Create);
    CHECK(dependent->reason == "created again: it goes with 'sync_job.contoso[fabrikam]', which is replaced");
    CHECK(position(plan, "sync_job.contoso[fabrikam]") < position(plan, dependent->address));
  }
  CHECK(find_change(plan, "sync_app.contoso[fabrikam]") == nullptr);
}

TEST_CASE(
    "diff: a removed link is paused, unassigned and deleted in reverse order, and its partner flags "
    "cleared") {
  ObservedState observed = removed_link_state("contoso", "fabrikam");
  DesiredState desired;
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics, true);
  CHECK_FALSE(diagnostics.has_errors());
  std::size_t state = position(plan, "job_state.contoso[fabrikam]");
  std::size_t assignments = position(plan, "app_role_assignments.contoso[fabrikam]");
  std::size_t app = position(plan, "sync_app.contoso[fabrikam]");
  REQUIRE(app < plan.changes.size());
  CHECK(state < assignments);
  CHECK(assignments < app);
  CHECK(find_change(plan, "sync_job.contoso[fabrikam]") == nullptr);
  CHECK(find_change(plan, "sync_schema.contoso[fabrikam]") == nullptr);
  const Change* policy = find_change(plan, "identity_sync_policy.fabrikam[contoso]");
  REQUIRE(policy != nullptr);
  CHECK(policy->action == Action::Delete);
  CHECK(app < position(plan, policy->address));
  const Change* inbound = find_change(plan, "partner_configuration.fabrikam[contoso]");
  REQUIRE(inbound != nullptr);
  CHECK(inbound->action == Action::Update);
  CHECK(inbound->fields[0].path == kInbound);
  CHECK(inbound->fields[0].after == false);
  CHECK(inbound->after.at(kInbound) == false);
  const Change* outbound = find_change(plan, "partner_configuration.contoso[fabrikam]");
  REQUIRE(outbound != nullptr);
  CHECK(outbound->fields[0].path == kOutbound);
  CHECK(app < position(plan, outbound->address));
  CHECK(plan.versions.count("sync_app.contoso[fabrikam]") == 1);
  CHECK(find_change(plan, "sync_app.contoso[fabrikam]")->reason ==
        "link 'contoso' -> 'fabrikam' is no longer in the configuration");
}

TEST_CASE("diff: without --allow-destroy a removed link is an error for each object it would destroy") {
  ObservedState observed = removed_link_state("contoso", "fabrikam");
  tf::Diagnostics diagnostics;
  run(DesiredState{}, observed, diagnostics);
  for (const char* a : {"job_state.contoso[fabrikam]", "app_role_assignments.contoso[fabrikam]",
                        "sync_app.contoso[fabrikam]", "identity_sync_policy.fabrikam[contoso]"})
    CHECK(has_code(diagnostics, "destroy-not-allowed", std::string("'") + a + "'"));
  CHECK(diagnostics.error_count() == 4);
}

TEST_CASE("diff: a partner flag still needed by the reverse link is kept when one direction is removed") {
  ObservedState observed = removed_link_state("contoso", "fabrikam");
  DesiredState desired = desired_of(link_resources("fabrikam", "contoso"));
  // the reverse link also exists already, except for what it does not need yet
  for (const Resource& r : desired.resources)
    if (!observed.resources.count(r.address)) observed.resources[r.address] = observed_from(r);
  observed.resources.at("partner_configuration.fabrikam[contoso]").resource.fields[kOutbound] = true;
  observed.resources.at("partner_configuration.contoso[fabrikam]").resource.fields[kInbound] = true;
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics, true);
  const Change* fabrikam = find_change(plan, "partner_configuration.fabrikam[contoso]");
  REQUIRE(fabrikam != nullptr);
  REQUIRE(fabrikam->fields.size() == 1);
  CHECK(fabrikam->fields[0].path == kInbound);
  CHECK(fabrikam->after.at(kOutbound) == true);
  const Change* contoso = find_change(plan, "partner_configuration.contoso[fabrikam]");
  REQUIRE(contoso != nullptr);
  REQUIRE(contoso->fields.size() == 1);
  CHECK(contoso->fields[0].path == kOutbound);
  CHECK(contoso->after.at(kInbound) == true);
  CHECK(find_change(plan, "identity_sync_policy.fabrikam[contoso]")->action == Action::Delete);
  CHECK(find_change(plan, "identity_sync_policy.contoso[fabrikam]") == nullptr);
}

TEST_CASE("diff: a partner flag observe left among the unmanaged fields is still cleared after its link") {
  ObservedState observed = removed_link_state("contoso", "fabrikam");
  DesiredState desired = desired_of(link_resources("fabrikam", "contoso"));
  for (const Resource& r : desired.resources)
    if (!observed.resources.count(r.address)) observed.resources[r.address] = observed_from(r);
  // observe reads only the desired paths of a desired object: outbound is unmanaged here
  ObservedResource& contoso = observed.resources.at("partner_configuration.contoso[fabrikam]");
  contoso.resource.fields = {{kInbound, true}};
  contoso.unmanaged = {{"automaticUserConsentSettings", {{"outboundAllowed", true}}}, {"tenantId", "x"}};
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics, true);
  const Change* change = find_change(plan, "partner_configuration.contoso[fabrikam]");
  REQUIRE(change != nullptr);
  REQUIRE(change->fields.size() == 1);
  CHECK(change->fields[0].path == kOutbound);
  CHECK(change->fields[0].before == true);
  CHECK(change->after.at(kOutbound) == false);
  CHECK(change->after.at(kInbound) == true);
}

TEST_CASE("diff: a blocking note from observe is an error and every note is kept in the plan") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.notes.push_back({"sync_app.contoso[fabrikam]", "an untagged sync app to 'fabrikam' exists", true});
  observed.notes.push_back({"sync_secrets.contoso[fabrikam]", "graph redacts this secret", false});
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  CHECK(diagnostics.error_count() == 1);
  CHECK(has_code(diagnostics, "observe-conflict", "'sync_app.contoso[fabrikam]': an untagged sync app"));
  CHECK(plan.notes.size() == 2);
}

TEST_CASE("diff: independent links are ordered by address where dependencies leave a choice") {
  std::vector<Resource> resources = link_resources("contoso", "northwind");
  for (Resource& r : link_resources("contoso", "fabrikam")) resources.push_back(std::move(r));
  DesiredState desired = desired_of(resources);
  ObservedState observed;
  observed.group_ids["contoso"]["GlobalEmployees"] = "gid-1";
  tf::Diagnostics diagnostics;
  Plan first = run(desired, observed, diagnostics);
  Plan second = run(desired, observed, diagnostics);
  REQUIRE(first.changes.size() == second.changes.size());
  for (std::size_t i = 0; i < first.changes.size(); ++i)
    CHECK(first.changes[i].address == second.changes[i].address);
  CHECK(first.changes[0].address == "partner_configuration.fabrikam[contoso]");
  CHECK(first.changes[1].address == "identity_sync_policy.fabrikam[contoso]");
}

TEST_CASE("diff: plan tenants carry where credentials are, never a credential") {
  tf::manifest::Model model;
  tf::manifest::Tenant t;
  t.name = "contoso";
  t.id = kTenantIds.at("contoso");
  t.auth = tf::manifest::TenantAuth{};
  t.auth->client_id = "0f0e0d0c-0000-4000-8000-000000000000";
  t.auth->client_secret =
      tf::manifest::SecretRef{tf::manifest::SecretKind::Environment, "CONTOSO_SECRET", {}};
  model.tenants.push_back(t);
  std::vector<PlanTenant> tenants = plan_tenants(model);
  REQUIRE(tenants.size() == 1);
  CHECK(tenants[0].secret_env == "CONTOSO_SECRET");
  CHECK_FALSE(tenants[0].secret_file.has_value());
  CHECK(tenants[0].cloud == "global");
}

TEST_CASE("diff: only paths that could hold a credential are sensitive") {
  CHECK(is_sensitive_path("/ClientSecret"));
  CHECK(is_sensitive_path("/SecretToken"));
  CHECK_FALSE(is_sensitive_path("/CompanyId"));
  CHECK_FALSE(is_sensitive_path("/SyncNotificationSettings"));
}

TEST_CASE("diff: a job deleted behind an existing sync app is created with the app's ids, and its start waits for it") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.resources.at(address(K::SyncApp, "contoso", "fabrikam")).ids = {{"servicePrincipalId", "sp-1"},
                                                                           {"applicationId", "app-1"}};
  for (K kind : {K::SyncJob, K::SyncSchema, K::JobState}) observed.resources.erase(address(kind, "contoso", "fabrikam"));
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  REQUIRE(plan.changes.size() == 3);
  for (const Change& change : plan.changes) {
    CHECK(change.action == Action::Create);
    CHECK(change.ids.at("servicePrincipalId") == "sp-1");  // known although the app is not in the plan
  }
  const Change* start = find_change(plan, address(K::JobState, "contoso", "fabrikam"));
  REQUIRE(start != nullptr);
  // Its direct dependency (the assignments) is unchanged: it waits for what that one waits for.
  CHECK(start->depends_on == std::vector<std::string>{address(K::SyncSchema, "contoso", "fabrikam")});
  CHECK(position(plan, address(K::SyncJob, "contoso", "fabrikam")) <
        position(plan, address(K::SyncSchema, "contoso", "fabrikam")));
}

TEST_CASE("diff: a link that assigns no one plans no assignments, and its job still starts after the schema") {
  std::vector<Resource> resources = link_resources("contoso", "fabrikam");
  for (Resource& r : resources)
    if (r.kind == K::AppRoleAssignments) r.fields["/groups"] = nlohmann::json::array();
  DesiredState desired = desired_of(resources);
  ObservedState observed;
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  CHECK_FALSE(diagnostics.has_errors());
  CHECK(find_change(plan, address(K::AppRoleAssignments, "contoso", "fabrikam")) == nullptr);
  const Change* start = find_change(plan, address(K::JobState, "contoso", "fabrikam"));
  REQUIRE(start != nullptr);
  CHECK(start->depends_on == std::vector<std::string>{address(K::SyncSchema, "contoso", "fabrikam")});
}

TEST_CASE("diff: where dependencies leave a choice the target side is listed before the source side") {
  std::vector<Resource> resources = link_resources("contoso", "fabrikam");
  for (Resource& r : resources) r.depends_on.clear();  // only the listing order decides
  DesiredState desired = desired_of(resources);
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, ObservedState{}, diagnostics);
  std::size_t outbound = position(plan, address(K::PartnerConfiguration, "contoso", "fabrikam"));
  CHECK(position(plan, address(K::PartnerConfiguration, "fabrikam", "contoso")) < outbound);
  CHECK(position(plan, address(K::IdentitySyncPolicy, "fabrikam", "contoso")) < outbound);
  const char* chain[] = {"sync_app", "sync_secrets", "sync_job", "sync_schema", "app_role_assignments", "job_state"};
  CHECK(outbound < position(plan, std::string(chain[0]) + ".contoso[fabrikam]"));
  for (std::size_t i = 1; i < std::size(chain); ++i)
    CHECK(position(plan, std::string(chain[i - 1]) + ".contoso[fabrikam]") <
          position(plan, std::string(chain[i]) + ".contoso[fabrikam]"));
}

TEST_CASE("diff: taking the desired state gives the same plan as reading it, creates and re-creates included") {
  std::vector<Resource> resources = link_resources("contoso", "fabrikam");
  for (Resource& r : link_resources("fabrikam", "contoso")) resources.push_back(r);
  DesiredState desired = desired_of(resources);
  ObservedState observed = observed_matching(desired);
  // One link is new; on the other the job's template changed (replace, and what goes with it created again).
  for (K kind : {K::SyncApp, K::SyncSecrets, K::SyncJob, K::SyncSchema, K::AppRoleAssignments, K::JobState})
    observed.resources.erase(address(kind, "fabrikam", "contoso"));
  observed.resources.at("sync_job.contoso[fabrikam]").resource.fields["/templateId"] = "OtherTemplate";
  DiffOptions options;
  options.allow_destroy = true;
  options.tool_version = "0.1.0";
  options.manifest_hash = "sha256:test";

  tf::Diagnostics read_diagnostics, take_diagnostics;
  Plan read = diff(desired, observed, options, read_diagnostics);
  DesiredState taken = desired;
  Plan take = diff(std::move(taken), observed, options, take_diagnostics);
  CHECK_FALSE(read_diagnostics.has_errors());
  CHECK_FALSE(take_diagnostics.has_errors());
  REQUIRE(read.changes.size() == take.changes.size());
  CHECK(find_change(take, "sync_schema.fabrikam[contoso]")->action == Action::Create);
  CHECK(find_change(take, "sync_schema.contoso[fabrikam]")->action == Action::Create);  // created again
  for (std::size_t i = 0; i < read.changes.size(); ++i) {
    const Change& a = read.changes[i];
    const Change& b = take.changes[i];
    CHECK(a.address == b.address);
    CHECK(a.action == b.action);
    CHECK(a.after == b.after);
    REQUIRE(a.fields.size() == b.fields.size());
    for (std::size_t f = 0; f < a.fields.size(); ++f) {
      CHECK(a.fields[f].path == b.fields[f].path);
      CHECK(a.fields[f].before == b.fields[f].before);
      CHECK_MESSAGE(field_after(a, a.fields[f]) == field_after(b, b.fields[f]), a.address << " " << a.fields[f].path);
    }
  }
  // A created schema's mappings were moved, not copied, out of the taken state.
  const Change* schema = find_change(take, "sync_schema.fabrikam[contoso]");
  CHECK_FALSE(schema->after.at("/attributeMappings").is_null());
  CHECK(desired.find("sync_schema.fabrikam[contoso]")->fields.at("/attributeMappings") ==
        schema->after.at("/attributeMappings"));
}

TEST_CASE("diff: a create holds each value once, in its 'after', and field_after reads it there") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed;
  observed.group_ids["contoso"]["GlobalEmployees"] = "gid-1";
  tf::Diagnostics diagnostics;
  for (bool take : {false, true}) {
    DesiredState copy = desired;
    DiffOptions options;
    Plan plan = take ? diff(std::move(copy), observed, options, diagnostics) : diff(desired, observed, options, diagnostics);
    const Change* schema = find_change(plan, "sync_schema.contoso[fabrikam]");
    REQUIRE(schema != nullptr);
    for (const FieldChange& field : schema->fields) {
      CHECK(field.after.is_null());
      CHECK(field_after(*schema, field) == desired.find(schema->address)->fields.at(field.path));
    }
  }
}

TEST_CASE("diff: a sync app observed without any ownership tag is tagged, with a reason that says why, not drift") {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.resources.at(address(K::SyncApp, "contoso", "fabrikam")).resource.fields["/tags"] = nlohmann::json::array();
  tf::Diagnostics diagnostics;
  Plan plan = run(desired, observed, diagnostics);
  REQUIRE(plan.changes.size() == 1);
  const Change& tag = plan.changes[0];
  CHECK(tag.address == address(K::SyncApp, "contoso", "fabrikam"));
  CHECK(tag.action == Action::Update);
  CHECK_FALSE(tag.drift);
  CHECK(tag.reason.find("without the ownership tag") != std::string::npos);
}
