// Version hashes, managed-path access and canonical schema shapes (normalise.h).
#include "runtime/observe/normalise.h"

#include "compiler/core/sha256.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>

#include <openssl/evp.h>

#include "compiler/scope/entra_filter.h"

namespace tf::observe {

namespace {

using nlohmann::json;

const char* const kUserMappingName = "Provision Azure Active Directory Users";

bool is_odata_key(const std::string& key) { return key.rfind("@odata.", 0) == 0; }


// JSON text as json::dump() writes it (compact, keys in order, UTF-8 unescaped,
// control characters as \b \t \n \f \r or \u00xx), written straight into `out`:
// dump() checks every byte of every string as UTF-8, which made hashing a schema
// cost as much as building it. Floating-point numbers and anything rare are left to
// dump() itself, so the bytes (and hence versions) stay dump()'s.
void write_escaped(const std::string& text, std::string& out) {
  out += '"';
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text, start, i - start);
    start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      }
    }
  }
  out.append(text, start, std::string::npos);
  out += '"';
}

void write_json(const json& value, std::string& out) {
  char digits[24];
  switch (value.type()) {
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        write_escaped(key, out);
        out += ':';
        write_json(member, out);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const json& item : value.get_ref<const json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        write_json(item, out);
      }
      out += ']';
      return;
    }
    case json::value_t::string: return write_escaped(value.get_ref<const std::string&>(), out);
    case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case json::value_t::null: out += "null"; return;
    case json::value_t::number_integer: {
      auto end = std::to_chars(digits, digits + sizeof digits, value.get<std::int64_t>()).ptr;
      out.append(digits, end);
      return;
    }
    case json::value_t::number_unsigned: {
      auto end = std::to_chars(digits, digits + sizeof digits, value.get<std::uint64_t>()).ptr;
      out.append(digits, end);
      return;
    }
    default: out += value.dump(); return;  // floats, binary, discarded
  }
}

std::string string_or(const json& object, const char* key, const std::string& fallback) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return fallback;
  return object[key].get<std::string>();
}

}  // namespace

std::string version_of(const json& object, std::initializer_list<std::string_view> skipped) {
  thread_local std::string text;  // reused: a schema's text is ~17 KB
  text.clear();
  if (!object.is_object()) {
    write_json(object, text);
    return sha256_hex(text);
  }
  // The dump of the object without the left-out members, written without copying it.
  text += '{';
  bool first = true;
  for (const auto& [key, value] : object.get_ref<const json::object_t&>()) {
    if (is_odata_key(key) || std::find(skipped.begin(), skipped.end(), key) != skipped.end()) continue;
    if (!first) text += ',';
    first = false;
    write_escaped(key, text);
    text += ':';
    write_json(value, text);
  }
  text += '}';
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
