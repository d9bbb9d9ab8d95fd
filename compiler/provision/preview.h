// What a change to one link does to the users it synchronizes: each source user run
// through the link's configuration as it is (`before`; none for a new link) and as the
// manifests want it (`after`), with the emulator's own scope decision and attribute
// mappings (user_view.h, mapping_apply.h). The next provisioning cycle after apply
// then creates the users who enter the scope, removes (soft-deletes) those who leave
// it, and updates those whose written properties change.
//
//   LinkPreview p = preview_link(expressions, before, after, users, "fabrikam.com");
//   p.count(UserOutcome::Create)  // users the next cycle creates in the target
//
// Promises: pure and deterministic (users come out sorted by name, then id, with
// their counts); a mapping
// that fails to evaluate makes that user Fails with the error, never throws. Both
// configurations see a user's attributes as the engine does, so a user is Unchanged
// exactly when both would write the same properties.
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/provision/expression_service.h"

namespace tf::provision {

// A link's configuration as the provisioning engine reads it.
struct LinkConfig {
  nlohmann::json attribute_mappings = nlohmann::json::array();  // the user mapping's, Graph's shape
  nlohmann::json scope;            // its scoping filter (Graph's shape), null: none
  bool sync_all = false;           // the SyncAll secret
  std::set<std::string> assigned;  // principal ids (users, groups), lower-case
};

struct SourceUser {
  nlohmann::json user;           // as Graph returns it (id, userPrincipalName, userType, ...)
  std::set<std::string> groups;  // lower-case ids of groups it is a direct member of
};

enum class UserOutcome { Create, Update, Remove, Unchanged, OutOfScope, Fails };
const char* user_outcome_name(UserOutcome outcome);  // "create", "update", ...

struct AttributeDelta {
  std::string name;
  std::optional<nlohmann::json> before;  // absent: not written before (or a create)
  std::optional<nlohmann::json> after;   // absent: no longer written on update
};

struct UserPreview {
  std::string id;
  std::string name;  // userPrincipalName, else displayName, else id
  UserOutcome outcome = UserOutcome::OutOfScope;
  std::vector<AttributeDelta> attributes;  // Create: every property written; Update: what changes
  std::string reason;                      // Remove and OutOfScope: why not in scope; Fails: the error
};

struct LinkPreview {
  std::vector<UserPreview> users;  // sorted by name then id: preview_link's every user, add()'s changing ones
  std::array<std::size_t, 6> counts{};  // per UserOutcome, of every user seen
  std::size_t count(UserOutcome outcome) const { return counts[static_cast<std::size_t>(outcome)]; }
  std::size_t total() const;
  bool changes_users() const;  // any Create, Update, Remove or Fails
  // Takes in the preview of more users (another page of them): adds its counts and
  // keeps only its users that change (all of them with keep_all), so a tenant's users
  // can be read page by page.
  void add(LinkPreview&& more, bool keep_all = false);
};

LinkPreview preview_link(const ExpressionService& expressions, const std::optional<LinkConfig>& before,
                         const LinkConfig& after, const std::vector<SourceUser>& users,
                         const std::string& target_domain);

// Every source attribute the configuration's mappings (those apply_mappings writes:
// not manager and the other skipped targets) and scoping filter name.
std::set<std::string> attributes_read(const LinkConfig& config);
// A Graph user property of the same name (so `$select` can ask for it): the common
// v1.0 properties and directory extensions.
bool is_graph_user_property(std::string_view name);
// One the engine makes up for every user: objectId, netId, alternativeSecurityIds,
// IsSoftDeleted, appRoleAssignments (user_view.h).
bool is_synthesised_attribute(std::string_view name);

// The source user properties to read for these configurations: every attribute they
// read that is a Graph user property, plus id, userPrincipalName, displayName and
// userType. Sorted; for `$select`.
std::vector<std::string> source_properties(const std::vector<const LinkConfig*>& configs);

// The accidental-deletion threshold a SyncNotificationSettings secret sets
// (graph-api.md §4.8: {"DeleteThresholdEnabled": true, "DeleteThresholdValue": 500}):
// nullopt when it is off or the text is not such an object; the portal's default (500)
// when enabled without a readable value. A cycle that would delete more than it is
// quarantined.
std::optional<long long> deletion_threshold(const std::string& sync_notification_settings);
inline constexpr long long kDefaultDeletionThreshold = 500;

}  // namespace tf::provision
