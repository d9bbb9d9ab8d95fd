// Attribute values and their JSON form.
#include "compiler/core/attributes.h"

#include <nlohmann/json.hpp>

namespace tf {

const AttributeValue* find_attribute(const Attributes& attributes, std::string_view name) {
  auto it = attributes.find(name);
  return it == attributes.end() ? nullptr : &it->second;
}

bool is_null(const AttributeValue& value) { return std::holds_alternative<NullValue>(value); }

std::optional<std::string> attribute_text(const AttributeValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* b = std::get_if<bool>(&value)) return std::string(*b ? "True" : "False");
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* m = std::get_if<std::vector<std::string>>(&value)) {
    if (m->empty()) return std::nullopt;
    return m->front();
  }
  return std::nullopt;
}

AttributesFromJson attributes_from_json(const nlohmann::json& object) {
  AttributesFromJson out;
  if (!object.is_object()) {
    out.error = "attributes must be a JSON object";
    return out;
  }
  for (const auto& [name, v] : object.items()) {
    if (v.is_null()) {
      out.attributes[name] = NullValue{};
    } else if (v.is_string()) {
      out.attributes[name] = v.get<std::string>();
    } else if (v.is_boolean()) {
      out.attributes[name] = v.get<bool>();
    } else if (v.is_number_integer()) {
      out.attributes[name] = v.get<std::int64_t>();
    } else if (v.is_array()) {
      std::vector<std::string> values;
      for (const auto& item : v) {
        if (!item.is_string()) {
          out.error = "attribute '" + name + "': a multi-valued attribute must be an array of strings";
          return out;
        }
        values.push_back(item.get<std::string>());
      }
      out.attributes[name] = std::move(values);
    } else {
      out.error = "attribute '" + name + "': expected a string, a Boolean, an integer, an array of strings or null, found " +
                  std::string(v.type_name());
      return out;
    }
  }
  return out;
}

nlohmann::json attributes_to_json(const Attributes& attributes) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : attributes) {
    std::visit(
        [&, n = name](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, NullValue>)
            out[n] = nullptr;
          else
            out[n] = v;
        },
        value);
  }
  return out;
}

}  // namespace tf
