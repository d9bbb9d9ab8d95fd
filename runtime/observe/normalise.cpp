// Version hashes, managed-path access and canonical schema shapes (normalise.h).
#include "runtime/observe/normalise.h"

#include "compiler/core/json_text.h"
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


// The member `key` of `object` by reference (no copy: mappings are large), null when
// absent or when `object` is not an object.
const json& member(const json& object, const char* key) {
  static const json absent = nullptr;
  if (!object.is_object()) return absent;
  auto it = object.find(key);
  return it == object.end() ? absent : *it;
}

std::string string_or(const json& object, const char* key, const std::string& fallback) {
  const json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : fallback;
}

}  // namespace

std::string version_of(const json& object, std::initializer_list<std::string_view> skipped) {
  thread_local std::string text;  // reused: a schema's text is ~17 KB
  text.clear();
  append_json_members(text, object, [&](const std::string& key) {
    return !is_odata_key(key) && std::find(skipped.begin(), skipped.end(), key) == skipped.end();
  });
  return sha256_hex(text);
}

json value_at(const json& object, const std::string& path) {
  try {
    json::json_pointer pointer(path);
    return object.contains(pointer) ? object.at(pointer) : json(nullptr);
  } catch (const json::exception&) {
    return nullptr;
  }
}

json take_at(json& object, const std::string& path) {
  try {
    json::json_pointer pointer(path);
    return object.contains(pointer) ? std::move(object.at(pointer)) : json(nullptr);
  } catch (const json::exception&) {
    return nullptr;
  }
}

json without_paths(json object, const std::vector<std::string>& paths) {
  if (!object.is_object()) return json::object();
  json& out = object;
  for (auto it = out.begin(); it != out.end();) it = is_odata_key(it.key()) ? out.erase(it) : std::next(it);
  for (const std::string& path : paths) {
    try {
      json::json_pointer pointer(path);
      if (!out.contains(pointer)) continue;
      json& parent = out.at(pointer.parent_pointer());
      if (parent.is_object()) parent.erase(pointer.back());
    } catch (const json::exception&) {
    }
  }
  return object;
}

json normalise_mapping_source(const json& source) {
  if (!source.is_object()) return nullptr;
  json parameters = json::array();
  if (const json& list = member(source, "parameters"); list.is_array())
    for (const json& p : list) {
      if (!p.is_object()) continue;
      json parameter = json::object();
      parameter["key"] = string_or(p, "key", "");
      parameter["value"] = normalise_mapping_source(member(p, "value"));
      parameters.push_back(std::move(parameter));
    }
  json out = json::object();
  out["type"] = string_or(source, "type", "Attribute");
  out["name"] = member(source, "name");
  out["expression"] = member(source, "expression");
  out["parameters"] = std::move(parameters);
  return out;
}

json normalise_attribute_mapping(const json& mapping) {
  if (!mapping.is_object()) return nullptr;
  const json& priority = member(mapping, "matchingPriority");
  json out = json::object();
  out["targetAttributeName"] = string_or(mapping, "targetAttributeName", "");
  out["source"] = normalise_mapping_source(member(mapping, "source"));
  out["defaultValue"] = member(mapping, "defaultValue");
  out["flowBehavior"] = string_or(mapping, "flowBehavior", "FlowWhenChanged");
  out["flowType"] = string_or(mapping, "flowType", "Always");
  out["matchingPriority"] = priority.is_number_integer() ? priority : json(0);
  return out;
}

json normalise_attribute_mappings(const json& mappings) {
  std::vector<json> items;
  if (mappings.is_array())
    for (const json& m : mappings)
      if (m.is_object()) items.push_back(normalise_attribute_mapping(m));
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) {
    return a["targetAttributeName"].get_ref<const std::string&>() < b["targetAttributeName"].get_ref<const std::string&>();
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

namespace {

template <class Json>  // json or const json
Json* find_user_mapping(Json& schema) {
  auto has_array = [](const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_array();
  };
  if (!has_array(schema, "synchronizationRules")) return nullptr;
  Json* fallback = nullptr;
  for (Json& rule : schema["synchronizationRules"]) {
    if (!has_array(rule, "objectMappings")) continue;
    for (Json& mapping : rule["objectMappings"]) {
      if (!mapping.is_object()) continue;
      if (string_or(mapping, "name", "") == kUserMappingName) return &mapping;
      if (!fallback && string_or(mapping, "sourceObjectName", "") == "User" &&
          string_or(mapping, "targetObjectName", "") == "User")
        fallback = &mapping;
    }
  }
  return fallback;
}

}  // namespace

json* user_object_mapping(json& schema) { return find_user_mapping(schema); }
const json* user_object_mapping(const json& schema) { return find_user_mapping(schema); }

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
