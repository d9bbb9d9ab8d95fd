// Checking: decoded values, defaults, and that one pass reports every error.
#include <doctest/doctest.h>

#include "tests/manifest/support.h"

using namespace tf;
using namespace tf::manifest;
using namespace tf::manifest::test;

TEST_CASE("check: a tenant decodes with its id lower-cased, domain, cloud and auth") {
  Diagnostics diagnostics;
  auto model = check_text(
      "tenants:\n  c:\n    id: 3D2C1B0A-1111-4222-8333-444455556666\n    domain: contoso.com\n    cloud: usgov-dod\n"
      "    auth: { client_id: 0f0e0d0c-aaaa-4bbb-8ccc-dddddddddddd, certificate: '${env:C_CERT}' }\n",
      diagnostics);
  REQUIRE(model.has_value());
  const Tenant& t = model->tenants.at(0);
  CHECK(t.id == "3d2c1b0a-1111-4222-8333-444455556666");
  CHECK(t.domain == std::optional<std::string>("contoso.com"));
  CHECK(t.cloud == Cloud::UsGovDod);
  REQUIRE(t.auth.has_value());
  REQUIRE(t.auth->certificate.has_value());
  CHECK(t.auth->certificate->value == "C_CERT");
  CHECK_FALSE(t.auth->client_secret.has_value());
}

TEST_CASE("check: defaults fill what the manifest leaves out") {
  Diagnostics diagnostics;
  std::string text = std::string(kTenants) +
                     "scopes:\n  s:\nmappings:\n  m:\n    attributes: { jobTitle: '[jobTitle]' }\n"
                     "links:\n  l: { from: contoso, to: fabrikam, sync: { scope: s, mapping: m } }\n";
  auto model = check_text(text, diagnostics);
  REQUIRE(model.has_value());
  CHECK(model->tenant("fabrikam")->cloud == Cloud::Global);
  CHECK_FALSE(model->tenant("fabrikam")->domain.has_value());
  CHECK(model->scope("s")->assigned_only);
  CHECK(model->scope("s")->groups.empty());
  CHECK(model->mapping("m")->extends == "default");
  CHECK(model->mapping("m")->attributes.at(0).apply == ApplyWhen::Always);
  CHECK_FALSE(model->links.at(0).sync.threshold.has_value());
}

TEST_CASE("check: mapping entries are expressions, null drops, or {expression, apply}") {
  Diagnostics diagnostics;
  auto model = check_text(
      "mappings:\n  m:\n    attributes:\n      userType: '\"Member\"'\n      department: null\n"
      "      jobTitle: { expression: '[jobTitle]', apply: on-create }\n",
      diagnostics);
  REQUIRE(model.has_value());
  const auto& attributes = model->mapping("m")->attributes;
  REQUIRE(attributes.size() == 3);
  CHECK(attributes[0].expression->text == "\"Member\"");
  CHECK(attributes[0].expression->start.column == 18);
  CHECK(attributes[0].parsed != nullptr);
  CHECK_FALSE(attributes[1].expression.has_value());
  CHECK(attributes[2].apply == ApplyWhen::OnCreate);
  CHECK(attributes[2].expression->text == "[jobTitle]");
}

TEST_CASE("check: a scope filter is text or raw clauses, groups are names or ids") {
  Diagnostics diagnostics;
  auto model = check_text(
      "scopes:\n  a:\n    groups: [Sales, 0a1b2c3d-1111-4222-8333-444455556666]\n    filter: 'x == \"y\"'\n"
      "  b:\n    filter:\n      - - { operator: equals, attribute: department, value: Sales }\n"
      "      - - { operator: is_true, attribute: accountEnabled }\n"
      "        - { operator: Greater_Than_OR_EQUALS, attribute: employeeId, value: 10 }\n",
      diagnostics);
  REQUIRE(model.has_value());
  const Scope* a = model->scope("a");
  CHECK_FALSE(a->groups[0].is_id);
  CHECK(a->groups[1].is_id);
  CHECK(a->filter->expression->text == "x == \"y\"");
  const Scope* b = model->scope("b");
  REQUIRE(b->filter->raw_groups.size() == 2);
  CHECK(b->filter->raw_groups[0][0].operator_name == "EQUALS");
  CHECK(b->filter->raw_groups[1][0].operator_name == "IS TRUE");
  CHECK_FALSE(b->filter->raw_groups[1][0].value.has_value());
  CHECK(b->filter->raw_groups[1][1].operator_name == "GREATER_THAN_OR_EQUALS");
  CHECK(b->filter->raw_groups[1][1].value == std::optional<std::string>("10"));
}

TEST_CASE("check: one pass reports every error of every element") {
  Diagnostics diagnostics;
  auto model = check_text(
      "tenants:\n  a: { id: nope }\n  b: { id: 4e3d2c1b-2222-4333-8444-555566667777, cloud: moon }\n"
      "thresholds:\n  t: { max_deletions: 0, notify: [bad] }\n",
      diagnostics);
  CHECK_FALSE(model.has_value());
  CHECK(diagnostics.error_count() == 4);
  CHECK(has_code(diagnostics, "bad-guid"));
  CHECK(has_code(diagnostics, "bad-cloud"));
  CHECK(has_code(diagnostics, "bad-threshold"));
  CHECK(has_code(diagnostics, "bad-email"));
}

TEST_CASE("check: a literal secret never appears in the diagnostic, not even in its source line") {
  Diagnostics diagnostics;
  check_text("tenants:\n  a:\n    id: 3d2c1b0a-1111-4222-8333-444455556666\n"
             "    auth: { client_id: 0f0e0d0c-aaaa-4bbb-8ccc-dddddddddddd, client_secret: hunter2-secret }\n",
             diagnostics);
  REQUIRE(diagnostics.error_count() == 1);
  const Diagnostic& d = diagnostics.items()[0];
  CHECK(d.code == "literal-secret");
  CHECK(d.message.find("hunter2") == std::string::npos);
  std::string_view line = d.location.file->line_text(d.location.line);
  CHECK(line.find("hunter2") == std::string_view::npos);
  CHECK(line.find("client_secret: **************") != std::string_view::npos);
}

TEST_CASE("check: undefined references suggest the closest name") {
  Diagnostics diagnostics;
  check_text(std::string(kTenants) + "hubs:\n  h: { hub: contoso, spokes: [northwnd], pattern: user-hub }\n", diagnostics);
  REQUIRE(diagnostics.error_count() == 1);
  CHECK(diagnostics.items()[0].message == "undefined tenant 'northwnd' in hub 'h'; did you mean 'northwind'?");
}

TEST_CASE("check: unused elements warn, but only when nothing else is wrong") {
  Diagnostics clean;
  REQUIRE(check_text(std::string(kTenants) + "scopes:\n  lonely: {}\n", clean).has_value());
  CHECK(clean.warning_count() == 1);
  CHECK(has_code(clean, "unused"));
  Diagnostics broken;
  check_text(std::string(kTenants) + "scopes:\n  lonely: {}\nlinks:\n  l: { from: contoso, to: nobody }\n", broken);
  CHECK_FALSE(has_code(broken, "unused"));
}

TEST_CASE("check: diagnostics come out sorted by position") {
  Diagnostics diagnostics;
  check_text("links:\n  l: { from: x, to: y }\ntenants:\n  a: { id: nope }\n", diagnostics);
  REQUIRE(diagnostics.items().size() == 3);
  for (std::size_t i = 1; i < diagnostics.items().size(); ++i)
    CHECK(diagnostics.items()[i - 1].location.line <= diagnostics.items()[i].location.line);
}
