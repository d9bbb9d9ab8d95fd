// JSON text as dump() writes it, without dump() (compiler/core/json_text.h): the
// bytes for every kind of value, escapes wherever they sit, and no throw on bad UTF-8.
#include <doctest/doctest.h>

#include <climits>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "compiler/core/json_text.h"

using tf::append_json;
using tf::append_json_members;
using tf::append_json_string;

TEST_CASE("json text: append_json writes dump()'s bytes for every kind of value") {
  nlohmann::json value = {{"plain", "ascii text"}, {"escapes", "q\"b\\s/t\tn\nc\x01\x1f del\x7f"},
                          {"unicode", "Zoë \xe2\x82\xac \xf0\x9f\x98\x80"}, {"ints", {0, -1, 42, INT64_MIN, INT64_MAX}},
                          {"unsigned", UINT64_MAX}, {"floats", {0.5, -1e300, 3.0, 1e-7}}, {"bools", {true, false}},
                          {"null", nullptr}, {"empty", {{"object", nlohmann::json::object()}, {"array", nlohmann::json::array()}}},
                          {"k\u00e9y \"quoted\"", {{"\n", 1}}}, {"nested", {{{"a", {{{"b", {1, {2, {3}}}}}}}}}}};
  std::string out = "prefix:";
  append_json(out, value);
  CHECK(out == "prefix:" + value.dump());
  for (const auto& [key, member] : value.items()) {
    CAPTURE(key);
    std::string one;
    append_json(one, member);
    CHECK(one == member.dump());
  }
  std::string invalid;  // dump() refuses it; append_json copies it as it is and never throws
  CHECK_NOTHROW(append_json(invalid, nlohmann::json("bad \xff byte")));
  CHECK(invalid == "\"bad \xff byte\"");
  std::string literal;
  append_json_string(literal, "say \"hi\"\n");
  CHECK(literal == nlohmann::json("say \"hi\"\n").dump());
}

TEST_CASE("json text: a character that needs escaping is found wherever it sits in a string") {
  for (std::string special : {"\"", "\\", "\n", "\x1f", "\x7f", "\xc3\xa9", " ", "~", "!", "#", "[", "]"})
    for (std::size_t at = 0; at <= 19; ++at) {
      std::string text = "abcdefghijklmnopqrs";
      text.insert(at, special);
      CAPTURE(text);
      std::string out;
      append_json(out, nlohmann::json(text));
      CHECK(out == nlohmann::json(text).dump());
    }
}


TEST_CASE("json text: append_json_members writes the object as dump() writes it without the members left out") {
  nlohmann::json object = {{"a", 1}, {"@odata.context", "x"}, {"b", {{"c", "d"}}}, {"status", "s"}};
  std::string out;
  append_json_members(out, object, [](const std::string& key) { return key != "status" && key.rfind("@odata", 0) != 0; });
  CHECK(out == R"({"a":1,"b":{"c":"d"}})");
  out.clear();
  append_json_members(out, object, [](const std::string&) { return false; });
  CHECK(out == "{}");
  out.clear();
  append_json_members(out, nlohmann::json::array({1, 2}), [](const std::string&) { return false; });
  CHECK(out == "[1,2]");  // not an object: written whole
}

TEST_CASE("json text: parse_json_leaving_out builds everything but the left-out members at the path") {
  using nlohmann::json;
  const std::string text = R"({"responses":[
    {"id":"1","status":200,"headers":{"directories":"header kept"},
     "body":{"id":"s1","directories":[{"objects":[{"name":"User","attributes":[{"name":"mail"}]}]}],"rules":[1,{"directories":2}]}},
    {"body":{"directories":"scalar","x":null},"id":"2"},
    {"id":"3","body":{"directories":{"a":[[],{}]},"directories2":true}},
    {"id":"4","body":[{"directories":1}]},
    {"id":"5","body":{"directories":false,"big":12345678901234567890,"f":1.5,"e":{}}}],
   "directories":"root member kept"})";
  json full = json::parse(text);
  json expected = full;
  for (json& item : expected["responses"])
    if (item["body"].is_object()) item["body"].erase("directories");
  json got = tf::parse_json_leaving_out(text, {"responses", "*", "body"}, {"directories"});
  CHECK(got == expected);
  CHECK(got["responses"][0]["headers"]["directories"] == "header kept");      // not at the path
  CHECK(got["responses"][0]["body"]["rules"][1]["directories"] == 2);         // deeper than the path
  CHECK(got["responses"][3]["body"] == json::parse(R"([{"directories":1}])"));  // an array at the path
  CHECK(got["directories"] == "root member kept");

  SUBCASE("an empty path is the root object; several members") {
    CHECK(tf::parse_json_leaving_out(R"({"a":1,"b":{"c":2},"d":[3]})", {}, {"b", "d"}) == json::parse(R"({"a":1})"));
    CHECK(tf::parse_json_leaving_out(R"([{"a":1}])", {}, {"a"}) == json::parse(R"([{"a":1}])"));
    CHECK(tf::parse_json_leaving_out("7", {}, {"a"}) == 7);
  }
  SUBCASE("nothing left out: the same value as json::parse") {
    CHECK(tf::parse_json_leaving_out(text, {"responses", "*", "body"}, {}) == full);
  }
  SUBCASE("text that is not JSON is discarded, in a left-out part too") {
    for (std::string bad : {R"({"responses":[{"body":{"directories":[1,}}]})", R"({"responses":[{"body":{"directories":tru}}]})",
                            R"({"responses":[{"body":{"directories":{"a":1}}})", R"({"a":1} trailing)", "", R"({"a")"}) {
      CAPTURE(bad);
      CHECK(tf::parse_json_leaving_out(bad, {"responses", "*", "body"}, {"directories"}).is_discarded());
      CHECK(json::parse(bad, nullptr, false).is_discarded());
    }
  }
}
