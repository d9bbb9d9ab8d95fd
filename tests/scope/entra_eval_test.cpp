// in_scope and clause_holds, operator by operator (expressions.md §8.2), including
// the null/empty rule, Boolean and Integer text forms and multi-valued attributes.
#include <doctest/doctest.h>

#include "compiler/scope/entra_filter.h"

using tf::Attributes;
using tf::scope::clause_holds;
using tf::scope::EntraFilter;
using tf::scope::FilterClause;
using tf::scope::in_scope;

namespace {

bool holds(const std::string& op, const std::string& value, const tf::AttributeValue& attribute) {
  FilterClause clause{op, "a", {}};
  if (!value.empty()) clause.values.push_back(value);
  return clause_holds(clause, Attributes{{"a", attribute}});
}

bool holds_on_absent(const std::string& op, const std::string& value) {
  FilterClause clause{op, "a", {}};
  if (!value.empty()) clause.values.push_back(value);
  return clause_holds(clause, Attributes{});
}

}  // namespace

TEST_CASE("entra evaluator: every operator but IS NULL is false on a null, absent or empty attribute") {
  const std::vector<std::pair<std::string, std::string>> ops = {
      {"EQUALS", "x"},        {"NOT EQUALS", "x"},   {"IS TRUE", ""},      {"IS FALSE", ""},
      {"IS NOT NULL", ""},    {"REGEX MATCH", ".*"}, {"NOT REGEX MATCH", "x"}, {"GREATER_THAN", "-5"},
      {"GREATER_THAN_OR_EQUALS", "-5"}, {"INCLUDES", ""}, {"ENDS_WITH", "x"}, {"&", "x,y"}, {"!&", "x,y"}};
  for (const auto& entry : ops) {
    const std::string& op = entry.first;
    const std::string& value = entry.second;
    INFO(op);
    CHECK_FALSE(holds(op, value, std::string()));
    CHECK_FALSE(holds(op, value, tf::NullValue{}));
    CHECK_FALSE(holds_on_absent(op, value));
    CHECK_FALSE(holds(op, value, std::vector<std::string>{}));
  }
  CHECK(holds("IS NULL", "", std::string()));
  CHECK(holds("IS NULL", "", tf::NullValue{}));
  CHECK(holds_on_absent("IS NULL", ""));
  CHECK(holds("IS NULL", "", std::vector<std::string>{""}));
}

TEST_CASE("entra evaluator: EQUALS and NOT EQUALS are case-sensitive and do not trim") {
  CHECK(holds("EQUALS", "Sales", std::string("Sales")));
  CHECK_FALSE(holds("EQUALS", "Sales", std::string("sales")));
  CHECK_FALSE(holds("EQUALS", "Sales", std::string(" Sales")));
  CHECK(holds("NOT EQUALS", "Sales", std::string("sales")));
  CHECK_FALSE(holds("NOT EQUALS", "Sales", std::string("Sales")));
}

TEST_CASE("entra evaluator: Booleans compare through their text True/False, integers through decimal text") {
  CHECK(holds("EQUALS", "True", true));
  CHECK_FALSE(holds("EQUALS", "true", true));
  CHECK(holds("EQUALS", "False", false));
  CHECK(holds("IS TRUE", "", true));
  CHECK_FALSE(holds("IS TRUE", "", false));
  CHECK(holds("IS FALSE", "", false));
  CHECK(holds("IS TRUE", "", std::string("True")));
  CHECK_FALSE(holds("IS TRUE", "", std::string("true")));
  CHECK(holds("EQUALS", "-42", std::int64_t{-42}));
  CHECK(holds("REGEX MATCH", "^-4", std::int64_t{-42}));
}

TEST_CASE("entra evaluator: the GREATER_THAN family is numeric and false for non-integers") {
  CHECK(holds("GREATER_THAN", "100", std::string("101")));
  CHECK_FALSE(holds("GREATER_THAN", "100", std::string("99")));
  CHECK_FALSE(holds("GREATER_THAN", "100", std::string("100")));
  CHECK(holds("GREATER_THAN_OR_EQUALS", "100", std::string("100")));
  CHECK(holds("GREATER_THAN", "9", std::int64_t{10}));
  CHECK_FALSE(holds("GREATER_THAN", "1", std::string("12abc")));
  CHECK_FALSE(holds("GREATER_THAN", "1", std::string("+5")));
  CHECK_FALSE(holds("GREATER_THAN", "1", true));
  CHECK_FALSE(holds("GREATER_THAN", "x", std::string("5")));
  CHECK(holds("GREATER_THAN", "-10", std::string("-9")));
}

