// The function catalogue's data: complete, sorted, exact-case lookups, and the
// Graph parameter keys of shared/reference/expressions.md §1.4.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compiler/expr/catalogue.h"

using namespace tf::expr;

namespace {

std::vector<std::string> keys_of(std::string_view name) {
  std::vector<std::string> out;
  for (const ParamSpec& p : find_function(name)->params) out.emplace_back(p.key);
  return out;
}

}  // namespace

TEST_CASE("catalogue: every function is listed once, sorted by name, and found by its exact name") {
  auto all = all_functions();
  CHECK(all.size() == static_cast<std::size_t>(FunctionId::AppRoleAssignments) + 1);
  CHECK(std::is_sorted(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; }));
  for (const FunctionSpec& f : all) {
    CHECK(find_function(f.name) == &f);
    CHECK(&function_spec(f.id) == &f);
  }
  CHECK(find_function("append") == nullptr);
  CHECK(find_function("ObsoleteReplace") == nullptr);
}

TEST_CASE("catalogue: parameter keys are Graph's where Graph publishes them") {
  CHECK(keys_of("Replace") == std::vector<std::string>{"source", "Find", "RegularExpression",
                                                       "RegularExpressionGroupName", "Replacement",
                                                       "ReplacementPropertyName", "Template"});
  CHECK(keys_of("Mid") == std::vector<std::string>{"source", "start", "length"});
  CHECK(keys_of("Join") == std::vector<std::string>{"separator", "source"});
  CHECK(keys_of("Switch") == std::vector<std::string>{"source", "defaultValue", "switchValue"});
  CHECK(keys_of("Prepend") == std::vector<std::string>{"prefix", "source"});
  CHECK(find_function("Join")->params[1].repeating);
  CHECK(find_function("Switch")->params[1].optional);
}

TEST_CASE("catalogue: availability marks the cross-tenant exceptions") {
  CHECK(find_function("SelectUniqueValue")->availability == Availability::NotInCrossTenant);
  for (const char* name : {"ConvertFromBase64", "DNComponent", "Error", "StringFromSid", "Trim"})
    CHECK(find_function(name)->availability == Availability::CloudSyncOnly);
  for (const char* name : {"Prepend", "IsNothing", "DefaultDomain", "AppRoleAssignments"})
    CHECK(find_function(name)->availability == Availability::Legacy);
  CHECK(find_function("Join")->availability == Availability::CrossTenant);
}

TEST_CASE("catalogue: result kinds follow the §4 signatures") {
  CHECK(find_function("Split")->result == ValueKind::MultiValued);
  CHECK(find_function("DateAdd")->result == ValueKind::DateTime);
  CHECK(find_function("Count")->result == ValueKind::Integer);
  CHECK(find_function("Not")->result == ValueKind::Boolean);
  CHECK(find_function("InStr")->params[3].kind == ValueKind::BareWord);
}
