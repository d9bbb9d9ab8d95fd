// Attribute values: JSON typing of shared/reference/expressions.md §9.1.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "compiler/core/attributes.h"

using namespace tf;

TEST_CASE("attributes: JSON types map to string, Boolean, integer, multi-valued and null") {
  const char* text =
      R"({"displayName":"Ann","accountEnabled":true,"employeeNumber":42,"proxyAddresses":["a","b"],"mail":null})";
  auto r = attributes_from_json(nlohmann::json::parse(text));
  REQUIRE(r.error.empty());
  CHECK(attribute_text(r.attributes["displayName"]) == "Ann");
  CHECK(attribute_text(r.attributes["accountEnabled"]) == "True");
  CHECK(attribute_text(r.attributes["employeeNumber"]) == "42");
  CHECK(attribute_text(r.attributes["proxyAddresses"]) == "a");
  CHECK(is_null(r.attributes["mail"]));
  CHECK(find_attribute(r.attributes, "DisplayName") == nullptr);
  CHECK(attributes_to_json(r.attributes) == nlohmann::json::parse(text));
}

TEST_CASE("attributes: a float or an object is rejected with the attribute's name") {
  CHECK(attributes_from_json(nlohmann::json::parse(R"({"x":1.5})")).error.find("'x'") != std::string::npos);
  CHECK(!attributes_from_json(nlohmann::json::parse(R"({"y":{"a":1}})")).error.empty());
  CHECK(!attributes_from_json(nlohmann::json::parse(R"({"z":[1]})")).error.empty());
  CHECK(!attributes_from_json(nlohmann::json::parse(R"([1])")).error.empty());
}