TEST_CASE("entra evaluator: REGEX MATCH is an unanchored case-sensitive search; an invalid pattern never holds") {
  CHECK(holds("REGEX MATCH", "[1-9][0-9]", std::string("id 123")));
  CHECK_FALSE(holds("REGEX MATCH", "^[1-9][0-9]$", std::string("123")));
  CHECK_FALSE(holds("REGEX MATCH", "abc", std::string("ABC")));
  CHECK(holds("NOT REGEX MATCH", "abc", std::string("ABC")));
  CHECK_FALSE(holds("REGEX MATCH", "(", std::string("(")));
  CHECK_FALSE(holds("NOT REGEX MATCH", "(", std::string("x")));
}

TEST_CASE("entra evaluator: INCLUDES, ENDS_WITH, & and !& test containment") {
  CHECK(holds("INCLUDES", "Ops", std::string("Sales Ops")));
  CHECK_FALSE(holds("INCLUDES", "ops", std::string("Sales Ops")));
  CHECK(holds("ENDS_WITH", ".com", std::string("a@b.com")));
  CHECK_FALSE(holds("ENDS_WITH", ".com", std::string("a@b.com.au")));
  CHECK(holds("&", "Sales,Marketing", std::string("Sales")));
  CHECK_FALSE(holds("&", "Sales,Marketing", std::string("HR")));
  CHECK(holds("!&", "Sales,Marketing", std::string("HR")));
  CHECK_FALSE(holds("!&", "Sales,Marketing", std::string("Sales")));
}

TEST_CASE("entra evaluator: a multi-valued attribute holds only when every value does (comparison type All)") {
  using List = std::vector<std::string>;
  CHECK_FALSE(holds("EQUALS", "a", List{"a", "b"}));
  CHECK(holds("EQUALS", "a", List{"a", "a"}));
  CHECK(holds("ENDS_WITH", ".com", List{"x.com", "y.com"}));
  CHECK_FALSE(holds("ENDS_WITH", ".com", List{"x.com", ""}));
  CHECK(holds("IS NOT NULL", "", List{"", "x"}));
  CHECK_FALSE(holds("IS NULL", "", List{"", "x"}));
}

TEST_CASE("entra evaluator: operator names are matched case-insensitively with '_' for ' '; unknown ones never hold") {
  CHECK(holds("Greater_Than", "1", std::string("2")));
  CHECK(holds("not_equals", "1", std::string("2")));
  CHECK(holds("Includes", "b", std::string("abc")));
  CHECK(holds("is null", "", tf::NullValue{}));
  CHECK_FALSE(holds("LESS_THAN", "5", std::string("2")));
  CHECK_FALSE(holds("IS_MEMBER_OF", "x", std::string("x")));
}

TEST_CASE("entra evaluator: a binary clause without a value never holds") {
  CHECK_FALSE(clause_holds(FilterClause{"EQUALS", "a", {}}, Attributes{{"a", std::string("x")}}));
  CHECK_FALSE(clause_holds(FilterClause{"NOT EQUALS", "a", {}}, Attributes{{"a", std::string("x")}}));
}

TEST_CASE("entra evaluator: groups are ORed, clauses ANDed, no groups is everything, an empty group is true") {
  Attributes user{{"department", std::string("Sales")}, {"country", std::string("DE")}};
  FilterClause sales{"EQUALS", "department", {"Sales"}};
  FilterClause us{"EQUALS", "country", {"US"}};
  CHECK(in_scope(EntraFilter{}, user));
  CHECK(in_scope(EntraFilter{{{"g", {}}}}, user));
  CHECK_FALSE(in_scope(EntraFilter{{{"g", {sales, us}}}}, user));
  CHECK(in_scope(EntraFilter{{{"g1", {us}}, {"g2", {sales}}}}, user));
  CHECK_FALSE(in_scope(EntraFilter{{{"g1", {us}}}}, user));
}
