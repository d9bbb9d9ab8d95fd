// The state model as JSON, for golden files, debugging output and the other stages'
// renderings: one object per Resource with every member (kind by name, link as
// {source_tenant_id, target_tenant_id} or null, origin as "file:line:col" or null),
// and a DesiredState as {"resources": [...]} in its (address) order. Key order is
// nlohmann's (sorted), so the same state always prints the same bytes.
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/plan/state.h"

namespace tf::plan {

nlohmann::json to_json(const Resource& resource);
nlohmann::json to_json(const DesiredState& state);

}  // namespace tf::plan
