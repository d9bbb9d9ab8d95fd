// Version hashes, managed-path access and canonical schema shapes (normalise.h).
#include "runtime/observe/normalise.h"

#include "compiler/core/sha256.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include <openssl/evp.h>

#include "compiler/scope/entra_filter.h"

namespace tf::observe {

namespace {

using nlohmann::json;

const char* const kUserMappingName = "Provision Azure Active Directory Users";

bool is_odata_key(const std::string& key) { return key.rfind("@odata.", 0) == 0; }


std::string string_or(const json& object, const char* key, const std::string& fallback) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return fallback;
  return object[key].get<std::string>();
}

}  // namespace

std::string version_of(const json& object) {
  if (!object.is_object()) return sha256_hex(object.dump());
  json copy = json::object();
  for (const auto& [key, value] : object.items())
    if (!is_odata_key(key)) copy[key] = value;
  return sha256_hex(copy.dump());
}

json value_at(const json& object, const std::string& path) {
  try {
    json::json_pointer pointer(path);
    return object.contains(pointer) ? object.at(pointer) : json(nullptr);
  } catch (const json::exception&) {
    return nullptr;
  }
}

json without_paths(const json& object, const std::vector<std::string>& paths) {
  if (!object.is_object()) return json::object();
  json out = json::object();
  for (const auto& [key, value] : object.items())
    if (!is_odata_key(key)) out[key] = value;
  for (const std::string& path : paths) {
    try {
      json::json_pointer pointer(path);
      if (!out.contains(pointer)) continue;
      json& parent = out.at(pointer.parent_pointer());
      if (parent.is_object()) parent.erase(pointer.back());
    } catch (const json::exception&) {
    }
  }
  return out;
}

json normalise_mapping_source(const json& source) {
  if (!source.is_object()) return nullptr;
  json parameters = json::array();
  if (source.contains("parameters") && source["parameters"].is_array())
    for (const json& p : source["parameters"]) {
      if (!p.is_object()) continue;
      parameters.push_back({{"key", string_or(p, "key", "")},
                            {"value", normalise_mapping_source(p.contains("value") ? p["value"] : json(nullptr))}});
    }
  return {{"type", string_or(source, "type", "Attribute")},
          {"name", source.contains("name") ? source["name"] : json(nullptr)},
          {"expression", source.contains("expression") ? source["expression"] : json(nullptr)},
          {"parameters", parameters}};
}

json normalise_attribute_mapping(const json& mapping) {
  if (!mapping.is_object()) return nullptr;
  json priority = mapping.contains("matchingPriority") && mapping["matchingPriority"].is_number_integer()
                      ? mapping["matchingPriority"]
                      : json(0);
  return {{"targetAttributeName", string_or(mapping, "targetAttributeName", "")},
          {"source", normalise_mapping_source(mapping.contains("source") ? mapping["source"] : json(nullptr))},
          {"defaultValue", mapping.contains("defaultValue") ? mapping["defaultValue"] : json(nullptr)},
          {"flowBehavior", string_or(mapping, "flowBehavior", "FlowWhenChanged")},
          {"flowType", string_or(mapping, "flowType", "Always")},
          {"matchingPriority", priority}};
}

json normalise_attribute_mappings(const json& mappings) {
  std::vector<json> items;
  if (mappings.is_array())
    for (const json& m : mappings)
      if (m.is_object()) items.push_back(normalise_attribute_mapping(m));
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) {
    return a["targetAttributeName"].get<std::string>() < b["targetAttributeName"].get<std::string>();
  });
  json out = json::array();
  for (json& item : items) out.push_back(std::move(item));
  return out;
}

json normalise_scope(const json& scope) {
  scope::FilterFromJson read = scope::filter_from_json(scope);
  if (!read.error.empty()) return scope;  // kept as read: diff shows it, apply replaces it
  return scope::to_json(read.filter);
}

json user_object_mapping(const json& schema) {
  if (!schema.is_object() || !schema.contains("synchronizationRules") || !schema["synchronizationRules"].is_array())
    return nullptr;
  json fallback = nullptr;
  for (const json& rule : schema["synchronizationRules"]) {
    if (!rule.is_object() || !rule.contains("objectMappings") || !rule["objectMappings"].is_array()) continue;
    for (const json& mapping : rule["objectMappings"]) {
      if (!mapping.is_object()) continue;
      if (string_or(mapping, "name", "") == kUserMappingName) return mapping;
      if (fallback.is_null() && string_or(mapping, "sourceObjectName", "") == "User" &&
          string_or(mapping, "targetObjectName", "") == "User")
        fallback = mapping;
    }
  }
  return fallback;
}

bool looks_redacted(const json& value) {
  if (!value.is_string()) return true;
  const std::string& text = value.get_ref<const std::string&>();
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c == '*'; });
}

std::string odata_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace tf::observe
