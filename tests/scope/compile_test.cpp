// The scope compiler: each rewrite rule of negation under Entra's null semantics,
// simplification, the inexpressible cases at the column of their atom, and the
// bounds on the number of groups and clauses.
#include <doctest/doctest.h>

#include "compiler/scope/compile.h"

using namespace tf::scope;

namespace {

// Compact text of a compiled filter: groups joined by " | ", clauses by " & ".
std::string show(const EntraFilter& filter) {
  std::string out;
  for (std::size_t g = 0; g < filter.groups.size(); ++g) {
    if (g) out += " | ";
    const auto& clauses = filter.groups[g].clauses;
    for (std::size_t c = 0; c < clauses.size(); ++c) {
      if (c) out += " & ";
      out += clauses[c].source_operand + " " + clauses[c].operator_name;
      for (const std::string& v : clauses[c].values) out += " \"" + v + "\"";
    }
  }
  return out;
}

std::string compile(const std::string& text, const ScopeOptions& options = {}) {
  tf::Diagnostics diagnostics;
  auto filter = compile_scope_filter(tf::located_string_from(text, "f"), diagnostics, options);
  if (filter) {
    CHECK(diagnostics.empty());
    return show(*filter);
  }
  REQUIRE_FALSE(diagnostics.items().empty());
  const auto& d = diagnostics.items()[0];
  return "error " + std::to_string(d.location.column) + "+" + std::to_string(d.location.length) + " " + d.code +
         ": " + d.message;
}

}  // namespace

TEST_CASE("scope compiler: positive atoms map one to one onto Entra operators") {
  CHECK(compile(R"(department == "Sales")") == R"(department EQUALS "Sales")");
  CHECK(compile(R"(department != "Sales")") == R"(department NOT EQUALS "Sales")");
  CHECK(compile(R"(employeeNumber == 42)") == R"(employeeNumber EQUALS "42")");
  CHECK(compile(R"(mail matches "@contoso\.com$")") == R"(mail REGEX MATCH "@contoso\.com$")");
  CHECK(compile("accountEnabled is true") == "accountEnabled IS TRUE");
  CHECK(compile("accountEnabled is false") == "accountEnabled IS FALSE");
  CHECK(compile("jobTitle is null") == "jobTitle IS NULL");
  CHECK(compile("jobTitle is not null") == "jobTitle IS NOT NULL");
  CHECK(compile("employeeId > 1000") == R"(employeeId GREATER_THAN "1000")");
  CHECK(compile("employeeId >= -3") == R"(employeeId GREATER_THAN_OR_EQUALS "-3")");
}

TEST_CASE("scope compiler: 'in' becomes one group per value, and and/or become groups of clauses") {
  CHECK(compile(R"(department in ["Sales", "Engineering"])") ==
        R"(department EQUALS "Sales" | department EQUALS "Engineering")");
  CHECK(compile(R"(department in ["Sales", "Engineering"] and accountEnabled is true)") ==
        R"(department EQUALS "Sales" & accountEnabled IS TRUE | department EQUALS "Engineering" & accountEnabled IS TRUE)");
  CHECK(compile(R"((country == "US" or country == "DE") and (department == "A" or jobTitle is null))") ==
        R"(country EQUALS "US" & department EQUALS "A" | country EQUALS "US" & jobTitle IS NULL | )"
        R"(country EQUALS "DE" & department EQUALS "A" | country EQUALS "DE" & jobTitle IS NULL)");
}

TEST_CASE("scope compiler: negation is pushed down exactly under Entra's null semantics") {
  CHECK(compile(R"(not department == "Sales")") == R"(department NOT EQUALS "Sales" | department IS NULL)");
  CHECK(compile(R"(not department != "Sales")") == R"(department EQUALS "Sales" | department IS NULL)");
  CHECK(compile(R"(not department in ["A", "B"])") ==
        R"(department NOT EQUALS "A" & department NOT EQUALS "B" | department IS NULL)");
  CHECK(compile(R"(not mail matches "x")") == R"(mail NOT REGEX MATCH "x" | mail IS NULL)");
  CHECK(compile("not jobTitle is null") == "jobTitle IS NOT NULL");
  CHECK(compile("not jobTitle is not null") == "jobTitle IS NULL");
  CHECK(compile("not not jobTitle is null") == "jobTitle IS NULL");
}

