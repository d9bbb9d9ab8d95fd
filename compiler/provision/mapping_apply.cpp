// Attribute mappings to target user properties (mapping_apply.h and
// expressions.md §1.5): ObjectAddOnly flows only on create, AttributeAddOnly only
// when the target has no value, defaultValue only on create, the ignore-flow marker
// and null values never flow. Attributes the engine owns (alternativeSecurityIds,
// IsSoftDeleted, objectId) and targets cross-tenant sync cannot write (proxyAddresses,
// otherMails) are skipped; manager (a reference) is not emulated. Booleans are
// written as JSON Booleans; userPrincipalName takes the B2B form
// "alias_domain#EXT#@targetdomain".
#include "compiler/provision/mapping_apply.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace tf::provision {

namespace {

constexpr std::array<std::string_view, 7> kSkippedTargets = {
    "alternativeSecurityIds", "IsSoftDeleted", "objectId", "proxyAddresses", "otherMails", "manager", "netId"};
constexpr std::array<std::string_view, 2> kBooleanTargets = {"accountEnabled", "showInAddressList"};
constexpr std::array<std::string_view, 3> kMultiValuedTargets = {"businessPhones", "imAddresses", "otherMails"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

std::string b2b_principal_name(const std::string& value, const std::string& target_domain) {
  if (value.find("#EXT#") != std::string::npos) return value;
  std::string alias = value;
  std::replace(alias.begin(), alias.end(), '@', '_');
  return alias + "#EXT#@" + target_domain;
}

nlohmann::json graph_value(const std::string& target, const std::vector<std::string>& values,
                           const std::string& target_domain) {
  if (contains(kMultiValuedTargets, target)) return values;
  if (values.size() > 1) return values;
  std::string text = values.empty() ? std::string() : values.front();
  if (contains(kBooleanTargets, target)) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower == "true";
  }
  if (target == "userPrincipalName") return b2b_principal_name(text, target_domain);
  return text;
}

const nlohmann::json& member(const nlohmann::json& object, const char* key) {
  static const nlohmann::json none;
  auto it = object.find(key);
  return it == object.end() ? none : *it;
}

bool target_has_value(const nlohmann::json* existing, const std::string& target) {
  return existing && existing->contains(target) && !(*existing)[target].is_null() && (*existing)[target] != "";
}

}  // namespace

bool is_skipped_target(const std::string& target) { return contains(kSkippedTargets, target); }

MappedUser apply_mappings(const ExpressionService& expressions, const nlohmann::json& attribute_mappings,
                          const Attributes& attributes, MappingMode mode, const nlohmann::json* existing_target,
                          const std::string& target_domain) {
  MappedUser out;
  if (!attribute_mappings.is_array()) return out;
  for (const nlohmann::json& mapping : attribute_mappings) {
    if (!mapping.is_object()) continue;
    std::string target = mapping.value("targetAttributeName", "");
    if (target.empty() || is_skipped_target(target)) continue;
    std::string flow = mapping.value("flowType", "Always");
    if (mode == MappingMode::Update && flow == "ObjectAddOnly") continue;
    if (mode == MappingMode::Update && flow == "AttributeAddOnly" && target_has_value(existing_target, target)) continue;
    const nlohmann::json& source = member(mapping, "source");  // by reference: value() would copy the tree
    ExpressionService::Evaluated result;
    if (source.is_object()) result = expressions.evaluate_source(source, attributes);
    using Kind = ExpressionService::Evaluated::Kind;
    if (result.kind == Kind::Error) {
      out.error = "the mapping for '" + target + "' failed: " + result.error;
      return out;
    }
    if (result.kind == Kind::IgnoreFlow) continue;
    if (result.kind == Kind::Null) {
      const nlohmann::json& fallback = member(mapping, "defaultValue");
      if (mode != MappingMode::Create || !fallback.is_string()) continue;
      result.values = {fallback.get<std::string>()};
    }
    out.properties[target] = graph_value(target, result.values, target_domain);
  }
  return out;
}

}  // namespace tf::provision
