// Four sample plans made by diff from hand-built states (plan_fixtures.h), shared by
// the render and plan-file tests: a new link (all create), drift + updates + a
// removed link (mixed), a replaced job, and tenants that already match.
#pragma once

#include <stdexcept>

#include "compiler/plan/diff.h"
#include "tests/plan/plan_fixtures.h"

namespace tf::plan::fixtures {

using K = ResourceKind;

inline Plan plan_of(const DesiredState& desired, const ObservedState& observed) {
  tf::Diagnostics diagnostics;
  std::vector<PlanTenant> tenants{
      {"contoso", kTenantIds.at("contoso"), "global", "0f0e0d0c-0000-4000-8000-000000000001",
       "CONTOSO_SECRET", std::nullopt, std::nullopt, std::nullopt},
      {"fabrikam", kTenantIds.at("fabrikam"), "global", std::nullopt, std::nullopt, std::nullopt,
       std::nullopt, "fabrikam.pem"}};
  Plan plan = diff(desired, observed, DiffOptions{true, "0.1.0", "sha256:0123abcd", tenants}, diagnostics);
  if (diagnostics.has_errors())
    throw std::logic_error("a sample plan has errors: " + diagnostics.items()[0].message);
  return plan;
}

inline Plan all_create_plan() {
  ObservedState observed;
  observed.group_ids["contoso"]["GlobalEmployees"] = group_id("contoso", "GlobalEmployees");
  return plan_of(desired_of(link_resources("contoso", "fabrikam")), observed);
}

// contoso -> fabrikam stays (with drift, a mapping change and a replaced job);
// contoso -> northwind was removed from the manifest.
inline Plan mixed_plan() {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  std::vector<Resource> everything = link_resources("contoso", "fabrikam");
  for (Resource& r : link_resources("contoso", "northwind")) everything.push_back(std::move(r));
  ObservedState observed = observed_matching(desired_of(everything));
  for (K kind : {K::SyncApp, K::SyncSecrets, K::SyncJob, K::SyncSchema, K::AppRoleAssignments, K::JobState}) {
    std::string a = address(kind, "contoso", "northwind");
    observed.orphans.push_back(observed.resources.at(a));
    observed.resources.erase(a);
  }
  observed.resources.at("partner_configuration.fabrikam[contoso]").resource.fields[kInbound] = false;
  observed.resources.at("sync_secrets.contoso[fabrikam]").resource.fields["/SyncAll"] = true;
  observed.resources.at("sync_schema.contoso[fabrikam]").resource.fields["/attributeMappings"][1]["source"] =
      "\"Guest\"";
  observed.notes.push_back(
      {"sync_secrets.contoso[fabrikam]", "graph does not return 'SyncNotificationSettings'", false});
  return plan_of(desired, observed);
}

// The job of contoso -> fabrikam was made from another template: it is replaced, and
// what goes with it (schema, assignments, started state) is created again.
inline Plan replace_plan() {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  ObservedState observed = observed_matching(desired);
  observed.resources.at("sync_job.contoso[fabrikam]").resource.fields["/templateId"] = "Azure2AzureLegacy";
  return plan_of(desired, observed);
}

inline Plan no_change_plan() {
  DesiredState desired = desired_of(link_resources("contoso", "fabrikam"));
  return plan_of(desired, observed_matching(desired));
}

}  // namespace tf::plan::fixtures