TEST_CASE("scope compiler: Boolean negations keep the users whose attribute is null") {
  CHECK(compile("not accountEnabled is true") == "accountEnabled IS FALSE | accountEnabled IS NULL");
  CHECK(compile("accountEnabled is not true") == "accountEnabled IS FALSE | accountEnabled IS NULL");
  CHECK(compile("not accountEnabled is false") == "accountEnabled IS TRUE | accountEnabled IS NULL");
  CHECK(compile("accountEnabled is not false") == "accountEnabled IS TRUE | accountEnabled IS NULL");
  CHECK(compile("not accountEnabled is not true") == "accountEnabled IS TRUE");
}

TEST_CASE("scope compiler: De Morgan turns a negated 'and' into groups and a negated 'or' into one group") {
  CHECK(compile(R"(not (a == "x" and b is null))") == R"(a NOT EQUALS "x" | a IS NULL | b IS NOT NULL)");
  CHECK(compile(R"(not (a == "x" or b is null))") == R"(a NOT EQUALS "x" & b IS NOT NULL | a IS NULL & b IS NOT NULL)");
}

TEST_CASE("scope compiler: simplification drops duplicates, contradictions and implied clauses") {
  CHECK(compile(R"(a == "x" and a == "x")") == R"(a EQUALS "x")");
  CHECK(compile(R"(a == "x" or a == "x")") == R"(a EQUALS "x")");
  CHECK(compile(R"(a == "x" and not a == "y")") == R"(a EQUALS "x")");
  CHECK(compile(R"(a is not null and a matches "q")") == R"(a REGEX MATCH "q")");
  CHECK(compile(R"((a == "x" or b is null) and a is not null)") == R"(a EQUALS "x" | b IS NULL & a IS NOT NULL)");
  CHECK(compile(R"(a == "x" or a == "x" and b is null)") == R"(a EQUALS "x")");
  CHECK(compile(R"(c is true and (a == "x" or not a == "x"))") ==
        R"(c IS TRUE & a EQUALS "x" | c IS TRUE & a NOT EQUALS "x" | c IS TRUE & a IS NULL)");
}

TEST_CASE("scope compiler: a filter that can never be true is an error, since no groups means everyone") {
  CHECK(compile(R"(a == "x" and a == "y")") ==
        "error 1+21 scope-never-true: this filter can never be true, and Entra reads a filter with no groups as "
        "'every user'; remove the contradiction");
  CHECK(compile("a is null and a is not null").rfind("error 1+27 scope-never-true", 0) == 0);
  CHECK(compile("accountEnabled is true and accountEnabled is false").rfind("error 1+", 0) == 0);
}

TEST_CASE("scope compiler: '<' and '<=' cannot be expressed and are reported at their operator") {
  CHECK(compile("department == \"x\" and employeeNumber < 10") ==
        "error 38+1 scope-inexpressible: '<' cannot be expressed: Entra scoping filters have no LESS_THAN operator; "
        "rephrase the condition with '>' or '>=', or use 'matches' with a regular expression over the digits (e.g. "
        "'employeeNumber matches \"^[0-9]{1,3}$\"' for 0 to 999)");
  CHECK(compile("employeeNumber <= 10").rfind("error 16+2 scope-inexpressible: '<=' cannot be expressed", 0) == 0);
}

TEST_CASE("scope compiler: a negated '>' cannot be expressed, a doubly negated one can") {
  CHECK(compile("not employeeNumber > 10")
            .rfind("error 20+1 scope-inexpressible: 'not' over '>' cannot be expressed: it would need a LESS_THAN", 0) ==
        0);
  CHECK(compile("not (a is null or employeeNumber >= 10)").rfind("error 34+2 scope-inexpressible", 0) == 0);
  CHECK(compile("not not employeeNumber > 10") == R"(employeeNumber GREATER_THAN "10")");
}

