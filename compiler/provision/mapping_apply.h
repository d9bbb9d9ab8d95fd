// Attribute mappings (a schema's attributeMappings, Graph's shape) applied to one
// source user: the target user properties a create or an update writes. Shared by the
// emulator's provisioning engine and `preview`.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/core/attributes.h"
#include "compiler/provision/expression_service.h"

namespace tf::provision {

struct MappedUser {
  std::map<std::string, nlohmann::json> properties;  // Graph user properties to write
  std::string error;                                 // an evaluation error (the user fails)
};
enum class MappingMode { Create, Update };

// `attribute_mappings` is an objectMapping's "attributeMappings" array.
// `existing_target` (Update only; may be null) decides AttributeAddOnly mappings:
// they flow only when the target has no value (null: treated as having none).
MappedUser apply_mappings(const ExpressionService& expressions, const nlohmann::json& attribute_mappings,
                          const Attributes& attributes, MappingMode mode,
                          const nlohmann::json* existing_target, const std::string& target_domain);

// The mapping targets the engine itself owns or cross-tenant sync cannot write
// (alternativeSecurityIds, IsSoftDeleted, objectId, proxyAddresses, otherMails,
// manager, netId): apply_mappings skips them.
bool is_skipped_target(const std::string& target);

}  // namespace tf::provision
