// The synchronization objects of a cross-tenant sync configuration (graph-api.md §4):
// the Azure2Azure template and its default schema (expressions.md §7), new jobs in
// their documented initial state, the synchronizationSecret enum, schema validation
// for PUT (§11.8), the resetScope flags of restart, and the policy check that both
// validateCredentials and the provisioning cycle use (§11.6).
#pragma once

#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/emulator/store.h"

namespace tf::emulator {

inline const std::string kCrossTenantSyncTemplateId = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7";
inline const std::string kSyncTemplate = "Azure2Azure";
inline const std::string kUserRuleName = "USER_INBOUND_USER";
inline const std::string kUserMappingName = "Provision Azure Active Directory Users";
inline const std::string kSourceDirectory = "Azure Active Directory";
inline const std::string kTargetDirectory = "Azure Active Directory (target tenant)";

// The synchronization entry of a new service principal: {"templates", "secrets", "jobs"}.
nlohmann::json new_synchronization(bool cross_tenant_template);
// The template objects of GET …/synchronization/templates.
nlohmann::json template_objects(const nlohmann::json& synchronization);

// A new job ("Azure2Azure.<tenant hex>.<guid>") with its default schema and state.
nlohmann::json new_job_entry(const std::string& tenant_id, const std::string& template_id);
nlohmann::json default_schema(const std::string& job_id);

// Throws GraphError(400) when a secret key is not in the synchronizationSecret enum,
// a value is not a string, or SyncNotificationSettings is not a JSON object text.
void validate_secrets(const nlohmann::json& secrets);
// The value of `key` in a secrets array, if present.
std::optional<std::string> secret_value(const nlohmann::json& secrets, const std::string& key);

// Throws GraphError(400, "schemaInvalid"/"Request_BadRequest") when `schema` is not a
// valid replacement for `current`.
void validate_schema(const nlohmann::json& schema, const nlohmann::json& current);

// The flags of a resetScope text ("Watermark, Escrows"); throws GraphError(400) on an
// unknown flag. An empty text yields an empty set.
std::set<std::string> parse_reset_scope(const std::string& text);

// Why sync from `source_id` to `target_id` is not allowed by the two tenants'
// cross-tenant access policies, or nullopt when it is (§11.6).
std::optional<std::string> sync_policy_failure(const Store& store, const std::string& source_id,
                                               const std::string& target_id);

inline constexpr const char* kPolicyCheckFailureCode = "AzureDirectoryB2BManagementPolicyCheckFailure";

// object.value(key, json::array()) without the copy: `object[key]`, or an empty array
// when it is missing (json::value() copies the whole subtree, and schemas are large).
const nlohmann::json& member_array(const nlohmann::json& object, const char* key);

}  // namespace tf::emulator