TEST_CASE("scope compiler: attributes scoping cannot use are reported at the attribute") {
  CHECK(compile(R"(a is null and userType == "Member")")
            .rfind("error 15+8 scope-unsupported-attribute: 'userType' is not available as a source attribute", 0) == 0);
  CHECK(compile(R"(appRoleAssignments == "msiam_access")").rfind("error 1+18 scope-unsupported-attribute", 0) == 0);
  CHECK(compile(R"(manager is not null)").rfind("error 1+7 scope-unsupported-attribute", 0) == 0);
  CHECK(compile(R"(employeeHireDate is null)").find("date attribute 'employeeHireDate'") != std::string::npos);
  CHECK(compile(R"(proxyAddresses matches "x")").find("multi-valued attribute 'proxyAddresses'") != std::string::npos);
  CHECK(compile(R"(Department == "x")") ==
        "error 1+10 scope-attribute-case: unknown attribute 'Department'; attribute names are case-sensitive: did "
        "you mean 'department'?");
}

TEST_CASE("scope compiler: values that cannot work are reported at the value") {
  CHECK(compile(R"(employeeId > "10")") ==
        "error 14+4 scope-not-integer: '>' compares integers, found a string; write a whole number without quotes, "
        "e.g. 'employeeId > 100'");
  CHECK(compile(R"(mail matches "(abc")") ==
        "error 14+6 scope-invalid-regex: invalid regular expression: missing closing parenthesis at offset 4");
  CHECK(compile(R"(jobTitle == "")") ==
        "error 13+2 scope-empty-string: comparing with an empty string never matches: Entra treats an empty value as "
        "null and every test but 'is null' as false on it; write 'jobTitle is null'");
  CHECK(compile(R"(jobTitle != "")").find("write 'jobTitle is not null'") != std::string::npos);
  CHECK(compile(R"(jobTitle in ["a", ""])").rfind("error 19+2 scope-empty-string", 0) == 0);
}

TEST_CASE("scope compiler: Boolean and integer tests on attributes of the other type are type errors") {
  CHECK(compile("department is true").rfind("error 12+7 scope-type: 'is true' and 'is false' test Boolean", 0) == 0);
  CHECK(compile("accountEnabled > 1").rfind("error 16+1 scope-type: '>' compares integers, but 'accountEnabled'", 0) ==
        0);
}

TEST_CASE("scope compiler: every error of a filter is reported, not only the first") {
  tf::Diagnostics diagnostics;
  CHECK_FALSE(compile_scope_filter(tf::located_string_from(R"(a < 1 or manager == "x" or b matches "(")", "f"),
                                   diagnostics));
  CHECK(diagnostics.error_count() == 3);
}

TEST_CASE("scope compiler: the number of groups is bounded and the error says how many would be needed") {
  ScopeOptions small;
  small.max_groups = 3;
  CHECK(compile(R"(a in ["1", "2", "3"])", small) == R"(a EQUALS "1" | a EQUALS "2" | a EQUALS "3")");
  CHECK(compile(R"(a in ["1", "2"] and b in ["1", "2"])", small).rfind(
            "error 1+35 scope-too-large: this filter needs 4 Entra scoping groups, more than the 3 allowed", 0) == 0);
  std::string big;  // 2^30 groups: rejected from the count, without being built
  for (int i = 0; i < 30; ++i) big += (i ? " and " : "") + std::string("(x") + std::to_string(i) + " is null or y" +
                                      std::to_string(i) + " is null)";
  CHECK(compile(big).find("would need up to 1073741824 Entra scoping groups") != std::string::npos);
}

TEST_CASE("scope compiler: the number of clauses per group is bounded") {
  ScopeOptions small;
  small.max_clauses_per_group = 2;
  CHECK(compile("a is null and b is null", small) == "a IS NULL & b IS NULL");
  CHECK(compile("a is null and b is null and c is null", small) ==
        "error 1+37 scope-too-large: group 1 of this filter needs 3 clauses, more than the 2 allowed in one group; "
        "use 'matches' to combine tests of one attribute");
}

TEST_CASE("scope compiler: groups are named deterministically") {
  tf::Diagnostics diagnostics;
  auto filter = compile_scope_filter(tf::located_string_from(R"(a in ["1", "2"])", "f"), diagnostics);
  REQUIRE(filter);
  CHECK(filter->groups.at(0).name == "tenantform 1");
  CHECK(filter->groups.at(1).name == "tenantform 2");
}
