// The attributes of one directory object (a source user) as the expression and
// scope evaluators see them. Typing follows shared/reference/expressions.md §9.1:
// a JSON string is a single-valued string, true/false a Boolean, an integer an
// Integer, an array of strings a multi-valued attribute, and null or a missing key
// means the attribute is absent (null).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tf {

struct NullValue {
  bool operator==(const NullValue&) const = default;
};

using AttributeValue = std::variant<NullValue, std::string, bool, std::int64_t, std::vector<std::string>>;

// Ordered, with heterogeneous lookup so a std::string_view finds a key.
using Attributes = std::map<std::string, AttributeValue, std::less<>>;

// The value of `name`, or nullptr when absent. Names are case-sensitive.
const AttributeValue* find_attribute(const Attributes& attributes, std::string_view name);

bool is_null(const AttributeValue& value);

// The single-valued text of a value: Booleans as True/False, integers in decimal,
// a multi-valued attribute as its first value (expressions.md §3.2); nullopt for null
// and for an empty multi-valued attribute.
std::optional<std::string> attribute_text(const AttributeValue& value);

// From and to the JSON typing above. A value of another JSON type (an object, a
// float, an array holding non-strings) is rejected with a message naming `name`.
struct AttributesFromJson {
  Attributes attributes;
  std::string error;  // empty on success
};
AttributesFromJson attributes_from_json(const nlohmann::json& object);
nlohmann::json attributes_to_json(const Attributes& attributes);

}  // namespace tf
