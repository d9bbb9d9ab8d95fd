// The JSON form of Entra filters: Graph's exact shape, normalised operator names,
// errors returned as messages, and validate_filter.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/scope/entra_filter.h"
#include "compiler/scope/filter_operator.h"
#include "compiler/scope/validate.h"

using nlohmann::json;
using namespace tf::scope;

TEST_CASE("entra filter: to_json writes Graph's shape and filter_from_json reads it back") {
  EntraFilter filter{{{"tenantform 1",
                       {{"EQUALS", "department", {"Sales"}}, {"IS NOT NULL", "jobTitle", {}}}}}};
  json j = to_json(filter);
  CHECK(j == json::parse(R"({"groups":[{"name":"tenantform 1","clauses":[
      {"operatorName":"EQUALS","sourceOperandName":"department","targetOperand":{"values":["Sales"]}},
      {"operatorName":"IS NOT NULL","sourceOperandName":"jobTitle","targetOperand":{"values":[]}}]}],
      "inputFilterGroups":[],"categoryFilterGroups":[]})"));
  auto back = filter_from_json(j);
  CHECK(back.error.empty());
  CHECK(back.filter == filter);
}

TEST_CASE("entra filter: a null scope and a missing groups key read as the empty filter") {
  CHECK(filter_from_json(json(nullptr)).filter.groups.empty());
  CHECK(filter_from_json(json::object()).error.empty());
}

TEST_CASE("entra filter: known operator names are normalised to their canonical spelling, unknown ones kept") {
  auto read = filter_from_json(json::parse(R"({"groups":[{"clauses":[
      {"operatorName":"Greater_Than","sourceOperandName":"a","targetOperand":{"values":["1"]}},
      {"operatorName":"includes","sourceOperandName":"a","targetOperand":{"values":["1"]}},
      {"operatorName":"LESS_THAN","sourceOperandName":"a","targetOperand":{"values":["1"]}}]}]})"));
  REQUIRE(read.error.empty());
  const auto& clauses = read.filter.groups.at(0).clauses;
  CHECK(clauses[0].operator_name == "GREATER_THAN");
  CHECK(clauses[1].operator_name == "INCLUDES");
  CHECK(clauses[2].operator_name == "LESS_THAN");
}

TEST_CASE("entra filter: malformed JSON is reported as a message naming where, never thrown") {
  CHECK(filter_from_json(json(3)).error == "a scope filter must be an object or null, found number");
  CHECK(filter_from_json(json::parse(R"({"groups":{}})")).error == "'groups' must be an array, found object");
  CHECK(filter_from_json(json::parse(R"({"groups":[{"clauses":[{"sourceOperandName":"a"}]}]})")).error ==
        "groups[0].clauses[0]: missing 'operatorName'");
  CHECK(filter_from_json(json::parse(
                             R"({"groups":[{"clauses":[{"operatorName":"EQUALS","sourceOperandName":"a","targetOperand":{"values":[1]}}]}]})"))
            .error == "groups[0].clauses[0]: 'targetOperand.values' must hold strings, found number");
  CHECK(filter_from_json(json::parse(R"({"groups":[],"inputFilterGroups":[{"clauses":[]}]})")).error ==
        "'inputFilterGroups' holds 1 group(s); tenantform manages only 'groups' (move the clauses there)");
  auto partial = filter_from_json(json::parse(R"({"groups":[{"clauses":[]}, 5]})"));
  CHECK(partial.error == "groups[1]: a group must be an object, found number");
  CHECK(partial.filter.groups.empty());
}

TEST_CASE("entra filter: every canonical operator name round-trips through operator_from_name") {
  auto names = all_operator_names();
  CHECK(names.size() == 14);
  for (const std::string& name : names) {
    auto op = operator_from_name(name);
    REQUIRE(op);
    CHECK(operator_name(*op) == name);
  }
}

TEST_CASE("validate_filter: reports unknown operators, arity, bad values and attributes scoping cannot use") {
  auto where = tf::located_string_from("raw", "scope.yaml").start;
  EntraFilter filter{{{"g",
                       {{"EQULAS", "department", {"Sales"}},
                        {"IS NULL", "jobTitle", {"x"}},
                        {"EQUALS", "department", {}},
                        {"REGEX MATCH", "mail", {"(abc"}},
                        {"GREATER_THAN", "employeeId", {"ten"}},
                        {"EQUALS", "manager", {"x"}},
                        {"EQUALS", "Department", {"x"}},
                        {"IS TRUE", "department", {}},
                        {"EQUALS", "employeeHireDate", {"x"}}}}}};
  tf::Diagnostics diagnostics;
  CHECK_FALSE(validate_filter(filter, diagnostics, where));
  std::vector<std::string> messages;
  for (const auto& d : diagnostics.items()) messages.push_back(d.code + ": " + d.message);
  std::vector<std::string> expected = {
      "scope-unknown-operator: group 'g', clause 1: unknown scoping operator 'EQULAS'; did you mean 'EQUALS'?",
      "scope-arity: group 'g', clause 2: 'IS NULL' takes no value, found 1",
      "scope-arity: group 'g', clause 3: 'EQUALS' takes exactly one value, found 0",
      "scope-invalid-regex: group 'g', clause 4: invalid regular expression '(abc' in 'REGEX MATCH': missing "
      "closing parenthesis at offset 4",
      "scope-not-integer: group 'g', clause 5: 'GREATER_THAN' compares integers, found 'ten'; write a whole number "
      "such as '1000'",
      "scope-unsupported-attribute: group 'g', clause 6: scoping filters cannot use the reference attribute "
      "'manager'; filter on an attribute of the user itself",
      "scope-attribute-case: group 'g', clause 7: unknown attribute 'Department'; attribute names are "
      "case-sensitive: did you mean 'department'?",
      "scope-type: group 'g', clause 8: 'IS TRUE' tests a Boolean attribute, but 'department' is a string "
      "attribute; compare its text with 'EQUALS' instead",
      "scope-unsupported-attribute: group 'g', clause 9: scoping filters cannot use the date attribute "
      "'employeeHireDate'; copy the value into a directory extension as text and filter on that",
  };
  CHECK(messages == expected);
}

TEST_CASE("validate_filter: a valid filter passes and an empty group is only a warning") {
  auto where = tf::located_string_from("raw", "scope.yaml").start;
  tf::Diagnostics diagnostics;
  CHECK(validate_filter(EntraFilter{{{"g", {{"EQUALS", "department", {"Sales"}}, {"IS TRUE", "accountEnabled", {}}}},
                                     {"empty", {}}}},
                        diagnostics, where));
  REQUIRE(diagnostics.items().size() == 1);
  CHECK(diagnostics.items()[0].severity == tf::Severity::Warning);
  CHECK(diagnostics.items()[0].message == "group 'empty' has no clauses, so it puts every user in scope");
}
