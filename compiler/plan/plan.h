// The plan: a versioned data artifact (Terraform's internal/plans in spirit). diff.h
// makes it from Desired and Observed; render_*.h show it; plan_file.h saves and loads
// it; runtime/apply executes it. Every change carries its action, a reason, field-level
// before/after and its dependencies; the plan records the version hash of every object
// it read so apply can refuse a stale plan, and the tenants' connection settings
// (names of environment variables or files only: never a secret).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/plan/state.h"

namespace tf::plan {

enum class Action { Create, Update, Delete, Replace };

const char* action_name(Action action);  // "create", "update", "delete", "replace"

struct FieldChange {
  std::string path;                 // "/automaticUserConsentSettings/inboundAllowed"
  nlohmann::json before;            // null when absent
  nlohmann::json after;             // null when removed; for a create see field_after()
  bool sensitive = false;           // shown as (sensitive) in every rendering
};

struct Change {
  std::string address;
  ResourceKind kind = ResourceKind::PartnerConfiguration;
  std::string tenant, tenant_id, partner, partner_id;
  std::optional<LinkKey> link;
  Action action = Action::Create;
  std::string reason;  // "link 'contoso' -> 'fabrikam' needs it (hub 'corp')", "drift: changed outside tenantform"
  bool drift = false;  // the object changed behind tenantform's back
  std::vector<FieldChange> fields;
  std::vector<std::string> depends_on;        // addresses of changes that must run first
  std::map<std::string, std::string> ids;     // Graph ids known at plan time (observe)
  nlohmann::json after = nlohmann::json::object();  // the full desired managed fields
  // The full observed managed fields (null for a create); added by diff for renderings.
  nlohmann::json before = nullptr;
};

// A field's new value. A create holds each value once, in the change's `after` (a
// schema is ~40 KB as a tree, and a 100-tenant mesh has 9,900 of them): its
// FieldChange::after may be null, and this reads `after` at the field's path instead.
// Every other action has the value in FieldChange::after.
const nlohmann::json& field_after(const Change& change, const FieldChange& field);

// How apply reaches a tenant: no secrets, only where to find them.
struct PlanTenant {
  std::string name, id, cloud;
  std::optional<std::string> client_id;
  std::optional<std::string> secret_env, secret_file, certificate_env, certificate_file;
};

struct Plan {
  static constexpr int kFormatVersion = 1;
  int format_version = kFormatVersion;
  std::string tool_version;
  std::string manifest_hash;   // sha256 of the manifest files' paths and contents
  bool allow_destroy = false;
  std::vector<PlanTenant> tenants;
  std::vector<Change> changes;  // drift first, then in a valid execution order
  std::map<std::string, std::string> versions;  // address -> version hash of every object read
  std::vector<ObservedNote> notes;

  bool empty() const { return changes.empty(); }
};

}  // namespace tf::plan
