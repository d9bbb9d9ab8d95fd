// What a job's cycle reads from the emulator's store besides the users: who is
// assigned (provisioning_parts.h) and the schema's user object mapping.
#include "runtime/emulator/provisioning_parts.h"

namespace tf::emulator {

std::set<std::string> assigned_users(const nlohmann::json& tenant, const std::string& sp_id) {
  std::set<std::string> out;
  for (const auto& [id, assignment] : tenant["appRoleAssignments"].items()) {
    if (assignment["resourceId"] != sp_id) continue;
    std::string principal = assignment["principalId"];
    if (assignment["principalType"] == "User") out.insert(principal);
    if (assignment["principalType"] != "Group" || !tenant["groups"].contains(principal)) continue;
    for (const nlohmann::json& member : tenant["groups"][principal].value("_members", nlohmann::json::array()))
      if (member.is_string() && tenant["users"].contains(member.get<std::string>())) out.insert(member.get<std::string>());
  }
  return out;
}


nlohmann::json user_object_mapping(const nlohmann::json& schema) {
  for (const nlohmann::json& rule : schema.value("synchronizationRules", nlohmann::json::array()))
    for (const nlohmann::json& om : rule.value("objectMappings", nlohmann::json::array()))
      if (om.value("sourceObjectName", "") == "User" && om.value("enabled", true)) return om;
  return nullptr;
}

}  // namespace tf::emulator
