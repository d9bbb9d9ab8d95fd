// The pure parts of observe (runtime/observe/normalise.h): versions, managed paths
// and the canonical shapes of attribute mappings and scoping filters.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/core/sha256.h"
#include "runtime/observe/normalise.h"
#include "runtime/observe/version.h"

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

TEST_CASE("normalise: a version is the sha256 of the object's dump without annotations and skipped keys") {
  json a = json::parse(R"({"b":[1,{"x":"\u00e9\""}],"@odata.etag":"e","a":null,"status":{"n":1},"c":"q"})");
  CHECK(version_of(a) == tf::sha256_hex(R"({"a":null,"b":[1,{"x":"é\""}],"c":"q","status":{"n":1}})"));
  CHECK(version_of(a, {"status"}) == tf::sha256_hex(R"({"a":null,"b":[1,{"x":"é\""}],"c":"q"})"));
  CHECK(version_of(json::object()) == tf::sha256_hex("{}"));
  CHECK(version_of(json::object({{"status", 1}}), {"status"}) == tf::sha256_hex("{}"));
  CHECK(version_of(json::array({1, 2})) == tf::sha256_hex("[1,2]"));
}

TEST_CASE("normalise: a version hashes exactly the bytes json::dump() writes, for every kind of value") {
  const std::vector<json> values{
      json::parse(R"({"s":"tab\there \"quoted\" back\\slash \u0001\u001f\u007f é € 😀 \b\f\n\r/"})"),
      json::parse(R"({"i":-42,"u":18446744073709551615,"z":0,"f":1.5,"e":1e300,"n":-0.0,"small":1e-7,"big":12345678901234.5})"),
      json::parse(R"({"nested":{"a":[[],{},[{}],[1,[2,[3]]]],"":""},"t":true,"f":false,"null":null,"k\"ey":"v"})"),
      json::array({1, "two", nullptr, json::object(), json::array()}),
      json("plain"),
      json(3),
      json(nullptr),
  };
  for (const json& value : values) {
    CAPTURE(value.dump());
    json without = value;
    if (without.is_object()) without.erase("s");
    CHECK(version_of(value) == tf::sha256_hex(value.dump()));
    if (value.is_object()) CHECK(version_of(value, {"s"}) == tf::sha256_hex(without.dump()));
  }
}

TEST_CASE("normalise: read_version hashes each kind's versioned view, however it is computed") {
  using tf::plan::ResourceKind;
  json partner = json::parse(R"({"tenantId":"t","identitySynchronization":{"a":1},"inboundTrust":null,"@odata.id":"x"})");
  json job = json::parse(R"({"id":"j","status":{"code":"Active"},"schedule":{"state":"Active"},"templateId":"Azure2Azure"})");
  json secrets = json::parse(R"({"value":[{"key":"SyncAll","value":"true"},{"key":"CompanyId","value":"c"}]})");
  json assignments = json::parse(R"({"value":[{"id":"b","principalId":"p"},{"id":"a","principalId":"q"}]})");
  json schema = json::parse(R"({"id":"s","synchronizationRules":[{"name":"r"}],"@odata.context":"c"})");
  const std::vector<std::pair<ResourceKind, json>> reads{
      {ResourceKind::PartnerConfiguration, partner}, {ResourceKind::IdentitySyncPolicy, partner["identitySynchronization"]},
      {ResourceKind::SyncJob, job},                  {ResourceKind::JobState, job},
      {ResourceKind::SyncSecrets, secrets},          {ResourceKind::AppRoleAssignments, assignments},
      {ResourceKind::SyncSchema, schema},            {ResourceKind::SyncApp, json{{"id", "sp"}, {"tags", {"x"}}}}};
  for (const auto& [kind, read] : reads) {
    CAPTURE(tf::plan::resource_kind_name(kind));
    CHECK(read_version(kind, read) == version_of(versioned_view(kind, read)));
  }
  json changed = job;
  changed["status"]["code"] = "Quarantine";
  CHECK(read_version(ResourceKind::SyncJob, changed) == read_version(ResourceKind::SyncJob, job));
  changed["templateId"] = "Other";
  CHECK(read_version(ResourceKind::SyncJob, changed) != read_version(ResourceKind::SyncJob, job));
  json with_policy = partner;
  with_policy["identitySynchronization"]["a"] = 2;
  CHECK(read_version(ResourceKind::PartnerConfiguration, with_policy) ==
        read_version(ResourceKind::PartnerConfiguration, partner));
  // A schema's directories (rediscovered by Graph, re-read by apply) are not versioned;
  // its rules are.
  json discovered = schema;
  discovered["directories"] = json::parse(R"([{"id":"d","discoveryDateTime":"2026-11-22T10:00:00Z","objects":[]}])");
  CHECK(read_version(ResourceKind::SyncSchema, discovered) == read_version(ResourceKind::SyncSchema, schema));
  CHECK(versioned_view(ResourceKind::SyncSchema, discovered) == versioned_view(ResourceKind::SyncSchema, schema));
  discovered["synchronizationRules"][0]["name"] = "other";
  CHECK(read_version(ResourceKind::SyncSchema, discovered) != read_version(ResourceKind::SyncSchema, schema));
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
  REQUIRE(user_object_mapping(schema));
  CHECK((*user_object_mapping(schema))["name"] == "Provision Azure Active Directory Users");
  schema["synchronizationRules"][0]["objectMappings"].erase(2);
  REQUIRE(user_object_mapping(schema));
  CHECK((*user_object_mapping(schema))["name"] == "Other users");
  user_object_mapping(schema)->erase("name");  // in place: apply edits the schema through it
  CHECK_FALSE(schema["synchronizationRules"][0]["objectMappings"][1].contains("name"));
  schema["synchronizationRules"][0]["objectMappings"][1]["targetObjectName"] = "Contact";  // User -> Contact is not it
  CHECK(user_object_mapping(schema) == nullptr);
  CHECK(user_object_mapping(json::object()) == nullptr);
  CHECK(user_object_mapping(json::parse(R"({"synchronizationRules":"none"})")) == nullptr);
  const json read_only = json::parse(R"({"synchronizationRules":[{"objectMappings":[{"name":"Provision Azure Active Directory Users"}]}]})");
  CHECK(user_object_mapping(read_only) == &read_only["synchronizationRules"][0]["objectMappings"][0]);
}

TEST_CASE("normalise: redacted secrets and OData literals") {
  CHECK(looks_redacted(nullptr));
  CHECK(looks_redacted("*****"));
  CHECK_FALSE(looks_redacted("SyncPolicy"));
  CHECK_FALSE(looks_redacted(""));
  CHECK(odata_string("O'Brien") == "'O''Brien'");
}
