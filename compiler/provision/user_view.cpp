// A source user as the mappings and scoping filters see it, and the scope decision
// (user_view.h). Built-in rules: only internal members are synchronized
// (userType Member), and the "Filter external users" clause alternativeSecurityIds
// EQUALS 'None' (expressions.md §7) skips users that already carry an alternative
// security id.
#include "compiler/provision/user_view.h"

#include "compiler/core/sha256.h"
#include "compiler/scope/entra_filter.h"

namespace tf::provision {

namespace {

std::optional<AttributeValue> to_attribute(const nlohmann::json& value) {
  if (value.is_string()) return AttributeValue(value.get<std::string>());
  if (value.is_boolean()) return AttributeValue(value.get<bool>());
  if (value.is_number_integer()) return AttributeValue(value.get<std::int64_t>());
  if (!value.is_array()) return std::nullopt;
  std::vector<std::string> items;
  for (const nlohmann::json& item : value) {
    if (!item.is_string()) return std::nullopt;
    items.push_back(item.get<std::string>());
  }
  return AttributeValue(items);
}

// `department EQUALS 'Sales'`, as provisioning logs write a clause.
std::string clause_text(const scope::FilterClause& clause) {
  std::string out = clause.source_operand + " " + clause.operator_name;
  for (std::size_t i = 0; i < clause.values.size(); ++i) out += (i ? ", '" : " '") + clause.values[i] + "'";
  return out;
}

// The first clause of each group that does not hold, with the user's value:
// "department EQUALS 'Sales' is false (department is 'HR')"; groups joined with "; ".
std::string why_not(const scope::EntraFilter& filter, const Attributes& attributes) {
  std::string out;
  for (const scope::FilterGroup& group : filter.groups)
    for (const scope::FilterClause& clause : group.clauses) {
      if (scope::clause_holds(clause, attributes)) continue;
      const AttributeValue* value = find_attribute(attributes, clause.source_operand);
      std::optional<std::string> text = value && !is_null(*value) ? attribute_text(*value) : std::nullopt;
      if (!out.empty()) out += "; ";
      if (filter.groups.size() > 1) out += "group '" + group.name + "': ";
      out += clause_text(clause) + " is false (" + clause.source_operand +
             (text ? " is '" + *text + "'" : value && !is_null(*value) ? " has several values" : " is empty") + ")";
      break;
    }
  return out;
}

}  // namespace

Attributes source_attributes(const nlohmann::json& user, bool assigned) {
  Attributes attributes;
  for (const auto& [key, value] : user.items()) {
    if (key.starts_with("_") || key.starts_with("@")) continue;
    if (auto converted = to_attribute(value)) attributes[key] = *converted;
  }
  std::string id = user.value("id", "");
  attributes["objectId"] = id;
  attributes["netId"] = sha256_hex(id).substr(0, 16);
  const nlohmann::json& altsec = user.value("alternativeSecurityIds", nlohmann::json());
  bool has_altsec = altsec.is_array() ? !altsec.empty() : (!altsec.is_null() && altsec != "None");
  attributes["alternativeSecurityIds"] = std::string(has_altsec ? "Present" : "None");
  attributes["IsSoftDeleted"] = false;
  if (assigned) attributes["appRoleAssignments"] = std::vector<std::string>{"msiam_access"};
  return attributes;
}

ScopeDecision decide_scope(const nlohmann::json& user, const Attributes& attributes, bool sync_all, bool assigned,
                           const scope::FilterFromJson& scope_filter) {
  if (user.value("userType", "Member") != "Member")
    return {false, "only internal members are synchronized; the user's userType is '" + user.value("userType", "") + "'"};
  const AttributeValue* altsec = find_attribute(attributes, "alternativeSecurityIds");
  if (!altsec || attribute_text(*altsec).value_or("") != "None")
    return {false, "Filter external users.alternativeSecurityIds EQUALS 'None' is false"};
  if (!sync_all && !assigned) return {false, "the user is not assigned to the application"};
  if (!scope_filter.error.empty()) return {false, "the scoping filter is not valid: " + scope_filter.error};
  if (!scope::in_scope(scope_filter.filter, attributes))
    return {false, "the user does not satisfy the scoping filter: " + why_not(scope_filter.filter, attributes)};
  return {true, {}};
}

}  // namespace tf::provision
