// Resource kinds, addresses and ownership tags.
#include "compiler/plan/state.h"

#include <algorithm>
#include <array>

namespace tf::plan {

namespace {

constexpr std::array<std::pair<ResourceKind, const char*>, 8> kKindNames{{
    {ResourceKind::PartnerConfiguration, "partner_configuration"},
    {ResourceKind::IdentitySyncPolicy, "identity_sync_policy"},
    {ResourceKind::SyncApp, "sync_app"},
    {ResourceKind::SyncSecrets, "sync_secrets"},
    {ResourceKind::SyncJob, "sync_job"},
    {ResourceKind::SyncSchema, "sync_schema"},
    {ResourceKind::AppRoleAssignments, "app_role_assignments"},
    {ResourceKind::JobState, "job_state"},
}};

constexpr const char* kTagPrefix = "tenantform:link:";

}  // namespace

const char* resource_kind_name(ResourceKind kind) {
  for (const auto& [k, name] : kKindNames)
    if (k == kind) return name;
  return "unknown";
}

std::optional<ResourceKind> resource_kind_from_name(const std::string& name) {
  for (const auto& [k, n] : kKindNames)
    if (name == n) return k;
  return std::nullopt;
}

std::string ownership_tag(const LinkKey& link) {
  return kTagPrefix + link.source_tenant_id + ":" + link.target_tenant_id;
}

std::optional<LinkKey> parse_ownership_tag(const std::string& tag) {
  std::string prefix = kTagPrefix;
  if (tag.rfind(prefix, 0) != 0) return std::nullopt;
  std::string rest = tag.substr(prefix.size());
  auto colon = rest.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
  if (rest.find(':', colon + 1) != std::string::npos) return std::nullopt;
  return LinkKey{rest.substr(0, colon), rest.substr(colon + 1)};
}

std::string resource_address(ResourceKind kind, const std::string& tenant, const std::string& other) {
  return std::string(resource_kind_name(kind)) + "." + tenant + "[" + other + "]";
}

const Resource* DesiredState::find(const std::string& address) const {
  auto it = std::lower_bound(resources.begin(), resources.end(), address,
                             [](const Resource& r, const std::string& a) { return r.address < a; });
  return it != resources.end() && it->address == address ? &*it : nullptr;
}

}  // namespace tf::plan
