// The state model as JSON (state_json.h).
#include "compiler/plan/state_json.h"

namespace tf::plan {

namespace {

nlohmann::json location_json(const Location& location) {
  if (!location.valid()) return nullptr;
  return location.path() + ":" + std::to_string(location.line) + ":" + std::to_string(location.column);
}

nlohmann::json link_json(const std::optional<LinkKey>& link) {
  if (!link) return nullptr;
  return {{"source_tenant_id", link->source_tenant_id}, {"target_tenant_id", link->target_tenant_id}};
}

}  // namespace

nlohmann::json to_json(const Resource& resource) {
  return {{"kind", resource_kind_name(resource.kind)},
          {"address", resource.address},
          {"tenant", resource.tenant},
          {"tenant_id", resource.tenant_id},
          {"partner", resource.partner},
          {"partner_id", resource.partner_id},
          {"link", link_json(resource.link)},
          {"fields", resource.fields},
          {"depends_on", resource.depends_on},
          {"origin", location_json(resource.origin)},
          {"origin_description", resource.origin_description}};
}

nlohmann::json to_json(const DesiredState& state) {
  nlohmann::json resources = nlohmann::json::array();
  for (const Resource& resource : state.resources) resources.push_back(to_json(resource));
  return {{"resources", std::move(resources)}};
}

}  // namespace tf::plan
