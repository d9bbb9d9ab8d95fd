// Collection answers with OData query options: $filter (odata_filter.h), $top with
// paging through @odata.nextLink ($skiptoken carries the offset), and $select. Also
// the $select projection of a single entity and URL encoding for the links.
// Answers are written as JSON text straight from the stored objects (no copies of
// them): the text is byte for byte what dump() gives for the projected copy.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/emulator/router.h"

namespace tf::emulator {

struct CollectionOptions {
  std::string context;         // the @odata.context fragment, e.g. "servicePrincipals"
  bool filterable = true;      // false: a $filter is rejected with 400
  int page_size = 0;           // 0: no paging unless $top is given
  bool hide_internal = false;  // the items are stored objects: their "_" keys are not shown (nor filtered on)
};

// Filters, pages and projects `items` (already in a stable order) per the request.
ApiResponse collection_response(const RouteContext& context, const std::vector<const nlohmann::json*>& items,
                                const CollectionOptions& options);
ApiResponse collection_response(const RouteContext& context, const std::vector<nlohmann::json>& items,
                                const CollectionOptions& options);

// One entity: `object` without its "_" keys when `hide_internal`, reduced to $select,
// with "@odata.context" set to the metadata URL of `fragment`; written as text.
ApiResponse entity_response(const RouteContext& context, const nlohmann::json& object, bool hide_internal,
                            const std::string& fragment);

// `object` reduced to the properties named in $select (all when absent); "@odata.*"
// annotations are kept.
nlohmann::json apply_select(const RouteContext& context, const nlohmann::json& object);

// The values of an object map ({id: object}) in key order, without internal keys.
std::vector<nlohmann::json> values_of(const nlohmann::json& map);
// The values of an object map in key order, as pointers into it (show them with
// CollectionOptions::hide_internal).
std::vector<const nlohmann::json*> members_of(const nlohmann::json& map);

// Drops the emulator's internal keys (those starting with "_") from a Graph object.
nlohmann::json public_view(const nlohmann::json& object);

// How append_view shows a stored object.
struct JsonView {
  bool hide_internal = false;                        // drop top-level keys starting with "_"
  const std::vector<std::string>* select = nullptr;  // keep these keys (case-insensitive) and "@odata*" ones; null or empty: all
  const nlohmann::json* extra = nullptr;             // an object whose members are set last (replacing same-named ones)
};

// Appends to `out` the text dump() would give for `object` after the view is applied
// to a copy of it, without making that copy.
void append_view(std::string& out, const nlohmann::json& object, const JsonView& view);

}  // namespace tf::emulator
