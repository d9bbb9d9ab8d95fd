// Internal pieces of the provisioning engine (provisioning.h), one file each:
// source_view.cpp (a source user as expression attributes, and who is in scope),
// mapping_apply.cpp (attribute mappings to target user properties) and
// provisioning_log.cpp (log entries and job status records).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/core/attributes.h"
#include "runtime/emulator/expression_service.h"

namespace tf::emulator {

// --- source_view.cpp
// The attributes the mappings and filters see for a Graph user of the source tenant,
// including the synthesised objectId, netId, alternativeSecurityIds ("None" unless
// the user carries some), IsSoftDeleted and appRoleAssignments.
Attributes source_attributes(const nlohmann::json& user, bool assigned);

// The user ids assigned to the service principal directly or as direct members of
// an assigned group.
std::set<std::string> assigned_users(const nlohmann::json& tenant, const std::string& sp_id);

struct ScopeDecision {
  bool in_scope = false;
  std::string reason;  // why not, for logs
};
// Internal member, the built-in "Filter external users" clause, assignment (unless
// sync_all) and the scoping filter of the object mapping.
ScopeDecision decide_scope(const nlohmann::json& user, const Attributes& attributes, bool sync_all, bool assigned,
                           const nlohmann::json& scope_filter);

// The enabled User object mapping of a job schema (null when none).
nlohmann::json user_object_mapping(const nlohmann::json& schema);

// --- mapping_apply.cpp
struct MappedUser {
  std::map<std::string, nlohmann::json> properties;  // Graph user properties to write
  std::string error;                                  // an evaluation error (the user fails)
};
enum class MappingMode { Create, Update };
MappedUser apply_mappings(const ExpressionService& expressions, const nlohmann::json& object_mapping,
                          const Attributes& attributes, MappingMode mode, const nlohmann::json* existing_target,
                          const std::string& target_domain);

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
