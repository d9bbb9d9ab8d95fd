// The stale-plan check (DESIGN.md "State: the tenants are the state"): before
// apply writes anything, it re-reads every object a change will touch and whose
// version the plan recorded, and refuses when one differs or is gone.
//
// The version of an object is observe::read_version (runtime/observe/version.h)
// of the object as re-read here: the one definition of the versioned view, the
// same function observe records versions with, so the two cannot drift apart.
// object_version() is the plain hash (version_of) of a body as given.
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
