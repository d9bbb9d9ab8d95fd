// Form checks: GUIDs, domains, emails, names, secret references.
#include <doctest/doctest.h>

#include "compiler/manifest/formats.h"

using namespace tf::manifest;

TEST_CASE("formats: a GUID is 8-4-4-4-12 hex digits in either case, without braces") {
  CHECK(is_guid("3d2c1b0a-1111-4222-8333-444455556666"));
  CHECK(is_guid("3D2C1B0A-1111-4222-8333-444455556666"));
  CHECK_FALSE(is_guid("3d2c1b0a-1111-4222-8333-44445555666"));
  CHECK_FALSE(is_guid("{3d2c1b0a-1111-4222-8333-444455556666}"));
  CHECK_FALSE(is_guid("3d2c1b0a111142228333444455556666"));
  CHECK_FALSE(is_guid("3d2c1b0g-1111-4222-8333-444455556666"));
}

TEST_CASE("formats: domains need two valid labels and a top-level label that is not numeric") {
  CHECK(domain_problem("contoso.com").empty());
  CHECK(domain_problem("eu.contoso-corp.co.uk").empty());
  CHECK(domain_problem("contoso.onmicrosoft.com").empty());
  CHECK_FALSE(domain_problem("contoso").empty());
  CHECK_FALSE(domain_problem("contoso_corp.com").empty());
  CHECK_FALSE(domain_problem("-contoso.com").empty());
  CHECK_FALSE(domain_problem("contoso..com").empty());
  CHECK_FALSE(domain_problem("10.0.0.1").empty());
  CHECK_FALSE(domain_problem(std::string(64, 'a') + ".com").empty());
}

TEST_CASE("formats: emails need a local part, an '@' and a valid domain") {
  CHECK(email_problem("identity-ops@contoso.com").empty());
  CHECK(email_problem("first.last+tag@contoso.com").empty());
  CHECK(email_problem("identity-ops.contoso.com") == "it has no '@'");
  CHECK_FALSE(email_problem("@contoso.com").empty());
  CHECK_FALSE(email_problem("a..b@contoso.com").empty());
  CHECK_FALSE(email_problem("ops@contoso").empty());
  CHECK_FALSE(email_problem("o ps@contoso.com").empty());
}

TEST_CASE("formats: names start with a letter or digit and use letters, digits, '-', '_' and '.'") {
  CHECK(name_problem("member-with-origin").empty());
  CHECK(name_problem("emea_2.b").empty());
  CHECK_FALSE(name_problem("contoso corp").empty());
  CHECK_FALSE(name_problem("-x").empty());
  CHECK_FALSE(name_problem("").empty());
}

TEST_CASE("formats: secrets are environment variables or file references, nothing else") {
  auto env = parse_secret_ref("${env:CONTOSO_CERT}");
  REQUIRE(env.has_value());
  CHECK(env->kind == SecretKind::Environment);
  CHECK(env->value == "CONTOSO_CERT");
  auto file = parse_secret_ref("file:certs/x.pem");
  REQUIRE(file.has_value());
  CHECK(file->kind == SecretKind::File);
  CHECK(file->value == "certs/x.pem");
  CHECK(parse_secret_ref("./certs/x.pem").has_value());
  CHECK(parse_secret_ref("/etc/tenantform/x.pem").has_value());
  CHECK_FALSE(parse_secret_ref("s3cr3t").has_value());
  CHECK_FALSE(parse_secret_ref("certs/x.pem").has_value());
  CHECK_FALSE(parse_secret_ref("${env:1BAD}").has_value());
  CHECK_FALSE(parse_secret_ref("${env:}").has_value());
}

TEST_CASE("formats: quoted user text shows control characters as escapes") {
  CHECK(quote_text("a\tb") == "'a\\tb'");
  CHECK(quote_text(std::string("a\x01", 2)) == "'a\\x01'");
}
