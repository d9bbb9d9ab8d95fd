// The pure parts of observe (runtime/observe/normalise.h): versions, managed paths
// and the canonical shapes of attribute mappings and scoping filters.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "runtime/observe/normalise.h"

using nlohmann::json;
using namespace tf::observe;

TEST_CASE("normalise: a version ignores @odata annotations and key order but not values") {
  json a = {{"tenantId", "x"}, {"automaticUserConsentSettings", {{"inboundAllowed", true}}}};
  json b = json::parse(R"({"automaticUserConsentSettings":{"inboundAllowed":true},"@odata.context":"c","tenantId":"x"})");
  CHECK(version_of(a) == version_of(b));
  CHECK(version_of(a).size() == 64);
  json c = a;
  c["automaticUserConsentSettings"]["inboundAllowed"] = false;
  CHECK(version_of(a) != version_of(c));
}

TEST_CASE("normalise: value_at reads nested paths and gives null for absent or malformed ones") {
  json o = {{"a", {{"b", 3}}}, {"n", nullptr}};
  CHECK(value_at(o, "/a/b") == 3);
  CHECK(value_at(o, "/a/c").is_null());
  CHECK(value_at(o, "/x/y").is_null());
  CHECK(value_at(o, "no-slash").is_null());
}

TEST_CASE("normalise: without_paths drops the managed paths and annotations and keeps siblings") {
  json o = {{"@odata.context", "c"}, {"s", {{"in", true}, {"out", false}}}, {"t", 1}};
  json u = without_paths(o, {"/s/in", "/missing/x"});
  CHECK(u == json{{"s", {{"out", false}}}, {"t", 1}});
}

TEST_CASE("normalise: attribute mappings are sorted by target and get Graph's defaults") {
  json mappings = json::parse(R"J([
    {"targetAttributeName":"mail","source":{"type":"Attribute","name":"mail","expression":"[mail]"},
     "exportMissingReferences":false,"flowType":"Always"},
    {"targetAttributeName":"displayName","defaultValue":"x","flowBehavior":"FlowAlways","matchingPriority":2,
     "source":{"type":"Function","name":"Trim","expression":"Trim([displayName])",
               "parameters":[{"key":"source","value":{"type":"Attribute","name":"displayName","expression":"[displayName]"}}]}}
  ])J");
  json out = normalise_attribute_mappings(mappings);
  REQUIRE(out.size() == 2);
  CHECK(out[0]["targetAttributeName"] == "displayName");
  CHECK(out[0]["flowBehavior"] == "FlowAlways");
  CHECK(out[0]["matchingPriority"] == 2);
  CHECK(out[0]["source"]["parameters"][0]["value"]["parameters"] == json::array());
  CHECK(out[1] == json::parse(R"({"targetAttributeName":"mail","defaultValue":null,"flowBehavior":"FlowWhenChanged",
    "flowType":"Always","matchingPriority":0,
    "source":{"type":"Attribute","name":"mail","expression":"[mail]","parameters":[]}})"));
}

TEST_CASE("normalise: no scope is the empty filter and one with groups keeps Graph's shape") {
  json empty = {{"groups", json::array()}, {"inputFilterGroups", json::array()}, {"categoryFilterGroups", json::array()}};
  CHECK(normalise_scope(nullptr) == empty);
  CHECK(normalise_scope(json{{"groups", json::array()}}) == empty);
  json scope = json::parse(R"({"groups":[{"name":"g","clauses":[{"operatorName":"EQUALS","sourceOperandName":"department",
    "targetOperand":{"values":["Sales"]}}]}]})");
  json out = normalise_scope(scope);
  CHECK(out["groups"][0]["clauses"][0]["operatorName"] == "EQUALS");
  CHECK(out["groups"][0]["clauses"][0]["targetOperand"]["values"] == json{"Sales"});
}

TEST_CASE("normalise: the user object mapping is found by name, else by User -> User") {
  json schema = json::parse(R"({"synchronizationRules":[{"objectMappings":[
    {"name":"Groups","sourceObjectName":"Group","targetObjectName":"Group"},
    {"name":"Other users","sourceObjectName":"User","targetObjectName":"User"},
    {"name":"Provision Azure Active Directory Users","sourceObjectName":"User","targetObjectName":"User"}]}]})");
  CHECK(user_object_mapping(schema)["name"] == "Provision Azure Active Directory Users");
  schema["synchronizationRules"][0]["objectMappings"].erase(2);
  CHECK(user_object_mapping(schema)["name"] == "Other users");
  CHECK(user_object_mapping(json::object()).is_null());
}

TEST_CASE("normalise: redacted secrets and OData literals") {
  CHECK(looks_redacted(nullptr));
  CHECK(looks_redacted("*****"));
  CHECK_FALSE(looks_redacted("SyncPolicy"));
  CHECK_FALSE(looks_redacted(""));
  CHECK(odata_string("O'Brien") == "'O''Brien'");
}
