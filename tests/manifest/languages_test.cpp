// Mapping expressions and scope filters inside the manifest: errors at the right
// column of the YAML file, compiled forms stored in the Model, per-link substitution.
#include <doctest/doctest.h>

#include "tests/manifest/support.h"

using namespace tf;
using namespace tf::manifest;
using namespace tf::manifest::test;

TEST_CASE("languages: an expression error inside a double-quoted string with escapes lands on its column") {
  Diagnostics diagnostics;
  // Source columns: the value starts at column 20; \" takes two columns for one byte.
  check_text("mappings:\n  m:\n    attributes:\n      displayName: \"Join(\\\" \\\", [displayName], Jion())\"\n",
             diagnostics);
  REQUIRE(diagnostics.error_count() == 1);
  const Diagnostic& d = diagnostics.items()[0];
  CHECK(d.code == "UnknownFunction");
  CHECK(d.location.line == 4);
  std::string_view line = d.location.file->line_text(4);
  CHECK(line.substr(d.location.column - 1, 4) == "Jion");
}

TEST_CASE("languages: an error inside a literal block scalar lands on its own line") {
  Diagnostics diagnostics;
  check_text("mappings:\n  m:\n    attributes:\n      displayName: |\n        Join(\" \",\n          [displayName], Jion())\n",
             diagnostics);
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.items()[0].location.line == 6);
  CHECK(diagnostics.items()[0].location.column == 26);
}

TEST_CASE("languages: valid expressions and filters are stored parsed and compiled") {
  Diagnostics diagnostics;
  auto model = check_text(
      "mappings:\n  m:\n    attributes: { displayName: 'Join(\" \", [givenName], [surname])' }\n"
      "scopes:\n  text:\n    filter: 'department == \"Sales\" or department == \"Legal\"'\n"
      "  raw:\n    filter:\n      - - { operator: EQUALS, attribute: department, value: Sales }\n"
      "      - - { operator: IS TRUE, attribute: accountEnabled }\n",
      diagnostics);
  REQUIRE(model.has_value());
  CHECK(model->mapping("m")->attributes.at(0).parsed != nullptr);
  REQUIRE(model->scope("text")->filter->compiled.has_value());
  CHECK(model->scope("text")->filter->compiled->groups.size() == 2);
  REQUIRE(model->scope("raw")->filter->compiled.has_value());
  const auto& groups = model->scope("raw")->filter->compiled->groups;
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].name == "tenantform 1");
  CHECK(groups[0].clauses.at(0).values == std::vector<std::string>{"Sales"});
  CHECK(groups[1].clauses.at(0).operator_name == "IS TRUE");
  CHECK(groups[1].clauses.at(0).values.empty());
}

TEST_CASE("languages: a raw clause's value is checked at the value's column") {
  Diagnostics diagnostics;
  check_text("scopes:\n  s:\n    filter:\n      - { operator: GREATER_THAN, attribute: employeeId, value: ten }\n",
             diagnostics);
  REQUIRE(diagnostics.error_count() == 1);
  const Diagnostic& d = diagnostics.items()[0];
  CHECK(d.location.line == 4);
  CHECK(d.location.file->line_text(4).substr(d.location.column - 1, 3) == "ten");
  CHECK(d.message.find("group 1") == std::string::npos);
}

TEST_CASE("languages: a placeholder for a missing domain is reported once, naming the tenant") {
  Diagnostics diagnostics;
  auto topology = expand_text(std::string(kTenants) +
                                  "mappings:\n  m:\n    attributes: { displayName: 'Join(\"\", \"${target.domain}\")' }\n"
                                  "meshes:\n  all: { members: [contoso, fabrikam, northwind], sync: { mapping: m } }\n",
                              diagnostics);
  CHECK_FALSE(topology.has_value());
  // fabrikam and northwind have no domain; each is a target of two links.
  CHECK(diagnostics.error_count() == 2);
  CHECK(diagnostics.items()[0].message.find("'fabrikam'") != std::string::npos);
  CHECK(diagnostics.items()[1].message.find("'northwind'") != std::string::npos);
}

TEST_CASE("languages: a filter attribute that is no source attribute is a warning at its column, text and clauses alike") {
  Diagnostics diagnostics;
  auto model = check_text(
      "scopes:\n  text:\n    filter: 'accountEnabled is true and departmnt != \"Legal\"'\n"
      "  raw:\n    filter:\n      - - { operator: EQUALS, attribute: jobTitel, value: Engineer }\n"
      "  fine:\n    filter: 'extension_0123456789abcdef0123456789abcdef_costCenter == \"7\" and employeeType is not null'\n",
      diagnostics);
  REQUIRE(model.has_value());  // warnings only: the filters still compile
  CHECK(diagnostics.error_count() == 0);
  std::vector<Diagnostic> unknown;  // (besides the warnings about unused scopes)
  for (const Diagnostic& d : diagnostics.items())
    if (d.code == "scope-unknown-attribute") unknown.push_back(d);
  REQUIRE(unknown.size() == 2);
  const Diagnostic& text = unknown[0];
  CHECK(text.severity == Severity::Warning);
  CHECK(text.code == "scope-unknown-attribute");
  CHECK(text.message ==
        "unknown source attribute 'departmnt'; did you mean 'department'? (a user without it fails the clause)");
  CHECK(text.location.line == 3);
  CHECK(text.location.file->line_text(3).substr(text.location.column - 1, 9) == "departmnt");
  const Diagnostic& raw = unknown[1];
  CHECK(raw.message.find("unknown source attribute 'jobTitel'; did you mean 'jobTitle'?") == 0);
  CHECK(raw.location.line == 6);
  CHECK(model->scope("text")->filter->compiled.has_value());
}
