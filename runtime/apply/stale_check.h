// The stale-plan check (DESIGN.md "State: the tenants are the state"): before
// apply writes anything, it re-reads every object a change will touch and whose
// version the plan recorded, and refuses when one differs or is gone.
//
// The version of an object is object_version(): the lower-case sha256 hex of the
// canonical dump (nlohmann's dump(), keys sorted, no spaces) of the object's JSON
// as read, with top-level "@odata.*" annotations removed: runtime/observe's
// version_of itself, so the two cannot drift apart, computed over the same
// view of each object observe hashes: a partner entry without its expanded
// identitySynchronization, the sync app's service principal with observe's $select,
// secrets as {key: value}, a job without its "status", job state = the job's
// "schedule", assignments as {"value": [...sorted by id]}, the schema as read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/diag/diagnostic.h"
#include "compiler/plan/plan.h"
#include "runtime/graph/graph_client.h"

namespace tf::apply {

std::string object_version(const nlohmann::json& body);

// The GET that reads the object of `kind` whose version is recorded, given the ids
// known for it; nullopt when an id it needs is missing.
std::optional<graph::GraphRequest> version_read(plan::ResourceKind kind, const std::string& tenant,
                                                const std::string& partner_id,
                                                const std::map<std::string, std::string>& ids);

struct StaleObject {
  std::string address;
  std::string why;  // "changed since the plan was made", "was deleted since the plan was made"
};

// Re-reads the touched objects (concurrently); a read that fails is reported in
// `diagnostics` and counts as stale (apply must not act on what it cannot check).
std::vector<StaleObject> find_stale(graph::GraphClient& client, const plan::Plan& plan, Diagnostics& diagnostics);

}  // namespace tf::apply
