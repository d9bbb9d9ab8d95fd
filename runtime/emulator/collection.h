// Collection answers with OData query options: $filter (odata_filter.h), $top with
// paging through @odata.nextLink ($skiptoken carries the offset), and $select. Also
// the $select projection of a single entity and URL encoding for the links.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/emulator/router.h"

namespace tf::emulator {

struct CollectionOptions {
  std::string context;     // the @odata.context fragment, e.g. "servicePrincipals"
  bool filterable = true;  // false: a $filter is rejected with 400
  int page_size = 0;       // 0: no paging unless $top is given
};

// Filters, pages and projects `items` (already in a stable order) per the request.
ApiResponse collection_response(const RouteContext& context, const std::vector<nlohmann::json>& items,
                                const CollectionOptions& options);

// `object` reduced to the properties named in $select (all when absent); "@odata.*"
// annotations are kept.
nlohmann::json apply_select(const RouteContext& context, const nlohmann::json& object);

// The values of an object map ({id: object}) in key order, without internal keys.
std::vector<nlohmann::json> values_of(const nlohmann::json& map);

// Drops the emulator's internal keys (those starting with "_") from a Graph object.
nlohmann::json public_view(const nlohmann::json& object);

}  // namespace tf::emulator
