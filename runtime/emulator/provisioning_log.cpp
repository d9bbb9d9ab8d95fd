// Provisioning log entries (provisioningObjectSummary, graph-api.md §6) and job
// execution records (synchronizationTaskExecution, §4.4) (see provisioning_parts.h).
#include "runtime/emulator/ids.h"
#include "runtime/emulator/provisioning_parts.h"
#include "runtime/emulator/sync_model.h"

namespace tf::emulator {

namespace {

nlohmann::json step(const char* name, const char* type, const std::string& status, const std::string& description) {
  return {{"name", name}, {"provisioningStepType", type}, {"status", status}, {"description", description},
          {"details", nlohmann::json::object()}};
}

nlohmann::json steps_for(const LogChange& change) {
  nlohmann::json steps = nlohmann::json::array();
  steps.push_back(step("EntryImport", "import", "success",
                       "Retrieved User '" + change.source_id + "' from " + kSourceDirectory));
  bool in_scope = change.action != "delete" && change.action != "stagedDelete";
  steps.push_back(step("EntrySynchronizationScoping", "scoping", "success",
                       in_scope ? "User '" + change.source_id + "' is in scope" : "User '" + change.source_id + "' is out of scope"));
  steps.push_back(step("EntryMatching", "matching", "success",
                       change.target_id.empty() ? "No matching user was found in the target tenant"
                                                : "Matched the user to '" + change.target_id + "' in the target tenant"));
  const char* export_name = change.action == "create" ? "EntryExportAdd"
                            : change.action == "update" ? "EntryExportUpdate"
                                                        : "EntryExportDelete";
  std::string description = change.status == "success" ? "User '" + change.target_id + "' was exported (" + change.action + ")"
                                                        : change.error_reason;
  steps.push_back(step(export_name, "export", change.status, description));
  return steps;
}

nlohmann::json error_information(const LogChange& change) {
  if (change.error_code.empty()) return nullptr;
  return {{"errorCode", change.error_code}, {"reason", change.error_reason}, {"additionalDetails", nullptr},
          {"errorCategory", change.status == "failure" ? "failure" : "nonServiceFailure"},
          {"recommendedAction", nullptr}};
}

}  // namespace

nlohmann::json log_entry(const LogSubject& subject, const LogChange& change) {
  return {{"id", new_guid()},
          {"activityDateTime", now_iso()},
          {"tenantId", subject.source_tenant},
          {"jobId", subject.job_id},
          {"cycleId", subject.cycle_id},
          {"changeId", new_guid()},
          {"provisioningAction", change.action},
          {"durationInMilliseconds", 0},
          {"provisioningStatusInfo", {{"status", change.status}, {"errorInformation", error_information(change)}}},
          {"provisioningSteps", steps_for(change)},
          {"modifiedProperties", change.modified},
          {"servicePrincipal", {{"id", subject.sp_id}, {"displayName", subject.sp_name}}},
          {"sourceSystem", {{"id", subject.source_tenant}, {"displayName", kSourceDirectory}, {"details", nlohmann::json::object()}}},
          {"targetSystem", {{"id", subject.target_tenant}, {"displayName", kTargetDirectory},
                            {"details", {{"ServicePrincipalId", subject.sp_id}, {"ServicePrincipalDisplayName", subject.sp_name}}}}},
          {"initiatedBy", {{"id", ""}, {"displayName", "Azure AD Provisioning Service"}, {"initiatorType", "system"}}},
          {"sourceIdentity", {{"id", change.source_id}, {"displayName", change.source_name}, {"identityType", "User"},
                              {"details", nlohmann::json::object()}}},
          {"targetIdentity", {{"id", change.target_id}, {"displayName", change.target_name}, {"identityType", "User"},
                              {"details", nlohmann::json::object()}}}};
}

nlohmann::json execution_record(const std::string& cycle_id, const ExecutionCounts& counts, const std::string& state,
                                const std::string& began, const std::string& ended, const nlohmann::json& error) {
  return {{"activityIdentifier", cycle_id}, {"countEntitled", counts.entitled},
          {"countEntitledForProvisioning", counts.entitled}, {"countEscrowed", counts.failed},
          {"countEscrowedRaw", counts.failed}, {"countExported", counts.exported}, {"countExports", counts.exported},
          {"countImported", counts.imported}, {"countImportedDeltas", counts.imported},
          {"countImportedReferenceDeltas", 0}, {"error", error}, {"state", state}, {"timeBegan", began},
          {"timeEnded", ended}};
}

}  // namespace tf::emulator
