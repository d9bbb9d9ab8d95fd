// Cross-tenant access policy routes (graph-api.md §3): the policy singleton, the
// default configuration, partner configurations and their identitySynchronization.
// Create is not upsert (409 Request_MultipleObjectsWithSameKeyValue), PATCH of a
// missing object is Directory_ObjectNotFound, writes answer 204, and a partner with
// an identity-sync policy cannot be deleted (status and code in EmulatorChoices).
#include <algorithm>
#include <array>
#include <string_view>

#include "compiler/core/text.h"
#include "runtime/emulator/collection.h"
#include "runtime/emulator/router.h"
#include "runtime/emulator/tenant.h"

namespace tf::emulator {

namespace {

constexpr std::size_t kPolicyCapBytes = 25 * 1024;

constexpr std::array<std::string_view, 14> kPartnerProperties = {
    "inboundTrust", "b2bCollaborationInbound", "b2bCollaborationOutbound", "b2bDirectConnectInbound",
    "b2bDirectConnectOutbound", "automaticUserConsentSettings", "isServiceProvider", "isInMultiTenantOrganization",
    "tenantRestrictions", "appServiceConnectInbound", "m365CollaborationInbound", "m365CollaborationOutbound",
    "crossCloudMeetingConfiguration", "protectedContentSharing"};

const std::string kPoliciesPath = "/policies/crossTenantAccessPolicy";

[[noreturn]] void company_not_found() {
  throw GraphError(404, "Directory_ObjectNotFound", "Unable to read the company information from the directory.");
}

void reject_unknown(const nlohmann::json& body, std::initializer_list<std::string_view> extra,
                    const std::string& type_name) {
  for (const auto& [key, value] : body.items()) {
    bool known = std::find(kPartnerProperties.begin(), kPartnerProperties.end(), key) != kPartnerProperties.end() ||
                 std::find(extra.begin(), extra.end(), key) != extra.end() || key.starts_with("@odata");
    if (!known)
      throw GraphError(400, "Request_BadRequest",
                       "Property '" + key + "' does not exist on type 'microsoft.graph." + type_name + "'.");
  }
}

// PATCH semantics: top-level properties replace, except that an object sent for an
// object property updates that object's fields.
void merge_patch(nlohmann::json& target, const nlohmann::json& patch) {
  for (const auto& [key, value] : patch.items()) {
    if (key.starts_with("@odata")) continue;
    if (value.is_object() && target.contains(key) && target[key].is_object())
      for (const auto& [sub, sub_value] : value.items()) target[key][sub] = sub_value;
    else
      target[key] = value;
  }
}

nlohmann::json new_partner(const std::string& tenant_id) {
  nlohmann::json partner = {{"tenantId", tenant_id},
                            {"automaticUserConsentSettings", {{"inboundAllowed", nullptr}, {"outboundAllowed", nullptr}}}};
  for (std::string_view key : kPartnerProperties)
    if (!partner.contains(std::string(key)) && key != "crossCloudMeetingConfiguration" && key != "protectedContentSharing")
      partner[std::string(key)] = nullptr;
  return partner;
}

nlohmann::json& existing_partner(RouteContext& context) {
  nlohmann::json& partners = context.mutable_tenant()["partners"];
  std::string id = lower_ascii(context.param("tenantId"));
  if (!partners.contains(id)) company_not_found();
  return partners[id];
}

ApiResponse get_policy(RouteContext& context) {
  return entity_response(context, context.tenant()["policy"], false, "policies/crossTenantAccessPolicy/$entity");
}

ApiResponse patch_policy(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  nlohmann::json policy = context.tenant()["policy"];
  for (const auto& [key, value] : body.items()) {
    if (key == "allowedCloudEndpoints") {
      if (!value.is_array()) throw_bad_request("'allowedCloudEndpoints' must be an array of strings");
      for (const nlohmann::json& endpoint : value)
        if (!endpoint.is_string() || (endpoint != "microsoftonline.com" && endpoint != "microsoftonline.us" &&
                                      endpoint != "partner.microsoftonline.cn"))
          throw_bad_request("'" + endpoint.dump() + "' is not a valid cloud endpoint; expected 'microsoftonline.com', 'microsoftonline.us' or 'partner.microsoftonline.cn'");
    } else if (key != "displayName" && key != "description" && !key.starts_with("@odata")) {
      throw_bad_request("Property '" + key + "' is read-only or does not exist on type 'microsoft.graph.crossTenantAccessPolicy'.");
    }
    policy[key] = value;
  }
  nlohmann::json whole = {{"policy", policy}, {"default", context.tenant()["default"]}, {"partners", context.tenant()["partners"]}};
  if (whole.dump().size() > kPolicyCapBytes)
    throw_bad_request("The policy object exceeds the maximum allowed size of 25 KB.");
  context.mutable_tenant()["policy"] = policy;
  return no_content();
}

ApiResponse get_default(RouteContext& context) {
  return entity_response(context, context.tenant()["default"], false, "policies/crossTenantAccessPolicy/default/$entity");
}

ApiResponse patch_default(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  reject_unknown(body, {"invitationRedemptionIdentityProviderConfiguration"}, "crossTenantAccessPolicyConfigurationDefault");
  if (body.contains("automaticUserConsentSettings"))
    throw_bad_request("Property 'automaticUserConsentSettings' is read-only in the default configuration.");
  nlohmann::json& configuration = context.mutable_tenant()["default"];
  merge_patch(configuration, body);
  configuration["isServiceDefault"] = false;
  return no_content();
}

ApiResponse reset_default(RouteContext& context) {
  context.mutable_tenant()["default"] = system_default_configuration();
  return no_content();
}

nlohmann::json partner_view(const RouteContext& context, const std::string& id, bool expand) {
  nlohmann::json partner = context.tenant()["partners"][id];
  if (expand) {
    const nlohmann::json& sync = context.tenant()["identitySync"];
    partner["identitySynchronization"] = sync.contains(id) ? sync[id] : nlohmann::json(nullptr);
  }
  return partner;
}

bool wants_sync_expansion(const RouteContext& context) {
  auto it = context.request.query.find("$expand");
  return it != context.request.query.end() && lower_ascii(it->second).find("identitysynchronization") != std::string::npos;
}

ApiResponse list_partners(RouteContext& context) {
  std::vector<nlohmann::json> items;
  bool expand = wants_sync_expansion(context);
  for (const auto& [id, partner] : context.tenant()["partners"].items()) items.push_back(partner_view(context, id, expand));
  return collection_response(context, items,
                             {"policies/crossTenantAccessPolicy/partners", true, context.env.choices.default_page_size});
}

ApiResponse create_partner(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  reject_unknown(body, {"tenantId"}, "crossTenantAccessPolicyConfigurationPartner");
  if (!body.contains("tenantId") || !body["tenantId"].is_string())
    throw_bad_request("The property 'tenantId' is required when creating a partner configuration.");
  std::string id = lower_ascii(body["tenantId"].get<std::string>());
  nlohmann::json& partners = context.mutable_tenant()["partners"];
  if (partners.contains(id))
    throw GraphError(409, "Request_MultipleObjectsWithSameKeyValue",
                     "Another object with the same value for property tenantId already exists.");
  nlohmann::json partner = new_partner(id);
  body.erase("tenantId");
  merge_patch(partner, body);
  partners[id] = partner;
  partner["@odata.context"] = context.metadata("policies/crossTenantAccessPolicy/partners/$entity");
  return json_response(201, partner);
}

ApiResponse get_partner(RouteContext& context) {
  std::string id = lower_ascii(context.param("tenantId"));
  if (!context.tenant()["partners"].contains(id)) company_not_found();
  nlohmann::json body = apply_select(context, partner_view(context, id, wants_sync_expansion(context)));
  body["@odata.context"] = context.metadata("policies/crossTenantAccessPolicy/partners/$entity");
  return json_response(200, body);
}

ApiResponse patch_partner(RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  reject_unknown(body, {}, "crossTenantAccessPolicyConfigurationPartner");
  if (body.contains("tenantId")) throw_bad_request("Property 'tenantId' is read-only.");
  merge_patch(existing_partner(context), body);
  return no_content();
}

ApiResponse delete_partner(RouteContext& context) {
  existing_partner(context);
  std::string id = lower_ascii(context.param("tenantId"));
  if (context.tenant()["identitySync"].contains(id))
    throw GraphError(context.env.choices.partner_delete_blocked_status, context.env.choices.partner_delete_blocked_code,
                     "The partner configuration cannot be deleted while it has an identitySynchronization policy; delete that policy first.");
  context.mutable_tenant()["partners"].erase(id);
  return no_content();
}

nlohmann::json checked_sync_body(const RouteContext& context) {
  nlohmann::json body = parse_body(context.request);
  for (const auto& [key, value] : body.items()) {
    bool beta_only = key == "groupSyncInbound" && context.request.version == "beta";
    if (key != "displayName" && key != "userSyncInbound" && !beta_only && !key.starts_with("@odata") && key != "tenantId")
      throw_bad_request("Property '" + key + "' does not exist on type 'microsoft.graph.crossTenantIdentitySyncPolicyPartner'.");
    if ((key == "userSyncInbound" || key == "groupSyncInbound") &&
        (!value.is_object() || !value.contains("isSyncAllowed") || !value["isSyncAllowed"].is_boolean()))
      throw_bad_request("'" + key + "' must be an object with a Boolean 'isSyncAllowed'.");
  }
  return body;
}

ApiResponse put_identity_sync(RouteContext& context) {
  nlohmann::json body = checked_sync_body(context);
  std::string id = lower_ascii(context.param("tenantId"));
  existing_partner(context);
  nlohmann::json& sync = context.mutable_tenant()["identitySync"];
  if (sync.contains(id))
    throw GraphError(409, "Request_MultipleObjectsWithSameKeyValue",
                     "Another object with the same value for property tenantId already exists.",
                     nlohmann::json::array({{{"code", "ConflictingObjects"},
                                             {"message", "Another object with the same value for property tenantId already exists."},
                                             {"target", "tenantId"}}}));
  nlohmann::json policy = {{"tenantId", id}, {"displayName", nullptr}, {"userSyncInbound", {{"isSyncAllowed", false}}}};
  body.erase("tenantId");
  merge_patch(policy, body);
  sync[id] = policy;
  return no_content();
}

const nlohmann::json& existing_sync(const RouteContext& context, const std::string& id) {
  const nlohmann::json& sync = context.tenant()["identitySync"];
  if (!sync.contains(id)) company_not_found();
  return sync[id];
}

ApiResponse get_identity_sync(RouteContext& context) {
  std::string id = lower_ascii(context.param("tenantId"));
  return entity_response(context, existing_sync(context, id), false,
                         "policies/crossTenantAccessPolicy/partners('" + id + "')/identitySynchronization/$entity");
}

ApiResponse patch_identity_sync(RouteContext& context) {
  nlohmann::json body = checked_sync_body(context);
  std::string id = lower_ascii(context.param("tenantId"));
  existing_sync(context, id);
  body.erase("tenantId");
  merge_patch(context.mutable_tenant()["identitySync"][id], body);
  return no_content();
}

ApiResponse delete_identity_sync(RouteContext& context) {
  std::string id = lower_ascii(context.param("tenantId"));
  existing_sync(context, id);
  context.mutable_tenant()["identitySync"].erase(id);
  return no_content();
}

}  // namespace

void add_policy_routes(Router& router) {
  const std::string partner = kPoliciesPath + "/partners/{tenantId}";
  router.add("GET", kPoliciesPath, get_policy);
  router.add("PATCH", kPoliciesPath, patch_policy);
  router.add("GET", kPoliciesPath + "/default", get_default);
  router.add("PATCH", kPoliciesPath + "/default", patch_default);
  router.add("POST", kPoliciesPath + "/default/resetToSystemDefault", reset_default);
  router.add("GET", kPoliciesPath + "/partners", list_partners);
  router.add("POST", kPoliciesPath + "/partners", create_partner);
  router.add("GET", partner, get_partner);
  router.add("PATCH", partner, patch_partner);
  router.add("DELETE", partner, delete_partner);
  router.add("PUT", partner + "/identitySynchronization", put_identity_sync);
  router.add("GET", partner + "/identitySynchronization", get_identity_sync);
  router.add("PATCH", partner + "/identitySynchronization", patch_identity_sync);
  router.add("DELETE", partner + "/identitySynchronization", delete_identity_sync);
}

}  // namespace tf::emulator
