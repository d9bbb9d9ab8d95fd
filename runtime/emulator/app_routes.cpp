// Application routes (graph-api.md §4.1, §4.7, §4.9): instantiating the cross-tenant
// sync gallery template, applications and servicePrincipals (GET with $filter and
// $select, PATCH, DELETE) and appRoleAssignedTo. Instantiate is not idempotent: every
// call creates a fresh application and service principal.
#include <algorithm>

#include "runtime/emulator/collection.h"
#include "runtime/emulator/ids.h"
#include "runtime/emulator/router.h"
#include "runtime/emulator/sync_model.h"

namespace tf::emulator {

namespace {

const std::string kNonGalleryTemplateId = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
const char* kHomepage =
    "https://account.activedirectory.windowsazure.com:444/applications/default.aspx?metadata=aad2aadsync|ISV9.1|primary|z";

nlohmann::json msiam_access_role() {
  return {{"allowedMemberTypes", {"User"}}, {"description", "msiam_access"}, {"displayName", "msiam_access"},
          {"id", new_guid()}, {"isEnabled", true}, {"origin", "Application"}, {"value", nullptr}};
}

nlohmann::json user_impersonation_scope(const std::string& display_name) {
  return {{"adminConsentDescription", "Allow the application to access " + display_name + " on behalf of the signed-in user."},
          {"adminConsentDisplayName", "Access " + display_name}, {"id", new_guid()}, {"isEnabled", true},
          {"type", "User"}, {"userConsentDescription", nullptr}, {"userConsentDisplayName", nullptr},
          {"value", "user_impersonation"}};
}

nlohmann::json new_application(const std::string& template_id, const std::string& name, const nlohmann::json& role,
                               const std::string& domain) {
  return {{"id", new_guid()}, {"appId", new_guid()}, {"applicationTemplateId", template_id},
          {"displayName", name}, {"createdDateTime", iso_time(std::chrono::system_clock::now())},
          {"deletedDateTime", nullptr}, {"description", nullptr}, {"identifierUris", nlohmann::json::array()},
          {"isFallbackPublicClient", nullptr}, {"publisherDomain", domain}, {"signInAudience", "AzureADMyOrg"},
          {"tags", nlohmann::json::array()}, {"appRoles", {role}}, {"keyCredentials", nlohmann::json::array()},
          {"passwordCredentials", nlohmann::json::array()}, {"requiredResourceAccess", nlohmann::json::array()},
          {"api", {{"requestedAccessTokenVersion", nullptr}, {"oauth2PermissionScopes", {user_impersonation_scope(name)}}}},
          {"web", {{"homePageUrl", kHomepage}, {"redirectUris", nlohmann::json::array()}, {"logoutUrl", nullptr}}}};
}

nlohmann::json new_service_principal(const nlohmann::json& app, const std::string& tenant_id) {
  return {{"id", new_guid()}, {"appId", app["appId"]}, {"applicationTemplateId", app["applicationTemplateId"]},
          {"displayName", app["displayName"]}, {"appDisplayName", app["displayName"]}, {"accountEnabled", true},
          {"appOwnerOrganizationId", tenant_id}, {"appRoleAssignmentRequired", true}, {"appRoles", app["appRoles"]},
          {"deletedDateTime", nullptr}, {"homepage", kHomepage}, {"keyCredentials", nlohmann::json::array()},
          {"passwordCredentials", nlohmann::json::array()}, {"oauth2PermissionScopes", app["api"]["oauth2PermissionScopes"]},
          {"replyUrls", nlohmann::json::array()}, {"servicePrincipalNames", {app["appId"]}},
          {"servicePrincipalType", "Application"}, {"signInAudience", "AzureADMyOrg"},
          {"tags", {"WindowsAzureActiveDirectoryIntegratedApp"}}};
}

ApiResponse instantiate(RouteContext& context) {
  const std::string& template_id = context.param("templateId");
  bool cts = template_id == kCrossTenantSyncTemplateId;
  if (!cts && template_id != kNonGalleryTemplateId) throw_not_found(template_id);
  nlohmann::json body = parse_body(context.request);
  if (!body.contains("displayName") || !body["displayName"].is_string() || body["displayName"].get<std::string>().empty())
    throw_bad_request("The property 'displayName' is required to instantiate an application template.");
  nlohmann::json& tenant = context.mutable_tenant();
  nlohmann::json app = new_application(template_id, body["displayName"], msiam_access_role(), tenant["domain"]);
  nlohmann::json sp = new_service_principal(app, context.tenant_id);
  if (!cts) {
    app["appRoles"] = nlohmann::json::array();
    sp["appRoles"] = nlohmann::json::array();
    sp["appRoleAssignmentRequired"] = false;
  }
  tenant["applications"][app["id"].get<std::string>()] = app;
  tenant["servicePrincipals"][sp["id"].get<std::string>()] = sp;
  tenant["synchronization"][sp["id"].get<std::string>()] = new_synchronization(cts);
  return json_response(201, {{"@odata.context", context.metadata("microsoft.graph.applicationServicePrincipal")},
                             {"application", app}, {"servicePrincipal", sp}});
}

const nlohmann::json& existing(const RouteContext& context, const char* collection, const std::string& id) {
  const nlohmann::json& objects = context.tenant()[collection];
  if (!objects.contains(id)) throw_not_found(id);
  return objects[id];
}

ApiResponse list_of(RouteContext& context, const char* collection) {
  return collection_response(context, members_of(context.tenant()[collection]),
                             {collection, true, context.env.choices.default_page_size, true});
}

ApiResponse get_one(RouteContext& context, const char* collection) {
  return entity_response(context, existing(context, collection, context.param("id")), true,
                         std::string(collection) + "/$entity");
}

ApiResponse patch_one(RouteContext& context, const char* collection) {
  nlohmann::json body = parse_body(context.request);
  existing(context, collection, context.param("id"));
  nlohmann::json& object = context.mutable_tenant()[collection][context.param("id")];
  for (const auto& [key, value] : body.items()) {
    if (key == "id" || key == "appId" || key == "applicationTemplateId" || key.starts_with("_"))
      throw_bad_request("Property '" + key + "' is read-only.");
    if (key == "tags" && (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const nlohmann::json& t) { return t.is_string(); })))
      throw_bad_request("'tags' must be an array of strings.");
    if (!key.starts_with("@odata")) object[key] = value;
  }
  return no_content();
}

