// The state model shared by expand, observe, diff and apply: the Graph objects that
// cross-tenant synchronization consists of, as "resources" with a stable address,
// the tenant they live in, the link they serve, and the fields tenantform manages.
//
// Desired (expand.h) and Observed (runtime/observe) use the same Resource shape, so
// diff is a comparison of two maps keyed by address. `fields` holds only the managed
// fields, as a JSON object whose keys are JSON-pointer-like paths into the Graph
// object ("/automaticUserConsentSettings/inboundAllowed": true); everything else on
// the object is unmanaged and left alone (partner configurations are owned field by
// field, DESIGN.md "State: the tenants are the state").
//
// Resources of one link source -> target (DESIGN.md "Desired state of one link"):
//   target tenant: PartnerConfiguration(target, source)  inbound auto-consent
//                  IdentitySyncPolicy(target, source)    userSyncInbound.isSyncAllowed
//   source tenant: PartnerConfiguration(source, target)  outbound auto-consent
//                  SyncApp(link)        the app + service principal, tagged with the link
//                  SyncSecrets(link)    CompanyId, AuthenticationType, SyncAll, SyncNotificationSettings
//                  SyncJob(link)        the Azure2Azure job
//                  SyncSchema(link)     attribute mappings + scoping filter of the user mapping
//                  AppRoleAssignments(link)  assigned groups (ids resolved at observe)
//                  JobState(link)       schedule state Active (started)
// Partner configurations and identity sync policies are per (tenant, partner) pair and
// may serve two links (a -> b and b -> a both need fields of b's partner entry for a).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/diag/location.h"

namespace tf::plan {

enum class ResourceKind {
  PartnerConfiguration,
  IdentitySyncPolicy,
  SyncApp,
  SyncSecrets,
  SyncJob,
  SyncSchema,
  AppRoleAssignments,
  JobState,
};

// "partner_configuration", "identity_sync_policy", "sync_app", "sync_secrets",
// "sync_job", "sync_schema", "app_role_assignments", "job_state".
const char* resource_kind_name(ResourceKind kind);
std::optional<ResourceKind> resource_kind_from_name(const std::string& name);

// The identity of a link across runs: tenant ids, not manifest names, so renaming a
// tenant's local name does not orphan its configuration.
struct LinkKey {
  std::string source_tenant_id;  // lower-case GUIDs
  std::string target_tenant_id;
  auto operator<=>(const LinkKey&) const = default;
};

// The ownership tag put on a sync app's service principal:
// "tenantform:link:<source tenant id>:<target tenant id>".
std::string ownership_tag(const LinkKey& link);
std::optional<LinkKey> parse_ownership_tag(const std::string& tag);

// Stable, human-readable address, sorted for deterministic output, e.g.
//   partner_configuration.fabrikam[contoso]     (in fabrikam, the entry for contoso)
//   identity_sync_policy.fabrikam[contoso]
//   sync_app.contoso[fabrikam]                  (in contoso, the link contoso -> fabrikam)
// Link resources use "<kind>.<source>[<target>]"; per-pair ones "<kind>.<tenant>[<partner>]".
std::string resource_address(ResourceKind kind, const std::string& tenant, const std::string& other);

struct Resource {
  ResourceKind kind = ResourceKind::PartnerConfiguration;
  std::string address;
  std::string tenant;     // local name of the tenant the object lives in
  std::string tenant_id;  // its GUID
  std::string partner;    // local name of the other tenant of the pair or link
  std::string partner_id;
  std::optional<LinkKey> link;  // for link resources
  // The managed fields: {"/path/in/object": value}. For SyncApp: "/displayName",
  // "/tags" (the ownership tag); SyncSecrets: "/CompanyId", ... (one per secret key);
  // SyncSchema: "/attributeMappings" (array sorted by targetAttributeName) and "/scope";
  // AppRoleAssignments: desired "/groups" as written ([{"name": ...} | {"id": ...}],
  // diff resolves names through ObservedState::group_ids), observed "/principals"
  // (sorted object ids); JobState: "/state" ("Active").
  nlohmann::json fields = nlohmann::json::object();
  // Addresses that must exist before this one can be created (expand sets them in
  // the creation order of DESIGN.md; deletion runs the reverse).
  std::vector<std::string> depends_on;
  // Where in the manifest this comes from (the hub/mesh/link), for messages.
  Location origin;
  std::string origin_description;  // "hub 'corp'"
};

// What exists in the tenants for one address (observe fills it).
struct ObservedResource {
  Resource resource;  // fields as read (only the managed paths, plus ids)
  // Graph ids needed to act on it: "servicePrincipalId", "applicationId",
  // "jobId", "appRoleId" (msiam_access), assignment ids per principal, ...
  std::map<std::string, std::string> ids;
  // Hash of the object's full observed JSON (not only the managed fields): a saved
  // plan records it and apply refuses when it changed (stale plan).
  std::string version;
  // Fields on the object that tenantform does not manage, for display only.
  nlohmann::json unmanaged = nlohmann::json::object();
};

struct DesiredState {
  std::vector<Resource> resources;  // sorted by address, addresses unique
  const Resource* find(const std::string& address) const;
};

// A problem observe found that diff must show, e.g. an untagged sync app to the same
// target that would duplicate the link ("conflict"), or a secret Graph redacts.
struct ObservedNote {
  std::string address;
  std::string message;
  bool blocking = false;  // true: plan must fail until the user resolves it
};

struct ObservedState {
  std::map<std::string, ObservedResource> resources;  // by address; only what exists
  // Tagged sync apps whose link is not in the configuration any more (to destroy).
  std::vector<ObservedResource> orphans;
  std::vector<ObservedNote> notes;
  // Group display names resolved to object ids, per tenant name.
  std::map<std::string, std::map<std::string, std::string>> group_ids;
};

}  // namespace tf::plan
