// The printers: canonical text that reparses to the same tree, and the Graph
// attributeMappingSource tree compared with Graph's own documented examples.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "compiler/expr/printer.h"
#include "tests/expr/front_test_support.h"
#include "tests/support/util.h"

using namespace tf;
using namespace tf::expr;
using tf::expr::testing::parse_ok;
using tf::expr::testing::same_tree;

namespace {

nlohmann::json graph_example(const std::string& name) {
  return nlohmann::json::parse(
      tf::test::read_file(tf::test::shared_dir() / "reference/graph-examples" / name));
}

std::string canonical(const std::string& text) {
  auto e = parse_ok(text);
  REQUIRE(e.has_value());
  return print_expression(*e);
}

nlohmann::json graph_of(const std::string& text) {
  auto e = parse_ok(text);
  REQUIRE(e.has_value());
  return to_graph_source(*e);
}

}  // namespace

TEST_CASE("printer: the canonical text puts ', ' between arguments and keeps empty slots") {
  CHECK(canonical("Replace([preferredLanguage], \"-\", , , \"_\", ,  )") ==
        "Replace([preferredLanguage], \"-\", , , \"_\", , )");
  CHECK(canonical("Join(\",\",[a] ,  [b])") == "Join(\",\", [a], [b])");
  CHECK(canonical("Guid(,)") == "Guid(, )");
  CHECK(canonical(" Now ( ) ") == "Now()");
}

TEST_CASE("printer: strings are re-escaped and numbers printed as written") {
  CHECK(canonical(R"(Append("a\"b\\c", "\d"))") == R"(Append("a\"b\\c", "\\d"))");
  CHECK(canonical("BitAnd(&HF, -10)") == "BitAnd(&HF, -10)");
  CHECK(canonical("InStr(\"a\",\"b\",1,vbTextCompare)") == "InStr(\"a\", \"b\", 1, vbTextCompare)");
}

TEST_CASE("printer: a comparison gets one space around its operator") {
  CHECK(canonical("IIF([a]=\"x\",[b]<>1,[c]>=-2)") == "IIF([a] = \"x\", [b] <> 1, [c] >= -2)");
}

TEST_CASE("printer: printing and reparsing every vector expression gives the same tree") {
  auto vectors = nlohmann::json::parse(
      tf::test::read_file(tf::test::shared_dir() / "reference/expression-vectors.json"));
  int round_trips = 0;
  for (const auto& v : vectors) {
    auto first = parse_ok(v["expression"]);
    if (!first) continue;
    std::string printed = print_expression(*first);
    CAPTURE(printed);
    auto second = parse_ok(printed);
    REQUIRE(second.has_value());
    CHECK(same_tree(first->root.get(), second->root.get()));
    CHECK(print_expression(*second) == printed);
    ++round_trips;
  }
  CHECK(round_trips > 140);
}

TEST_CASE("printer: the Graph tree of the parseExpression example matches Graph's response exactly") {
  auto request = graph_example("sync-schema-parseexpression.request.json");
  auto response = graph_example("sync-schema-parseexpression.response.json");
  CHECK(graph_of(request["expression"]) == response["parsedExpression"]);
  CHECK(canonical(request["expression"]) == response["parsedExpression"]["expression"]);
}

TEST_CASE("printer: the Graph tree of Mid turns numbers into string constants, as Graph does") {
  CHECK(graph_of("Mid([userPrincipalName], 1, 8)") ==
        graph_example("resource-attributemappingsource-mid.example.json"));
}

TEST_CASE("printer: direct and constant mappings are Attribute and Constant nodes") {
  CHECK(graph_of("[mail]") == nlohmann::json{{"expression", "[mail]"},
                                             {"name", "mail"},
                                             {"parameters", nlohmann::json::array()},
                                             {"type", "Attribute"}});
  CHECK(graph_of("\"Member\"") == nlohmann::json{{"expression", "\"Member\""},
                                                 {"name", "Member"},
                                                 {"parameters", nlohmann::json::array()},
                                                 {"type", "Constant"}});
}

TEST_CASE("printer: hexadecimal numbers become constants of their decimal text") {
  auto tree = graph_of("BitAnd(&HF, &HF7)");
  CHECK(tree["parameters"][0]["key"] == "value1");
  CHECK(tree["parameters"][1]["value"]["name"] == "247");
  CHECK(tree["parameters"][1]["value"]["expression"] == "\"247\"");
}

TEST_CASE("printer: repeating parameters repeat their key, Switch pairs included") {
  auto join = graph_of("Join(\" \", [givenName], [surname])");
  REQUIRE(join["parameters"].size() == 3);
  CHECK(join["parameters"][1]["key"] == "source");
  CHECK(join["parameters"][2]["key"] == "source");
  auto sw = graph_of("Switch([state], , \"NSW\", \"Sydney\", \"QLD\", \"Brisbane\")");
  std::vector<std::string> keys;
  for (const auto& p : sw["parameters"]) keys.push_back(p["key"]);
  CHECK(keys ==
        std::vector<std::string>{"source", "switchValue", "switchValue", "switchValue", "switchValue"});
}

TEST_CASE("printer: a comparison is a Function node named by its operator with left and right") {
  auto tree = graph_of("IIF([country]=\"USA\", \"a\", \"b\")");
  const auto& condition = tree["parameters"][0];
  CHECK(condition["key"] == "condition");
  CHECK(condition["value"]["type"] == "Function");
  CHECK(condition["value"]["name"] == "=");
  CHECK(condition["value"]["expression"] == "[country] = \"USA\"");
  CHECK(condition["value"]["parameters"][0]["key"] == "left");
  CHECK(condition["value"]["parameters"][1]["value"]["name"] == "USA");
}

TEST_CASE("printer: slots of an unknown function are keyed by position") {
  auto tree = graph_of("Frobnicate([a], , \"x\")");
  REQUIRE(tree["parameters"].size() == 2);
  CHECK(tree["parameters"][0]["key"] == "parameter1");
  CHECK(tree["parameters"][1]["key"] == "parameter3");
}
