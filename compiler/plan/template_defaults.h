// The cross-tenant synchronization template's default user mappings (template
// Azure2Azure, object mapping "Provision Microsoft Entra ID Users";
// shared/reference/expressions.md §7), as the Graph attributeMapping objects the
// template holds. A manifest mapping `extends: default` starts from this list.
//
// Promises: the list is the one the emulator's template serves (runtime/emulator/
// sync_model.cpp), in the same encoding, so a freshly created job's schema and the
// desired schema of a link with no mapping compare equal; it is sorted by target
// attribute name. The attributeMapping objects have exactly the keys
// targetAttributeName, source, defaultValue, flowBehavior, flowType and
// matchingPriority (Graph adds exportMissingReferences, which tenantform does not
// manage).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tf::plan {

// The only matching attribute of cross-tenant sync (precedence 1, fixed by Entra).
inline constexpr const char* kMatchingAttribute = "alternativeSecurityIds";

// One attributeMapping object in tenantform's managed shape.
nlohmann::json attribute_mapping_json(const std::string& target, nlohmann::json source,
                                      const std::string& flow_type);

// The template's default mappings, sorted by targetAttributeName.
const std::vector<nlohmann::json>& template_default_mappings();

}  // namespace tf::plan
