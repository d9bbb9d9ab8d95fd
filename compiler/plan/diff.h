// diff: the plan stage. Compares the Desired state (expand.h) with the Observed state
// (runtime/observe) and produces the Plan: one Change per object that must be created,
// updated, replaced or destroyed, each with a reason and field-level before/after, in
// a valid execution order (drift first, then creation order along depends_on,
// deletions in reverse; ties by address).
//
// Rules (DESIGN.md "State: the tenants are the state"):
// - a desired address absent from Observed -> Create (every field: before null);
// - present, and a managed field differs -> Update with only the differing fields;
//   a differing immutable field (sync_app /applicationTemplateId, sync_job
//   /templateId) -> Replace, and every desired object that depends on the replaced one
//   is created again after it;
// - app_role_assignments: the desired "/groups" ({"name"} or {"id"}) are resolved
//   through ObservedState::group_ids and compared, as sorted object ids, with the
//   observed "/principals"; an unknown group name is an error;
// - orphans (tagged sync apps of links no longer configured) and link objects
//   observed but not desired -> Delete (job_state: pause, app_role_assignments:
//   unassign, sync_app: delete; secrets, job and schema go with the app); the
//   partner fields an orphan link needed that no desired link needs are set to false
//   (Update), and its identity sync policy, when no desired link needs it, is deleted;
// - Delete or Replace without allow_destroy -> an error naming each object;
// - drift: an Update of an object of an established link (its sync app exists) on a
//   field whose desired value the manifest cannot change (auto-consent flags,
//   isSyncAllowed, job state, CompanyId, AuthenticationType, the ownership tag) is
//   marked drift, reason "changed outside tenantform" (plan.h's example said
//   "drift: ..."; the flag already says it is drift);
// - a blocking ObservedNote is an error; every note is copied into the Plan.
// Nothing here is a credential (CompanyId is a tenant id, the notification settings
// are e-mail addresses), so no field is sensitive; paths that would hold a credential
// (a key containing "secret", "password" or "token") are marked sensitive defensively.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/manifest/model.h"
#include "compiler/plan/plan.h"
#include "compiler/plan/state.h"

namespace tf::plan {

struct DiffOptions {
  bool allow_destroy = false;
  std::string tool_version;
  std::string manifest_hash;
  std::vector<PlanTenant> tenants;  // copied into the Plan (see plan_tenants)
};

Plan diff(const DesiredState& desired, const ObservedState& observed, const DiffOptions& options,
          Diagnostics& diagnostics);

// The same plan, for a caller that has no further use for the desired state: the
// field values of created objects are moved out of it rather than copied, so a large
// plan (a 100-tenant mesh: 9,900 schemas of ~40 KB each as JSON) holds one copy
// fewer at its peak. `desired` is left with those values null.
Plan diff(DesiredState&& desired, const ObservedState& observed, const DiffOptions& options,
          Diagnostics& diagnostics);

// How apply reaches each tenant of the model: names of environment variables and
// files only, never a secret. Sorted by tenant name.
std::vector<PlanTenant> plan_tenants(const manifest::Model& model);

// True when a field path names something that must never be shown (see above).
bool is_sensitive_path(const std::string& path);

}  // namespace tf::plan
