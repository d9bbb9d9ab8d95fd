// ${source.*} / ${target.*} placeholders: validated with exact columns, replaced
// per link, and a missing tenant domain reported naming the tenant.
#include <doctest/doctest.h>

#include "compiler/expr/printer.h"
#include "compiler/expr/substitute.h"
#include "tests/expr/front_test_support.h"

using namespace tf;
using namespace tf::expr;
using tf::expr::testing::parse_ok;

namespace {

LinkContext contoso_to_fabrikam() {
  return {{"contoso", "3d2c1b0a-1111-4222-8333-444455556666", "contoso.com"},
          {"fabrikam", "9a8b7c6d-1111-4222-8333-444455556666", ""}};
}

}  // namespace

TEST_CASE("substitute: known placeholders pass validation") {
  auto e = parse_ok("Join(\" \", [displayName], \"(${source.domain})\", \"${target.name}${source.id}\")");
  REQUIRE(e);
  Diagnostics d;
  CHECK(check_placeholders(*e, d));
  CHECK(d.empty());
}

TEST_CASE("substitute: an unknown placeholder is an error at its exact column with a suggestion") {
  auto e = parse_ok("Join(\" \", [displayName], \"(${source.domian})\")");
  REQUIRE(e);
  Diagnostics d;
  CHECK_FALSE(check_placeholders(*e, d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "UnknownPlaceholder");
  CHECK(d.items()[0].location.column == 28);
  CHECK(d.items()[0].location.length == 16);
  CHECK(d.items()[0].message == "unknown placeholder '${source.domian}'; did you mean '${source.domain}'?");
}

TEST_CASE("substitute: an unrelated placeholder lists the valid ones, an unclosed one says so") {
  Diagnostics d;
  auto env = parse_ok("\"${env:SECRET}\"");
  REQUIRE(env);
  CHECK_FALSE(check_placeholders(*env, d));
  CHECK(d.items().back().message.find("placeholders are ${source.name|id|domain}") != std::string::npos);
  auto open = parse_ok("Append([mail], \"${target.name\")");
  REQUIRE(open);
  CHECK_FALSE(check_placeholders(*open, d));
  CHECK(d.items().back().message == "unterminated placeholder '${target.name'; expected a closing '}'");
  CHECK(d.items().back().location.column == 17);
}

TEST_CASE("substitute: a lone dollar sign is plain text") {
  auto e = parse_ok("\"costs $5 {x}\"");
  REQUIRE(e);
  Diagnostics d;
  CHECK(check_placeholders(*e, d));
}

TEST_CASE("substitute: placeholders are replaced in every string literal of the tree") {
  auto e = parse_ok(
      "IIF([a]=\"${source.name}\", Join(\" \", [displayName], \"(${source.domain})\"), \"${target.id}\")");
  REQUIRE(e);
  Diagnostics d;
  CHECK(substitute_placeholders(*e, contoso_to_fabrikam(), d));
  CHECK(d.empty());
  CHECK(print_expression(*e) ==
        "IIF([a] = \"contoso\", Join(\" \", [displayName], \"(contoso.com)\"), "
        "\"9a8b7c6d-1111-4222-8333-444455556666\")");
}

TEST_CASE("substitute: a domain placeholder for a tenant without a domain names the tenant") {
  auto e = parse_ok("Append([mailNickname], \"@${target.domain}\")");
  REQUIRE(e);
  Diagnostics d;
  CHECK_FALSE(substitute_placeholders(*e, contoso_to_fabrikam(), d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "MissingDomain");
  CHECK(d.items()[0].location.column == 24);
  CHECK(d.items()[0].message ==
        "tenant 'fabrikam' has no domain, but '${target.domain}' is used here; add 'domain:' to tenant "
        "'fabrikam'");
}

TEST_CASE("substitute: an unknown placeholder stops substitution") {
  auto e = parse_ok("\"${source.nme}\"");
  REQUIRE(e);
  Diagnostics d;
  CHECK_FALSE(substitute_placeholders(*e, contoso_to_fabrikam(), d));
  CHECK(d.items()[0].code == "UnknownPlaceholder");
  CHECK(std::get<StringLiteral>(e->root->value).value == "${source.nme}");
}
