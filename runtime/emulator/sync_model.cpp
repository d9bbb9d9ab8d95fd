// Templates, jobs, secrets, schema validation and the policy check (see sync_model.h).
#include "runtime/emulator/sync_model.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "runtime/emulator/api.h"
#include "runtime/emulator/ids.h"

namespace tf::emulator {

namespace {

constexpr std::array<std::string_view, 45> kSecretKeys = {
    "None", "UserName", "Password", "SecretToken", "AppKey", "BaseAddress", "ClientIdentifier", "ClientSecret",
    "SingleSignOnType", "Sandbox", "Url", "Domain", "ConsumerKey", "ConsumerSecret", "TokenKey", "TokenExpiration",
    "Oauth2AccessToken", "Oauth2AccessTokenCreationTime", "Oauth2RefreshToken", "SyncAll", "InstanceName",
    "Oauth2ClientId", "Oauth2ClientSecret", "CompanyId", "UpdateKeyOnSoftDelete", "SynchronizationSchedule",
    "SystemOfRecord", "SandboxName", "EnforceDomain", "SyncNotificationSettings", "SkipOutOfScopeDeletions",
    "Oauth2AuthorizationCode", "Oauth2RedirectUri", "ApplicationTemplateIdentifier", "Oauth2TokenExchangeUri",
    "Oauth2AuthorizationUri", "AuthenticationType", "Server", "PerformInboundEntitlementGrants", "HardDeletesEnabled",
    "SyncAgentCompatibilityKey", "SyncAgentADContainer", "ValidateDomain", "TestReferences", "ConnectionString"};

constexpr std::array<std::string_view, 7> kResetFlags = {"None", "ConnectorDataStore", "Escrows", "Watermark",
                                                         "QuarantineState", "Full", "ForceDeletes"};

// Direct and constant user mappings of the CTS default schema (expressions.md §7).
constexpr std::array<std::string_view, 18> kDirectAttributes = {
    "IsSoftDeleted", "accountEnabled", "streetAddress", "city", "state", "postalCode", "country", "department",
    "employeeId", "displayName", "givenName", "surname", "jobTitle", "mail", "mailNickname", "userPrincipalName",
    "mobilePhone", "manager"};

[[noreturn]] void schema_invalid(const std::string& message) { throw GraphError(400, "schemaInvalid", message); }

nlohmann::json attribute_source(const std::string& name) {
  return {{"type", "Attribute"}, {"name", name}, {"expression", "[" + name + "]"}, {"parameters", nlohmann::json::array()}};
}

nlohmann::json mapping(const std::string& target, nlohmann::json source, int matching = 0) {
  return {{"targetAttributeName", target}, {"source", std::move(source)}, {"defaultValue", nullptr},
          {"exportMissingReferences", false}, {"flowBehavior", "FlowWhenChanged"}, {"flowType", "Always"},
          {"matchingPriority", matching}};
}

nlohmann::json user_attributes() {
  nlohmann::json attributes = nlohmann::json::array();
  auto add = [&](const std::string& name, const char* type) {
    attributes.push_back({{"name", name}, {"type", type}, {"anchor", name == "objectId"}, {"caseExact", false},
                          {"multivalued", false}, {"required", false}, {"flowNullValues", false},
                          {"mutability", "ReadWrite"}, {"defaultValue", nullptr}, {"apiExpressions", nlohmann::json::array()},
                          {"metadata", nlohmann::json::array()}, {"referencedObjects", nlohmann::json::array()}});
  };
  add("objectId", "String");
  add("alternativeSecurityIds", "String");
  add("netId", "String");
  add("userType", "String");
  add("showInAddressList", "Boolean");
  for (std::string_view name : kDirectAttributes)
    add(std::string(name), name == "accountEnabled" || name == "IsSoftDeleted" ? "Boolean" : (name == "manager" ? "Reference" : "String"));
  return attributes;
}

nlohmann::json directory(const std::string& name) {
  return {{"id", new_guid()}, {"name", name}, {"discoverabilities", "AttributeNames, AttributeDataTypes"},
          {"discoveryDateTime", nullptr}, {"readOnly", false}, {"version", nullptr},
          {"objects", {{{"name", "User"}, {"attributes", user_attributes()}, {"metadata", nlohmann::json::array()},
                        {"supportedApis", nlohmann::json::array()}}}}};
}

bool in_list(std::string_view value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

bool same_text_ci(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

void validate_flags(const std::string& text, std::initializer_list<std::string_view> allowed, const std::string& what) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!in_list(item, allowed)) schema_invalid("'" + item + "' is not a valid value of " + what);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

void validate_source(const nlohmann::json& source, int depth) {
  if (source.is_null()) return;
  if (!source.is_object() || depth > 50) schema_invalid("an attribute mapping source must be an object");
  std::string type = source.value("type", "Attribute");
  if (!in_list(type, {"Attribute", "Constant", "Function"}))
    schema_invalid("'" + type + "' is not a valid attributeMappingSourceType; expected Attribute, Constant or Function");
  for (const nlohmann::json& parameter : member_array(source, "parameters"))
    validate_source(parameter.value("value", nlohmann::json()), depth + 1);
}

void validate_attribute_mapping(const nlohmann::json& m) {
  if (!m.contains("targetAttributeName") || !m["targetAttributeName"].is_string())
    schema_invalid("every attribute mapping needs a 'targetAttributeName'");
  if (!in_list(m.value("flowType", "Always"), {"Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"}))
    schema_invalid("'" + m.value("flowType", "") + "' is not a valid attributeFlowType");
  if (!in_list(m.value("flowBehavior", "FlowWhenChanged"), {"FlowWhenChanged", "FlowAlways"}))
    schema_invalid("'" + m.value("flowBehavior", "") + "' is not a valid attributeFlowBehavior");
  if (m.contains("matchingPriority") && !m["matchingPriority"].is_number_integer())
    schema_invalid("'matchingPriority' must be an integer");
  validate_source(m.value("source", nlohmann::json()), 0);
}

void validate_directories(const nlohmann::json& directories) {
  for (const nlohmann::json& dir : directories)
    for (const nlohmann::json& object : member_array(dir, "objects"))
      for (const nlohmann::json& attribute : member_array(object, "attributes")) {
        std::string type = attribute.value("type", "String");
        bool ok = false;
        for (std::string_view t : {"String", "Integer", "Reference", "Binary", "Boolean", "DateTime"}) ok = ok || same_text_ci(type, t);
        if (!ok) schema_invalid("'" + type + "' is not a valid attributeType of attribute '" + attribute.value("name", "") + "'");
        if (!in_list(attribute.value("mutability", "ReadWrite"), {"ReadWrite", "ReadOnly", "Immutable", "WriteOnly"}))
          schema_invalid("'" + attribute.value("mutability", "") + "' is not a valid mutability");
      }
}

// "target:priority" of every matching mapping (matchingPriority > 0), sorted.
std::vector<std::string> matching_attributes(const nlohmann::json& schema) {
  std::vector<std::string> out;
  for (const nlohmann::json& rule : member_array(schema, "synchronizationRules"))
    for (const nlohmann::json& om : member_array(rule, "objectMappings"))
      for (const nlohmann::json& m : member_array(om, "attributeMappings"))
        if (m.value("matchingPriority", 0) > 0)
          out.push_back(m.value("targetAttributeName", "") + ":" + std::to_string(m.value("matchingPriority", 0)));
  std::sort(out.begin(), out.end());
  return out;
}

bool partner_flag(const nlohmann::json& tenant, const std::string& partner, const char* flag) {
  const nlohmann::json& partners = tenant["partners"];
  if (!partners.contains(partner)) return false;
  const nlohmann::json& settings = partners[partner]["automaticUserConsentSettings"];
  return settings.is_object() && settings.value(flag, nlohmann::json()).is_boolean() && settings[flag].get<bool>();
}

}  // namespace

nlohmann::json new_synchronization(bool cross_tenant_template) {
  nlohmann::json templates = nlohmann::json::array();
  if (cross_tenant_template) templates.push_back(kSyncTemplate);
  return {{"templates", templates}, {"secrets", nlohmann::json::array()}, {"jobs", nlohmann::json::object()}};
}

nlohmann::json template_objects(const nlohmann::json& synchronization) {
  nlohmann::json out = nlohmann::json::array();
  for (const nlohmann::json& id : synchronization["templates"])
    out.push_back({{"id", id}, {"factoryTag", id}, {"applicationId", kCrossTenantSyncTemplateId}, {"default", true},
                   {"description", "Cross-tenant synchronization"}, {"discoverable", true},
                   {"metadata", {{{"key", "GalleryApplicationIdentifier"}, {"value", "aad2aadsync"}}}},
                   {"schema", default_schema(id.get<std::string>())}});
  return out;
}

namespace {

nlohmann::json build_default_schema() {
  nlohmann::json mappings = nlohmann::json::array();
  nlohmann::json altsec = {{"type", "Function"}, {"name", "AltSecidFromNetid"}, {"expression", "AltSecidFromNetid([netId])"},
                           {"parameters", {{{"key", "source"}, {"value", attribute_source("netId")}}}}};
  mappings.push_back(mapping("alternativeSecurityIds", altsec, 1));
  for (std::string_view name : kDirectAttributes) mappings.push_back(mapping(std::string(name), attribute_source(std::string(name))));
  mappings.push_back(mapping("userType", {{"type", "Constant"}, {"name", "Member"}, {"expression", "\"Member\""}, {"parameters", nlohmann::json::array()}}));
  mappings.push_back(mapping("showInAddressList", {{"type", "Constant"}, {"name", "True"}, {"expression", "\"True\""}, {"parameters", nlohmann::json::array()}}));
  nlohmann::json object_mapping = {{"name", kUserMappingName}, {"enabled", true}, {"flowTypes", "Add, Update, Delete"},
                                   {"sourceObjectName", "User"}, {"targetObjectName", "User"}, {"scope", nullptr},
                                   {"metadata", nlohmann::json::array()}, {"attributeMappings", mappings}};
  nlohmann::json rule = {{"id", kUserRuleName}, {"name", kUserRuleName}, {"priority", 1}, {"editable", true},
                         {"sourceDirectoryName", kSourceDirectory}, {"targetDirectoryName", kTargetDirectory},
                         {"containerFilter", {{"includedContainers", nlohmann::json::array()}}},
                         {"groupFilter", {{"includedGroups", nlohmann::json::array()}}},
                         {"metadata", {{{"key", "defaultSourceObjectMappings"}, {"value", "[]"}},
                                       {{"key", "supportsProvisionOnDemand"}, {"value", "true"}}}},
                         {"objectMappings", {object_mapping}}};
  return {{"id", ""}, {"version", "v1.2"}, {"directories", {directory(kSourceDirectory), directory(kTargetDirectory)}},
          {"synchronizationRules", {rule}}};
}

}  // namespace

// Built once and copied (building it is most of the cost of creating a job); every
// copy gets the job's id and fresh directory ids.
nlohmann::json default_schema(const std::string& job_id) {
  static const nlohmann::json prototype = build_default_schema();
  nlohmann::json schema = prototype;
  schema["id"] = job_id;
  for (nlohmann::json& dir : schema["directories"]) dir["id"] = new_guid();
  return schema;
}

nlohmann::json new_job_entry(const std::string& tenant_id, const std::string& template_id) {
  std::string tenant_hex = tenant_id;
  std::erase(tenant_hex, '-');
  std::string job_id = template_id + "." + tenant_hex + "." + new_guid();
  nlohmann::json status = {{"code", "Paused"}, {"countSuccessiveCompleteFailures", 0}, {"escrowsPruned", false},
                           {"lastExecution", nullptr}, {"lastSuccessfulExecution", nullptr},
                           {"lastSuccessfulExecutionWithExports", nullptr}, {"progress", nlohmann::json::array()},
                           {"quarantine", nullptr}, {"steadyStateFirstAchievedTime", kNeverTime},
                           {"steadyStateLastAchievedTime", kNeverTime},
                           {"synchronizedEntryCountByType", nlohmann::json::array()}, {"troubleshootingUrl", nullptr}};
  nlohmann::json job = {{"id", job_id}, {"templateId", template_id},
                        {"schedule", {{"expiration", nullptr}, {"interval", "PT40M"}, {"state", "Disabled"}}},
                        {"status", status},
                        {"synchronizationJobSettings", {{{"name", "AzureIngestionAttributeOptimization"}, {"value", "False"}},
                                                        {{"name", "LookaheadQueryEnabled"}, {"value", "False"}}}}};
  return {{"job", job}, {"schema", default_schema(job_id)},
          {"_state", {{"provisioned", nlohmann::json::object()}, {"forceDeletes", false}}}};
}

void validate_secrets(const nlohmann::json& secrets) {
  if (!secrets.is_array()) throw_bad_request("'value' must be an array of {\"key\", \"value\"} pairs.");
  for (const nlohmann::json& secret : secrets) {
    std::string key = secret.value("key", "");
    if (std::find(kSecretKeys.begin(), kSecretKeys.end(), key) == kSecretKeys.end())
      throw_bad_request("'" + key + "' is not a valid synchronizationSecret key.");
    if (!secret.contains("value") || !secret["value"].is_string())
      throw_bad_request("the value of secret '" + key + "' must be a string.");
    if (key == "SyncNotificationSettings" && !nlohmann::json::parse(secret["value"].get<std::string>(), nullptr, false).is_object())
      throw_bad_request("the value of 'SyncNotificationSettings' must be a JSON object encoded as a string.");
  }
}

std::optional<std::string> secret_value(const nlohmann::json& secrets, const std::string& key) {
  for (const nlohmann::json& secret : secrets)
    if (secret.value("key", "") == key && secret.contains("value") && secret["value"].is_string())
      return secret["value"].get<std::string>();
  return std::nullopt;
}

void validate_schema(const nlohmann::json& schema, const nlohmann::json& current) {
  if (!schema.is_object() || !schema.contains("synchronizationRules") || !schema["synchronizationRules"].is_array())
    schema_invalid("the schema must be an object with a 'synchronizationRules' array");
  validate_directories(member_array(schema, "directories"));
  for (const nlohmann::json& rule : schema["synchronizationRules"])
    for (const nlohmann::json& om : member_array(rule, "objectMappings")) {
      validate_flags(om.value("flowTypes", std::string("Add, Update, Delete")), {"Add", "Update", "Delete"}, "objectFlowTypes");
      for (const nlohmann::json& m : member_array(om, "attributeMappings")) validate_attribute_mapping(m);
    }
  if (matching_attributes(schema) != matching_attributes(current))
    schema_invalid("the matching attribute of a cross-tenant synchronization job cannot be changed; keep 'alternativeSecurityIds' with matching precedence 1 and no other matching attribute");
}

std::set<std::string> parse_reset_scope(const std::string& text) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (std::find(kResetFlags.begin(), kResetFlags.end(), item) == kResetFlags.end())
      throw_bad_request("'" + item + "' is not a valid synchronizationJobRestartScope; expected None, ConnectorDataStore, Escrows, Watermark, QuarantineState, Full or ForceDeletes.");
    out.insert(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::string> sync_policy_failure(const Store& store, const std::string& source_id,
                                               const std::string& target_id) {
  const std::string message = "Policy permitting auto-redemption of invitations not configured.";
  if (!store.has_tenant(target_id)) return message + " The target tenant '" + target_id + "' is not known.";
  const nlohmann::json& target = store.tenant(target_id);
  const nlohmann::json& source = store.tenant(source_id);
  if (!partner_flag(target, source_id, "inboundAllowed"))
    return message + " The target tenant does not allow inbound automatic user consent for the source tenant.";
  const nlohmann::json& sync = target["identitySync"];
  if (!sync.contains(source_id) || !sync[source_id]["userSyncInbound"].value("isSyncAllowed", false))
    return message + " The target tenant does not allow user synchronization from the source tenant.";
  if (!partner_flag(source, target_id, "outboundAllowed"))
    return message + " The source tenant does not allow outbound automatic user consent for the target tenant.";
  return std::nullopt;
}

const nlohmann::json& member_array(const nlohmann::json& object, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  if (!object.is_object()) return object.at(key);  // throws a type_error, as value() does
  auto it = object.find(key);
  return it != object.end() ? *it : empty;
}

}  // namespace tf::emulator
