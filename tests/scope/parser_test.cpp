// The readable scope-filter grammar: the tree it builds (printed canonically), its
// precedence, and the exact column of each syntax error.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "compiler/diag/render.h"
#include "compiler/scope/grammar.h"
#include "compiler/scope/parser.h"
#include "compiler/scope/print.h"

using namespace tf::scope;

namespace {

// The canonical print of the parse, or "error <col>: <message>".
std::string parse(const std::string& text) {
  tf::Diagnostics diagnostics;
  NodePtr root = parse_scope_filter(tf::located_string_from(text, "f"), diagnostics);
  if (root) return print_filter(*root);
  REQUIRE(diagnostics.items().size() == 1);
  const auto& d = diagnostics.items()[0];
  return "error " + std::to_string(d.location.column) + ": " + d.message;
}

}  // namespace

TEST_CASE("scope parser: the grammar has no rule that can loop without consuming input") {
  CHECK(tao::pegtl::analyze<grammar::filter>(-1) == 0);
}

TEST_CASE("scope parser: every kind of atom parses and prints back canonically") {
  CHECK(parse(R"(department=="Sales")") == R"(department == "Sales")");
  CHECK(parse(R"(  department != "Sales"  )") == R"(department != "Sales")");
  CHECK(parse(R"(department in ["Sales","Engineering" , 42])") == R"(department in ["Sales", "Engineering", 42])");
  CHECK(parse(R"(mail matches "@contoso\\.com$")") == R"(mail matches "@contoso\\.com$")");
  CHECK(parse("accountEnabled is true") == "accountEnabled is true");
  CHECK(parse("accountEnabled is not false") == "accountEnabled is not false");
  CHECK(parse("jobTitle is  not\tnull") == "jobTitle is not null");
  CHECK(parse("employeeNumber > -5") == "employeeNumber > -5");
  CHECK(parse("employeeNumber>=5") == "employeeNumber >= 5");
  CHECK(parse("employeeNumber<5") == "employeeNumber < 5");
  CHECK(parse("employeeNumber <= 5") == "employeeNumber <= 5");
  CHECK(parse("extension_0123abcd_costCenter == \"7\"") == "extension_0123abcd_costCenter == \"7\"");
}

TEST_CASE("scope parser: string escapes keep \\\" and \\\\ and leave other backslashes for regexes") {
  tf::Diagnostics diagnostics;
  NodePtr root = parse_scope_filter(tf::located_string_from(R"(a matches "\"q\" \\ \d")", "f"), diagnostics);
  REQUIRE(root);
  CHECK(std::get<Atom>(root->value).values.at(0).text == R"("q" \ \d)");
}

TEST_CASE("scope parser: precedence is not > and > or, and parentheses group") {
  CHECK(parse("a is null or b is null and not c is null") == "a is null or b is null and not c is null");
  CHECK(parse("(a is null or b is null) and c is null") == "(a is null or b is null) and c is null");
  CHECK(parse("not (a is null and b is null)") == "not (a is null and b is null)");
  CHECK(parse("not not a is null") == "not not a is null");
  CHECK(parse("a is null and (b is null and c is null)") == "a is null and (b is null and c is null)");
  CHECK(parse("((a is null))") == "a is null");
}

TEST_CASE("scope parser: keywords are not attribute names, but words that start with one are") {
  CHECK(parse("notes is null and origin is null or index is null") ==
        "notes is null and origin is null or index is null");
  CHECK(parse("and == \"x\"") == "error 1: expected a condition: an attribute name, 'not' or '('");
}

TEST_CASE("scope parser: a long chain of 'and' stays one flat node") {
  std::string text = "a0 is null";
  for (int i = 1; i < 500; ++i) text += " and a" + std::to_string(i) + " is null";
  tf::Diagnostics diagnostics;
  NodePtr root = parse_scope_filter(tf::located_string_from(text, "f"), diagnostics);
  REQUIRE(root);
  CHECK(std::get<And>(root->value).operands.size() == 500);
}

TEST_CASE("scope parser: syntax errors point at the exact column") {
  CHECK(parse("") == "error 1: expected a condition: an attribute name, 'not' or '('");
  CHECK(parse("department") ==
        "error 11: expected a test after the attribute name: '==', '!=', 'in', 'matches', 'is', '>', '>=', '<' or "
        "'<='");
  CHECK(parse("department == ") == "error 15: expected a value: a string in double quotes or an integer");
  CHECK(parse("department = \"x\"") == "error 12: '=' is not an operator; write '==' to compare");
  CHECK(parse("department == 'x'") == "error 15: strings are written in double quotes: \"text\"");
  CHECK(parse("department == \"Sales") == "error 15: unterminated string: expected a closing '\"'");
  CHECK(parse("department == \"a\" \"b\"") == "error 19: expected 'and', 'or' or the end of the filter");
  CHECK(parse("a in \"x\"") == "error 6: expected '[' to start the list of values after 'in'");
  CHECK(parse("a in [\"x\" \"y\"]") == "error 11: expected ',' or ']' after a value in the list");
  CHECK(parse("a in []") == "error 7: expected a value: a string in double quotes or an integer");
  CHECK(parse("a matches x") == "error 11: expected a regular expression in double quotes after 'matches'");
  CHECK(parse("a is maybe") == "error 6: expected 'true', 'false' or 'null' after 'is'");
  CHECK(parse("a is not") == "error 9: expected 'true', 'false' or 'null' after 'is'");
  CHECK(parse("(a is null") == "error 11: expected ')' to close the '('");
  CHECK(parse("a is null and") == "error 14: expected a condition: an attribute name, 'not' or '('");
  CHECK(parse("a is null or") == "error 13: expected a condition after 'or': an attribute name, 'not' or '('");
  CHECK(parse("a is null && b is null") == "error 11: '&&' is not an operator; write 'and'");
  CHECK(parse("a is null || b is null") == "error 11: '||' is not an operator; write 'or'");
  CHECK(parse("!a is null") == "error 1: '!' is not an operator; write 'not' to negate");
  CHECK(parse("a > 99999999999999999999") == "error 5: integer '99999999999999999999' is out of range (at most 19 digits)");
  CHECK(parse("a == 5x") == "error 6: expected a value: a string in double quotes or an integer");
}

TEST_CASE("scope parser: nesting deeper than 100 levels is an error, not a stack overflow") {
  std::string deep(101, '(');
  CHECK(parse(deep + "a is null" + std::string(101, ')')).find("more than 100 levels deep") != std::string::npos);
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  CHECK(parse(nots + "a is null").find("more than 100 levels deep") != std::string::npos);
  std::string ok(90, '(');
  CHECK(parse(ok + "a is null" + std::string(90, ')')) == "a is null");
}

TEST_CASE("scope parser: an error inside a YAML scalar lands on the manifest column") {
  auto file = tf::make_source_file("org/scopes.yaml", "scopes:\n  s:\n    filter: 'department == \"Sales'\n");
  tf::LocatedString text;
  text.text = "department == \"Sales";
  text.start = tf::Location{file, 3, 14, 1};
  tf::Diagnostics diagnostics;
  CHECK_FALSE(parse_scope_filter(text, diagnostics));
  CHECK(tf::render_text(diagnostics) ==
        "org/scopes.yaml:3:28: error: unterminated string: expected a closing '\"'\n"
        "    filter: 'department == \"Sales'\n"
        "                           ^\n");
}
