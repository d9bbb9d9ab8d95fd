// The one definition of "the view of an object that is versioned", shared by
// observe (which records versions in the plan) and apply's stale check (which
// re-reads the object with a single GET and compares). Both hash
// read_version(kind, body) of the object in the shape a single GET of it returns,
// so a version cannot differ only because the two read it differently.
//
// The versioned view per kind (versioned_view):
//   partner configuration: the partner entry without "identitySynchronization"
//     (observe reads it with $expand, apply without);
//   identity sync policy, sync app (read with sync_app_select()): as read;
//   schema: without "directories" (the attribute definitions Graph discovers: no plan
//     reads them, apply re-reads and PUTs back the current ones, and a rediscovery
//     must not make a plan stale; observe does not even build them: schema_unread());
//   secrets ({"value": [{key, value}]}): {key: value};
//   sync job: the job without "status" (counters every cycle changes);
//   job state: the job's "schedule";
//   assignments ({"value": [...]}): {"value": [...sorted by id]}.
// Promises: pure, never throws for any JSON input.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/plan/state.h"

namespace tf::observe {

// The service principal fields observe lists sync apps with and apply re-reads.
const std::vector<std::string>& sync_app_select();

// The members of a job schema that observe leaves out while parsing it ({"directories"}).
const std::vector<std::string>& schema_unread();

nlohmann::json versioned_view(plan::ResourceKind kind, const nlohmann::json& read);

// version_of(versioned_view(kind, read)).
std::string read_version(plan::ResourceKind kind, const nlohmann::json& read);

}  // namespace tf::observe
