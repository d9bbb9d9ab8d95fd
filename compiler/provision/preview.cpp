// Source users through a link's configuration before and after (preview.h).
#include "compiler/provision/preview.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <string_view>
#include <tuple>

#include "compiler/core/text.h"
#include "compiler/expr/source_attributes.h"
#include "compiler/provision/mapping_apply.h"
#include "compiler/provision/user_view.h"

namespace tf::provision {

namespace {

using nlohmann::json;

// Source attributes that are Graph user properties of the same name (v1.0), so they
// can be asked for with $select. The others the engine knows are synthesised
// (objectId, netId, alternativeSecurityIds, IsSoftDeleted, appRoleAssignments) or
// named as in Active Directory (telephoneNumber, physicalDeliveryOfficeName, ...).
constexpr std::string_view kGraphUserProperties[] = {"accountEnabled",
                                                     "ageGroup",
                                                     "businessPhones",
                                                     "city",
                                                     "companyName",
                                                     "consentProvidedForMinor",
                                                     "country",
                                                     "createdDateTime",
                                                     "creationType",
                                                     "department",
                                                     "displayName",
                                                     "employeeHireDate",
                                                     "employeeId",
                                                     "employeeLeaveDateTime",
                                                     "employeeType",
                                                     "faxNumber",
                                                     "givenName",
                                                     "id",
                                                     "jobTitle",
                                                     "mail",
                                                     "mailNickname",
                                                     "mobilePhone",
                                                     "officeLocation",
                                                     "onPremisesDistinguishedName",
                                                     "onPremisesDomainName",
                                                     "onPremisesImmutableId",
                                                     "onPremisesSamAccountName",
                                                     "onPremisesSecurityIdentifier",
                                                     "onPremisesSyncEnabled",
                                                     "onPremisesUserPrincipalName",
                                                     "otherMails",
                                                     "passwordPolicies",
                                                     "postalCode",
                                                     "preferredDataLocation",
                                                     "preferredLanguage",
                                                     "proxyAddresses",
                                                     "state",
                                                     "streetAddress",
                                                     "surname",
                                                     "usageLocation",
                                                     "userPrincipalName",
                                                     "userType",
                                                     "externalUserState"};

constexpr std::string_view kSynthesised[] = {"objectId", "netId", "alternativeSecurityIds", "IsSoftDeleted",
                                             "appRoleAssignments"};

std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The attribute names an attributeMappingSource reads: Attribute sources by name,
// Function sources through their parameters.
void source_names(const json& source, std::set<std::string>& out, int depth = 0) {
  if (!source.is_object() || depth > 64) return;
  std::string type = text_of(source, "type");
  if (type.empty()) type = "Attribute";
  if (type == "Attribute") {
    if (std::string name = text_of(source, "name"); !name.empty()) out.insert(name);
    return;
  }
  if (auto parameters = source.find("parameters"); parameters != source.end() && parameters->is_array())
    for (const json& p : *parameters)
      if (p.is_object() && p.contains("value")) source_names(p["value"], out, depth + 1);
}

void filter_names(const json& scope, std::set<std::string>& out) {
  if (!scope.is_object()) return;
  for (const char* list : {"groups", "inputFilterGroups"})
    if (auto groups = scope.find(list); groups != scope.end() && groups->is_array())
      for (const json& group : *groups)
        if (group.is_object() && group.contains("clauses") && group["clauses"].is_array())
          for (const json& clause : group["clauses"])
            if (clause.is_object())
              if (std::string name = text_of(clause, "sourceOperandName"); !name.empty()) out.insert(name);
}

bool assigned(const LinkConfig& config, const SourceUser& user) {
  if (config.assigned.count(lower_ascii(text_of(user.user, "id")))) return true;
  return std::any_of(user.groups.begin(), user.groups.end(),
                     [&](const std::string& g) { return config.assigned.count(g) > 0; });
}

struct Side {
  ScopeDecision scope;
  Attributes attributes;
};

// A user Graph returns without alternativeSecurityIds (v1.0 does not expose them)
// whose principal name is a B2B one ("...#EXT#@...") came from another tenant: the
// engine's "Filter external users" clause skips it, so it carries one here.
Side run_scope(const LinkConfig& config, const scope::FilterFromJson& filter, const SourceUser& user) {
  bool is_assigned = assigned(config, user);
  Side side;
  side.attributes = source_attributes(user.user, is_assigned);
  if (!user.user.contains("alternativeSecurityIds") &&
      text_of(user.user, "userPrincipalName").find("#EXT#") != std::string::npos)
    side.attributes["alternativeSecurityIds"] = std::string("Present");
  side.scope = decide_scope(user.user, side.attributes, config.sync_all, is_assigned, filter);
  return side;
}

MappedUser run_mappings(const ExpressionService& expressions, const LinkConfig& config,
                        const Attributes& attributes, MappingMode mode, const std::string& target_domain) {
  return apply_mappings(expressions, config.attribute_mappings, attributes, mode, nullptr, target_domain);
}

bool by_name(const UserPreview& a, const UserPreview& b) {
  return std::tie(a.name, a.id) < std::tie(b.name, b.id);
}

std::string display_name(const json& user) {
  for (const char* key : {"userPrincipalName", "displayName", "id"})
    if (std::string name = text_of(user, key); !name.empty()) return name;
  return "(a user without id)";
}

}  // namespace

const char* user_outcome_name(UserOutcome outcome) {
  switch (outcome) {
    case UserOutcome::Create:
      return "create";
    case UserOutcome::Update:
      return "update";
    case UserOutcome::Remove:
      return "remove";
    case UserOutcome::Unchanged:
      return "unchanged";
    case UserOutcome::OutOfScope:
      return "out of scope";
    case UserOutcome::Fails:
      return "fails";
  }
  return "?";
}

std::size_t LinkPreview::total() const {
  std::size_t sum = 0;
  for (std::size_t n : counts) sum += n;
  return sum;
}

bool LinkPreview::changes_users() const {
  return count(UserOutcome::Create) + count(UserOutcome::Update) + count(UserOutcome::Remove) +
             count(UserOutcome::Fails) >
         0;
}

void LinkPreview::add(LinkPreview&& more, bool keep_all) {
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += more.counts[i];
  std::size_t kept = users.size();
  for (UserPreview& u : more.users)
    if (keep_all || (u.outcome != UserOutcome::Unchanged && u.outcome != UserOutcome::OutOfScope))
      users.push_back(std::move(u));
  std::inplace_merge(users.begin(), users.begin() + static_cast<std::ptrdiff_t>(kept), users.end(), by_name);
}

LinkPreview preview_link(const ExpressionService& expressions, const std::optional<LinkConfig>& before,
                         const LinkConfig& after, const std::vector<SourceUser>& users,
                         const std::string& target_domain) {
  LinkPreview out;
  out.users.reserve(users.size());
  const scope::FilterFromJson after_filter = scope::filter_from_json(after.scope);
  const scope::FilterFromJson before_filter =
      before ? scope::filter_from_json(before->scope) : scope::FilterFromJson{};
  for (const SourceUser& user : users) {
    UserPreview p;
    p.id = text_of(user.user, "id");
    p.name = display_name(user.user);
    Side now = run_scope(after, after_filter, user);
    std::optional<Side> was;
    if (before) was = run_scope(*before, before_filter, user);
    bool in_before = was && was->scope.in_scope, in_after = now.scope.in_scope;
    if (!in_before && !in_after) {
      p.outcome = UserOutcome::OutOfScope;
      p.reason = now.scope.reason;
    } else if (in_before && !in_after) {
      p.outcome = UserOutcome::Remove;
      p.reason = now.scope.reason;
    } else if (!in_before) {
      MappedUser created =
          run_mappings(expressions, after, now.attributes, MappingMode::Create, target_domain);
      p.outcome = created.error.empty() ? UserOutcome::Create : UserOutcome::Fails;
      p.reason = created.error;
      for (auto& [name, value] : created.properties)
        p.attributes.push_back({name, std::nullopt, std::move(value)});
    } else {
      MappedUser old_values =
          run_mappings(expressions, *before, was->attributes, MappingMode::Update, target_domain);
      MappedUser new_values =
          run_mappings(expressions, after, now.attributes, MappingMode::Update, target_domain);
      if (!new_values.error.empty()) {
        p.outcome = UserOutcome::Fails;
        p.reason = new_values.error;
      } else {
        std::set<std::string> names;
        for (const auto& [name, value] : old_values.properties) names.insert(name);
        for (const auto& [name, value] : new_values.properties) names.insert(name);
        for (const std::string& name : names) {
          auto o = old_values.properties.find(name), n = new_values.properties.find(name);
          std::optional<json> was_value, now_value;
          if (o != old_values.properties.end()) was_value = o->second;
          if (n != new_values.properties.end()) now_value = n->second;
          if (was_value != now_value)
            p.attributes.push_back({name, std::move(was_value), std::move(now_value)});
        }
        p.outcome = p.attributes.empty() ? UserOutcome::Unchanged : UserOutcome::Update;
      }
    }
    ++out.counts[static_cast<std::size_t>(p.outcome)];
    out.users.push_back(std::move(p));
  }
  std::sort(out.users.begin(), out.users.end(), by_name);
  return out;
}

bool is_graph_user_property(std::string_view name) {
  return std::find(std::begin(kGraphUserProperties), std::end(kGraphUserProperties), name) !=
             std::end(kGraphUserProperties) ||
         expr::is_directory_extension(name);
}

bool is_synthesised_attribute(std::string_view name) {
  return std::find(std::begin(kSynthesised), std::end(kSynthesised), name) != std::end(kSynthesised);
}

std::set<std::string> attributes_read(const LinkConfig& config) {
  std::set<std::string> read;
  if (config.attribute_mappings.is_array())
    for (const json& mapping : config.attribute_mappings)
      if (mapping.is_object() && mapping.contains("source") &&
          !is_skipped_target(text_of(mapping, "targetAttributeName")))
        source_names(mapping["source"], read);
  filter_names(config.scope, read);
  return read;
}

std::vector<std::string> source_properties(const std::vector<const LinkConfig*>& configs) {
  std::set<std::string> names{"id", "userPrincipalName", "displayName", "userType"};
  for (const LinkConfig* config : configs)
    if (config)
      for (const std::string& name : attributes_read(*config))
        if (is_graph_user_property(name)) names.insert(name);
  return {names.begin(), names.end()};
}

std::optional<long long> deletion_threshold(const std::string& sync_notification_settings) {
  json settings = json::parse(sync_notification_settings, nullptr, false);
  if (!settings.is_object()) return std::nullopt;
  auto enabled = settings.find("DeleteThresholdEnabled");
  if (enabled == settings.end() || !enabled->is_boolean() || !enabled->get<bool>()) return std::nullopt;
  auto value = settings.find("DeleteThresholdValue");
  if (value != settings.end() && value->is_number_integer()) return value->get<long long>();
  if (value != settings.end() && value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    long long number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc() && end == text.data() + text.size()) return number;
  }
  return kDefaultDeletionThreshold;
}

}  // namespace tf::provision
