// The provisioning engine: one cycle of every running job of every tenant, or one
// user on demand. For a job it checks both tenants' policies (a failure quarantines
// the job with AzureDirectoryB2BManagementPolicyCheckFailure and touches no user),
// works out the scope (internal members only, the built-in alternativeSecurityIds
// rule, assignments unless SyncAll, the schema's scoping filter), evaluates the
// attribute mappings with the compiler's evaluator (ObjectAddOnly only on create,
// defaults on create, IgnoreFlow skips, null never flows), creates or updates B2B
// users in the target matched by source identity, soft-deletes users that left
// scope unless that exceeds the deletion threshold (then nothing is deleted and
// the job is quarantined with TooManyDeletes until restart with ForceDeletes), and
// writes provisioning log entries and job status counters. The caller holds the
// store's lock; the target tenant is marked dirty before the source so a crash
// between the two writes leaves users provisioned and the source merely behind.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/provision/expression_service.h"
#include "runtime/emulator/store.h"

namespace tf::emulator {

using provision::ExpressionService;

class ProvisioningEngine {
 public:
  explicit ProvisioningEngine(const ExpressionService& expressions) : expressions_(expressions) {}

  // Runs every job whose schedule is Active; returns {"jobs": [summary...]}.
  nlohmann::json run_cycle(Store& store) const;

  // provisionOnDemand for one source user: returns the provisioning log entry it
  // wrote. Throws GraphError when the job or user does not exist.
  nlohmann::json provision_on_demand(Store& store, const std::string& tenant_id, const std::string& sp_id,
                                     const std::string& job_id, const std::string& user_id) const;

 private:
  const ExpressionService& expressions_;
};

}  // namespace tf::emulator
