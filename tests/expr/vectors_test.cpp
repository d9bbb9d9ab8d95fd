// The reference vectors (shared/reference/expression-vectors.json, scope-vectors.json)
// run end to end: parse -> check -> evaluate, and Entra filter -> in_scope. A vector
// this implementation does not match must be listed, with its reason, in
// known_deviations.json beside this file; the test fails when an unlisted vector
// fails, when a listed deviation no longer occurs, and when a listing names no vector.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "compiler/core/regex.h"
#include "compiler/expr/evaluate_text.h"
#include "compiler/scope/entra_filter.h"
#include "tests/support/util.h"

using nlohmann::json;

namespace {

json load_json(const std::filesystem::path& path) { return json::parse(tf::test::read_file(path)); }

std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// What one expression vector produced, in the vector's own `expected` format.
json run_expression_vector(const json& vector) {
  auto attributes = tf::attributes_from_json(vector.value("attributes", json::object()));
  REQUIRE(attributes.error.empty());
  std::vector<std::string> existing = vector.value("existingValues", std::vector<std::string>{});
  std::uint64_t seed = 42;
  tf::expr::EvalContext context;
  context.attributes = &attributes.attributes;
  context.existing_values = &existing;
  context.random = [&seed] { return next_random(seed); };
  if (vector.contains("now")) {
    auto now = tf::expr::parse_general(vector["now"].get<std::string>());
    REQUIRE(now);
    context.now = [t = tf::expr::to_sys_seconds(*now)] { return t; };
  }
  auto result = tf::expr::evaluate_text(tf::located_string_from(vector["expression"].get<std::string>(), "<vector>"),
                                        context, tf::expr::sample_check_options());
  if (!result.ok()) return json{{"error", result.error_category}, {"message", result.error_message}};
  return tf::expr::to_json(*result.value);
}

bool matches(const json& expected, const json& actual) {
  if (expected.is_object() && expected.contains("regex")) {
    std::string error;
    const tf::Regex* regex = tf::Regex::cached(expected["regex"].get<std::string>(), error);
    REQUIRE(regex != nullptr);
    return actual.is_string() && regex->search(actual.get<std::string>());
  }
  if (expected.is_object() && expected.contains("error"))
    return actual.is_object() && actual.value("error", "") == expected["error"];
  return expected == actual;
}

std::string vector_key(const json& vector) {
  return vector.value("expression", vector.value("filter", json()).dump()) + " with " +
         vector.value("attributes", json::object()).dump();
}

// The listed deviations, by vector key, with their reasons.
std::map<std::string, std::string> known_deviations(const std::string& file_key) {
  json all = load_json(tf::test::source_dir() / "tests/expr/known_deviations.json");
  std::map<std::string, std::string> out;
  for (const json& d : all.value(file_key, json::array())) out[vector_key(d)] = d.at("reason").get<std::string>();
  return out;
}

// Runs every vector through `run`, checking each against the deviation list.
template <typename Run>
void check_vectors(const json& vectors, const std::string& file_key, Run run) {
  auto deviations = known_deviations(file_key);
  std::set<std::string> seen;
  std::size_t passed = 0;
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    const json& vector = vectors[i];
    std::string key = vector_key(vector);
    seen.insert(key);
    json actual = run(vector);
    bool ok = matches(vector["expected"], actual);
    bool listed = deviations.count(key) > 0;
    INFO(file_key << " vector " << i << ": " << key.substr(0, 300));
    INFO("expected " << vector["expected"].dump() << ", found " << actual.dump());
    if (listed) {
      CHECK_MESSAGE(!ok, "a listed deviation no longer occurs; remove it from known_deviations.json");
    } else {
      CHECK(ok);
    }
    passed += ok ? 1 : 0;
  }
  for (const auto& [key, reason] : deviations) {
    INFO("known_deviations.json lists a vector that does not exist: " << key);
    CHECK(seen.count(key) == 1);
  }
  for (const auto& [key, reason] : deviations)
    MESSAGE("known deviation (" << file_key << "): " << key << ": " << reason);
  MESSAGE(file_key << ": " << passed << " of " << vectors.size() << " vectors match");
}

}  // namespace

TEST_CASE("vectors: every expression vector matches or is a listed deviation") {
  json vectors = load_json(tf::test::shared_dir() / "reference/expression-vectors.json");
  REQUIRE(vectors.size() == 158);
  check_vectors(vectors, "expression-vectors", run_expression_vector);
}

TEST_CASE("vectors: every scope vector matches or is a listed deviation") {
  json vectors = load_json(tf::test::shared_dir() / "reference/scope-vectors.json");
  REQUIRE(vectors.size() == 49);
  check_vectors(vectors, "scope-vectors", [](const json& vector) -> json {
    auto filter = tf::scope::filter_from_json(vector["filter"]);
    if (!filter.error.empty()) return json{{"error", "InvalidInput"}, {"message", filter.error}};
    auto attributes = tf::attributes_from_json(vector.value("attributes", json::object()));
    REQUIRE(attributes.error.empty());
    return tf::scope::in_scope(filter.filter, attributes.attributes);
  });
}
