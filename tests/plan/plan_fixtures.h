// Hand-built Desired and Observed states for the diff, render and plan-file tests:
// the objects of one link source -> target as expand lays them out (state.h), and
// an Observed state that matches a Desired one exactly (every object present, the
// assignment groups resolved), which a test then changes to make a difference.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/plan/state.h"

namespace tf::plan::fixtures {

inline const std::map<std::string, std::string> kTenantIds{
    {"contoso", "11111111-1111-4111-8111-111111111111"},
    {"fabrikam", "22222222-2222-4222-8222-222222222222"},
    {"northwind", "33333333-3333-4333-8333-333333333333"},
};

inline constexpr const char* kInbound = "/automaticUserConsentSettings/inboundAllowed";
inline constexpr const char* kOutbound = "/automaticUserConsentSettings/outboundAllowed";
inline constexpr const char* kSyncAllowed = "/userSyncInbound/isSyncAllowed";

inline Resource make_resource(ResourceKind kind, const std::string& tenant, const std::string& partner,
                              nlohmann::json fields, std::vector<std::string> depends_on = {}) {
  Resource r;
  r.kind = kind;
  r.address = resource_address(kind, tenant, partner);
  r.tenant = tenant;
  r.tenant_id = kTenantIds.at(tenant);
  r.partner = partner;
  r.partner_id = kTenantIds.at(partner);
  bool pair = kind == ResourceKind::PartnerConfiguration || kind == ResourceKind::IdentitySyncPolicy;
  if (!pair) r.link = LinkKey{r.tenant_id, r.partner_id};
  r.fields = std::move(fields);
  r.depends_on = std::move(depends_on);
  r.origin_description = "hub 'corp'";
  return r;
}

inline std::string address(ResourceKind kind, const std::string& tenant, const std::string& partner) {
  return resource_address(kind, tenant, partner);
}

// The nine objects of the link source -> target, in creation order.
inline std::vector<Resource> link_resources(const std::string& s, const std::string& t) {
  using K = ResourceKind;
  std::string tag = ownership_tag(LinkKey{kTenantIds.at(s), kTenantIds.at(t)});
  nlohmann::json mappings =
      nlohmann::json::array({{{"targetAttributeName", "displayName"}, {"source", "[displayName]"}},
                             {{"targetAttributeName", "userType"}, {"source", "\"Member\""}}});
  return {
      make_resource(K::PartnerConfiguration, t, s, {{kInbound, true}}),
      make_resource(K::IdentitySyncPolicy, t, s, {{kSyncAllowed, true}},
                    {address(K::PartnerConfiguration, t, s)}),
      make_resource(K::PartnerConfiguration, s, t, {{kOutbound, true}},
                    {address(K::IdentitySyncPolicy, t, s)}),
      make_resource(K::SyncApp, s, t,
                    {{"/displayName", s + " to " + t},
                     {"/tags", {tag}},
                     {"/applicationTemplateId", "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7"}},
                    {address(K::PartnerConfiguration, s, t)}),
      make_resource(K::SyncSecrets, s, t,
                    {{"/CompanyId", kTenantIds.at(t)},
                     {"/AuthenticationType", "SyncPolicy"},
                     {"/SyncAll", false},
                     {"/SyncNotificationSettings",
                      {{"Enabled", true},
                       {"Recipients", "ops@contoso.com"},
                       {"DeleteThresholdEnabled", true},
                       {"DeleteThresholdValue", 500}}}},
                    {address(K::SyncApp, s, t)}),
      make_resource(K::SyncJob, s, t, {{"/templateId", "Azure2Azure"}}, {address(K::SyncSecrets, s, t)}),
      make_resource(K::SyncSchema, s, t, {{"/attributeMappings", mappings}, {"/scope", nullptr}},
                    {address(K::SyncJob, s, t)}),
      make_resource(K::AppRoleAssignments, s, t, {{"/groups", {{{"name", "GlobalEmployees"}}}}},
                    {address(K::SyncSchema, s, t)}),
      make_resource(K::JobState, s, t, {{"/state", "Active"}}, {address(K::AppRoleAssignments, s, t)}),
  };
}

inline DesiredState desired_of(std::vector<Resource> resources) {
  std::sort(resources.begin(), resources.end(),
            [](const Resource& a, const Resource& b) { return a.address < b.address; });
  DesiredState desired;
  for (Resource& r : resources) {
    if (!desired.resources.empty() && desired.resources.back().address == r.address) {
      desired.resources.back().fields.update(r.fields);  // a pair entry serving two links
      continue;
    }
    desired.resources.push_back(std::move(r));
  }
  return desired;
}

inline std::string group_id(const std::string& tenant, const std::string& group) {
  return "gid-" + tenant + "-" + group;
}

inline ObservedResource observed_from(const Resource& desired) {
  ObservedResource o;
  o.resource = desired;
  if (desired.kind == ResourceKind::AppRoleAssignments) {
    nlohmann::json principals = nlohmann::json::array();
    for (const nlohmann::json& g : desired.fields["/groups"])
      principals.push_back(g.contains("id") ? g["id"].get<std::string>()
                                            : group_id(desired.tenant, g["name"]));
    o.resource.fields = {{"/principals", principals}};
  }
  o.ids = {{"objectId", "oid-" + desired.address}};
  o.version = "v1:" + desired.address;
  return o;
}

// Every desired object present as desired; the groups of every tenant resolvable.
inline ObservedState observed_matching(const DesiredState& desired) {
  ObservedState observed;
  for (const Resource& r : desired.resources) observed.resources[r.address] = observed_from(r);
  for (const auto& [tenant, id] : kTenantIds)
    observed.group_ids[tenant]["GlobalEmployees"] = group_id(tenant, "GlobalEmployees");
  return observed;
}

}  // namespace tf::plan::fixtures