void delete_service_principal(nlohmann::json& tenant, const std::string& sp_id) {
  tenant["servicePrincipals"].erase(sp_id);
  tenant["synchronization"].erase(sp_id);
  nlohmann::json& assignments = tenant["appRoleAssignments"];
  for (auto it = assignments.begin(); it != assignments.end();)
    it = (*it)["resourceId"] == sp_id ? assignments.erase(it) : std::next(it);
}

ApiResponse delete_sp(RouteContext& context) {
  existing(context, "servicePrincipals", context.param("id"));
  delete_service_principal(context.mutable_tenant(), context.param("id"));
  return no_content();
}

ApiResponse delete_app(RouteContext& context) {
  std::string app_id = existing(context, "applications", context.param("id"))["appId"];
  nlohmann::json& tenant = context.mutable_tenant();
  std::vector<std::string> owned;
  for (const auto& [id, sp] : tenant["servicePrincipals"].items())
    if (sp["appId"] == app_id) owned.push_back(id);
  for (const std::string& id : owned) delete_service_principal(tenant, id);
  tenant["applications"].erase(context.param("id"));
  return no_content();
}

ApiResponse list_assignments(RouteContext& context) {
  existing(context, "servicePrincipals", context.param("id"));
  std::vector<const nlohmann::json*> items;
  for (const nlohmann::json& assignment : context.tenant()["appRoleAssignments"])
    if (assignment["resourceId"] == context.param("id")) items.push_back(&assignment);
  return collection_response(context, items, {"servicePrincipals('" + context.param("id") + "')/appRoleAssignedTo", true, 0});
}

