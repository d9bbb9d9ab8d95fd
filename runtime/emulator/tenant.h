// The layout of one tenant's document in the store, and how a new one is made from
// a seed file (NAME.json: {"id", "domain", "clients", "users", "groups"}).
//
//   id, domain, displayName, clients[]           who the tenant is, who may get tokens
//   policy, default, partners{tid}, identitySync{tid}    cross-tenant access policy
//   applications{id}, servicePrincipals{id}, appRoleAssignments{id}
//   synchronization{spId}: {secrets[], jobs{jobId}: {job, schema, state}}
//   users{id}, groups{id} (members kept in "_members"), provisioningLogs[]
//
// Keys starting with "_" are the emulator's own bookkeeping and never reach a client.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tf::emulator {

// A tenant with default policies and nothing else.
nlohmann::json new_tenant(const std::string& id, const std::string& domain, const std::string& display_name);

// The system-default cross-tenant access configuration (GET …/default when untouched).
nlohmann::json system_default_configuration();

// A tenant document from a parsed seed file; throws std::runtime_error naming the
// problem (and `origin`) when the seed is not in the documented format.
nlohmann::json tenant_from_seed(const nlohmann::json& seed, const std::string& name, const std::string& origin);

// Every *.json of `seed_dir` as tenant documents, in file-name order.
std::vector<nlohmann::json> load_seed_directory(const std::filesystem::path& seed_dir);

}  // namespace tf::emulator
