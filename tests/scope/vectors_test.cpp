// Every vector of shared/reference/scope-vectors.json through filter_from_json and
// in_scope. A vector tenantform deliberately does not match is listed with its reason
// in known_deviations.json ({"index": n, "reason": "..."}); the test then checks
// that the deviation still occurs, and prints it, so the list cannot go stale.
#include <doctest/doctest.h>

#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "compiler/scope/entra_filter.h"
#include "tests/support/util.h"

using nlohmann::json;

namespace {

json load(const std::filesystem::path& path) { return json::parse(tf::test::read_file(path)); }

std::map<std::size_t, std::string> deviations() {
  std::map<std::size_t, std::string> out;
  for (const json& d : load(tf::test::source_dir() / "tests/scope/known_deviations.json"))
    out[d.at("index").get<std::size_t>()] = d.at("reason").get<std::string>();
  return out;
}

}  // namespace

TEST_CASE("scope vectors: every vector of scope-vectors.json is matched or listed as a known deviation") {
  json vectors = load(tf::test::shared_dir() / "reference/scope-vectors.json");
  REQUIRE(vectors.size() == 49);
  auto known = deviations();
  std::size_t matched = 0;
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    const json& v = vectors[i];
    INFO("vector " << i << ": " << v.dump());
    auto filter = tf::scope::filter_from_json(v.at("filter"));
    REQUIRE(filter.error.empty());
    auto attributes = tf::attributes_from_json(v.at("attributes"));
    REQUIRE(attributes.error.empty());
    bool actual = tf::scope::in_scope(filter.filter, attributes.attributes);
    bool expected = v.at("expected").get<bool>();
    if (auto it = known.find(i); it != known.end()) {
      CHECK(actual != expected);  // a deviation that no longer occurs must leave the list
      std::cout << "known deviation in scope vector " << i << ": " << it->second << "\n";
    } else {
      CHECK(actual == expected);
      ++matched;
    }
  }
  CHECK(matched + known.size() == vectors.size());
}
