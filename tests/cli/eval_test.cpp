// `tenantform eval`: one expression on a sample user (value, list, null note, caret
// errors, exit codes), and --jsonl (one answer line per input line, garbage included).
#include <doctest/doctest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/support/util.h"

using nlohmann::json;
using tf::test::run_tenantform;

namespace {

std::vector<json> answer_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) lines.push_back(json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("eval: prints the value of an expression on the user given as inline JSON") {
  auto r = run_tenantform({"eval", R"~(Join(" ", [givenName], [surname]))~", "--user-json",
                      R"~({"givenName": "Zoë", "surname": "Doe"})~"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "Zoë Doe\n");
  CHECK(r.err.empty());
}

TEST_CASE("eval: reads the user from a file and prints a multi-valued result one value per line") {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "user.json", R"~({"proxyAddresses": ["SMTP:a@contoso.com", "smtp:b@contoso.com"]})~");
  auto r = run_tenantform({"eval", "RemoveDuplicates([proxyAddresses])", "--user", (dir.path() / "user.json").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "SMTP:a@contoso.com\nsmtp:b@contoso.com\n");
}

TEST_CASE("eval: a null result prints nothing and says so on stderr; --json prints null") {
  auto r = run_tenantform({"eval", "[mail]"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("the result is null") != std::string::npos);
  r = run_tenantform({"eval", "[mail]", "--json"});
  CHECK(r.out == "null\n");
}

TEST_CASE("eval: --now fixes the clock that Now() reads") {
  auto r = run_tenantform({"eval", R"~(DateAdd("d", 1, Now()))~", "--now", "2021-07-02T15:33:38Z"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "7/3/2021 3:33:38 PM\n");
  r = run_tenantform({"eval", "Now()", "--now", "last tuesday"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--now") != std::string::npos);
}

TEST_CASE("eval: an evaluation error is rendered with a caret under the failing argument and exits 1") {
  auto r = run_tenantform({"eval", R"~(Mid("abc", 0, 1))~"});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find("<expression>:1:12: error: 'start' of 'Mid' is 1-based") != std::string::npos);
  CHECK(r.err.find("           ^") != std::string::npos);
}

TEST_CASE("eval: parse and type errors point into the expression and exit 1") {
  auto r = run_tenantform({"eval", R"~(Jion("a"))~"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("<expression>:1:1: error: unknown function 'Jion'; did you mean 'Join'?") != std::string::npos);
  r = run_tenantform({"eval", R"~(Append("a"))~"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("<expression>:1:") != std::string::npos);
  r = run_tenantform({"eval", "[a]", "--user-json", "{not json"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--user-json is not JSON") != std::string::npos);
}

TEST_CASE("eval --jsonl: answers every line, in order, with a value, an error or a scope decision") {
  std::string input =
      R"~({"expression": "Join(\", \", \"\", [surname], [givenName])", "attributes": {"givenName": "John", "surname": "Doe"}})~"
      "\n"
      R"~({"expression": "Now()", "now": "2021-07-02T15:33:38Z"})~"
      "\n"
      R"~({"expression": "SelectUniqueValue(\"a\", \"b\")", "existingValues": ["a"]})~"
      "\n"
      R"~({"expression": "Split([x], \",\")", "attributes": {"x": "a,b"}})~"
      "\n"
      R"~({"expression": "IgnoreFlowIfNullOrEmpty([x])"})~"
      "\n"
      R"~({"expression": "[missing]"})~"
      "\n"
      R"~({"expression": "Item([p], 3)", "attributes": {"p": ["a"]}})~"
      "\n"
      R"~({"expression": "IIF([a] AND [b], 1, 2)"})~"
      "\n"
      R"~({"filter": {"groups": [{"clauses": [{"operatorName": "EQUALS", "sourceOperandName": "department", "targetOperand": {"values": ["Sales"]}}]}]}, "attributes": {"department": "Sales"}})~"
      "\n";
  auto r = run_tenantform({"eval", "--jsonl"}, input);
  CHECK(r.exit_code == 0);
  auto lines = answer_lines(r.out);
  REQUIRE(lines.size() == 9);
  CHECK(lines[0] == json{{"value", "Doe, John"}});
  CHECK(lines[1] == json{{"value", "7/2/2021 3:33:38 PM"}});
  CHECK(lines[2] == json{{"value", "b"}});
  CHECK(lines[3] == json{{"value", {"a", "b"}}});
  CHECK(lines[4] == json{{"value", {{"ignoreFlow", true}}}});
  CHECK(lines[5] == json{{"value", nullptr}});
  CHECK(lines[6]["error"] == "EvaluationError");
  CHECK(lines[7]["error"] == "ParseError");
  CHECK(lines[8] == json{{"inScope", true}});
}

TEST_CASE("eval --jsonl: garbage, empty and incomplete lines get an InvalidInput line each, never a crash") {
  std::string input = "not json at all\n\n[1, 2]\n{\"x\": 1}\n{\"expression\": 42}\n"
                      "{\"expression\": \"[a]\", \"attributes\": {\"a\": {\"nested\": true}}}\n"
                      "{\"filter\": \"nonsense\", \"attributes\": {}}\n"
                      "{\"expression\": \"Now()\", \"now\": \"soon\"}\n"
                      "{\"expression\": \"Append(\\\"a\\\", \\\"b\\\")\"}\n";
  auto r = run_tenantform({"eval", "--jsonl"}, input);
  CHECK(r.exit_code == 0);
  auto lines = answer_lines(r.out);
  REQUIRE(lines.size() == 9);
  for (std::size_t i = 0; i < 8; ++i) {
    INFO("line " << i << ": " << lines[i].dump());
    CHECK(lines[i]["error"] == "InvalidInput");
    CHECK(lines[i]["message"].is_string());
  }
  CHECK(lines[8] == json{{"value", "ab"}});
}
