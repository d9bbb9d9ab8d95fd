// Internal pieces of the provisioning engine (provisioning.h): job_inputs.cpp (who is
// assigned, the user object mapping) and provisioning_log.cpp (log entries and job
// status records); a source user's attributes, the scope decision and the attribute
// mappings come from compiler/provision, which `preview` shares.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/core/attributes.h"
#include "compiler/provision/expression_service.h"
#include "compiler/provision/mapping_apply.h"
#include "compiler/provision/user_view.h"

namespace tf::emulator {

// --- compiler/provision: a source user's attributes, the scope decision and the
// attribute mappings, shared with `preview`.
using provision::apply_mappings;
using provision::decide_scope;
using provision::MappedUser;
using provision::MappingMode;
using provision::ScopeDecision;
using provision::source_attributes;

// --- job_inputs.cpp
// The user ids assigned to the service principal directly or as direct members of
// an assigned group.
std::set<std::string> assigned_users(const nlohmann::json& tenant, const std::string& sp_id);

// The enabled User object mapping of a job schema (null when none).
nlohmann::json user_object_mapping(const nlohmann::json& schema);

// --- provisioning_log.cpp
struct LogSubject {
  std::string source_tenant, target_tenant, sp_id, sp_name, job_id, cycle_id;
};
struct LogChange {
  std::string action;  // create | update | delete | stagedDelete | other
  std::string status;  // success | failure | skipped
  std::string source_id, source_name, target_id, target_name;
  std::vector<nlohmann::json> modified;  // {displayName, oldValue, newValue}
  std::string error_code, error_reason;
};
nlohmann::json log_entry(const LogSubject& subject, const LogChange& change);

struct ExecutionCounts {
  std::int64_t imported = 0, entitled = 0, exported = 0, failed = 0;
};
nlohmann::json execution_record(const std::string& cycle_id, const ExecutionCounts& counts, const std::string& state,
                                const std::string& began, const std::string& ended, const nlohmann::json& error);

}  // namespace tf::emulator
