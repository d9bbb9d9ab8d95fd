// A source user as a provisioning cycle sees it, and whether it is in a link's scope:
// shared by the emulator's provisioning engine and `preview`, so that what preview
// predicts is what the emulator does.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/core/attributes.h"
#include "compiler/scope/entra_filter.h"

namespace tf::provision {

// The attributes the mappings and filters see for a Graph user of the source tenant
// (its properties, except keys starting with "_" or "@"), including the synthesised
// objectId, netId, alternativeSecurityIds ("None" unless the user carries some),
// IsSoftDeleted (false) and appRoleAssignments (["msiam_access"] when assigned).
Attributes source_attributes(const nlohmann::json& user, bool assigned);

struct ScopeDecision {
  bool in_scope = false;
  std::string reason;  // why not, for logs and previews
};
// Internal member (userType Member), the built-in "Filter external users" clause
// (alternativeSecurityIds EQUALS 'None'), assignment (unless sync_all) and the
// scoping filter of the object mapping, read once per job with
// scope::filter_from_json (a filter that does not read puts nobody in scope).
ScopeDecision decide_scope(const nlohmann::json& user, const Attributes& attributes, bool sync_all,
                           bool assigned, const scope::FilterFromJson& scope_filter);

}  // namespace tf::provision