// The principal's type and display name, or a 400 when it is not in this tenant.
std::pair<std::string, std::string> principal_of(const RouteContext& context, const std::string& id) {
  const nlohmann::json& tenant = context.tenant();
  if (tenant["users"].contains(id)) return {"User", tenant["users"][id].value("displayName", "")};
  if (tenant["groups"].contains(id)) return {"Group", tenant["groups"][id].value("displayName", "")};
  if (tenant["servicePrincipals"].contains(id)) return {"ServicePrincipal", tenant["servicePrincipals"][id].value("displayName", "")};
  throw GraphError(404, "Request_ResourceNotFound",
                   "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.");
}

ApiResponse create_assignment(RouteContext& context) {
  const nlohmann::json& sp = existing(context, "servicePrincipals", context.param("id"));
  nlohmann::json body = parse_body(context.request);
  std::string principal = body.value("principalId", ""), resource = body.value("resourceId", ""),
              role = body.value("appRoleId", "");
  if (resource != context.param("id")) throw_bad_request("'resourceId' must be the id of the service principal in the URL.");
  bool known_role = std::any_of(sp["appRoles"].begin(), sp["appRoles"].end(),
                                [&](const nlohmann::json& r) { return r["id"] == role; }) ||
                    (sp["appRoles"].empty() && role == "00000000-0000-0000-0000-000000000000");
  if (!known_role) throw_bad_request("Permission being assigned was not found on application '" + resource + "'.");
  auto [type, name] = principal_of(context, principal);
  for (const auto& [id, existing_assignment] : context.tenant()["appRoleAssignments"].items())
    if (existing_assignment["resourceId"] == resource && existing_assignment["principalId"] == principal &&
        existing_assignment["appRoleId"] == role)
      throw GraphError(context.env.choices.duplicate_assignment_status, "Request_BadRequest",
                       "Permission being assigned already exists on the object");
  nlohmann::json assignment = {{"id", random_token(32)}, {"deletedDateTime", nullptr}, {"appRoleId", role},
                               {"createdDateTime", now_iso()}, {"principalDisplayName", name},
                               {"principalId", principal}, {"principalType", type},
                               {"resourceDisplayName", sp.value("displayName", "")}, {"resourceId", resource}};
  context.mutable_tenant()["appRoleAssignments"][assignment["id"].get<std::string>()] = assignment;
  assignment["@odata.context"] = context.metadata("servicePrincipals('" + resource + "')/appRoleAssignedTo/$entity");
  return json_response(201, assignment);
}

ApiResponse delete_assignment(RouteContext& context) {
  const nlohmann::json& assignments = context.tenant()["appRoleAssignments"];
  const std::string& id = context.param("assignmentId");
  if (!assignments.contains(id) || assignments[id]["resourceId"] != context.param("id")) throw_not_found(id);
  context.mutable_tenant()["appRoleAssignments"].erase(id);
  return no_content();
}

}  // namespace

void add_application_routes(Router& router) {
  router.add("POST", "/applicationTemplates/{templateId}/instantiate", instantiate);
  for (const char* collection : {"applications", "servicePrincipals"}) {
    std::string base = std::string("/") + collection;
    router.add("GET", base, [collection](RouteContext& c) { return list_of(c, collection); });
    router.add("GET", base + "/{id}", [collection](RouteContext& c) { return get_one(c, collection); });
    router.add("PATCH", base + "/{id}", [collection](RouteContext& c) { return patch_one(c, collection); });
  }
  router.add("DELETE", "/applications/{id}", delete_app);
  router.add("DELETE", "/servicePrincipals/{id}", delete_sp);
  router.add("GET", "/servicePrincipals/{id}/appRoleAssignedTo", list_assignments);
  router.add("POST", "/servicePrincipals/{id}/appRoleAssignedTo", create_assignment);
  router.add("DELETE", "/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}", delete_assignment);
}

}  // namespace tf::emulator
