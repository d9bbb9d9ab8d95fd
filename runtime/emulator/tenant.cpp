// New tenants and seeds (see tenant.h).
#include "runtime/emulator/tenant.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "runtime/emulator/ids.h"
#include "runtime/emulator/tokens.h"

namespace tf::emulator {

namespace {

nlohmann::json b2b_setting(const char* access, const char* users, const char* apps) {
  return {{"usersAndGroups", {{"accessType", access}, {"targets", {{{"target", users}, {"targetType", "user"}}}}}},
          {"applications", {{"accessType", access}, {"targets", {{{"target", apps}, {"targetType", "application"}}}}}}};
}

[[noreturn]] void seed_error(const std::string& origin, const std::string& message) {
  throw std::runtime_error("seed '" + origin + "': " + message);
}

nlohmann::json seed_users(const nlohmann::json& seed, const std::string& origin) {
  nlohmann::json users = nlohmann::json::object();
  for (nlohmann::json user : seed.value("users", nlohmann::json::array())) {
    if (!user.is_object()) seed_error(origin, "each entry of 'users' must be a Graph user object");
    if (!user.contains("id")) user["id"] = new_guid();
    if (!user.contains("accountEnabled")) user["accountEnabled"] = true;
    if (!user.contains("userType")) user["userType"] = "Member";
    users[user["id"].get<std::string>()] = user;
  }
  return users;
}

nlohmann::json seed_groups(const nlohmann::json& seed, const std::string& origin) {
  nlohmann::json groups = nlohmann::json::object();
  for (const nlohmann::json& group : seed.value("groups", nlohmann::json::array())) {
    if (!group.is_object() || !group.contains("id") || !group.contains("displayName"))
      seed_error(origin, "each entry of 'groups' needs 'id' and 'displayName'");
    nlohmann::json stored = group;
    stored.erase("members");
    stored["_members"] = group.value("members", nlohmann::json::array());
    if (!stored.contains("securityEnabled")) stored["securityEnabled"] = true;
    if (!stored.contains("mailEnabled")) stored["mailEnabled"] = false;
    groups[group["id"].get<std::string>()] = stored;
  }
  return groups;
}

}  // namespace

nlohmann::json system_default_configuration() {
  return {{"isServiceDefault", true},
          {"automaticUserConsentSettings", {{"inboundAllowed", false}, {"outboundAllowed", false}}},
          {"inboundTrust", {{"isMfaAccepted", false}, {"isCompliantDeviceAccepted", false},
                            {"isHybridAzureADJoinedDeviceAccepted", false}}},
          {"b2bCollaborationOutbound", b2b_setting("allowed", "AllUsers", "AllApplications")},
          {"b2bCollaborationInbound", b2b_setting("allowed", "AllUsers", "AllApplications")},
          {"b2bDirectConnectOutbound", b2b_setting("blocked", "AllUsers", "AllApplications")},
          {"b2bDirectConnectInbound", b2b_setting("blocked", "AllUsers", "AllApplications")},
          {"invitationRedemptionIdentityProviderConfiguration",
           {{"primaryIdentityProviderPrecedenceOrder", {"externalFederation", "azureActiveDirectory", "socialIdentityProviders"}},
            {"fallbackIdentityProvider", "defaultConfiguredIdp"}}},
          {"tenantRestrictions", nullptr}};
}

nlohmann::json new_tenant(const std::string& id, const std::string& domain, const std::string& display_name) {
  return {{"id", id},
          {"domain", domain},
          {"displayName", display_name},
          {"clients", nlohmann::json::array()},
          {"policy", {{"id", new_guid()}, {"displayName", "CrossTenantAccessPolicy"}, {"description", nullptr},
                      {"deletedDateTime", nullptr}, {"allowedCloudEndpoints", nlohmann::json::array()}}},
          {"default", system_default_configuration()},
          {"partners", nlohmann::json::object()},
          {"identitySync", nlohmann::json::object()},
          {"applications", nlohmann::json::object()},
          {"servicePrincipals", nlohmann::json::object()},
          {"appRoleAssignments", nlohmann::json::object()},
          {"synchronization", nlohmann::json::object()},
          {"users", nlohmann::json::object()},
          {"groups", nlohmann::json::object()},
          {"provisioningLogs", nlohmann::json::array()}};
}

nlohmann::json tenant_from_seed(const nlohmann::json& seed, const std::string& name, const std::string& origin) {
  if (!seed.is_object()) seed_error(origin, "expected a JSON object");
  std::string id = seed.value("id", "");
  if (!looks_like_guid(id)) seed_error(origin, "'id' must be the tenant GUID, found '" + id + "'");
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
  nlohmann::json tenant = new_tenant(id, seed.value("domain", name + ".onmicrosoft.com"), seed.value("displayName", name));
  for (const nlohmann::json& client : seed.value("clients", nlohmann::json::array())) {
    if (!client.contains("client_id") || (!client.contains("client_secret") && !client.contains("certificate")))
      seed_error(origin, "each client needs 'client_id' and 'client_secret' or 'certificate'");
    tenant["clients"].push_back(stored_client(client));
  }
  tenant["users"] = seed_users(seed, origin);
  tenant["groups"] = seed_groups(seed, origin);
  return tenant;
}

std::vector<nlohmann::json> load_seed_directory(const std::filesystem::path& seed_dir) {
  if (!std::filesystem::is_directory(seed_dir))
    throw std::runtime_error("seed directory '" + seed_dir.string() + "' does not exist");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(seed_dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<nlohmann::json> tenants;
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json seed = nlohmann::json::parse(text.str(), nullptr, false);
    if (seed.is_discarded()) seed_error(file.string(), "not valid JSON");
    tenants.push_back(tenant_from_seed(seed, file.stem().string(), file.string()));
  }
  return tenants;
}

}  // namespace tf::emulator
