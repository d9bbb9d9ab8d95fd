// Directory routes: users and groups (GET with $filter, $select and paging through
// @odata.nextLink), a group's direct members, soft-deleted users under
// /directory/deletedItems/microsoft.graph.user, and provisioning logs
// (/auditLogs/provisioning with $filter, $top, $orderby=activityDateTime [desc]).
#include <algorithm>

#include "runtime/emulator/collection.h"
#include "runtime/emulator/router.h"

namespace tf::emulator {

namespace {

bool is_deleted(const nlohmann::json& object) {
  return object.contains("deletedDateTime") && !object["deletedDateTime"].is_null();
}

std::vector<const nlohmann::json*> users_where(const RouteContext& context, bool deleted) {
  std::vector<const nlohmann::json*> out;
  for (const nlohmann::json& user : context.tenant()["users"])
    if (is_deleted(user) == deleted) out.push_back(&user);
  return out;
}

ApiResponse list_users(RouteContext& context) {
  return collection_response(context, users_where(context, false), {"users", true, context.env.choices.default_page_size, true});
}

ApiResponse list_deleted_users(RouteContext& context) {
  return collection_response(context, users_where(context, true),
                             {"directory/deletedItems/microsoft.graph.user", true, context.env.choices.default_page_size, true});
}

ApiResponse get_user(RouteContext& context) {
  const nlohmann::json& users = context.tenant()["users"];
  const std::string& key = context.param("id");
  for (const auto& [id, user] : users.items()) {
    if (is_deleted(user)) continue;
    std::string upn = user.value("userPrincipalName", "");
    bool same_upn = std::equal(upn.begin(), upn.end(), key.begin(), key.end(),
                               [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
    if (id != key && !same_upn) continue;
    return entity_response(context, user, true, "users/$entity");
  }
  throw_not_found(key);
}

ApiResponse list_groups(RouteContext& context) {
  return collection_response(context, members_of(context.tenant()["groups"]), {"groups", true, context.env.choices.default_page_size, true});
}

const nlohmann::json& group_of(const RouteContext& context) {
  const nlohmann::json& groups = context.tenant()["groups"];
  if (!groups.contains(context.param("id"))) throw_not_found(context.param("id"));
  return groups[context.param("id")];
}

ApiResponse get_group(RouteContext& context) {
  return entity_response(context, group_of(context), true, "groups/$entity");
}

ApiResponse list_members(RouteContext& context) {
  const nlohmann::json& users = context.tenant()["users"];
  std::vector<nlohmann::json> members;
  for (const nlohmann::json& id : group_of(context).value("_members", nlohmann::json::array()))
    if (id.is_string() && users.contains(id.get<std::string>()) && !is_deleted(users[id.get<std::string>()])) {
      nlohmann::json member = public_view(users[id.get<std::string>()]);
      member["@odata.type"] = "#microsoft.graph.user";
      members.push_back(member);
    }
  return collection_response(context, members, {"directoryObjects", true, context.env.choices.default_page_size});
}

ApiResponse list_provisioning(RouteContext& context) {
  std::vector<const nlohmann::json*> entries;
  for (const nlohmann::json& entry : context.tenant()["provisioningLogs"]) entries.push_back(&entry);
  auto order = context.request.query.find("$orderby");
  if (order != context.request.query.end() && order->second.find("desc") != std::string::npos)
    std::reverse(entries.begin(), entries.end());
  return collection_response(context, entries, {"auditLogs/provisioning", true, context.env.choices.default_page_size});
}

ApiResponse get_provisioning(RouteContext& context) {
  for (const nlohmann::json& entry : context.tenant()["provisioningLogs"])
    if (entry["id"] == context.param("id")) return json_response(200, entry);
  throw_not_found(context.param("id"));
}

}  // namespace

void add_directory_routes(Router& router) {
  router.add("GET", "/users", list_users);
  router.add("GET", "/users/{id}", get_user);
  router.add("GET", "/directory/deletedItems/microsoft.graph.user", list_deleted_users);
  router.add("GET", "/groups", list_groups);
  router.add("GET", "/groups/{id}", get_group);
  router.add("GET", "/groups/{id}/members", list_members);
  router.add("GET", "/auditLogs/provisioning", list_provisioning);
  router.add("GET", "/auditLogs/provisioning/{id}", get_provisioning);
}

}  // namespace tf::emulator
