// The Azure2Azure template's default user mappings (template_defaults.h).
#include "compiler/plan/template_defaults.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace tf::plan {

namespace {

// Same-named (direct) mappings, as the emulator's template lists them. The full
// default list is UNCONFIRMED (expressions.md §7): these are the documented rows
// plus the commonly used attributes the reference names.
constexpr std::array<std::string_view, 18> kDirectAttributes = {
    "IsSoftDeleted", "accountEnabled", "streetAddress", "city", "state", "postalCode",
    "country", "department", "employeeId", "displayName", "givenName", "surname",
    "jobTitle", "mail", "mailNickname", "userPrincipalName", "mobilePhone", "manager"};

nlohmann::json attribute_source(const std::string& name) {
  return {{"type", "Attribute"}, {"name", name}, {"expression", "[" + name + "]"},
          {"parameters", nlohmann::json::array()}};
}

nlohmann::json constant_source(const std::string& value) {
  return {{"type", "Constant"}, {"name", value}, {"expression", "\"" + value + "\""},
          {"parameters", nlohmann::json::array()}};
}

std::vector<nlohmann::json> build_defaults() {
  std::vector<nlohmann::json> out;
  nlohmann::json altsec = {
      {"type", "Function"}, {"name", "AltSecidFromNetid"}, {"expression", "AltSecidFromNetid([netId])"},
      {"parameters", {{{"key", "source"}, {"value", attribute_source("netId")}}}}};
  out.push_back(attribute_mapping_json(kMatchingAttribute, altsec, "Always"));
  for (std::string_view name : kDirectAttributes)
    out.push_back(attribute_mapping_json(std::string(name), attribute_source(std::string(name)), "Always"));
  out.push_back(attribute_mapping_json("userType", constant_source("Member"), "Always"));
  out.push_back(attribute_mapping_json("showInAddressList", constant_source("True"), "Always"));
  std::sort(out.begin(), out.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["targetAttributeName"].get<std::string>() < b["targetAttributeName"].get<std::string>();
  });
  return out;
}

}  // namespace

nlohmann::json attribute_mapping_json(const std::string& target, nlohmann::json source,
                                      const std::string& flow_type) {
  return {{"targetAttributeName", target},
          {"source", std::move(source)},
          {"defaultValue", nullptr},
          {"flowBehavior", "FlowWhenChanged"},
          {"flowType", flow_type},
          {"matchingPriority", target == kMatchingAttribute ? 1 : 0}};
}

const std::vector<nlohmann::json>& template_default_mappings() {
  static const std::vector<nlohmann::json> defaults = build_defaults();
  return defaults;
}

}  // namespace tf::plan
